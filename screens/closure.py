"""Closure: what is finished, what is still open, and the milestones reached."""

from __future__ import annotations

from itpm_tui.screens.monitoring import task_lines
from itpm_tui.screens.workspace import ProjectScreen
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from itpm_tui.models import Phase
from itpm_tui.services.overview import ProjectOverview
from itpm_tui.widgets.charts import progress_bar


class ClosureScreen(ProjectScreen):
    PHASE = Phase.CLOSURE

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="scroll-body", id="body"):
            yield Static("", classes="panel", id="completion")
            yield Static(Text("Still open", style="bold"), classes="section")
            yield Static("", classes="panel", id="open")
            yield Static(Text("Milestones reached", style="bold"), classes="section")
            yield Static("", classes="panel", id="reached")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#body").focus()

    def show_overview(self, overview: ProjectOverview) -> None:
        glyphs = self.app.glyphs  # type: ignore[attr-defined]
        ascii_only = self.app.display_mode.ascii  # type: ignore[attr-defined]
        remaining = overview.open_tasks
        text = Text("Completion  ")
        text.append_text(progress_bar(overview.percent_done, 30, ascii_only))
        text.append(f" {overview.percent_done}%\n")
        if remaining:
            text.append(f"{glyphs.overdue} {len(remaining)} task(s) or milestone(s) still open")
        else:
            text.append(f"{glyphs.done} all work is done", style="green")
        self.query_one("#completion", Static).update(text)
        self.query_one("#open", Static).update(task_lines(remaining, "Nothing is open."))
        self.query_one("#reached", Static).update(
            task_lines(overview.done_milestones, "No milestone reached yet.", glyphs.done + " ")
        )
