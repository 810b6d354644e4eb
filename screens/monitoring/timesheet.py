"""Time entries of a project: who worked on what, when, how long; add, edit, delete."""

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
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.services.monitoring import timesheet
from itpm_tui.widgets.tables import cursor_id


def short_date(day: date, this_year: int) -> str:
    """`Nov 18` within the current year, the full date otherwise."""
    return day.strftime("%b %d") if day.year == this_year else day.isoformat()


class TimesheetScreen(Screen[None]):
    help_title = "Time entries"
    DEFAULT_CSS = "TimesheetScreen DataTable { height: 1fr; }"
    BINDINGS = [
        Binding("n", "new", "Log time", id="timesheet.new"),
        Binding("e", "edit", "Edit", id="timesheet.edit"),
        Binding("d", "delete", "Delete", id="timesheet.delete"),
        Binding("escape", "back", "Back", id="timesheet.back"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.rows: list[timesheet.TimeRow] = []
        self.first_task: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Time entries"), classes="title-bar")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        # The selected entry in full: the columns above are cut to fit 80 columns.
        yield Static("", classes="status-line", id="detail")
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self, _: Any = None) -> None:
        def show(view: timesheet.TimeSheetView) -> None:
            self.rows, self.first_task = view.rows, view.first_task
            table = self.query_one(DataTable)
            current = cursor_id(table)
            table.clear(columns=True)
            glyphs = itpm_app(self).glyphs
            this_year = itpm_app(self).today.year
            # Widths given, so every column keeps a readable share of 80 columns:
            # date, who, hours, then the task and the note split what is left.
            room = max(20, (self.size.width or 80) - 6 - 14 - 5 - 2 * 5 - 2)
            task_width = max(12, room * 3 // 5)
            note_width = max(8, room - task_width)
            for label, width in (
                ("Date", 6 if all(r.worked_on.year == this_year for r in self.rows) else 10),
                ("Person", 14),
                ("Hours", 5),
                ("Task", task_width),
                ("Note", note_width),
            ):
                table.add_column(label, width=width)
            for row in self.rows:
                table.add_row(
                    Text(short_date(row.worked_on, this_year)),
                    Text(clip(row.person, 14, glyphs)),
                    Text(timesheet.format_minutes(row.minutes), justify="right"),
                    Text(clip(row.task, task_width, glyphs)),
                    Text(clip(row.note, note_width, glyphs)),
                    key=str(row.id),
                )
            for index, row in enumerate(self.rows):
                if row.id == current:
                    table.move_cursor(row=index)
            total = sum(r.minutes for r in self.rows)
            status = (
                f"{len(self.rows)} entries, {timesheet.format_minutes(total)} h (latest 500)"
                if self.rows
                else "No time logged yet: press n, or t on a card or a Gantt row."
            )
            self.query_one("#status", Static).update(Text(status))

        itpm_app(self).read(
            timesheet.time_sheet_view,
            self.project_id,
            then=show,
            group=f"time-{id(self)}",
            exclusive=True,
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.selected()
        detail = ""
        if row is not None:
            sep = f" {itpm_app(self).glyphs.separator} "
            hours = f"{timesheet.format_minutes(row.minutes)} h"
            parts = [row.worked_on.isoformat(), row.person, hours, row.task, row.note]
            detail = sep.join(p for p in parts if p)
        self.query_one("#detail", Static).update(Text(detail))

    def selected(self) -> timesheet.TimeRow | None:
        wanted = cursor_id(self.query_one(DataTable))
        return next((r for r in self.rows if r.id == wanted), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import log_time

        row = self.selected()
        task_id = row.task_id if row else self.first_task
        if task_id is None:
            self.notify("The project has no tasks to log time on.", severity="warning")
            return
        log_time(self.app, task_id, self.reload)

    def action_edit(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import log_time

        row = self.selected()
        if row is not None:
            log_time(self.app, row.task_id, self.reload, entry_id=row.id)

    def action_delete(self) -> None:
        row = self.selected()
        if row is None:
            return

        hours = timesheet.format_minutes(row.minutes)

        def confirmed(yes: bool | None) -> None:
            if yes:
                itpm_app(self).write(
                    f"delete {hours} h of {row.person} on {row.worked_on.isoformat()}",
                    timesheet.delete_time,
                    row.id,
                    then=self.reload,
                )

        self.app.push_screen(
            ConfirmScreen(f"Delete {hours} h of {row.person} on {row.worked_on}?"), confirmed
        )

    def action_back(self) -> None:
        self.app.pop_screen()
