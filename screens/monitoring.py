"""Monitoring & Control: progress against the plan, late work, slipped and coming milestones."""

from __future__ import annotations

from itpm_tui.screens.workspace import ProjectScreen
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from itpm_tui.models import Phase
from itpm_tui.services.overview import ProjectOverview
from itpm_tui.services.tasks import TaskRow
from itpm_tui.widgets.charts import progress_bar


def task_lines(tasks: list[TaskRow], empty: str, glyph: str = "") -> Text:
    if not tasks:
        return Text(empty, style="dim")
    text = Text()
    for index, task in enumerate(tasks):
        if index:
            text.append("\n")
        when = task.finish.isoformat() if task.finish else "no date"
        text.append(f"{glyph}{when}  {task.wbs:<6} ")
        text.append(task.title)
        if task.assignee:
            text.append(f"  ({task.assignee})", style="dim")
    return text


class MonitoringScreen(ProjectScreen):
    PHASE = Phase.MONITORING

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="scroll-body", id="body"):
            yield Static("", classes="panel", id="progress")
            yield Static(Text("Late tasks", style="bold"), classes="section")
            yield Static("", classes="panel", id="late")
            yield Static(Text("Slipped milestones", style="bold"), classes="section")
            yield Static("", classes="panel", id="slipped")
            yield Static(Text("Coming milestones", style="bold"), classes="section")
            yield Static("", classes="panel", id="coming")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#body").focus()

    def show_overview(self, overview: ProjectOverview) -> None:
        glyphs = self.app.glyphs  # type: ignore[attr-defined]
        ascii_only = self.app.display_mode.ascii  # type: ignore[attr-defined]
        project = overview.project
        text = Text("Progress  ")
        text.append_text(progress_bar(overview.percent_done, 30, ascii_only))
        text.append(f" {overview.percent_done}%  ")
        text.append(f"{overview.done_count}/{len(overview.work_tasks)} tasks done")
        finish = overview.forecast_finish
        target = project.target_finish
        text.append("\nSchedule  plan ends ")
        text.append(finish.isoformat() if finish else "-")
        text.append(", target ")
        text.append(target.isoformat() if target else "-")
        if finish and target:
            slip = (finish - target).days
            if slip > 0:
                text.append(f"  {glyphs.overdue}{slip} d late", style="bold red")
            else:
                text.append(f"  {-slip} d to spare", style="green")
        text.append(f"\nHealth    {project.health}")
        self.query_one("#progress", Static).update(text)
        late_glyph = glyphs.overdue + " "
        self.query_one("#late", Static).update(
            task_lines(overview.overdue, "Nothing is late.", late_glyph)
        )
        self.query_one("#slipped", Static).update(
            task_lines(overview.slipped_milestones, "No milestone has slipped.", late_glyph)
        )
        self.query_one("#coming", Static).update(
            task_lines(overview.upcoming_milestones[:8], "No milestones ahead.")
        )
