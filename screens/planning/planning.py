"""Planning: the work breakdown structure with estimates, dates and milestones."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.planning.task_list import TaskListScreen
from itpm_tui.services.portfolio.overview import ProjectOverview


class PlanningScreen(TaskListScreen):
    PHASE = Phase.PLANNING
    BINDINGS = [
        Binding("a", "register('raci')", "RACI", id="planning.raci", show=False),
        Binding("k", "register('risks')", "Risks", id="planning.risks", show=False),
        Binding("m", "register('comms')", "Comms plan", id="planning.comms", show=False),
        Binding("W", "register('calendar')", "Calendar", id="planning.calendar", show=False),
    ]

    def summary(self, overview: ProjectOverview) -> Text:
        glyphs = itpm_app(self).glyphs
        work = overview.work_tasks
        effort = sum(t.estimate_days or 0 for t in work)
        finish = overview.forecast_finish
        target = overview.project.target_finish
        # Short enough for 80 columns with both dates whole.
        parts = [
            f"{len(work)} tasks",
            f"{len(overview.milestones)} milestones",
            f"{effort:g} d of work",
            f"ends {finish.isoformat() if finish else '-'}",
            f"target {target.isoformat() if target else '-'}",
        ]
        text = Text(f" {glyphs.separator} ".join(parts))
        if finish and target and finish > target:
            text.append(f"  {glyphs.overdue} plan ends after the target", style="bold red")
        return text
