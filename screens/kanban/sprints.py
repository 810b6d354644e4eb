"""Sprints of a project: name, goal, start and end; add, edit, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Sprint
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.kanban import board
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.parsing import parse_date
from itpm_tui.services.shared.row_versions import ensure_unchanged
from itpm_tui.widgets.tables import cursor_id

if TYPE_CHECKING:
    from sqlmodel import Session


class SprintsScreen(Screen[None]):
    help_title = "Sprints"
    DEFAULT_CSS = "SprintsScreen DataTable { height: 1fr; }"
    BINDINGS = [
        Binding("n", "edit(True)", "New", id="sprints.new"),
        Binding("e,enter", "edit(False)", "Edit", id="sprints.edit"),
        Binding("d", "delete", "Delete", id="sprints.delete"),
        Binding("escape", "back", "Back", id="sprints.back"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.sprints: list[Sprint] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Sprints"), classes="title-bar")
        table: DataTable[Text] = DataTable(cursor_type="row")
        table.add_columns("Sprint", "Start", "End", "Goal")
        yield table
        yield Static(
            Text("A task joins a sprint in its form (Sprint field)."), classes="status-line"
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self, after: Any = None) -> None:
        def show(sprints: list[Sprint]) -> None:
            self.sprints = sprints
            table = self.query_one(DataTable)
            table.clear()
            for sprint in sprints:
                table.add_row(
                    Text(sprint.name),
                    Text(sprint.start.isoformat() if sprint.start else ""),
                    Text(sprint.finish.isoformat() if sprint.finish else ""),
                    Text(sprint.goal),
                    key=str(sprint.id),
                )
            if after is not None:
                after()

        itpm_app(self).read(board.list_sprints, self.project_id, then=show)

    def selected(self) -> Sprint | None:
        wanted = cursor_id(self.query_one(DataTable))
        return next((s for s in self.sprints if s.id == wanted), None)

    def action_edit(self, new: bool) -> None:
        sprint = None if new else self.selected()
        if not new and sprint is None:
            self.notify("No sprint selected: press n to add one.", severity="warning")
            return
        self.edit_sprint(sprint)

    def edit_sprint(self, sprint: Sprint | None) -> None:
        today = itpm_app(self).today
        fields = [
            FormField("name", "Name", sprint.name if sprint else f"Sprint {len(self.sprints) + 1}"),
            FormField("goal", "Goal", sprint.goal if sprint else ""),
            FormField(
                "start",
                "Start",
                sprint.start.isoformat() if sprint and sprint.start else "",
                parse=lambda text: parse_date(text, today=today),
                placeholder="YYYY-MM-DD or +1w",
            ),
            FormField(
                "finish",
                "End",
                sprint.finish.isoformat() if sprint and sprint.finish else "",
                # Read with the start, in save: "+2w" means two weeks after the start.
                parse=str.strip,
                placeholder="YYYY-MM-DD, or +2w after the start",
            ),
        ]

        project_id = self.project_id

        def save(session: Session, values: dict[str, Any]) -> int:
            try:
                values["finish"] = parse_date(values["finish"], today=values["start"] or today)
            except ValueError as exc:
                raise ValidationError({"finish": str(exc)}) from None
            if sprint is not None:
                # Refused when the sprint changed after the list was read.
                ensure_unchanged(session, "sprint", id_of(sprint), sprint.version, "sprint")
            saved = board.save_sprint(session, project_id, sprint.id if sprint else None, **values)
            return id_of(saved)

        def label(values: dict[str, Any]) -> str:
            verb = "edit" if sprint else "add"
            return f"{verb} sprint {values.get('name') or (sprint.name if sprint else '')}"

        def reload_form() -> None:
            # The form again on the sprint as it is now.
            wanted = sprint.id if sprint else None
            self.reload(lambda: self.edit_sprint(next(s for s in self.sprints if s.id == wanted)))

        title = "New sprint" if sprint is None else f"Sprint: {sprint.name}"
        self.app.push_screen(
            FormScreen(
                title,
                fields,
                FormWrite(label, save, project_id),
                reload=reload_form if sprint else None,
            ),
            lambda result: self.reload() if result is not None else None,
        )

    def action_delete(self) -> None:
        sprint = self.selected()
        if sprint is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                itpm_app(self).write(
                    f"delete sprint {sprint.name}",
                    board.delete_sprint,
                    id_of(sprint),
                    then=lambda _: self.reload(),
                )

        self.app.push_screen(
            ConfirmScreen(f"Delete '{sprint.name}'? Its tasks stay, in no sprint."), confirmed
        )

    def action_back(self) -> None:
        self.app.pop_screen()
