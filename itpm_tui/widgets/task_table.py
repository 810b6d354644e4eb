"""The WBS task table: code, title by level, status, assignee, dates, % complete, predecessors."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from itpm_tui.glyphs import Glyphs, clip
from itpm_tui.services.planning.task_rows import TaskRow
from itpm_tui.widgets.styles import priority_text, status_text
from itpm_tui.widgets.tables import cursor_id

# Below this width the table drops estimate, start and priority and writes short dates.
WIDE = 110
NARROW_COLUMNS = ("WBS", "Task", "Status", "Who", "Finish", "Done", "Pred")
WIDE_COLUMNS = ("WBS", "Task", "Status", "Who", "Est", "Start", "Finish", "Done", "Pred", "Prio")
# Predecessors ("3FS+2d, 5SS") are cut to this many cells; the task form shows them whole.
PRED_WIDTH = {False: 11, True: 14}


class TaskTable(DataTable[Text]):
    """Rows are tasks; the row key is the task id."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_by_id: dict[int, TaskRow] = {}
        self.wide: bool | None = None
        self._layout: tuple[str, ...] | None = None  # column labels with their widths
        self._last: tuple[list[TaskRow], Glyphs, date, dict[int, str]] | None = None
        self.predecessors: dict[int, str] = {}

    def show(
        self,
        rows: list[TaskRow],
        glyphs: Glyphs,
        today: date,
        predecessors: dict[int, str] | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on the same task when it is still there.

        `predecessors` maps a task id to its predecessors as MS Project writes them.
        """
        self.predecessors = predecessors or {}
        self._last = (rows, glyphs, today, self.predecessors)
        if not self.size.width:
            return  # not laid out yet: on_resize draws it at its real width
        current = self.selected_id()
        self.wide = wide = self.size.width >= WIDE
        labels = WIDE_COLUMNS if wide else NARROW_COLUMNS
        # What the fixed columns and padding leave for the title.
        fixed = (78 if wide else 50) + PRED_WIDTH[wide] + 2
        title_width = max(16, self.size.width - fixed)
        cells = [self._cells(row, glyphs, today, title_width) for row in rows]
        # Widths given, not measured: the table is drawn right in its first frame instead
        # of after DataTable measures every cell when idle.
        widths = [
            max([len(label), *(line[index].cell_len for line in cells)])
            for index, label in enumerate(labels)
        ]
        layout = tuple(f"{label}:{width}" for label, width in zip(labels, widths, strict=True))
        if layout != self._layout:
            self.clear(columns=True)
            for label, width in zip(labels, widths, strict=True):
                self.add_column(label, width=width)
            self._layout = layout
        else:
            self.clear()
        self.rows_by_id = {row.id: row for row in rows}
        for row, line in zip(rows, cells, strict=True):
            self.add_row(*line, key=str(row.id))
        if current is not None:
            self.select_task(current)

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    def _cells(self, row: TaskRow, glyphs: Glyphs, today: date, title_width: int) -> list[Text]:
        late = row.status != "done" and row.finish is not None and row.finish < today
        marker = glyphs.milestone + " " if row.is_milestone else ""
        if row.is_summary:
            marker = glyphs.summary_open + " "
        indent = "  " * min(row.depth, 6) + marker
        suffix = f" {glyphs.overdue}late" if late else ""
        room = max(4, title_width - len(indent) - len(suffix))
        title = Text(indent)
        title.append(clip(row.title, room, glyphs), style="bold" if row.is_summary else "")
        if late:
            # The glyph and word say it without colour; the colour helps.
            title.append(suffix, style="bold red")
        status = status_text(row.status) if not row.is_summary else Text("")
        who = Text(clip(row.assignee, 14 if self.wide else 10, glyphs))
        finish_style = "red" if late else ""
        percent = Text(f"{row.percent_complete}%", justify="right")
        preds = Text(clip(self.predecessors.get(row.id, ""), PRED_WIDTH[bool(self.wide)], glyphs))
        if not self.wide:
            finish = row.finish.strftime("%b %d") if row.finish else ""
            return [
                Text(row.wbs),
                title,
                status,
                who,
                Text(finish, style=finish_style),
                percent,
                preds,
            ]
        estimate = "" if row.estimate_days is None else f"{row.estimate_days:g}d"
        return [
            Text(row.wbs),
            title,
            status,
            who,
            Text(estimate, justify="right"),
            Text(row.start.isoformat() if row.start else ""),
            Text(row.finish.isoformat() if row.finish else "", style=finish_style),
            percent,
            preds,
            priority_text(row.priority) if not row.is_summary else Text(""),
        ]

    def selected_id(self) -> int | None:
        return cursor_id(self)

    def selected_row(self) -> TaskRow | None:
        wanted = self.selected_id()
        return self.rows_by_id.get(wanted) if wanted is not None else None

    def select_task(self, task_id: int) -> None:
        try:
            index = self.get_row_index(str(task_id))
        except Exception:  # the task is gone: leave the cursor where it is
            return
        self.move_cursor(row=index)
