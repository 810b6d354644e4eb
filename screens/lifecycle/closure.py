"""Closure: completion, deliverable acceptance, goals' final check, handover, feedback,
lessons, phase history and the closure report, one section at a time ([ and ] switch)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import HandoverItem, Lesson, Phase
from itpm_tui.screens.lifecycle.initiation import RESULTS, deliverable_fields, goal_fields
from itpm_tui.screens.monitoring.monitoring import task_lines
from itpm_tui.screens.shared.forms import FormField, FormRead, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.screens.shared.sections import Row, Section, SectionScreen, cell, select_field
from itpm_tui.services.lifecycle import section_records as records
from itpm_tui.services.lifecycle.closure import (
    RESULT_LABELS,
    ClosureData,
    average_score,
    load_closure,
    write_closure_report,
)
from itpm_tui.services.lifecycle.gates import reopen_project, stage_label
from itpm_tui.services.shared.parsing import parse_date
from itpm_tui.widgets.charts import progress_bar

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["RESULTS", "ClosureScreen"]


def _find(items: list[Any], record_id: int) -> Any:
    return next((item for item in items if item.id == record_id), None)


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


def state_summary(data: ClosureData, ascii_only: bool) -> Text:
    project = data.project
    if project.closed_on is not None:
        return Text(
            f"Closed on {project.closed_on.isoformat()}: read-only (O reopens)", style="bold"
        )
    target = "close the project" if data.gate_to == "closed" else stage_label(data.gate_to)
    if data.gate_unmet:
        text = Text(f"Gate to {target} (>): not met: ")
        text.append("; ".join(data.gate_unmet))
        return text
    return Text(f"Gate to {target} (>): all criteria met")


def acceptance_rows(data: ClosureData) -> list[Row]:
    return [
        (
            id_of(d),
            [
                cell(d.name),
                cell(d.state),
                cell(d.accepted_by or "-"),
                cell(d.accepted_on.isoformat() if d.accepted_on else "-"),
                cell(_one_line(d.notes)),
            ],
        )
        for d in data.deliverables
    ]


def acceptance_summary(data: ClosureData, ascii_only: bool) -> Text:
    done = sum(1 for d in data.deliverables if d.state != "open")
    return Text(f"{done} of {len(data.deliverables)} deliverables accepted or waived (e: decide)")


def goal_rows(data: ClosureData) -> list[Row]:
    return [
        (
            id_of(g),
            [
                cell(g.title),
                cell(g.target),
                cell(RESULT_LABELS.get(g.result, g.result)),
                cell(_one_line(g.evidence)),
            ],
        )
        for g in data.goals
    ]


def handover_rows(data: ClosureData) -> list[Row]:
    glyph = "[x]"
    return [
        (id_of(h), [cell(glyph if h.done else "[ ]"), cell(h.title), cell(h.owner or "-")])
        for h in data.handover
    ]


def handover_summary(data: ClosureData, ascii_only: bool) -> Text:
    done = sum(1 for h in data.handover if h.done)
    return Text(f"Handover to operations: {done} of {len(data.handover)} done")


def handover_fields(item: HandoverItem | None, data: Any) -> list[FormField]:
    h = item or HandoverItem(project_id=0, title="")
    return [
        FormField("title", "Item", h.title, placeholder="e.g. support runbook"),
        FormField("owner", "Owner (ops)", h.owner, placeholder="who runs it from now on"),
        FormField("done", "Done", h.done, "bool"),
    ]


def feedback_rows(data: ClosureData) -> list[Row]:
    return [
        (f.id, [cell(f.name), cell(f"{f.score}/5"), cell(_one_line(f.comment))])
        for f in data.feedback
    ]


def feedback_summary(data: ClosureData, ascii_only: bool) -> Text:
    average = average_score([f.score for f in data.feedback])
    if average is None:
        return Text("Satisfaction: no feedback yet")
    return Text(f"Average satisfaction {average} / 5 from {len(data.feedback)} answer(s)")


def lesson_rows(data: ClosureData) -> list[Row]:
    return [
        (
            id_of(lesson),
            [
                cell(lesson.category or "-"),
                cell(_one_line(lesson.went_well)),
                cell(_one_line(lesson.went_badly)),
                cell(_one_line(lesson.recommendation)),
            ],
        )
        for lesson in data.lessons
    ]


def history_rows(data: ClosureData) -> list[Row]:
    return [
        (
            id_of(c),
            [
                cell(c.changed_on.isoformat()),
                cell(stage_label(c.from_phase)),
                cell(stage_label(c.to_phase)),
                cell("override" if c.overridden else ""),
                cell(_one_line(c.reason)),
            ],
        )
        for c in data.history
    ]


def report_page(data: ClosureData, ascii_only: bool) -> Text:
    return Text(data.report)


class ClosureScreen(SectionScreen):
    PHASE = Phase.CLOSURE
    NEEDS_OVERVIEW = False
    SECTIONS = [
        Section("status", "Status", summary=state_summary, is_page=True),
        Section(
            "acceptance",
            "Acceptance",
            ["Deliverable", "State", "Accepted by", "On", "Notes"],
            acceptance_rows,
            summary=acceptance_summary,
            save=records.DELIVERABLES.save,
            delete=records.DELIVERABLES.delete,
            noun="deliverable",
            name_field="name",
            fields=deliverable_fields,
            can_add=False,
            record=lambda d, i: _find(d.deliverables, i),
            item="acceptance of a deliverable",
        ),
        Section(
            "goals",
            "Goals",
            ["Goal", "Target", "Result", "Evidence"],
            goal_rows,
            save=records.GOALS.save,
            delete=records.GOALS.delete,
            noun="goal",
            name_field="title",
            fields=goal_fields,
            can_add=False,
            record=lambda d, i: _find(d.goals, i),
            item="goal result",
            wrap=True,
        ),
        Section(
            "handover",
            "Handover",
            ["Done", "Item", "Owner in operations"],
            handover_rows,
            summary=handover_summary,
            save=records.HANDOVER_ITEMS.save,
            delete=records.HANDOVER_ITEMS.delete,
            name_field="title",
            fields=handover_fields,
            record=lambda d, i: _find(d.handover, i),
            describe=lambda h: f"handover item '{h.title}'",
            item="handover item",
        ),
        Section(
            "feedback",
            "Feedback",
            ["Stakeholder", "Score", "Comment"],
            feedback_rows,
            summary=feedback_summary,
            save=records.FEEDBACK.save,
            delete=records.FEEDBACK.delete,
            name_field="name",
            fields=lambda item, data: feedback_form(item, data),
            record=lambda d, i: _find(d.feedback, i),
            describe=lambda f: f"the feedback of {f.name}",
            item="feedback",
        ),
        Section(
            "lessons",
            "Lessons",
            ["Category", "Went well", "Did not", "Recommendation"],
            lesson_rows,
            save=records.LESSONS.save,
            delete=records.LESSONS.delete,
            fields=lambda item, data: lesson_form(item, data),
            record=lambda d, i: _find(d.lessons, i),
            describe=lambda lesson: "this lesson",
            item="lesson",
        ),
        Section(
            "history",
            "History",
            ["Date", "From", "To", "", "Reason"],
            history_rows,
            empty="No phase change recorded yet.",
        ),
        Section(
            "report", "Report", summary=lambda d, a: Text("w writes it to a file"), page=report_page
        ),
    ]
    BINDINGS = [
        Binding("w", "write_report", "Write report", id="closure.write"),
        Binding("O", "reopen", "Reopen", id="closure.reopen"),
    ]

    def compose_page(self, name: str) -> ComposeResult:
        if name == "status":
            yield Static("", classes="panel", id="completion")
            yield Static(Text("Still open", style="bold"), classes="section")
            yield Static("", classes="panel", id="open")
            yield Static(Text("Milestones reached", style="bold"), classes="section")
            yield Static("", classes="panel", id="reached")

    def load_data(self, then: Callable[[ClosureData], Any]) -> None:
        app = itpm_app(self)
        app.read(
            load_closure,
            self.project_id,
            app.today,
            then=then,
            group=self.read_group(),
            exclusive=True,
        )

    def on_data(self, data: ClosureData) -> None:
        overview = data.overview
        glyphs = itpm_app(self).glyphs
        remaining = overview.open_tasks
        text = Text("Completion  ")
        text.append_text(progress_bar(overview.percent_done, 30, self.ascii_only))
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.data is not None and self.data.project.closed_on is not None
        return super().check_action(action, parameters)

    def action_write_report(self) -> None:
        data: ClosureData | None = self.data
        if data is None:
            return
        project_id, today = self.project_id, itpm_app(self).today

        def save(session: Session, values: dict[str, Any]) -> str:
            # A file, not the database: read the report as it is now, then write it.
            return write_closure_report(session, project_id, today, values.get("path") or "")

        self.app.push_screen(
            FormScreen(
                "Write the closure report (Markdown, readable by you only)",
                [FormField("path", "File", f"{data.project.code}-closure.md")],
                FormRead(save),
            ),
            lambda path: self.notify(f"Wrote {path}", markup=False) if path else None,
        )

    def action_reopen(self) -> None:
        project_id, today = self.project_id, itpm_app(self).today

        def save(session: Session, values: dict[str, Any]) -> int:
            change = reopen_project(session, project_id, today, values.get("reason") or "")
            return id_of(change)

        def done(result: int | None) -> None:
            if result is not None:
                self.notify("Reopened: the project can be changed again.")
                self.reload()

        self.app.push_screen(
            FormScreen(
                "Reopen the project: why?",
                [FormField("reason", "Reason", "", "multiline")],
                FormWrite("reopen the project", save),
            ),
            done,
        )


def feedback_form(item: Any, data: ClosureData) -> list[FormField]:
    record = item
    holder = None
    if record is not None:
        holder = next((i for i, n in data.stakeholders if n == record.name), None)
    return [
        FormField(
            "stakeholder_id",
            "Stakeholder",
            holder,
            "select",
            [(n, i) for i, n in data.stakeholders],
        ),
        select_field(
            "score", "Score 1-5", record.score if record else 3, [(str(i), i) for i in range(1, 6)]
        ),
        FormField("comment", "Comment", record.comment if record else "", "multiline"),
    ]


def lesson_form(item: Lesson | None, data: ClosureData) -> list[FormField]:
    lesson = item or Lesson(project_id=0)
    when = lesson.recorded_on or data.overview.today
    return [
        FormField("category", "Category", lesson.category, placeholder="e.g. vendor, testing"),
        FormField("went_well", "Went well", lesson.went_well, "multiline"),
        FormField("went_badly", "Did not", lesson.went_badly, "multiline"),
        FormField("recommendation", "Recommendation", lesson.recommendation, "multiline"),
        FormField("recorded_on", "Recorded on", when.isoformat(), parse=parse_date),
    ]
