"""Initiation: the project's charter details: why, who sponsors it, who runs it, when."""

from __future__ import annotations

from itpm_tui.screens.workspace import ProjectScreen
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from itpm_tui.models import Phase, phase_label
from itpm_tui.services.overview import ProjectOverview


class InitiationScreen(ProjectScreen):
    PHASE = Phase.INITIATION
    BINDINGS = [Binding("e", "edit_project", "Edit project", id="initiation.edit")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="scroll-body", id="body"):
            yield Static("", classes="panel", id="details")
            yield Static(Text("Description", style="bold"), classes="section")
            yield Static("", classes="panel", id="description")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#body").focus()

    def show_overview(self, overview: ProjectOverview) -> None:
        project = overview.project
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        today = overview.today
        since = project.phase_entered_on
        rows = [
            ("Code", project.code),
            ("Name", project.name),
            ("Type", project.project_type.replace("-", " ")),
            ("Methodology", project.methodology),
            ("Phase", phase_label(project.phase)),
            ("In phase since", f"{since.isoformat()} ({(today - since).days} d)" if since else "-"),
            ("Health", project.health),
            ("Sponsor", project.sponsor or "-"),
            ("Manager", overview.manager or "-"),
            ("Start", project.start.isoformat() if project.start else "-"),
            ("Target finish", project.target_finish.isoformat() if project.target_finish else "-"),
            ("Tasks", f"{len(overview.work_tasks)} ({overview.percent_done}% done)"),
        ]
        for label, value in rows:
            table.add_row(Text(label), Text(value))
        self.query_one("#details", Static).update(table)
        description = project.description or "No description yet: press e to write one."
        self.query_one("#description", Static).update(Text(description))
