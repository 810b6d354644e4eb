"""The governance registers of a project: which there are, and opening one from any screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.screen import Screen

from itpm_tui.app_access import itpm_app

# A register screen's class: built with the id of the project whose register it shows.
ScreenOf = Callable[[int], Screen[Any]]


# Each register's screen class is imported when it is opened (start-up stays light); the
# functions are real references, so the type checker sees every class and its constructor.
def _raci() -> ScreenOf:
    from itpm_tui.screens.registers.raci import RaciScreen

    return RaciScreen


def _risks() -> ScreenOf:
    from itpm_tui.screens.registers.risks import RisksScreen

    return RisksScreen


def _changes() -> ScreenOf:
    from itpm_tui.screens.registers.changes import ChangesScreen

    return ChangesScreen


def _issue_log() -> ScreenOf:
    from itpm_tui.screens.registers.issue_log import IssueLogScreen

    return IssueLogScreen


def _communications() -> ScreenOf:
    from itpm_tui.screens.registers.communications import CommunicationsScreen

    return CommunicationsScreen


def _quality() -> ScreenOf:
    from itpm_tui.screens.registers.quality import QualityScreen

    return QualityScreen


def _compliance() -> ScreenOf:
    from itpm_tui.screens.registers.compliance import ComplianceScreen

    return ComplianceScreen


def _calendar() -> ScreenOf:
    from itpm_tui.screens.planning.calendar import WorkCalendarScreen

    return WorkCalendarScreen


@dataclass(frozen=True)
class Register:
    """One register in the chooser: its label and the screen that shows it."""

    label: str
    screen_class: Callable[[], ScreenOf]


# key -> register. The order is the chooser's.
REGISTERS: dict[str, Register] = {
    "raci": Register("RACI chart", _raci),
    "risks": Register("Risk register", _risks),
    "changes": Register("Change requests", _changes),
    "log": Register("Issues and decisions", _issue_log),
    "comms": Register("Communication plan", _communications),
    "quality": Register("Quality", _quality),
    "compliance": Register("Compliance", _compliance),
    "calendar": Register("Working calendar", _calendar),
}


def register_screen(key: str, project_id: int) -> Screen[Any]:
    return REGISTERS[key].screen_class()(project_id)


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

    items = [(register.label, key) for key, register in REGISTERS.items()]

    def chosen(key: str | None) -> None:
        if key is not None:
            open_register(app, key, project_id)

    app.push_screen(ChoiceScreen("Open a register", items), chosen)


def open_project_register(app: App[Any], project_id: int, key: str) -> None:
    """From anywhere (the palette): the project on its current phase, the register above it."""
    from itpm_tui.models import Phase, Project
    from itpm_tui.screens.lifecycle.workspace import phase_screen
    from itpm_tui.screens.portfolio.listing import PortfolioScreen
    from itpm_tui.services.portfolio.projects import get_project

    def show(project: Project) -> None:
        current = Phase(project.phase)
        while len(app.screen_stack) > 1 and not isinstance(app.screen, PortfolioScreen):
            app.pop_screen()
        app.push_screen(phase_screen(current, project_id))
        app.push_screen(register_screen(key, project_id))

    itpm_app(app).read(get_project, project_id, then=show)
