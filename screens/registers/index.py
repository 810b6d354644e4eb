"""The governance registers of a project: which there are, and opening one from any screen."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from textual.app import App

from itpm_tui.app_access import itpm_app

# key -> (label, module, screen class). The order is the chooser's.
REGISTERS: dict[str, tuple[str, str, str]] = {
    "raci": ("RACI chart", "itpm_tui.screens.registers.raci", "RaciScreen"),
    "risks": ("Risk register", "itpm_tui.screens.registers.risks", "RisksScreen"),
    "changes": ("Change requests", "itpm_tui.screens.registers.changes", "ChangesScreen"),
    "log": ("Issues and decisions", "itpm_tui.screens.registers.issue_log", "IssueLogScreen"),
    "comms": (
        "Communication plan",
        "itpm_tui.screens.registers.communications",
        "CommunicationsScreen",
    ),
    "quality": ("Quality", "itpm_tui.screens.registers.quality", "QualityScreen"),
    "compliance": ("Compliance", "itpm_tui.screens.registers.compliance", "ComplianceScreen"),
    "calendar": ("Working calendar", "itpm_tui.screens.planning.calendar", "WorkCalendarScreen"),
}


def register_screen(key: str, project_id: int) -> Any:
    _, module, name = REGISTERS[key]
    return getattr(import_module(module), name)(project_id)


def open_register(app: App[Any], key: str, project_id: int) -> None:
    """Open a register above the phase screen; from another register, in its place."""
    from itpm_tui.screens.registers.base import RegisterScreen
    from itpm_tui.screens.registers.raci import RaciScreen

    screen = register_screen(key, project_id)
    if isinstance(app.screen, RegisterScreen | RaciScreen):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def choose_register(app: App[Any], project_id: int) -> None:
    from itpm_tui.screens.shared.pickers import ChoiceScreen

    items = [(label, key) for key, (label, _, _) in REGISTERS.items()]

    def chosen(key: str | None) -> None:
        if key is not None:
            open_register(app, key, project_id)

    app.push_screen(ChoiceScreen("Open a register", items), chosen)


def open_project_register(app: App[Any], project_id: int, key: str) -> None:
    """From anywhere (the palette): the project on its current phase, the register above it."""
    from itpm_tui.db import read_session
    from itpm_tui.models import Phase
    from itpm_tui.screens.lifecycle.workspace import phase_screen
    from itpm_tui.screens.portfolio.listing import PortfolioScreen
    from itpm_tui.services.portfolio.projects import get_project

    def load(engine):
        with read_session(engine) as session:
            return Phase(get_project(session, project_id).phase)

    def show(current: Phase) -> None:
        while len(app.screen_stack) > 1 and not isinstance(app.screen, PortfolioScreen):
            app.pop_screen()
        app.push_screen(phase_screen(current, project_id))
        app.push_screen(register_screen(key, project_id))

    itpm_app(app).run_db(load, show)
