"""Project alerts from a list of sources; another area adds its own with `register`.

Each source is a function (session, context) -> alerts: the plan, the board (WIP, blocked
cards), the budget, the resources, and the registers (risks past their review date, open
compliance gaps, failed quality checks, overdue issues).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from itpm_tui.models import Task, TaskStatus, WorkflowColumn
from itpm_tui.services.shared.parsing import format_money

HIGH, MEDIUM = "high", "medium"


@dataclass(frozen=True)
class Alert:
    """Something that needs the manager; `target` and `target_id` say where it leads."""

    source: str
    severity: str
    text: str
    target: str  # task, board, budget, resources, risk, compliance, quality, log, kpis
    target_id: int | None = None


@dataclass(frozen=True)
class AlertContext:
    """What the dashboard already computed, so that sources need not read it again."""

    project_id: int
    status_date: date
    tasks: list[Any]  # TaskFacts of the project
    baseline_finish: dict[int, date] = field(default_factory=dict)
    budget: Any = None  # BudgetSummary
    over_allocated: list[Any] = field(default_factory=list)  # OverAllocation
    currency: str = ""
    kpis: list[Any] = field(default_factory=list)  # kpis.Kpi, as the dashboard shows them


AlertSource = Callable[[Session, AlertContext], list[Alert]]


def overdue_tasks(_: Session, ctx: AlertContext) -> list[Alert]:
    late = [
        t
        for t in ctx.tasks
        if t.is_leaf
        and not t.is_milestone
        and t.status != TaskStatus.DONE.value
        and t.finish is not None
        and t.finish < ctx.status_date
    ]
    return [
        Alert(
            "overdue",
            HIGH if (ctx.status_date - t.finish).days > 7 else MEDIUM,
            f"Overdue {(ctx.status_date - t.finish).days} d: {t.title}",
            "task",
            t.id,
        )
        for t in sorted(late, key=lambda t: t.finish)
    ]


def slipped_milestones(_: Session, ctx: AlertContext) -> list[Alert]:
    alerts: list[Alert] = []
    for t in ctx.tasks:
        if not t.is_milestone:
            continue
        planned = ctx.baseline_finish.get(t.id)
        if planned is None:
            continue
        done = t.status == TaskStatus.DONE.value
        forecast = (t.actual_finish or t.finish) if done else t.finish
        if forecast is not None and forecast > planned:
            slip = (forecast - planned).days
            alerts.append(
                Alert(
                    "milestone",
                    HIGH if not done else MEDIUM,
                    f"Milestone slipped {slip} d vs baseline: {t.title}",
                    "task",
                    t.id,
                )
            )
        elif not done and planned < ctx.status_date:
            alerts.append(
                Alert(
                    "milestone", HIGH, f"Milestone past its baseline date: {t.title}", "task", t.id
                )
            )
    return alerts


def wip_over_limit(session: Session, ctx: AlertContext) -> list[Alert]:
    counts = session.exec(
        select(
            WorkflowColumn.id,
            WorkflowColumn.name,
            WorkflowColumn.wip_limit,
            func.count(col(Task.id)),
        )
        .join(Task, col(Task.column_id) == col(WorkflowColumn.id))
        .where(
            WorkflowColumn.project_id == ctx.project_id, col(WorkflowColumn.wip_limit).is_not(None)
        )
        .group_by(col(WorkflowColumn.id))
    ).all()
    return [
        Alert("wip", MEDIUM, f"WIP over limit in {name}: {n} of {limit}", "board", cid)
        for cid, name, limit, n in counts
        if limit is not None and n > limit
    ]


def over_allocation(_: Session, ctx: AlertContext) -> list[Alert]:
    alerts = []
    for over in ctx.over_allocated:
        hours = round(over.load)
        cap = round(over.capacity)
        alerts.append(
            Alert(
                "allocation",
                MEDIUM,
                f"{over.name} over-allocated week of {over.week.isoformat()}: {hours} h of {cap} h",
                "resources",
                over.person_id,
            )
        )
    return alerts


def over_budget_lines(_: Session, ctx: AlertContext) -> list[Alert]:
    if ctx.budget is None:
        return []
    return [
        Alert(
            "budget",
            HIGH if line.spent > line.planned else MEDIUM,
            f"Over budget: {line.name} forecast {format_money(line.forecast)} "
            f"of {format_money(line.planned)} {ctx.currency}".rstrip(),
            "budget",
            line.line_id,
        )
        for line in ctx.budget.over_budget
    ]


def risks_past_review(session: Session, ctx: AlertContext) -> list[Alert]:
    from itpm_tui.services.registers.risk_records import risks_past_review as late_reviews

    return [
        Alert(
            "risk",
            HIGH if risk.score >= 15 else MEDIUM,
            f"Risk review {risk.days_late} d late: {risk.title} (score {risk.score})",
            "risk",
            risk.id,
        )
        for risk in late_reviews(session, ctx.project_id, ctx.status_date)
    ]


def compliance_gaps(session: Session, ctx: AlertContext) -> list[Alert]:
    from itpm_tui.services.registers.compliance import open_compliance_gaps

    alerts = []
    for gap in open_compliance_gaps(session, ctx.project_id):
        late = gap.due is not None and gap.due < ctx.status_date
        due = f", remediation due {gap.due.isoformat()}" if gap.due else ""
        alerts.append(
            Alert(
                "compliance",
                HIGH if late else MEDIUM,
                f"Compliance gap {gap.framework} {gap.ref}: {gap.title}{due}",
                "compliance",
                gap.requirement_id,
            )
        )
    return alerts


def uptime_below_target(_: Session, ctx: AlertContext) -> list[Alert]:
    """The system was down more than its target allows (KPI screen: targets and downtime)."""
    from itpm_tui.services.monitoring.kpis import AMBER, RED

    return [
        Alert(
            "uptime",
            HIGH if k.health == RED else MEDIUM,
            f"Uptime {k.value}% below its target {k.target:.2f}%: {k.reason}",
            "kpis",
        )
        for k in ctx.kpis
        if k.key == "uptime" and k.health in (RED, AMBER)
    ]


def blocked_cards(session: Session, ctx: AlertContext) -> list[Alert]:
    """Cards flagged blocked on the board and not done: work that waits on someone."""
    rows = session.exec(
        select(Task.id, Task.title).where(
            Task.project_id == ctx.project_id,
            col(Task.blocked).is_(True),
            Task.status != TaskStatus.DONE.value,
        )
    ).all()
    return [Alert("blocked", MEDIUM, f"Blocked: {title}", "task", tid) for tid, title in rows]


def failed_quality_checks(session: Session, ctx: AlertContext) -> list[Alert]:
    """Checks of the quality plan that failed (high) or passed only in part (medium)."""
    from itpm_tui.models import QualityCheck

    rows = session.exec(
        select(QualityCheck.id, QualityCheck.title, QualityCheck.result)
        .where(
            QualityCheck.project_id == ctx.project_id,
            col(QualityCheck.result).in_(("fail", "partial")),
        )
        .order_by(col(QualityCheck.id))
    ).all()
    return [
        Alert(
            "quality",
            HIGH if result == "fail" else MEDIUM,
            f"Quality check {'failed' if result == 'fail' else 'passed in part'}: {title}",
            "quality",
            cid,
        )
        for cid, title, result in rows
    ]


def overdue_issues(session: Session, ctx: AlertContext) -> list[Alert]:
    """Issues of the log still open after their due date, as of the status date."""
    from itpm_tui.models import LogEntry
    from itpm_tui.services.registers.issue_log import DONE

    rows = session.exec(
        select(col(LogEntry.id), LogEntry.description, col(LogEntry.due))
        .where(
            LogEntry.project_id == ctx.project_id,
            LogEntry.kind == "issue",
            col(LogEntry.status).not_in(DONE),
            col(LogEntry.due).is_not(None),
            col(LogEntry.due) < ctx.status_date,
            LogEntry.raised <= ctx.status_date,
        )
        .order_by(col(LogEntry.due))
    ).all()
    return [
        Alert(
            "issue",
            HIGH if (ctx.status_date - due).days > 7 else MEDIUM,
            f"Issue overdue {(ctx.status_date - due).days} d: {text}",
            "log",
            iid,
        )
        for iid, text, due in rows
        if due is not None  # the query keeps only issues with a due date
    ]


ALERT_SOURCES: list[AlertSource] = [
    overdue_tasks,
    slipped_milestones,
    wip_over_limit,
    blocked_cards,
    over_allocation,
    over_budget_lines,
    risks_past_review,
    compliance_gaps,
    failed_quality_checks,
    overdue_issues,
    uptime_below_target,
]


def register(source: AlertSource) -> AlertSource:
    """Add a source (usable as a decorator); registering twice adds it once."""
    if source not in ALERT_SOURCES:
        ALERT_SOURCES.append(source)
    return source


def project_alerts(session: Session, ctx: AlertContext) -> list[Alert]:
    """Every source's alerts, the high ones first, in source order otherwise."""
    alerts: list[Alert] = []
    for source in ALERT_SOURCES:
        alerts.extend(source(session, ctx))
    return sorted(alerts, key=lambda a: a.severity != HIGH)
