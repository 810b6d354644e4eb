"""The board's workflow: add, rename, reorder and delete columns, WIP limits, the done column."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVarTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import TaskStatus, WorkflowColumn
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.screens.shared.pickers import ChoiceScreen
from itpm_tui.services.kanban import board
from itpm_tui.services.shared.parsing import parse_number
from itpm_tui.services.shared.row_versions import ensure_unchanged
from itpm_tui.widgets.styles import STATUS_LABELS
from itpm_tui.widgets.tables import cursor_id

if TYPE_CHECKING:
    from sqlmodel import Session

Args = TypeVarTuple("Args")

# The footer shows [ and ] as one group: "[] Move".
MOVES = Binding.Group("Move", compact=True)


def parse_limit(text: str) -> int | None:
    value = parse_number(text, minimum=1, what="WIP limit")
    if value is None:
        return None
    if value != int(value):
        raise ValueError("a WIP limit is a whole number of cards")
    return int(value)


class WorkflowScreen(Screen[None]):
    """One row per column, in board order."""

    help_title = "Board columns"
    DEFAULT_CSS = "WorkflowScreen DataTable { height: 1fr; }"
    BINDINGS = [
        Binding("n", "add", "Add", id="workflow.add"),
        Binding("e,enter", "edit", "Rename/WIP", id="workflow.edit"),
        # In the footer as one group, "[] Move"; help lists both.
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Move left",
            id="workflow.left",
            key_display="[",
            group=MOVES,
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            "Move right",
            id="workflow.right",
            key_display="]",
            group=MOVES,
        ),
        Binding("x", "done", "Done column", id="workflow.done"),
        Binding("d", "delete", "Delete", id="workflow.delete"),
        # In help: at 80 columns the footer keeps its room for the columns' keys.
        Binding("escape", "back", "Back", id="workflow.back", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.columns: list[WorkflowColumn] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Board columns"), classes="title-bar")
        table: DataTable[Text] = DataTable(cursor_type="row", id="columns")
        table.add_columns("#", "Column", "Means", "WIP limit", "Done")
        yield table
        yield Static(
            Text("Cards keep their order; deleting a column asks where its cards go."),
            classes="status-line",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self, select_id: int | None = None, after: Any = None) -> None:
        def show(columns: list[WorkflowColumn]) -> None:
            self.columns = columns
            table = self.query_one(DataTable)
            current = select_id if select_id is not None else self.selected_id()
            table.clear()
            for number, column in enumerate(columns, 1):
                table.add_row(
                    Text(str(number)),
                    Text(column.name),
                    Text(STATUS_LABELS.get(column.status, column.status)),
                    Text("-" if column.wip_limit is None else str(column.wip_limit)),
                    Text("yes" if column.is_done else ""),
                    key=str(column.id),
                )
            for index, column in enumerate(columns):
                if column.id == current:
                    table.move_cursor(row=index)
            if after is not None:
                after()

        itpm_app(self).read(board.ensure_columns, self.project_id, then=show)

    def selected_id(self) -> int | None:
        return cursor_id(self.query_one(DataTable))

    def selected(self) -> WorkflowColumn | None:
        wanted = self.selected_id()
        return next((c for c in self.columns if c.id == wanted), None)

    def _write(
        self,
        label: str,
        fn: Callable[[Session, *Args], Any],
        *args: *Args,
        select_id: int | None = None,
    ) -> None:
        itpm_app(self).write(
            label,
            fn,
            *args,
            then=lambda _: self.reload(select_id),
            project_id=self.project_id,
        )

    def _form(self, title: str, column: WorkflowColumn | None) -> None:
        fields = [
            FormField("name", "Name", column.name if column else ""),
            FormField(
                "wip_limit",
                "WIP limit",
                "" if column is None or column.wip_limit is None else str(column.wip_limit),
                parse=parse_limit,
                placeholder="blank: no limit",
            ),
        ]
        if column is None:
            fields.append(
                FormField(
                    "status",
                    "Cards here are",
                    TaskStatus.IN_PROGRESS.value,
                    "select",
                    [(STATUS_LABELS[s.value], s.value) for s in TaskStatus if s.value != "done"],
                    allow_blank=False,
                )
            )
        after = self.selected_id()

        project_id = self.project_id

        def save(session: Session, values: dict[str, Any]) -> int:
            if column is None:
                saved = board.add_column(
                    session,
                    project_id,
                    values["name"],
                    after_id=after,
                    wip_limit=values["wip_limit"],
                    status=values["status"],
                )
            else:
                # Refused when the column changed after the list was read.
                what = "board column"
                ensure_unchanged(session, "workflow_column", id_of(column), column.version, what)
                saved = board.update_column(
                    session,
                    id_of(column),
                    values["name"],
                    values["wip_limit"],
                )
            return id_of(saved)

        def label(values: dict[str, Any]) -> str:
            return (
                f"add column {values['name']}" if column is None else f"edit column {column.name}"
            )

        def reload_form() -> None:
            # The form again on the column as it is now.
            wanted = column.id if column else None

            def again() -> None:
                fresh = next(c for c in self.columns if c.id == wanted)
                self._form(f"Column: {fresh.name}", fresh)

            self.reload(wanted, again)

        self.app.push_screen(
            FormScreen(
                title,
                fields,
                FormWrite(label, save, project_id),
                reload=reload_form if column else None,
            ),
            lambda result: self.reload(result) if result is not None else None,
        )

    def action_add(self) -> None:
        self._form("New column (after the selected one)", None)

    def action_edit(self) -> None:
        column = self.selected()
        if column is not None:
            self._form(f"Column: {column.name}", column)

    def action_move(self, step: int) -> None:
        column = self.selected()
        if column is not None:
            where = "left" if step < 0 else "right"
            self._write(
                f"move column {column.name} {where}",
                board.move_column,
                id_of(column),
                step,
                select_id=column.id,
            )

    def action_done(self) -> None:
        column = self.selected()
        if column is not None:
            self._write(
                f"make {column.name} the done column",
                board.set_done_column,
                id_of(column),
                select_id=column.id,
            )

    def action_delete(self) -> None:
        column = self.selected()
        if column is None:
            return
        if column.is_done:
            self.notify(
                "This is the done column: mark another one done first (x).", severity="warning"
            )
            return
        others = [(c.name, c.id) for c in self.columns if c.id != column.id]

        def target_chosen(target: int | None) -> None:
            if target is None:
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    # The cursor stays on the column that took the cards.
                    self._write(
                        f"delete column {column.name}",
                        board.delete_column,
                        id_of(column),
                        target,
                        select_id=target,
                    )

            name = next(n for n, i in others if i == target)
            self.app.push_screen(
                ConfirmScreen(f"Delete column '{column.name}' and move its cards to '{name}'?"),
                confirmed,
            )

        self.app.push_screen(
            ChoiceScreen(f"Where do the cards of '{column.name}' go?", others), target_chosen
        )

    def action_back(self) -> None:
        self.app.pop_screen()
