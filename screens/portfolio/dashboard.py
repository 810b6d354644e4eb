"""Portfolio dashboard: each project's health by schedule, cost, risk and quality, and totals."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.glyphs import clip
from itpm_tui.screens.portfolio.listing import health_of_portfolio
from itpm_tui.services.portfolio.health import RANK, ProjectHealth
from itpm_tui.services.shared.parsing import format_money
from itpm_tui.widgets.styles import HEALTH_STYLES
from itpm_tui.widgets.tables import cursor_id

# Schedule, cost, risk and quality share one column, a letter under each word: one cell
# instead of four (DataTable draws each cell through Rich, the largest cost of a row).
AREAS = "Sch Cost Risk Qual"
AREA_OFFSETS = (0, 4, 9, 14)
COLUMNS = ("Project", "Health", AREAS, "Reason")
SORTS = {
    "health": lambda r: (-RANK[r.health], r.code),
    "code": lambda r: (r.code,),
    "cost": lambda r: (-(r.forecast - r.planned), r.code),
    "schedule": lambda r: (-r.slip_days, r.code),
}


def _health(value: str) -> Text:
    # The word carries the meaning; the colour only helps.
    return Text(value.upper(), style=HEALTH_STYLES.get(value, ""))


def _areas(row: ProjectHealth) -> Text:
    text = Text()
    for offset, health in zip(
        AREA_OFFSETS, (row.schedule, row.cost, row.risk, row.quality), strict=True
    ):
        text.pad_right(offset - len(text))
        text.append_text(_health(health[:1]))
    return text


def _widths(rows: list[ProjectHealth]) -> list[int]:
    """Each column's width: its heading or its widest cell (the cells of _add_rows)."""
    code = max((cell_len(row.code) for row in rows), default=0)
    reason = max((cell_len(row.reason) for row in rows), default=0)
    health = max((len(row.health) for row in rows), default=0)
    cells = [code, health, len(AREAS), reason]
    return [max(len(label), width) for label, width in zip(COLUMNS, cells, strict=True)]


class PortfolioDashboardScreen(Screen[None]):
    help_title = "Portfolio dashboard"
    DEFAULT_CSS = """
    PortfolioDashboardScreen DataTable { height: 1fr; }
    PortfolioDashboardScreen #reason { height: auto; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", id="portfolio_dashboard.open"),
        Binding("s", "sort", "Sort", id="portfolio_dashboard.sort"),
        Binding("T", "thresholds", "Thresholds", id="portfolio_dashboard.thresholds"),
        Binding("escape", "back", "Back", id="portfolio_dashboard.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ProjectHealth] = []
        self.sort_key = "health"
        self._generation = 0
        self._reason_width = 40

    def compose(self) -> ComposeResult:
        yield Static(Text("Portfolio dashboard"), classes="title-bar", id="title")
        yield DataTable(id="health", cursor_type="row", zebra_stripes=True)
        yield Static("", id="reason")
        yield Static("", classes="status-line", id="totals")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.rows:
            self.reload()

    def reload(self) -> None:
        app = self.app
        today = itpm_app(app).today
        key, read = health_of_portfolio(today)

        def show(rows: list[ProjectHealth]) -> None:
            self.rows = rows
            self.fill()

        kept = itpm_app(app).kept(key)
        if kept is not None:  # read ahead, and nothing changed since
            show(kept)
            return
        stamp = itpm_app(app).data_stamp()

        def keep_and_show(rows: list[ProjectHealth]) -> None:
            itpm_app(app).keep(key, stamp, rows)
            show(rows)

        itpm_app(app).read(
            read, today, then=keep_and_show, group="portfolio-dashboard", exclusive=True
        )

    def fill(self) -> None:
        table = self.query_one(DataTable)
        current = cursor_id(table)
        ordered = sorted(self.rows, key=SORTS[self.sort_key])
        # Widths given, not measured: DataTable measures every cell when idle, and until
        # then draws its columns as wide as their headings.
        table.clear(columns=True)
        widths = _widths(ordered)
        # The reason takes what is left of the screen, marked where it is cut: the
        # line below the table gives the selected project's reason whole.
        room = (self.size.width or self.app.size.width) - sum(widths[:-1]) - 2 * len(widths) - 2
        widths[-1] = max(len(COLUMNS[-1]), min(widths[-1], room))
        self._reason_width = widths[-1]
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self._generation += 1
        # A screenful first; the rest once that frame is drawn (200 projects take a while).
        first = self.app.size.height
        self._add_rows(ordered[:first])
        if len(ordered) > first:
            generation = self._generation

            def rest() -> None:
                if generation == self._generation:
                    self._add_rows(ordered[first:])
                    self._select(ordered, current)

            self.call_after_refresh(rest)
        self._select(ordered, current)
        self._show_totals()

    def _add_rows(self, rows: list[ProjectHealth]) -> None:
        table = self.query_one(DataTable)
        for row in rows:
            table.add_row(
                Text(row.code),
                _health(row.health),
                _areas(row),
                Text(clip(row.reason, self._reason_width, itpm_app(self).glyphs)),
                key=str(row.id),
            )

    def _select(self, ordered: list[ProjectHealth], current: int | None) -> None:
        table = self.query_one(DataTable)
        for index, row in enumerate(ordered[: table.row_count]):
            if row.id == current:
                table.move_cursor(row=index)

    def _show_totals(self) -> None:
        counts = {h: sum(1 for r in self.rows if r.health == h) for h in ("green", "amber", "red")}
        by_currency: dict[str, list[int]] = {}
        for row in self.rows:
            sums = by_currency.setdefault(row.currency, [0, 0, 0])
            sums[0] += row.planned
            sums[1] += row.spent
            sums[2] += row.forecast
        money = "  ".join(
            f"{cur}: budget {format_money(p)} spent {format_money(s)} fcst {format_money(f)}"
            for cur, (p, s, f) in sorted(by_currency.items())
        )
        self.query_one("#totals", Static).update(
            Text(
                f"{len(self.rows)} projects: {counts['green']} green, {counts['amber']} amber, "
                f"{counts['red']} red | sort: {self.sort_key} | {money}"
            )
        )
        self.show_reason()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.show_reason()

    def show_reason(self) -> None:
        wanted = cursor_id(self.query_one(DataTable))
        row = next((r for r in self.rows if r.id == wanted), None)
        text = Text()
        if row is not None:
            text.append(f"{row.code} ")
            text.append_text(_health(row.health))
            # Every dimension that is not green, each with its own reason, not only the worst.
            said = [(area, row.reasons.get(area, "")) for area in row.reasons]
            said = [(area, why) for area, why in said if why]
            if not said:
                text.append(": on track")
            for area, why in said:
                text.append(f" | {area} ")
                text.append_text(_health(getattr(row, area)))
                text.append(f" {why}")
        self.query_one("#reason", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from itpm_tui.models import Phase
        from itpm_tui.screens.lifecycle.workspace import open_project

        project_id = cursor_id(self.query_one(DataTable))
        if project_id is not None:
            open_project(self.app, project_id, Phase.MONITORING)

    def action_sort(self) -> None:
        keys = list(SORTS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.fill()

    def action_thresholds(self) -> None:
        from itpm_tui.screens.monitoring.health_thresholds import HealthThresholdsScreen

        self.app.push_screen(HealthThresholdsScreen())  # read again on return

    def action_back(self) -> None:
        self.app.pop_screen()
