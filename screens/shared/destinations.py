"""Every screen of a project and of the portfolio, one name each, opened from anywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.screen import Screen

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.shared.ids import id_of


@dataclass(frozen=True)
class ProjectRef:
    """The project a destination is of."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Destination:
    """A screen to go to: `name` reads in "Open <name> of <project>"."""

    name: str
    help: str
    open: Callable[[App[Any], ProjectRef | None], None]

    def title(self, project: ProjectRef | None) -> str:
        return f"Open {self.name} of {project.code if project else 'the portfolio'}"


def _back_to_portfolio(app: App[Any]) -> None:
    from itpm_tui.screens.portfolio.listing import PortfolioScreen

    # One project open at a time: what is above the portfolio goes first.
    while len(app.screen_stack) > 1 and not isinstance(app.screen, PortfolioScreen):
        app.pop_screen()


def _in_project(
    base: Callable[[Phase, int], Screen[Any]] | None = None,
    above: Callable[[ProjectRef], Screen[Any]] | None = None,
) -> Callable[[App[Any], ProjectRef | None], None]:
    """Open the project on `base` (its current phase by default), `above` pushed over it."""

    def open_it(app: App[Any], project: ProjectRef | None) -> None:
        from itpm_tui.screens.lifecycle.workspace import phase_screen
        from itpm_tui.services.portfolio.projects import project_phase

        assert project is not None
        project_id = project.id

        def show(current: Phase) -> None:
            _back_to_portfolio(app)
            app.push_screen(
                base(current, project_id) if base else phase_screen(current, project_id)
            )
            if above is not None:
                app.push_screen(above(project))

        itpm_app(app).read(project_phase, project_id, then=show)

    return open_it


def _phase(phase: Phase) -> Callable[[Phase, int], Screen[Any]]:
    from itpm_tui.screens.lifecycle.workspace import phase_screen

    return lambda _current, project_id: phase_screen(phase, project_id)


def _gantt(_current: Phase, project_id: int) -> Screen[Any]:
    from itpm_tui.screens.planning.gantt import GanttScreen

    return GanttScreen(project_id)


def _task_list(_current: Phase, project_id: int) -> Screen[Any]:
    from itpm_tui.screens.kanban.execution import ExecutionScreen

    return ExecutionScreen(project_id)


def _register(key: str) -> Callable[[ProjectRef], Screen[Any]]:
    from itpm_tui.screens.registers.index import register_screen

    return lambda project: register_screen(key, project.id)


def _budget(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.monitoring.budget import BudgetScreen

    return BudgetScreen(project.id)


def _time(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.monitoring.timesheet import TimesheetScreen

    return TimesheetScreen(project.id)


def _kpis(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.monitoring.kpis import KpisScreen

    return KpisScreen(project.id)


def _thresholds(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.monitoring.health_thresholds import HealthThresholdsScreen

    return HealthThresholdsScreen(project.id, project.code)


def _sprints(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.kanban.sprints import SprintsScreen

    return SprintsScreen(project.id)


def _columns(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.kanban.workflow import WorkflowScreen

    return WorkflowScreen(project.id)


def _history(project: ProjectRef) -> Screen[Any]:
    from itpm_tui.screens.shared.history import HistoryScreen

    return HistoryScreen(project.id, f"{project.code} {project.name}")


def _baselines(app: App[Any], project: ProjectRef | None) -> None:
    """The Gantt chart, with the choice of the baseline it is compared with over it."""
    from itpm_tui.screens.planning.gantt import GanttScreen
    from itpm_tui.screens.shared.pickers import ChoiceScreen
    from itpm_tui.services.planning import schedule_records as scheduling

    assert project is not None
    project_id = project.id

    def show(saved: list[Any]) -> None:
        baselines = [(b.name, id_of(b)) for b in saved]
        _back_to_portfolio(app)
        chart = GanttScreen(project_id)
        app.push_screen(chart)
        if not baselines:
            app.notify("No baseline yet: press B on the chart to save one.", markup=False)
            return

        def chosen(baseline_id: int | None) -> None:
            if baseline_id is not None:
                chart.baseline_id = baseline_id
                chart.load_plan()

        app.push_screen(ChoiceScreen("Compare with which baseline?", baselines), chosen)

    itpm_app(app).read(scheduling.list_baselines, project_id, then=show)


# Lower-case names that read in a sentence; the register keys are screens/registers.py's.
_REGISTER_NAMES = {
    "raci": "the RACI chart",
    "risks": "the risk register",
    "changes": "the change requests",
    "log": "the issue and decision log",
    "comms": "the communication plan",
    "quality": "the quality register",
    "compliance": "the compliance register",
    "calendar": "the working calendar",
}


def project_destinations() -> list[Destination]:
    """Every screen of one project, phases first."""
    phases = [
        Destination(
            f"the {phase.label} phase" + (" (Kanban board)" if phase is Phase.EXECUTION else ""),
            f"key {number} on a project screen",
            _in_project(base=_phase(phase)),
        )
        for number, phase in enumerate(Phase, 1)
    ]
    return [
        *phases,
        Destination("the Gantt chart", "key G", _in_project(base=_gantt)),
        Destination("the baselines", "the chart compared with a baseline", _baselines),
        Destination("the Execution task list", "key T on the board", _in_project(base=_task_list)),
        Destination("the sprints", "key I on the board", _in_project(above=_sprints)),
        Destination("the board columns", "key W on the board", _in_project(above=_columns)),
        *[
            Destination(name, "key R chooses a register", _in_project(above=_register(key)))
            for key, name in _REGISTER_NAMES.items()
        ],
        Destination("the budget", "key b on Monitoring", _in_project(above=_budget)),
        Destination("the time entries", "key t on Monitoring", _in_project(above=_time)),
        Destination("the KPIs", "key k on Monitoring", _in_project(above=_kpis)),
        Destination("the health thresholds", "key T on Monitoring", _in_project(above=_thresholds)),
        Destination("the history", "key H on a project screen", _in_project(above=_history)),
        Destination("the plan export", "key X on a project screen", _export_plan),
    ]


def _export_plan(app: App[Any], project: ProjectRef | None) -> None:
    """The project on its current phase, the export dialog over it."""
    from itpm_tui.screens.exchange.export_dialog import ExportScreen

    today = itpm_app(app).today
    _in_project(above=lambda ref: ExportScreen(ref.code, today))(app, project)


def _import_plan(app: App[Any], _project: ProjectRef | None) -> None:
    """The import dialog on the portfolio, which then shows the new project."""
    from itpm_tui.screens.portfolio.listing import PortfolioScreen

    _back_to_portfolio(app)
    if isinstance(app.screen, PortfolioScreen):
        app.screen.action_import_plan()


def _portfolio(make: Callable[[], Screen[Any]] | None) -> Callable[[App[Any], Any], None]:
    def open_it(app: App[Any], _project: ProjectRef | None) -> None:
        _back_to_portfolio(app)
        if make is not None:
            app.push_screen(make())

    return open_it


def _dashboard() -> Screen[Any]:
    from itpm_tui.screens.portfolio.dashboard import PortfolioDashboardScreen

    return PortfolioDashboardScreen()


def _portfolio_board() -> Screen[Any]:
    from itpm_tui.screens.kanban.board import PortfolioBoardScreen

    return PortfolioBoardScreen()


def _people() -> Screen[Any]:
    from itpm_tui.screens.resources.people import PeopleScreen

    return PeopleScreen()


def _resources() -> Screen[Any]:
    from itpm_tui.screens.resources.load import ResourcesScreen

    return ResourcesScreen()


def _lessons() -> Screen[Any]:
    from itpm_tui.screens.lifecycle.lessons import LessonsScreen

    return LessonsScreen()


def _portfolio_thresholds() -> Screen[Any]:
    from itpm_tui.screens.monitoring.health_thresholds import HealthThresholdsScreen

    return HealthThresholdsScreen()


def _portfolio_history() -> Screen[Any]:
    from itpm_tui.screens.shared.history import HistoryScreen

    return HistoryScreen(None, "all projects")


def portfolio_destinations() -> list[Destination]:
    """The screens of the whole portfolio."""
    return [
        Destination("the project list", "the first screen", _portfolio(None)),
        Destination("the dashboard", "key D on the portfolio", _portfolio(_dashboard)),
        Destination(
            "the health thresholds",
            "key T on the portfolio dashboard",
            _portfolio(_portfolio_thresholds),
        ),
        Destination("the board", "key K on the portfolio", _portfolio(_portfolio_board)),
        Destination("the people", "key P on the portfolio", _portfolio(_people)),
        Destination("the resources", "their load week by week", _portfolio(_resources)),
        Destination("the lessons learned", "key L on the portfolio", _portfolio(_lessons)),
        Destination("the history", "key H on the portfolio", _portfolio(_portfolio_history)),
        Destination("the plan import", "key I on the portfolio", _import_plan),
    ]
