"""A phase screen built around the WBS task table: add, add under, edit and delete tasks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.widgets.task_table import TaskTable


class TaskListScreen(ProjectScreen):
    BINDINGS = [
        Binding("n", "new_task", "New task", id="tasks.new"),
        Binding("c", "new_subtask", "New sub-task", id="tasks.child", show=False),
        Binding("e", "edit_task", "Edit", id="tasks.edit"),
        Binding("d", "delete_task", "Delete", id="tasks.delete"),
        Binding("h", "task_history", "Task history", id="tasks.history", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="status-line", id="summary")
        yield TaskTable(id="tasks")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TaskTable).focus()

    def summary(self, overview: ProjectOverview) -> Text:
        return Text()

    def show_overview(self, overview: ProjectOverview) -> None:
        table = self.query_one(TaskTable)
        glyphs = itpm_app(self).glyphs
        table.show(overview.tasks, glyphs, overview.today, overview.predecessors)
        text = self.summary(overview)
        if not overview.tasks:
            text = Text("No tasks yet: press n to add the first one.")
        self.query_one("#summary", Static).update(text)

    def _after_save(self, task_id: int) -> None:
        self._select_after_load: int | None = task_id
        self.reload()

    def _loaded(self, overview: ProjectOverview) -> None:
        super()._loaded(overview)
        wanted = getattr(self, "_select_after_load", None)
        if wanted is not None:
            self.query_one(TaskTable).select_task(wanted)
            self._select_after_load = None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_task()

    def action_new_task(self) -> None:
        from itpm_tui.screens.shared.editors import edit_task

        selected = self.query_one(TaskTable).selected_row()
        # A new task goes beside the selected one, under the same parent.
        parent = selected.parent_id if selected is not None else None
        edit_task(self.app, self.project_id, None, self._after_save, parent_id=parent)

    def action_new_subtask(self) -> None:
        from itpm_tui.screens.shared.editors import edit_task

        selected = self.query_one(TaskTable).selected_row()
        if selected is None:
            self.notify("Select the task to add a sub-task under.", severity="warning")
            return
        edit_task(self.app, self.project_id, None, self._after_save, parent_id=selected.id)

    def action_edit_task(self) -> None:
        from itpm_tui.screens.shared.editors import edit_task

        selected = self.query_one(TaskTable).selected_row()
        if selected is None:
            self.notify("No task selected: press n to add one.", severity="warning")
            return
        edit_task(self.app, self.project_id, selected.id, self._after_save)

    def action_delete_task(self) -> None:
        from itpm_tui.screens.shared.editors import delete_task

        selected = self.query_one(TaskTable).selected_row()
        if selected is None:
            self.notify("No task selected.", severity="warning")
            return
        delete_task(self.app, selected.id, selected.title, self.reload)

    def action_task_history(self) -> None:
        from itpm_tui.screens.shared.history import HistoryScreen

        row = self.query_one(TaskTable).selected_row()
        if row is None:
            self.notify("No task selected.", severity="warning")
            return
        name = f"task '{row.title}'"
        self.app.push_screen(HistoryScreen(self.project_id, name, ("task", row.id), name))
