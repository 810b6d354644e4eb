"""The RACI matrix: tasks (rows) x people (columns), a cell cursor, rows and people flagged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from itpm_tui.glyphs import Glyphs, clip

ROLE_STYLES = {"A": "bold", "R": "bold", "AR": "bold", "C": "", "I": "dim"}


@dataclass(frozen=True)
class MatrixRow:
    """One row as the widget draws it: plain values, no database."""

    key: int
    wbs: str
    title: str
    depth: int
    cells: Sequence[str]
    problems: Sequence[str]


class RaciTable(DataTable[Text]):
    """Cell cursor over the people columns; space asks for the next role of the cell."""

    DEFAULT_CSS = """
    RaciTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("space", "cycle", "Cycle role", id="raci.cycle"),
    ]
    FIXED = 3  # WBS, Task, Check: the people columns come after them

    class CycleRequested(Message):
        """Step the roles of (row key, person index) to the next of the cycle."""

        def __init__(self, row_key: int, person_index: int) -> None:
            super().__init__()
            self.row_key = row_key
            self.person_index = person_index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.person_count = 0

    def show(
        self,
        people: Sequence[tuple[str, bool]],
        rows: Sequence[MatrixRow],
        glyphs: Glyphs,
        *,
        title_width: int = 28,
        select: tuple[int, int] | None = None,
    ) -> None:
        """people: (initials, flagged) per column; a flagged person's header carries a '!'."""
        old = (self.cursor_row, self.cursor_column)
        self.clear(columns=True)
        self.person_count = len(people)
        self.add_column(Text("WBS"), key="wbs")
        self.add_column(Text("Task"), key="task", width=title_width)
        self.add_column(Text("Check"), key="check")
        for index, (short, flagged) in enumerate(people):
            label = f"{short}{glyphs.overdue}" if flagged else short
            self.add_column(Text(label, style="bold" if flagged else ""), key=f"p{index}")
        for row in rows:
            check = (
                Text(", ".join(row.problems), style="bold red")
                if row.problems
                else Text(glyphs.done, style="green")
            )
            cells = [
                Text(role.replace("AR", "A/R"), style=ROLE_STYLES.get(role, ""), justify="center")
                for role in row.cells
            ]
            title = clip("  " * row.depth + row.title, title_width, glyphs)
            self.add_row(Text(row.wbs), Text(title), check, *cells, key=str(row.key))
        if select is not None:
            row_index, col = select
            self.move_cursor(row=row_index, column=col)
        elif self.row_count:
            self.move_cursor(row=min(old[0], self.row_count - 1), column=max(old[1], self.FIXED))

    def person_index(self) -> int | None:
        """Which person column the cursor is on; None on WBS, Task or Check."""
        column = self.cursor_column - self.FIXED
        return column if 0 <= column < self.person_count else None

    def row_key(self) -> int | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def action_cycle(self) -> None:
        person = self.person_index()
        key = self.row_key()
        if person is not None and key is not None:
            self.post_message(self.CycleRequested(key, person))
