"""A project's workspace: five phase screens switched by 1-5, sharing one header and keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase, phase_label
from itpm_tui.services.portfolio.overview import ProjectOverview

# Footer shows the five phase keys as one group: "12345 Phase".
PHASES = Binding.Group("Phase", compact=True)


class ProjectScreen(Screen[None]):
    """Base of the phase screens: loads the project overview and shows the phase bar."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    PHASE: Phase = Phase.INITIATION
    # Screens with their own data (the board, the chart) need only the project's header.
    NEEDS_OVERVIEW = True
    BINDINGS = [
        # Not in the footer: the phase bar above names them ("1 Initiation  2 Planning ..."),
        # and at 80 columns the footer's room goes to the phase's own keys.
        Binding(
            "1", "phase('initiation')", "Initiation", id="project.phase1", group=PHASES, show=False
        ),
        Binding(
            "2", "phase('planning')", "Planning", id="project.phase2", group=PHASES, show=False
        ),
        Binding(
            "3", "phase('execution')", "Execution", id="project.phase3", group=PHASES, show=False
        ),
        Binding(
            "4",
            "phase('monitoring')",
            "Monitoring & Control",
            id="project.phase4",
            group=PHASES,
            show=False,
        ),
        Binding("5", "phase('closure')", "Closure", id="project.phase5", group=PHASES, show=False),
        # Priority: the board and the chart use G for "last"; here it means the Gantt.
        Binding("G", "gantt", "Gantt", id="project.gantt", priority=True),
        Binding("E", "edit_project", "Edit project", id="project.edit", show=False),
        Binding("R", "registers", "Registers", id="project.registers", show=False),
        Binding("X", "export", "Export the plan", id="project.export", show=False),
        Binding(
            "greater_than_sign",
            "next_phase",
            "Next phase",
            id="project.next_phase",
            key_display=">",
            show=False,
        ),
        Binding("r", "reload", "Reload", id="project.reload", show=False),
        # Y too: on the board H moves a card left.
        Binding("H,Y", "history", "History", id="project.history", show=False),
        # Shown in help and the palette; the footer keeps its room for the phase's keys.
        Binding("escape", "back", "Portfolio", id="project.back", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.overview: ProjectOverview | None = None
        # Where the data and the day were when this screen last started reading them.
        self._read_at: tuple[Any, Any] | None = None

    @property
    def help_title(self) -> str:
        return f"{self.PHASE.label} phase"

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading..."), classes="title-bar", id="project-title")
        yield Static(self.phase_bar(), id="phase-bar")
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def phase_bar(self, current: str | None = None) -> Text:
        """The five phases; this screen's in brackets, the project's current one starred."""
        bar = Text()
        for number, phase in enumerate(Phase, 1):
            # "Monitoring & Control" in full pushes "5 Closure" off an 80-column screen.
            name = "Monitoring" if phase is Phase.MONITORING else phase.label
            label = f"{number} {name}"
            if phase == self.PHASE:
                bar.append(f"[{label}]", style="bold reverse")
            else:
                bar.append(f" {label} ", style="dim")
            if phase.value == current:
                bar.append("*", style="bold")
            bar.append(" ")
        return bar

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a dialog, help or the screen above: read again only when something was
        # committed since (here or by another process) or the day changed. Reading a large
        # plan again is background work that slows every key meanwhile (about a second for
        # tests/bench/bench_gantt_screen.py's 10,000 tasks).
        if self.overview is not None and self.changed_since_read():
            self.reload()

    def changed_since_read(self) -> bool:
        """True unless the data and the day are provably where they were at the last read."""
        stamp = itpm_app(self).data_stamp()
        return stamp is None or (stamp, itpm_app(self).today) != self._read_at

    def reload(self) -> None:
        from itpm_tui.services.portfolio.overview import project_overview

        today = itpm_app(self).today
        self._read_at = (itpm_app(self).data_stamp(), today)

        whole = self.NEEDS_OVERVIEW

        def failed(exc: Exception) -> bool:
            from itpm_tui.services.shared.errors import NotFound

            if isinstance(exc, NotFound):
                self.app.notify(str(exc), severity="error", markup=False)
                self.app.pop_screen()
                return True
            return False

        itpm_app(self).read(
            project_overview,
            self.project_id,
            today,
            whole,
            then=self._loaded,
            failed=failed,
            group=f"project-{id(self)}",
            exclusive=True,
        )

    def _loaded(self, overview: ProjectOverview) -> None:
        self.overview = overview
        project = overview.project
        glyphs = itpm_app(self).glyphs
        title = Text(f"{project.code} {glyphs.separator} ")
        title.append(project.name)
        if project.closed_on is not None:
            title.append(f" {glyphs.separator} closed {project.closed_on.isoformat()}, read-only")
        else:
            title.append(f" {glyphs.separator} in {phase_label(project.phase)}")
        self.query_one("#project-title", Static).update(title)
        self.query_one("#phase-bar", Static).update(self.phase_bar(project.phase))
        self.show_overview(overview)

    def show_overview(self, overview: ProjectOverview) -> None:
        """Subclasses draw their phase from the loaded overview."""

    # --- actions -----------------------------------------------------------------------------

    def action_phase(self, phase: str) -> None:
        if phase == self.PHASE.value:
            return
        self.app.switch_screen(phase_screen(Phase(phase), self.project_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from itpm_tui.screens.planning.gantt import GanttScreen

        # On the chart itself there is no "G Gantt" to offer.
        return not (action == "gantt" and isinstance(self, GanttScreen))

    def action_gantt(self) -> None:
        from itpm_tui.screens.planning.gantt import GanttScreen

        if not isinstance(self, GanttScreen):
            self.app.switch_screen(GanttScreen(self.project_id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_registers(self) -> None:
        from itpm_tui.screens.registers.index import choose_register

        choose_register(self.app, self.project_id)

    def action_register(self, key: str) -> None:
        from itpm_tui.screens.registers.index import open_register

        open_register(self.app, key, self.project_id)

    def action_next_phase(self) -> None:
        from itpm_tui.screens.lifecycle.gate import next_phase_flow

        next_phase_flow(self, self.project_id)

    def action_reload(self) -> None:
        self.reload()

    def action_history(self) -> None:
        from itpm_tui.screens.shared.history import HistoryScreen

        project = self.overview.project if self.overview else None
        title = f"{project.code} {project.name}" if project else "this project"
        self.app.push_screen(HistoryScreen(self.project_id, title))

    def action_export(self) -> None:
        """The plan to a file: MS Project XML, a spreadsheet, JSON or a calendar."""
        from itpm_tui.screens.exchange.export_dialog import ExportScreen

        if self.overview is None:
            self.app.bell()  # the project is still being read
            return
        self.app.push_screen(ExportScreen(self.overview.project.code, itpm_app(self).today))

    def action_edit_project(self) -> None:
        from itpm_tui.screens.shared.editors import edit_project

        edit_project(self.app, self.project_id, on_saved=lambda _: self.reload())


def phase_screen(phase: Phase, project_id: int) -> ProjectScreen:
    from itpm_tui.screens.kanban.board import BoardScreen
    from itpm_tui.screens.lifecycle.closure import ClosureScreen
    from itpm_tui.screens.lifecycle.initiation import InitiationScreen
    from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
    from itpm_tui.screens.planning.planning import PlanningScreen

    screens: dict[Phase, type[ProjectScreen]] = {
        Phase.INITIATION: InitiationScreen,
        Phase.PLANNING: PlanningScreen,
        # Execution runs on the Kanban board; its task list is one key (T) from it.
        Phase.EXECUTION: BoardScreen,
        Phase.MONITORING: MonitoringScreen,
        Phase.CLOSURE: ClosureScreen,
    }
    return screens[phase](project_id)


def open_project(app: App[Any], project_id: int, phase: Phase | None = None) -> None:
    """Open a project on its current phase (or the one asked for) above the portfolio."""
    from itpm_tui.screens.portfolio.listing import PortfolioScreen
    from itpm_tui.services.portfolio.projects import project_phase

    def show(current: Phase) -> None:
        # Keep one project open at a time: go back to the portfolio first.
        while len(app.screen_stack) > 1 and not isinstance(app.screen, PortfolioScreen):
            app.pop_screen()
        app.push_screen(phase_screen(phase or current, project_id))

    itpm_app(app).read(project_phase, project_id, then=show)
