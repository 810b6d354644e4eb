"""KPIs and uptime: each KPI against its target, the service window and the downtime recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.glyphs import clip
from itpm_tui.models import Downtime
from itpm_tui.screens.monitoring.monitoring import health_text as _health
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import kpi_records as records
from itpm_tui.services.monitoring.kpis import UNKNOWN, Kpi
from itpm_tui.services.shared.parsing import format_datetime
from itpm_tui.widgets.tables import cursor_id, fill_sized

KPI_COLUMNS = ("KPI", "Value", "Target", "Set by", "Health")
DOWNTIME_COLUMNS = ("Start (UTC)", "End", "Lasted", "Kind", "System", "Note")


class KpisScreen(Screen[None]):
    help_title = "KPIs and uptime"
    DEFAULT_CSS = """
    KpisScreen #kpi-table { height: auto; max-height: 8; }
    KpisScreen #uptime { height: auto; padding: 0 1; }
    KpisScreen #downtime { height: 1fr; }
    """
    BINDINGS = [
        # enter edits too (the status line says so): the footer keeps its room for the rest.
        Binding("e", "edit", "Edit", id="kpis.edit", show=False),
        Binding("x", "default_target", "Reset target", id="kpis.default_target"),
        Binding("w", "window", "Service window", id="kpis.window"),
        Binding("W", "remove_window", "Remove service window", id="kpis.remove_window", show=False),
        Binding("n", "new_downtime", "Add downtime", id="kpis.new_downtime"),
        Binding("d", "delete_downtime", "Delete", id="kpis.delete_downtime"),
        # Shown in help and the palette; the footer keeps its room for the keys above.
        Binding("escape", "back", "Back", id="kpis.back", show=False),
    ]

    def __init__(self, project_id: int, status_date: date | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.status_date = status_date
        self.overview: records.KpiOverview | None = None
        # The downtime record to put the cursor on at the next reload (one just saved).
        self.select_downtime: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("KPIs and uptime"), classes="title-bar", id="kpis-title")
        table: DataTable[Text] = DataTable(id="kpi-table", cursor_type="row")
        yield table
        yield Static("", id="uptime")
        downs: DataTable[Text] = DataTable(id="downtime", cursor_type="row", zebra_stripes=True)
        yield downs
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#kpi-table", DataTable).focus()
        self.reload()

    def reload(self, _: Any = None) -> None:
        # The dashboard's date when opened from it; else the project's own.
        itpm_app(self).read(
            records.kpi_overview_as_of,
            self.project_id,
            self.status_date,
            itpm_app(self).today,
            then=self.show,
            group=f"kpis-{id(self)}",
            exclusive=True,
        )

    def reload_at_downtime(self, downtime_id: Any) -> None:
        self.select_downtime = downtime_id if isinstance(downtime_id, int) else None
        self.reload()

    # --- drawing -------------------------------------------------------------------------

    def show(self, overview: records.KpiOverview) -> None:
        self.overview = overview
        sep = itpm_app(self).glyphs.separator
        # The date before the project's name: a long name is what gets cut at 80 columns.
        title = Text(f"KPIs and uptime {sep} as of {overview.status_date.isoformat()} {sep} ")
        title.append(f"{overview.code} ")
        title.append(overview.name)
        self.query_one("#kpis-title", Static).update(title)
        self.fill_kpis(overview)
        self.query_one("#uptime", Static).update(self.uptime_text(overview))
        self.fill_downtime(overview)
        own = sum(1 for row in overview.targets if row.own)
        status = (
            f"{own} of {len(overview.targets)} targets are the project's own.  "
            "enter/e: edit  tab: downtime  esc: back"
        )
        self.query_one("#status", Static).update(Text(status))

    def fill_kpis(self, overview: records.KpiOverview) -> None:
        table = self.query_one("#kpi-table", DataTable)
        row_index = table.cursor_row
        rows = []
        for row in overview.targets:
            kpi = overview.kpis.get(row.kpi)
            shown = kpi.shown if kpi is not None else "-"
            health = kpi.health if kpi is not None else UNKNOWN
            cells = (
                Text(row.name),
                Text(shown[:20]),
                Text(records.format_target(row.kpi, row.target)),
                Text("project" if row.own else "default", style="" if row.own else "dim"),
                _health(health),
            )
            rows.append((row.kpi, cells))
        fill_sized(table, KPI_COLUMNS, rows)
        table.move_cursor(row=min(row_index, table.row_count - 1))

    def uptime_text(self, overview: records.KpiOverview) -> Text:
        window = overview.window
        text = Text("Service window: ", style="bold")
        if window is None:
            text.append("none set (w sets one); uptime is not measured.", style="dim")
            return text
        text.append(clip(records.describe_window(window), 160, itpm_app(self).glyphs))
        text.append("  (w edits)", style="dim")
        up: Kpi | None = overview.kpis.get("uptime")
        target = next(r for r in overview.targets if r.kpi == "uptime").target
        text.append("\nUptime ")
        if up is None or up.value is None:
            text.append("not measured: no service window hours in the period", style="dim")
            return text
        text.append(f"{up.value:.2f} %", style="bold")
        text.append(f" in the service window, target {target:.2f} %  ")
        text.append_text(_health(up.health))
        text.append(
            f"\n{overview.uptime_from.isoformat()} to {overview.status_date.isoformat()}: "
            f"{up.reason}",
            style="dim",
        )
        return text

    def fill_downtime(self, overview: records.KpiOverview) -> None:
        table = self.query_one("#downtime", DataTable)
        current = self.select_downtime if self.select_downtime is not None else cursor_id(table)
        self.select_downtime = None
        glyphs = itpm_app(self).glyphs
        rows: list[tuple[str, tuple[Text, ...]]] = []
        for down in overview.downtime:
            start = format_datetime(down.start)
            end = format_datetime(down.end)
            # The end's date only when it differs from the start's: the column stays narrow.
            if end[:10] == start[:10]:
                end = end[11:]
            cells = (
                Text(start),
                Text(end),
                Text(records.format_duration(down.start, down.end), justify="right"),
                Text("planned") if down.planned else Text("UNPLANNED", style="bold"),
                # Clipped: one long note must not push the other columns off the screen.
                Text(clip(down.system, 20, glyphs)),
                Text(clip(down.note, 40, glyphs)),
            )
            rows.append((str(down.id), cells))
        if not overview.downtime:
            empty = Text("No downtime recorded: n adds.", style="dim")
            rows.append(("none", (*[Text("")] * 5, empty)))
        fill_sized(table, DOWNTIME_COLUMNS, rows)
        for index, down in enumerate(overview.downtime):
            if down.id == current:
                table.move_cursor(row=index)

    # --- actions -------------------------------------------------------------------------

    def _in_downtime(self) -> bool:
        return self.focused is self.query_one("#downtime", DataTable)

    def selected_target(self) -> records.TargetRow | None:
        if self.overview is None:
            return None
        table = self.query_one("#kpi-table", DataTable)
        index = table.cursor_row
        if not 0 <= index < len(self.overview.targets):
            return None
        return self.overview.targets[index]

    def selected_downtime(self) -> Downtime | None:
        if self.overview is None:
            return None
        wanted = cursor_id(self.query_one("#downtime", DataTable))
        return next((d for d in self.overview.downtime if d.id == wanted), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from itpm_tui.screens.monitoring.kpi_forms import edit_downtime, edit_target

        if self._in_downtime():
            down = self.selected_downtime()
            if down is None:
                self.notify("No downtime selected: press n to record some.", severity="warning")
                return
            edit_downtime(self.app, self.project_id, down, self.reload_at_downtime)
            return
        row = self.selected_target()
        if row is not None:
            edit_target(self.app, self.project_id, row, self.reload)

    def action_default_target(self) -> None:
        row = self.selected_target()
        if row is None or self._in_downtime():
            self.notify("Choose a KPI in the table above first.", severity="warning")
            return
        if not row.own:
            self.notify(f"{row.name} already uses the default target.", markup=False)
            return

        # Not over a target changed in another window since this screen read it.
        itpm_app(self).write(
            f"reset the {row.name.lower()} target",
            records.reset_target_unless_changed,
            self.project_id,
            row.kpi,
            row.version,
            then=self.reload,
            project_id=self.project_id,
        )

    def action_window(self) -> None:
        from itpm_tui.screens.monitoring.kpi_forms import edit_window

        if self.overview is None:
            return
        edit_window(self.app, self.project_id, self.overview.window, self.reload)

    def action_remove_window(self) -> None:
        window = self.overview.window if self.overview else None
        if window is None:
            self.notify("No service window is set: w sets one.", severity="warning")
            return
        question = (
            f"Remove the service window ({records.describe_window(window)})? "
            "Uptime is no longer measured; downtime records stay."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                itpm_app(self).write(
                    "remove the service window",
                    records.delete_window,
                    self.project_id,
                    then=self.reload,
                    project_id=self.project_id,
                )

        self.app.push_screen(ConfirmScreen(question), confirmed)

    def action_new_downtime(self) -> None:
        from itpm_tui.screens.monitoring.kpi_forms import edit_downtime

        window = self.overview.window if self.overview else None
        system = window.system if window else ""
        edit_downtime(self.app, self.project_id, None, self.reload_at_downtime, system)

    def action_delete_downtime(self) -> None:
        if not self._in_downtime():
            self.notify("tab to the downtime table, then d deletes the record chosen.")
            return
        down = self.selected_downtime()
        if down is None:
            return
        kind = "planned" if down.planned else "unplanned"
        question = (
            f"Delete the {kind} downtime of {format_datetime(down.start)} "
            f"({records.format_duration(down.start, down.end)})?"
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                itpm_app(self).write(
                    "delete downtime",
                    records.delete_downtime,
                    id_of(down),
                    then=self.reload,
                    project_id=self.project_id,
                )

        self.app.push_screen(ConfirmScreen(question), confirmed)

    def action_back(self) -> None:
        self.app.pop_screen()
