"""Execution: the tasks in flight, by status, with what is late."""

from __future__ import annotations

from rich.text import Text

from itpm_tui.models import Phase, TaskStatus
from itpm_tui.screens.task_list import TaskListScreen
from itpm_tui.services.overview import ProjectOverview
from itpm_tui.widgets.styles import STATUS_LABELS


class ExecutionScreen(TaskListScreen):
    PHASE = Phase.EXECUTION

    def summary(self, overview: ProjectOverview) -> Text:
        glyphs = self.app.glyphs  # type: ignore[attr-defined]
        counts = overview.status_counts
        parts = [f"{STATUS_LABELS[s.value]} {counts.get(s.value, 0)}" for s in TaskStatus]
        text = Text(f" {glyphs.separator} ".join(parts))
        late = len(overview.overdue)
        if late:
            text.append(f"  {glyphs.overdue}{late} late", style="bold red")
        return text
