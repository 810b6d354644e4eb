"""Monitoring & Control: the project dashboard - KPIs, earned value, charts, budget, alerts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.services.monitoring.dashboard import Dashboard, StatusDashboard
from itpm_tui.services.planning.tasks import TaskRow
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.services.shared.parsing import format_money
from itpm_tui.widgets.plots import LineChart, Series

# Health is a word as well as a colour: readable with NO_COLOR.
HEALTH_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red", "n/a": "dim"}

# Where an alert leads, by its target; other areas add theirs (risk, compliance).
AlertOpener = Callable[[App[Any], int, int | None], None]
ALERT_OPENERS: dict[str, AlertOpener] = {}


def task_lines(tasks: list[TaskRow], empty: str, glyph: str = "") -> Text:
    """Tasks one per line with their date and WBS code (the Closure screen lists with it)."""
    if not tasks:
        return Text(empty, style="dim")
    text = Text()
    for index, task in enumerate(tasks):
        if index:
            text.append("\n")
        when = task.finish.isoformat() if task.finish else "no date"
        text.append(f"{glyph}{when}  {task.wbs:<6} ")
        text.append(task.title)
        if task.assignee:
            text.append(f"  ({task.assignee})", style="dim")
    return text


def health_text(health: str) -> Text:
    return Text(health.upper(), style=HEALTH_STYLE.get(health, ""))


def _k(cents: int) -> float:
    # Chart coordinates only: the figures themselves stay exact in the tables.
    return cents / 100_000


def _open_task(app: App[Any], project_id: int, target_id: int | None) -> None:
    from itpm_tui.screens.shared.editors import edit_task

    if target_id is not None:
        edit_task(app, project_id, target_id, on_saved=lambda _: None)


def _open_board(app: App[Any], project_id: int, _: int | None) -> None:
    from itpm_tui.screens.kanban.board import BoardScreen

    app.switch_screen(BoardScreen(project_id))


def _open_budget(app: App[Any], project_id: int, target_id: int | None) -> None:
    from itpm_tui.screens.monitoring.budget import BudgetScreen

    app.push_screen(BudgetScreen(project_id, select_line=target_id))


def _open_kpis(app: App[Any], project_id: int, _: int | None) -> None:
    from itpm_tui.screens.monitoring.kpis import KpisScreen

    # The dashboard's status date, so that the values match what it shows.
    screen = app.screen
    day = screen.status_date if isinstance(screen, MonitoringScreen) else None
    app.push_screen(KpisScreen(project_id, day))


def _open_resources(app: App[Any], _: int, target_id: int | None) -> None:
    from itpm_tui.screens.resources.load import ResourcesScreen

    app.push_screen(ResourcesScreen(select_person=target_id))


def _opener_of_register(key: str) -> AlertOpener:
    def open_it(app: App[Any], project_id: int, _: int | None) -> None:
        from itpm_tui.screens.registers.index import open_register

        open_register(app, key, project_id)

    return open_it


ALERT_OPENERS.update(
    task=_open_task,
    board=_open_board,
    budget=_open_budget,
    resources=_open_resources,
    kpis=_open_kpis,
    risk=_opener_of_register("risks"),
    compliance=_opener_of_register("compliance"),
    quality=_opener_of_register("quality"),
    log=_opener_of_register("log"),
)


def flow_markers(columns: list[str]) -> dict[str, str]:
    """A letter per column (its initial), digits when two columns share one."""
    initials = [name[:1].upper() or "?" for name in columns]
    if len(set(initials)) == len(initials) and all(i.isascii() for i in initials):
        return dict(zip(columns, initials, strict=True))
    return {name: str(index % 10) for index, name in enumerate(columns, 1)}


class MonitoringScreen(ProjectScreen):
    PHASE = Phase.MONITORING
    NEEDS_OVERVIEW = False
    BINDINGS = [
        # G (the chart) is in help and the palette; at 80 columns the footer keeps its room
        # for the dashboard's own keys.
        Binding("G", "gantt", "Gantt", id="project.gantt", priority=True, show=False),
        Binding("b", "budget", "Budget", id="monitoring.budget"),
        Binding("t", "time", "Time", id="monitoring.time"),
        Binding("k", "kpis", "KPIs", id="monitoring.kpis"),
        # R is the registers chooser on every project screen.
        Binding("L", "resources", "Resources", id="monitoring.resources"),
        Binding("s", "status_date", "Status date", id="monitoring.status_date"),
        Binding("w", "write_report", "Report", id="monitoring.report"),
        Binding("T", "thresholds", "Health thresholds", id="monitoring.thresholds", show=False),
        # The dashboard is taller than 24 rows: page keys scroll it whatever has the focus
        # (the alerts table would take them as cursor moves over its few rows).
        Binding(
            "pagedown",
            "scroll_body('page_down')",
            "Page down",
            id="monitoring.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup",
            "scroll_body('page_up')",
            "Page up",
            id="monitoring.page_up",
            show=False,
            priority=True,
        ),
        Binding(
            "home", "scroll_body('home')", "Top", id="monitoring.top", show=False, priority=True
        ),
        Binding(
            "end", "scroll_body('end')", "Bottom", id="monitoring.bottom", show=False, priority=True
        ),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.status_date: date | None = None
        self.dashboard: Dashboard | None = None
        self._note_shown = ""

    @property
    def help_title(self) -> str:
        return "Monitoring & Control: the project dashboard"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="scroll-body", id="body"):
            yield Static(Text("Loading the dashboard..."), classes="panel", id="headline")
            yield Static(Text("Alerts (enter opens)", style="bold"), classes="section")
            yield DataTable(id="alerts", cursor_type="row", show_header=False)
            yield Static("", classes="panel", id="kpis")
            yield Static("", classes="panel", id="evm")
            yield LineChart(id="s-curve")
            yield LineChart(id="burn")
            yield LineChart(id="flow")
            yield Static("", classes="panel", id="budget")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#burn").display = False
        self.query_one("#flow").display = False
        # Focused without scrolling to it: the health and its reasons stay in view above it.
        self.query_one("#alerts", DataTable).focus(scroll_visible=False)
        self.load_dashboard()

    def reload(self) -> None:
        super().reload()
        if self.dashboard is not None:  # the first one is read by on_mount
            self.load_dashboard()

    def show_overview(self, overview: ProjectOverview) -> None:
        """The header comes from the overview; the body from the dashboard."""

    # --- loading -------------------------------------------------------------------------

    def load_dashboard(self) -> None:
        from itpm_tui.services.monitoring.dashboard import dashboard_at_status_date

        itpm_app(self).read(
            dashboard_at_status_date,
            self.project_id,
            itpm_app(self).today,
            then=self._show_loaded,
            group=f"dashboard-{id(self)}",
            exclusive=True,
        )

    def _show_loaded(self, loaded: StatusDashboard) -> None:
        board, note = loaded.board, loaded.note
        if note and note != self._note_shown:
            # Said once, not at every reload: the date was moved into the project's span.
            self.notify(note, markup=False)
        self._note_shown = note
        self.show_dashboard(board)

    def show_dashboard(self, board: Dashboard) -> None:
        first = self.dashboard is None
        self.dashboard = board
        self.status_date = board.status_date
        self.query_one("#headline", Static).update(self.headline(board))
        self.fill_alerts(board)
        self.query_one("#kpis", Static).update(self.kpi_text(board))
        self.query_one("#evm", Static).update(self.evm_text(board))
        self.draw_curve(board)
        self.draw_burn(board)
        self.draw_flow(board)
        self.query_one("#budget", Static).update(self.budget_text(board))
        if first:
            # The health and its reasons first: the focused alerts table below them would
            # otherwise scroll them out of a 24-line terminal.
            body = self.query_one("#body", VerticalScroll)
            body.scroll_home(animate=False)
            self.call_after_refresh(body.scroll_home, animate=False)

    # --- drawing -------------------------------------------------------------------------

    def headline(self, board: Dashboard) -> Text:
        text = Text("Health ")
        text.append_text(health_text(board.health))
        text.append(f"  as of {board.status_date.isoformat()}  vs ")
        text.append(board.baseline_name or "current plan (no baseline)")
        text.append(f"  {board.currency}")
        if board.progress_unknown and board.progress_since is not None:
            text.append(
                f"\nNo progress recorded by this date (first: {board.progress_since.isoformat()})"
                ": nothing earned yet.",
                style="bold",
            )
        text.append("\nWhy: ")
        # Every dimension that is not green says why, not only the worst ones.
        said = [(area, why) for area, why in board.health_reasons.items() if why]
        text.append("; ".join(f"{area}: {why}" for area, why in said) or board.health_reason)
        return text

    def fill_alerts(self, board: Dashboard) -> None:
        table = self.query_one("#alerts", DataTable)
        # A long alert wraps onto more lines at 80 columns instead of being cut.
        table.clear(columns=True)
        width = max(20, (self.size.width or 80) - 2 - 4 - 3)
        table.add_column("!", width=2)
        table.add_column("Alert", width=width)
        glyph = itpm_app(self).glyphs.overdue
        lines = 0
        for index, alert in enumerate(board.alerts):
            mark = Text(glyph * 2 if alert.severity == "high" else glyph, style="bold red")
            table.add_row(mark, Text(alert.text), key=str(index), height=None)
            lines += max(1, -(-len(alert.text) // width))
        if not board.alerts:
            table.add_row(Text(""), Text("No alerts.", style="dim"), key="none")
        table.styles.height = min(8, max(1, lines))

    def kpi_text(self, board: Dashboard) -> Text:
        text = Text("KPIs  k: targets, service window and downtime", style="bold")
        for k in board.kpis:
            text.append(f"\n{k.name:<25} {k.shown:<22} ")
            text.append_text(health_text(k.health))
            text.append(f"  {k.reason}", style="dim")
        return text

    def evm_text(self, board: Dashboard) -> Text:
        e = board.evm
        m = format_money

        def ratio(value: Any) -> str:
            return "-" if value is None else f"{value:.2f}"

        text = Text(f"Earned value ({board.currency})", style="bold")
        text.append(f"\nBAC {m(e.bac)}  PV {m(e.pv)}  EV {m(e.ev)}  AC {m(e.ac)}")
        text.append(f"\nSV {m(e.sv)}  CV {m(e.cv)}  SPI {ratio(e.spi)}  CPI {ratio(e.cpi)}")
        text.append(f"\nEAC {m(e.eac)}  ETC {m(e.etc)}  VAC {m(e.vac)}  TCPI {ratio(e.tcpi)}")
        return text

    def draw_curve(self, board: Dashboard) -> None:
        chart = self.query_one("#s-curve", LineChart)
        points = board.curve
        chart.show(
            f"S-curve, thousands {board.currency}",
            [p.day for p in points],
            [
                Series("PV", "P", [_k(p.pv) for p in points], "blue"),
                Series(
                    "EV", "E", [_k(p.ev) if p.ev is not None else None for p in points], "green"
                ),
                Series("AC", "A", [_k(p.ac) if p.ac is not None else None for p in points], "red"),
            ],
        )

    def draw_burn(self, board: Dashboard) -> None:
        chart = self.query_one("#burn", LineChart)
        chart.display = board.is_agile and bool(board.burn)
        if not chart.display:
            return
        chart.show(
            "Burn-up (cards done / total); burn-down is the gap",
            [d for d, _, _ in board.burn],
            [
                Series("done", "D", [done for _, done, _ in board.burn], "green"),
                Series("scope", "S", [total for _, _, total in board.burn], "blue"),
                Series("left", "L", [total - done for _, done, total in board.burn], "red"),
            ],
            whole=True,
        )

    def draw_flow(self, board: Dashboard) -> None:
        """Cumulative flow: each line is the cards in that column and every later one."""
        chart = self.query_one("#flow", LineChart)
        chart.display = board.is_agile and bool(board.flow)
        if not chart.display:
            return
        markers = flow_markers(board.flow_columns)
        series = []
        for index, name in enumerate(board.flow_columns):
            later = board.flow_columns[index:]
            values = [sum(counts[c] for c in later) for _, counts in board.flow]
            series.append(Series(name, markers[name], values))
        chart.show(
            "Cumulative flow (cards in the column and after it)",
            [d for d, _ in board.flow],
            series,
            whole=True,
        )

    def budget_text(self, board: Dashboard) -> Text:
        b = board.budget
        m = format_money
        text = Text(f"Budget ({board.currency})  b: lines and expenses", style="bold")
        text.append(
            f"\nPlanned {m(b.planned)}  committed {m(b.committed)} (open {m(b.open_committed)})"
            f"\nActual {m(b.spent)}  forecast {m(b.forecast)}  burn {b.burn_percent}% of plan"
        )
        glyph = itpm_app(self).glyphs.overdue
        for line in b.lines:
            flag = f"{glyph} OVER" if line.over_budget else ""
            text.append(f"\n{line.name[:24]:<24} {m(line.spent):>14} / {m(line.planned):>14} ")
            text.append(flag, style="bold red")
        return text

    # --- actions -------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_alert(event.cursor_row)

    def open_alert(self, index: int) -> None:
        if self.dashboard is None or not 0 <= index < len(self.dashboard.alerts):
            return
        alert = self.dashboard.alerts[index]
        opener = ALERT_OPENERS.get(alert.target)
        if opener is None:
            self.notify(f"Nothing to open for {alert.target} yet.", markup=False)
            return
        opener(self.app, self.project_id, alert.target_id)

    def action_scroll_body(self, where: str) -> None:
        body = self.query_one("#body", VerticalScroll)
        getattr(body, f"scroll_{where}")(animate=False)

    def action_budget(self) -> None:
        _open_budget(self.app, self.project_id, None)

    def action_kpis(self) -> None:
        """KPI targets, the service window and downtime."""
        _open_kpis(self.app, self.project_id, None)

    def action_time(self) -> None:
        from itpm_tui.screens.monitoring.timesheet import TimesheetScreen

        self.app.push_screen(TimesheetScreen(self.project_id))

    def action_resources(self) -> None:
        _open_resources(self.app, self.project_id, None)

    def action_thresholds(self) -> None:
        from itpm_tui.screens.monitoring.health_thresholds import HealthThresholdsScreen

        code = self.dashboard.project.code if self.dashboard else ""
        # Back on this screen, it reads its figures again: the colours follow the limits.
        self.app.push_screen(HealthThresholdsScreen(self.project_id, code))

    def action_status_date(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import ask_status_date

        ask_status_date(self.app, self.project_id, lambda _: self.load_dashboard())

    def action_write_report(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import export_report

        if self.dashboard is None:
            return
        export_report(
            self.app, self.project_id, self.dashboard.project.code, self.dashboard.status_date
        )
