"""The portfolio: every project at a glance; sort, filter, open, create, edit, delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.glyphs import clip
from itpm_tui.models import Phase, phase_label
from itpm_tui.services.portfolio.listing import PortfolioRow
from itpm_tui.widgets.styles import health_text
from itpm_tui.widgets.tables import cursor_id
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlmodel import Session

    from itpm_tui.services.portfolio.health import ProjectHealth

PHASE_ORDER = {phase.value: index for index, phase in enumerate(Phase)}
HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2}
SORT_KEYS = {
    "code": lambda r: r.code,
    "name": lambda r: r.name.lower(),
    "phase": lambda r: PHASE_ORDER.get(r.phase, 9),
    # The screen sorts health by the rules' rating (visible_rows), not this stored one.
    "health": lambda r: HEALTH_ORDER.get(r.health, 9),
    "done": lambda r: r.percent_done,
    "due": lambda r: (r.next_milestone_date is None, r.next_milestone_date),
    "manager": lambda r: r.manager.lower(),
}


def health_of_portfolio(
    today: date,
) -> tuple[tuple[str, date], Callable[[Session, date], list[ProjectHealth]]]:
    """The portfolio dashboard's data as of `today`: the key it is kept under, and the
    service that reads it (called with the session and `today`)."""
    return ("portfolio-health", today), _rated_portfolio


def _rated_portfolio(session: Session, today: date) -> list[ProjectHealth]:
    # Imported here, in the worker: the first screen does not load these tables.
    from itpm_tui.services.portfolio.rating import rated_portfolio

    return rated_portfolio(session, today)


SHORT_PHASES = {
    Phase.INITIATION.value: "Initiation",
    Phase.PLANNING.value: "Planning",
    Phase.EXECUTION.value: "Execution",
    Phase.MONITORING.value: "Monitoring",
    Phase.CLOSURE.value: "Closure",
}


COLUMNS = (
    ("Code", "code"),
    ("Name", "name"),
    ("Phase", "phase"),
    ("Health", "health"),
    ("Done", "done"),
    ("Milestone", "due"),
    ("Manager", "manager"),
    ("In phase", "days"),
)


def flexible_widths(screen_width: int) -> tuple[int, int, int]:
    """Widths for name, next milestone and manager, so the main columns fit the screen.

    Code, phase, health and done take 30 cells, and each of the 7 main columns
    2 cells of padding; what is left is shared out. 'In phase' (10 cells with its
    padding) gets room when that leaves 30; on a narrower screen it lies off to the right.
    """
    spare = screen_width - 30 - 14 - 2
    if spare - 10 >= 30:
        spare -= 10
    spare = max(30, spare)
    name = spare * 4 // 10
    milestone = spare * 35 // 100
    return name, milestone, spare - name - milestone


class PortfolioScreen(Screen[None]):
    """Every project: code, name, phase, health, % done, next milestone, manager."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    help_title = "Portfolio"
    BINDINGS = [
        Binding("enter", "open", "Open", id="portfolio.open"),
        Binding("n", "new", "New", id="portfolio.new"),
        # Edit and delete are in help (?): at 80 columns the footer keeps "? Help" instead.
        Binding("e", "edit", "Edit", id="portfolio.edit", show=False),
        Binding("d", "delete", "Delete", id="portfolio.delete", show=False),
        Binding("slash", "filter", "Filter", id="portfolio.filter", key_display="/"),
        Binding("s", "sort", "Sort", id="portfolio.sort"),
        Binding("S", "reverse", "Reverse sort", id="portfolio.reverse", show=False),
        Binding("P", "people", "People", id="portfolio.people"),
        Binding("K", "board", "Board", id="portfolio.board"),
        Binding("L", "lessons", "Lessons learned", id="portfolio.lessons", show=False),
        Binding("T", "save_template", "Save as template", id="portfolio.template", show=False),
        Binding("D", "dashboard", "Dashboard", id="portfolio.dashboard"),
        Binding("r", "reload", "Reload", id="portfolio.reload", show=False),
        Binding("H", "history", "History", id="portfolio.history", show=False),
        Binding("escape", "clear_filter", "Clear filter", id="portfolio.clear", show=False),
        Binding("q", "app.quit", "Quit", id="portfolio.quit"),
        Binding("I", "import_plan", "Import a plan", id="portfolio.import", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PortfolioRow] = []
        # Only the first screenful is read yet (start-up of a large portfolio).
        self.partial = False
        self.sort_key = "code"
        self.sort_reverse = False
        self.filter_text = ""
        self._fill_generation = 0
        # The project to select once the next load arrives (a reload started meanwhile,
        # e.g. by the screen resuming, cancels the one that was asked to select it).
        self._select_after_load: int | None = None
        # Each project's health by the rules (project id -> green/amber/red), once rated.
        self.ratings: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("itpm - Portfolio"), classes="title-bar", id="title")
        yield TypedInput(placeholder="filter: code, name, phase, health, manager", id="filter")
        table: DataTable[Text] = DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("Loading the portfolio...", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#projects", DataTable)
        self.query_one("#filter", Input).display = False
        table.focus()
        # The rows load on ScreenResume, which also comes with the first push.

    # --- data ----------------------------------------------------------------------------

    def read_health(self) -> None:
        """Rate every project (kept for the dashboard `D` too) and show it in the table.

        Rating reads every register and each project's earned value: on a large portfolio
        it takes a while, so the table is drawn first and the colours follow."""
        app = self.app
        today = itpm_app(app).today
        key, read = health_of_portfolio(today)
        kept = itpm_app(app).kept(key)
        if kept is not None:
            self.show_health(kept)
            return
        stamp = itpm_app(app).data_stamp()

        def keep_and_show(rows: list[Any]) -> None:
            itpm_app(app).keep(key, stamp, rows)
            self.show_health(rows)

        itpm_app(app).read(
            read,
            today,
            then=keep_and_show,
            group="portfolio-health",
            exclusive=True,
            hold_keys=False,
        )

    def show_health(self, rated: list[Any]) -> None:
        self.ratings = {row.id: row.health for row in rated}
        if self.rows:
            self.refresh_table()

    def reload(self, select_id: int | None = None) -> None:
        from itpm_tui.services.portfolio.listing import portfolio_rows

        if select_id is not None:
            self._select_after_load = select_id

        def show(rows: list[PortfolioRow]) -> None:
            self.rows = rows
            self.partial = False
            wanted, self._select_after_load = self._select_after_load, None
            self.refresh_table(wanted)
            self.read_health()  # a change may have changed a colour

        # The home screen answers keys while a large portfolio loads: they are not held.
        itpm_app(self).read(
            portfolio_rows, then=show, group="portfolio-load", exclusive=True, hold_keys=False
        )

    def visible_rows(self) -> list[PortfolioRow]:
        needle = self.filter_text.lower()
        rows = [
            r
            for r in self.rows
            if not needle
            or needle
            in " ".join(
                (
                    r.code,
                    r.name,
                    r.phase,
                    phase_label(r.phase),
                    "closed" if r.closed_on else "",
                    self.ratings.get(r.id, ""),
                    r.manager,
                    r.project_type,
                    r.methodology,
                )
            ).lower()
        ]
        key = SORT_KEYS[self.sort_key]
        if self.sort_key == "health":  # the rated health, not the manager's own rating

            def key(r: PortfolioRow) -> Any:
                return HEALTH_ORDER.get(self.ratings.get(r.id, ""), 9)

        rows.sort(key=key, reverse=self.sort_reverse)
        return rows

    def refresh_table(self, select_id: int | None = None) -> None:
        table = self.query_one("#projects", DataTable)
        if not self.size.width:
            return  # not laid out yet: on_resize fills the table at its real width
        current = self.selected_id() if select_id is None else select_id
        glyphs = itpm_app(self).glyphs
        visible = self.visible_rows()
        widths = flexible_widths(self.size.width)
        # Every column gets its width here: left to measure its cells, a DataTable
        # filled before its first layout kept its header widths (seen at start-up).
        name_width, milestone_width, manager_width = widths
        table.clear(columns=True)
        for (label, key), width in zip(
            COLUMNS,
            (10, name_width, 10, 6, 4, milestone_width, manager_width, 8),
            strict=True,
        ):
            table.add_column(label, key=key, width=width)
        self._fill_generation += 1
        # A screenful first, so the first frame comes at once; the rest once it is drawn.
        # (A DataTable measures every cell it is given: 200 rows cost a frame or two.)
        first = self.size.height
        self._add_rows(visible[:first], widths)
        if len(visible) > first:
            self._add_later(visible[first:], widths, self._fill_generation, current)
        self._select(visible, current)
        order = "descending" if self.sort_reverse else "ascending"
        shown = f"{len(visible)} of {len(self.rows)}" if self.filter_text else str(len(self.rows))
        summary = f"{shown} projects {glyphs.separator} sorted by {self.sort_key} ({order})"
        if self.filter_text:
            summary += f" {glyphs.separator} filter: {self.filter_text}"
        if self.partial:
            summary = f"{len(self.rows)} projects so far {glyphs.separator} reading the rest"
        if not self.rows:
            summary = "No projects yet: press n to create one (or run `itpm demo`)."
        self.query_one("#status", Static).update(Text(summary))

    def _add_rows(self, rows: list[PortfolioRow], widths: tuple[int, int, int]) -> None:
        table = self.query_one("#projects", DataTable)
        glyphs = itpm_app(self).glyphs
        today = itpm_app(self).today
        name_width, milestone_width, manager_width = widths
        for row in rows:
            days = row.days_in_phase(today)
            milestone = ""
            if row.next_milestone:
                when = row.next_milestone_date.strftime("%b %d") if row.next_milestone_date else "-"
                milestone = f"{when} {row.next_milestone}"
            table.add_row(
                Text(clip(row.code, 10, glyphs), style="bold"),
                Text(clip(row.name, name_width, glyphs)),
                # A closed project has passed its last gate: "Closed", not "Closure".
                Text("Closed" if row.closed_on else SHORT_PHASES.get(row.phase, row.phase)),
                self.health_cell(row.id),
                Text(f"{row.percent_done:>3}%"),
                Text(clip(milestone, milestone_width, glyphs)),
                Text(clip(row.manager, manager_width, glyphs)),
                Text("" if days is None else f"{days} d", justify="right"),
                key=str(row.id),
            )

    def health_cell(self, project_id: int | None) -> Text:
        rating = None if project_id is None else self.ratings.get(project_id)
        # Not rated yet (a large portfolio): said so, never a colour that may be wrong.
        return Text("...", style="dim") if rating is None else health_text(rating)

    def _add_later(
        self,
        rows: list[PortfolioRow],
        widths: tuple[int, int, int],
        generation: int,
        current: int | None,
    ) -> None:
        def add() -> None:
            if generation != self._fill_generation:
                return  # the table was refilled meanwhile
            self._add_rows(rows, widths)
            self._select(self.visible_rows(), current)

        self.call_after_refresh(add)

    def _select(self, visible: list[PortfolioRow], current: int | None) -> None:
        if current is None:
            return
        table = self.query_one("#projects", DataTable)
        for index, row in enumerate(visible[: table.row_count]):
            if row.id == current:
                table.move_cursor(row=index)
                break

    def selected_id(self) -> int | None:
        return cursor_id(self.query_one("#projects", DataTable))

    def selected_row(self) -> PortfolioRow | None:
        wanted = self.selected_id()
        return next((r for r in self.rows if r.id == wanted), None)

    # --- actions ---------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify("No project selected.", severity="warning")
            return
        from itpm_tui.screens.lifecycle.workspace import open_project

        open_project(self.app, row.id)

    def action_new(self) -> None:
        from itpm_tui.screens.shared.editors import edit_project

        edit_project(self.app, None, on_saved=lambda pid: self.reload(select_id=pid))

    def action_import_plan(self) -> None:
        """A plan from MS Project, a spreadsheet or JSON, previewed, then a new project."""
        from itpm_tui.screens.exchange.import_dialog import ImportScreen
        from itpm_tui.services.portfolio.projects import find_project

        app = itpm_app(self)

        def imported(code: str | None) -> None:
            if code is not None:
                app.read(find_project, code, then=lambda p: self.reload(select_id=p.id))

        app.push_screen(ImportScreen(app.today), imported)

    def action_edit(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify("No project selected.", severity="warning")
            return
        from itpm_tui.screens.shared.editors import edit_project

        edit_project(self.app, row.id, on_saved=lambda pid: self.reload(select_id=pid))

    def action_delete(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify("No project selected.", severity="warning")
            return
        from itpm_tui.screens.shared.editors import delete_project

        delete_project(self.app, row.id, row.code, row.name, row.task_count, self.reload)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.filter_text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value.strip()
            self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._close_filter()

    def _close_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not self.filter_text:
            box.display = False
        self.query_one("#projects", DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus and self.filter_text:
            self._close_filter()
            return
        self.filter_text = ""
        box.value = ""
        box.display = False
        self.refresh_table()
        self.query_one("#projects", DataTable).focus()

    def action_sort(self) -> None:
        keys = list(SORT_KEYS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.refresh_table()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.refresh_table()

    def action_reload(self) -> None:
        self.reload()

    def action_history(self) -> None:
        from itpm_tui.screens.shared.history import HistoryScreen

        self.app.push_screen(HistoryScreen(None, "all projects"))

    def action_people(self) -> None:
        from itpm_tui.screens.resources.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    def action_save_template(self) -> None:
        from itpm_tui.screens.lifecycle.templates import save_template

        row = self.selected_row()
        if row is None:
            self.notify("No project selected.", severity="warning")
            return
        save_template(self.app, row.id, row.code)

    def action_lessons(self) -> None:
        from itpm_tui.screens.lifecycle.lessons import LessonsScreen

        self.app.push_screen(LessonsScreen())

    def action_board(self) -> None:
        from itpm_tui.screens.kanban.board import PortfolioBoardScreen

        self.app.push_screen(PortfolioBoardScreen())

    def action_dashboard(self) -> None:
        from itpm_tui.screens.portfolio.dashboard import PortfolioDashboardScreen

        self.app.push_screen(PortfolioDashboardScreen())

    def on_resize(self) -> None:
        if self.rows:
            self.refresh_table()

    def on_screen_resume(self) -> None:
        # Once the portfolio is drawn, the dashboard's figures are read in the background
        # (unless kept and unchanged): on a large portfolio they take a while, and `D` then
        # opens at once.
        self.call_after_refresh(self.read_health)
        preloaded = getattr(self.app, "preloaded_portfolio", None)
        if preloaded is not None:
            itpm_app(self).preloaded_portfolio = None
            self.rows = preloaded
            self.partial = not itpm_app(self).preloaded_complete
            self.refresh_table()
            if self.partial:
                self.call_after_refresh(self.reload)
            return
        # Back from a project: its phase, health or progress may have changed.
        self.reload()
