"""Execution: the tasks in flight, by status, with what is late."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase, TaskStatus
from itpm_tui.screens.planning.task_list import TaskListScreen
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.widgets.styles import STATUS_LABELS


class ExecutionScreen(TaskListScreen):
    """Execution's tasks as a list, by WBS; the board (K) is the phase's main view."""

    PHASE = Phase.EXECUTION
    help_title = "Execution task list"
    BINDINGS = [
        Binding("K", "board", "Board", id="execution.board"),
        Binding("i", "register('log')", "Issues/decisions", id="execution.log", show=False),
        # C, not h: h is a task's history on every task list.
        Binding("C", "register('changes')", "Changes", id="execution.changes", show=False),
    ]

    def action_board(self) -> None:
        from itpm_tui.screens.kanban.board import BoardScreen

        self.app.switch_screen(BoardScreen(self.project_id))

    def summary(self, overview: ProjectOverview) -> Text:
        glyphs = itpm_app(self).glyphs
        counts = overview.status_counts
        parts = [f"{STATUS_LABELS[s.value]} {counts.get(s.value, 0)}" for s in TaskStatus]
        text = Text(f" {glyphs.separator} ".join(parts))
        late = len(overview.overdue)
        if late:
            text.append(f"  {glyphs.overdue}{late} late", style="bold red")
        return text
