"""Closure: what the Closure screen shows, the closure report in Markdown, lessons search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlmodel import Session, col, or_, select

from itpm_tui.models import (
    Deliverable,
    Feedback,
    Goal,
    HandoverItem,
    Lesson,
    Person,
    PhaseChange,
    Project,
    Stakeholder,
)
from itpm_tui.services.lifecycle.documents import get_charter, list_records
from itpm_tui.services.lifecycle.gates import (
    load_facts,
    next_phase,
    phase_history,
    stage_label,
    unmet_criteria,
)
from itpm_tui.services.portfolio.overview import ProjectOverview, project_overview
from itpm_tui.services.shared.files import write_private
from itpm_tui.services.shared.text import clean_text, terminal_safe

RESULT_LABELS = {"": "not checked", "met": "met", "partly": "partly met", "not-met": "not met"}


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    name: str
    score: int
    comment: str


@dataclass(frozen=True)
class ClosureData:
    overview: ProjectOverview
    deliverables: list[Deliverable]
    goals: list[Goal]
    handover: list[HandoverItem]
    feedback: list[FeedbackRow]
    lessons: list[Lesson]
    history: list[PhaseChange]
    stakeholders: list[tuple[int, str]]  # (stakeholder id, name) for the feedback form
    gate_unmet: list[str]
    gate_to: str
    report: str

    @property
    def project(self) -> Project:
        return self.overview.project


def average_score(scores: list[int]) -> Decimal | None:
    """The mean of 1-5 scores to one decimal; None without any."""
    if not scores:
        return None
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    # Half up, as people round by hand: 3.25 reads 3.3.
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def list_feedback(session: Session, project_id: int) -> list[FeedbackRow]:
    rows = session.exec(
        select(Feedback, Person.name)
        .join(Stakeholder, col(Stakeholder.id) == col(Feedback.stakeholder_id), isouter=True)
        .join(Person, col(Person.id) == col(Stakeholder.person_id), isouter=True)
        .where(Feedback.project_id == project_id)
        .order_by(col(Feedback.id))
    ).all()
    return [
        FeedbackRow(f.id, name or "(anonymous)", f.score, f.comment)  # type: ignore[arg-type]
        for f, name in rows
    ]


def load_closure(session: Session, project_id: int, today: date) -> ClosureData:
    overview = project_overview(session, project_id, today)
    project = overview.project
    holders = session.exec(
        select(Stakeholder.id, Person.name)
        .join(Person, col(Person.id) == col(Stakeholder.person_id))
        .where(Stakeholder.project_id == project_id)
        .order_by(col(Person.name))
    ).all()
    gate_unmet: list[str] = []
    gate_to = ""
    if project.closed_on is None:
        gate_unmet = unmet_criteria(load_facts(session, project, today=today))
        gate_to = next_phase(project.phase)
    data = ClosureData(
        overview=overview,
        deliverables=list_records(session, Deliverable, project_id),
        goals=list_records(session, Goal, project_id),
        handover=list_records(session, HandoverItem, project_id),
        feedback=list_feedback(session, project_id),
        lessons=list_records(session, Lesson, project_id),
        history=phase_history(session, project_id),
        stakeholders=[(int(i), n) for i, n in holders],  # type: ignore[arg-type]
        gate_unmet=gate_unmet,
        gate_to=gate_to,
        report="",
    )
    return ClosureData(**{**data.__dict__, "report": closure_report(session, data, today)})


# --- the report -----------------------------------------------------------------------------


def _md(text: str) -> str:
    """User text inside Markdown: one line, no control characters, table pipes escaped."""
    return clean_text(text).replace("|", "\\|")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md(cell) or "-" for cell in row) + " |" for row in rows]
    return lines


def closure_report(session: Session, data: ClosureData, today: date) -> str:
    """The closure report in Markdown, built from the records of the project."""
    project = data.project
    charter = get_charter(session, project.id)  # type: ignore[arg-type]
    out = [f"# Closure report: {_md(project.code)} {_md(project.name)}", ""]
    state = (
        f"closed on {project.closed_on.isoformat()}"
        if project.closed_on
        else f"in {stage_label(project.phase)}"
    )
    out += [
        f"- Sponsor: {_md(project.sponsor) or '-'}",
        f"- Manager: {_md(data.overview.manager) or '-'}",
        f"- Start: {project.start.isoformat() if project.start else '-'}",
        f"- State: {state}; report of {today.isoformat()}",
        f"- Work done: {data.overview.percent_done}% "
        f"({data.overview.done_count}/{len(data.overview.work_tasks)} tasks)",
        "",
    ]
    if charter and charter.business_need:
        out += ["## Business need", "", _md(charter.business_need), ""]
    out += ["## Goals: final check", ""]
    if data.goals:
        out += _table(
            ["Goal", "Target", "Result", "Evidence"],
            [
                [g.title, g.target, RESULT_LABELS.get(g.result, g.result), g.evidence]
                for g in data.goals
            ],
        )
    else:
        out.append("No goals were set.")
    out += ["", "## Deliverables", ""]
    if data.deliverables:
        out += _table(
            ["Deliverable", "State", "Accepted by", "On", "Notes"],
            [
                [
                    d.name,
                    d.state,
                    d.accepted_by,
                    d.accepted_on.isoformat() if d.accepted_on else "",
                    d.notes,
                ]
                for d in data.deliverables
            ],
        )
    else:
        out.append("No deliverables were listed.")
    out += ["", "## Handover to operations", ""]
    if data.handover:
        out += [
            f"- [{'x' if h.done else ' '}] {_md(h.title)} (owner: {_md(h.owner) or 'none'})"
            for h in data.handover
        ]
    else:
        out.append("No handover checklist.")
    out += ["", "## Stakeholder feedback", ""]
    average = average_score([f.score for f in data.feedback])
    if data.feedback:
        out.append(f"Average satisfaction: {average} / 5 from {len(data.feedback)} answer(s).")
        out.append("")
        out += _table(
            ["Stakeholder", "Score", "Comment"],
            [[f.name, str(f.score), f.comment] for f in data.feedback],
        )
    else:
        out.append("No feedback yet.")
    out += ["", "## Lessons learned", ""]
    for lesson in data.lessons:
        out.append(f"### {_md(lesson.category) or 'general'}")
        out.append(f"- Went well: {_md(lesson.went_well) or '-'}")
        out.append(f"- Did not: {_md(lesson.went_badly) or '-'}")
        out.append(f"- Recommendation: {_md(lesson.recommendation) or '-'}")
        out.append("")
    if not data.lessons:
        out += ["No lessons recorded.", ""]
    out += ["## Next steps", ""]
    next_steps = charter.next_steps if charter else ""
    open_items = [h.title for h in data.handover if not h.done]
    open_items += [d.name for d in data.deliverables if d.state == "open"]
    if next_steps:
        out.append(_md(next_steps))
    if open_items:
        out.append("Still open: " + ", ".join(_md(i) for i in open_items) + ".")
    if not next_steps and not open_items:
        out.append("None.")
    out += ["", "## Phase history", ""]
    if data.history:
        out += _table(
            ["Date", "From", "To", "Reason"],
            [
                [
                    c.changed_on.isoformat(),
                    stage_label(c.from_phase),
                    stage_label(c.to_phase),
                    c.reason + (" (override)" if c.overridden else ""),
                ]
                for c in data.history
            ],
        )
    else:
        out.append("No phase changes recorded.")
    return "\n".join(out).rstrip() + "\n"


def write_report(path: Path, text: str) -> Path:
    """The closure report into a private file, control characters stripped."""
    return write_private(path, terminal_safe(text))


def write_closure_report(session: Session, project_id: int, today: date, path_text: str) -> str:
    """The project's closure report as it is now, written to the file typed in a form;
    a missing or unusable name is said beside the field (ValidationError on "path")."""
    from itpm_tui.services.shared.errors import ItpmError, ValidationError

    raw = path_text.strip()
    if not raw:
        raise ValidationError({"path": "a file name is required"})
    report = load_closure(session, project_id, today).report
    try:
        return str(write_report(Path(raw), report))
    except ItpmError as exc:  # a folder, no such folder: said beside the field
        raise ValidationError({"path": str(exc)}) from None


# --- lessons across projects ------------------------------------------------------------------


@dataclass(frozen=True)
class LessonRow:
    id: int
    code: str
    category: str
    went_well: str
    went_badly: str
    recommendation: str
    recorded_on: date | None


def search_lessons(session: Session, words: str = "", limit: int = 500) -> list[LessonRow]:
    """Lessons of every project whose text, category or project code holds every word."""
    query = select(Lesson, Project.code).join(Project, col(Project.id) == col(Lesson.project_id))
    for word in clean_text(words).split():
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                col(Lesson.category).ilike(pattern),
                col(Lesson.went_well).ilike(pattern),
                col(Lesson.went_badly).ilike(pattern),
                col(Lesson.recommendation).ilike(pattern),
                col(Project.code).ilike(pattern),
            )
        )
    query = query.order_by(col(Lesson.recorded_on).desc(), col(Lesson.id).desc()).limit(limit)
    return [
        LessonRow(
            lesson.id,  # type: ignore[arg-type]
            code,
            lesson.category,
            lesson.went_well,
            lesson.went_badly,
            lesson.recommendation,
            lesson.recorded_on,
        )
        for lesson, code in session.exec(query)
    ]
