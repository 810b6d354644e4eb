"""Phase gates: the criteria between phases (pure rules), the facts they read, and the move.

Rules per gate (what `unmet_criteria` checks):
- Initiation -> Planning: a charter with its business need, at least one goal, at least one
  stakeholder whose approval is required, and every required approval given (latest
  decision "approve").
- Planning -> Execution: a saved schedule baseline and a budget: at least one budget line
  with a planned amount (Monitoring's budget screen).
- Execution -> Monitoring & Control: work has started (a task in progress, in review or
  done); agile projects also need a sprint.
- Monitoring & Control -> Closure: waterfall and hybrid: every task and milestone is done;
  agile: nothing is in progress or in review and at least one task is done (a left-over
  backlog goes to operations with the handover).
- Closure -> closed: every deliverable accepted or waived (at least one deliverable), a
  handover checklist with every item done, no risk left open (closed is the only end of a
  risk), no issue unresolved, and not before the project's start date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from itpm_tui.models import (
    Baseline,
    BudgetLine,
    Deliverable,
    DeliverableState,
    Goal,
    HandoverItem,
    LogEntry,
    Methodology,
    Phase,
    PhaseChange,
    Project,
    Risk,
    Sprint,
    TaskStatus,
    phase_label,
)
from itpm_tui.services.lifecycle.documents import ensure_open, get_charter
from itpm_tui.services.lifecycle.stakeholders import list_stakeholders, missing_approvals
from itpm_tui.services.planning.completion import open_work
from itpm_tui.services.planning.tasks import list_task_rows
from itpm_tui.services.registers.issue_log import DONE as ISSUE_DONE
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.records import fetch, touch
from itpm_tui.services.shared.text import clean_text

CLOSED = "closed"
ORDER = [p.value for p in Phase]


def next_phase(phase: str) -> str:
    """The phase after this one; after Closure the project is closed."""
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else CLOSED


def stage_label(value: str) -> str:
    return "closed" if value == CLOSED else phase_label(value)


@dataclass(frozen=True)
class GateFacts:
    """What the gate rules look at; plain values, so the rules are tested without a database."""

    phase: str
    methodology: str = Methodology.WATERFALL.value
    has_business_need: bool = False
    goals: int = 0
    approvers: int = 0
    missing_approvals: list[str] = field(default_factory=list)
    has_baseline: bool = False
    has_budget: bool = False
    sprints: int = 0
    tasks_started: int = 0  # in progress, in review or done
    tasks_active: int = 0  # in progress or in review
    tasks_done: int = 0
    tasks_open: int = 0  # anything not done, milestones included
    deliverables: int = 0
    deliverables_open: list[str] = field(default_factory=list)
    handover_items: int = 0
    handover_open: list[str] = field(default_factory=list)
    risks_open: list[str] = field(default_factory=list)
    issues_open: list[str] = field(default_factory=list)
    start: date | None = None
    today: date | None = None


def initiation_to_planning(f: GateFacts) -> list[str]:
    unmet = []
    if not f.has_business_need:
        unmet.append("the charter states no business need")
    if f.goals == 0:
        unmet.append("the charter has no goals")
    if f.approvers == 0:
        unmet.append("no stakeholder's approval is required (mark the sponsor's)")
    if f.missing_approvals:
        unmet.append("approval missing from " + ", ".join(f.missing_approvals))
    return unmet


def planning_to_execution(f: GateFacts) -> list[str]:
    unmet = []
    if not f.has_baseline:
        unmet.append("no schedule baseline has been saved")
    if not f.has_budget:
        unmet.append("there is no budget (no budget line with a planned amount)")
    return unmet


def execution_to_monitoring(f: GateFacts) -> list[str]:
    unmet = []
    if f.tasks_started == 0:
        unmet.append("no work has started (no task in progress, in review or done)")
    if f.methodology == Methodology.AGILE.value and f.sprints == 0:
        unmet.append("no sprint has been planned")
    return unmet


def monitoring_to_closure(f: GateFacts) -> list[str]:
    if f.methodology == Methodology.AGILE.value:
        unmet = []
        if f.tasks_active:
            unmet.append(f"{f.tasks_active} task(s) still in progress or in review")
        if f.tasks_done == 0:
            unmet.append("nothing has been done yet")
        return unmet
    if f.tasks_open:
        return [f"{f.tasks_open} task(s) or milestone(s) not done"]
    return []


def closure_to_closed(f: GateFacts) -> list[str]:
    unmet = []
    if f.deliverables == 0:
        unmet.append("the charter lists no deliverables")
    if f.deliverables_open:
        unmet.append("not accepted or waived: " + ", ".join(f.deliverables_open))
    if f.handover_items == 0:
        unmet.append("the handover checklist is empty")
    if f.handover_open:
        unmet.append("handover not done: " + ", ".join(f.handover_open))
    if f.risks_open:
        unmet.append("risks still open: " + ", ".join(f.risks_open))
    if f.issues_open:
        unmet.append("issues not resolved: " + ", ".join(f.issues_open))
    if f.start is not None and f.today is not None and f.today < f.start:
        unmet.append(
            f"the project starts on {f.start.isoformat()}: closing it before it starts "
            "needs an override"
        )
    return unmet


RULES = {
    Phase.INITIATION.value: initiation_to_planning,
    Phase.PLANNING.value: planning_to_execution,
    Phase.EXECUTION.value: execution_to_monitoring,
    Phase.MONITORING.value: monitoring_to_closure,
    Phase.CLOSURE.value: closure_to_closed,
}


def unmet_criteria(facts: GateFacts) -> list[str]:
    """The criteria of the gate out of `facts.phase` that are not met (empty: it may pass)."""
    return RULES[facts.phase](facts)


# --- reading the facts ------------------------------------------------------------------------


def _count(session: Session, query: SelectOfScalar[int]) -> int:
    return int(session.exec(query).one())


def load_facts(
    session: Session, project: Project, has_budget: bool | None = None, today: date | None = None
) -> GateFacts:
    """The facts of one project as of `today`; `has_budget`, when given, stands for the
    budget lines."""
    pid = project.id
    charter = get_charter(session, pid)  # type: ignore[arg-type]
    holders = list_stakeholders(session, pid)  # type: ignore[arg-type]
    # Summaries take their status from their sub-tasks and carry no work of their own:
    # only tasks and milestones count, as on the Closure screen (completion.open_work).
    rows = [r for r in list_task_rows(session, pid) if not r.is_summary]  # type: ignore[arg-type]
    active = sum(r.status in (TaskStatus.IN_PROGRESS.value, TaskStatus.REVIEW.value) for r in rows)
    done = sum(r.status == TaskStatus.DONE.value for r in rows)
    deliverables = session.exec(select(Deliverable).where(Deliverable.project_id == pid)).all()
    handover = session.exec(select(HandoverItem).where(HandoverItem.project_id == pid)).all()
    if has_budget is None:
        planned = (
            select(func.count())
            .select_from(BudgetLine)
            .where(BudgetLine.project_id == pid, col(BudgetLine.planned_cents) > 0)
        )
        has_budget = _count(session, planned) > 0
    return GateFacts(
        phase=project.phase,
        methodology=project.methodology,
        has_business_need=bool(charter and charter.business_need.strip()),
        goals=_count(session, select(func.count()).select_from(Goal).where(Goal.project_id == pid)),
        approvers=sum(1 for h in holders if h.approval_required),
        missing_approvals=missing_approvals(holders),
        has_baseline=_count(
            session, select(func.count()).select_from(Baseline).where(Baseline.project_id == pid)
        )
        > 0,
        has_budget=has_budget,
        sprints=_count(
            session, select(func.count()).select_from(Sprint).where(Sprint.project_id == pid)
        ),
        tasks_started=active + done,
        tasks_active=active,
        tasks_done=done,
        tasks_open=len(open_work(rows)),
        deliverables=len(deliverables),
        deliverables_open=[d.name for d in deliverables if d.state == DeliverableState.OPEN.value],
        handover_items=len(handover),
        handover_open=[h.title for h in handover if not h.done],
        risks_open=[
            _short(r.title)
            for r in session.exec(
                select(Risk).where(Risk.project_id == pid, Risk.status != "closed")
            )
        ],
        issues_open=[
            _short(e.description)
            for e in session.exec(
                select(LogEntry).where(
                    LogEntry.project_id == pid,
                    LogEntry.kind == "issue",
                    col(LogEntry.status).not_in(ISSUE_DONE),
                )
            )
        ],
        start=project.start,
        today=today or date.today(),
    )


def _short(text: str, width: int = 40) -> str:
    """A register entry named in a criterion: one line, cut to a readable length."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 3] + "..."


@dataclass(frozen=True)
class GateCheck:
    project_id: int
    code: str
    from_phase: str
    to_phase: str
    unmet: list[str]

    @property
    def title(self) -> str:
        return f"{self.code}: {stage_label(self.from_phase)} -> {stage_label(self.to_phase)}"


def check_gate(session: Session, project_id: int, today: date | None = None) -> GateCheck:
    project = ensure_open(session, project_id)
    facts = load_facts(session, project, today=today)
    return GateCheck(
        project_id, project.code, project.phase, next_phase(project.phase), unmet_criteria(facts)
    )


class GateBlocked(ItpmError):
    """The gate's criteria are not met and no override reason was given."""

    def __init__(self, check: GateCheck) -> None:
        self.check = check
        super().__init__(
            f"{check.title} is blocked: " + "; ".join(check.unmet) + ". Give a reason to override."
        )


def advance_phase(
    session: Session, project_id: int, today: date, reason: str = "", *, override: bool = False
) -> PhaseChange:
    """Move the project through its next gate (or close it), recording the change.

    With unmet criteria the move needs `override` and a written reason.
    """
    check = check_gate(session, project_id, today)
    text = clean_text(reason, multiline=True)
    if check.unmet and not override:
        raise GateBlocked(check)
    if check.unmet and not text:
        raise ValidationError({"reason": "an override needs a written reason"})
    project = fetch(session, Project, project_id, "project")
    change = PhaseChange(
        project_id=project_id,
        from_phase=project.phase,
        to_phase=check.to_phase,
        changed_on=today,
        reason=text,
        overridden=bool(check.unmet),
    )
    if check.to_phase == CLOSED:
        project.closed_on = today
    else:
        project.phase = check.to_phase
        project.phase_entered_on = today
    touch(project)
    session.add(project)
    session.add(change)
    session.flush()
    return change


def reopen_project(session: Session, project_id: int, today: date, reason: str) -> PhaseChange:
    """Open a closed project again (in Closure); a reason is required."""
    project = fetch(session, Project, project_id, "project")
    if project.closed_on is None:
        raise ItpmError(f"{project.code} is not closed.")
    text = clean_text(reason, multiline=True)
    if not text:
        raise ValidationError({"reason": "say why the project is reopened"})
    change = PhaseChange(
        project_id=project_id,
        from_phase=CLOSED,
        to_phase=project.phase,
        changed_on=today,
        reason=text,
    )
    project.closed_on = None
    touch(project)
    session.add(project)
    session.add(change)
    session.flush()
    return change


def record_manual_change(session: Session, project: Project, from_phase: str, today: date) -> None:
    """A phase set by hand in the project form: recorded, marked as an override."""
    session.add(
        PhaseChange(
            project_id=project.id,  # type: ignore[arg-type]
            from_phase=from_phase,
            to_phase=project.phase,
            changed_on=today,
            reason="phase set in the project form",
            overridden=True,
        )
    )


def phase_history(session: Session, project_id: int) -> list[PhaseChange]:
    return list(
        session.exec(
            select(PhaseChange)
            .where(PhaseChange.project_id == project_id)
            .order_by(PhaseChange.changed_on, PhaseChange.id)  # type: ignore[arg-type]
        )
    )
