"""Every project's health by rules on schedule, cost, risk and quality, with the reason:
from the plan, the money and every register, by the manager's thresholds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from itpm_tui.models import (
    Baseline,
    BaselineTask,
    BudgetLine,
    Expense,
    Person,
    Project,
    SatisfactionScore,
    Task,
    TaskStatus,
    TimeEntry,
)
from itpm_tui.services.monitoring.budget import line_forecast
from itpm_tui.services.monitoring.health import (
    AMBER,
    GREEN,
    RANK,
    RED,
    Rule,
    area_rule,
    combine,
    rate_areas,
)
from itpm_tui.services.monitoring.health_thresholds import all_limits, merged
from itpm_tui.services.monitoring.register_health import register_indicators
from itpm_tui.services.shared.query import select_columns

__all__ = ["AMBER", "GREEN", "RANK", "RED", "Rule", "combine"]


@dataclass(frozen=True)
class ProjectHealth:
    id: int
    code: str
    name: str
    phase: str
    currency: str
    health: str
    reason: str
    schedule: str
    cost: str
    risk: str
    quality: str
    slip_days: int
    planned: int
    spent: int
    forecast: int
    kpis: str = GREEN  # rated where KPIs are known: a project's dashboard and report
    # Every dimension's reason, not only the worst one's: "" when the dimension is green.
    reasons: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cost_indicators(planned: int, forecast: int, spent: int) -> dict[str, Any]:
    """Forecast overrun as a share of the plan; spending with no plan at all."""
    if planned == 0:
        return {"unbudgeted_spend": spent}
    return {"forecast_over": Fraction(forecast - planned, planned)}


def schedule_rule(slip_days: int, slipped_milestones: int, overdue: int) -> Rule:
    return area_rule(
        "schedule",
        {
            "slip_days": slip_days,
            "slipped_milestones": slipped_milestones,
            "overdue_tasks": overdue,
        },
    )


def cost_rule(planned: int, forecast: int, spent: int) -> Rule:
    rule = area_rule("cost", cost_indicators(planned, forecast, spent))
    if planned == 0 and rule.health == GREEN:
        return Rule("cost", GREEN, "no budget yet")
    return rule


def risk_rule(manager_rating: str, blocked: int) -> Rule:
    # The manager's own rating stands in for the risk register until it is recorded here.
    return area_rule(
        "risk", {"manager_rating": RANK.get(manager_rating, 0), "blocked_tasks": blocked}
    )


def quality_rule(open_defects: int, satisfaction: Fraction | None) -> Rule:
    return area_rule("quality", {"open_defects": open_defects, "satisfaction": satisfaction})


def _grouped(session: Session, query: Any) -> dict[int, Any]:
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in session.exec(query).all()}


@dataclass(frozen=True)
class TaskFigures:
    """What a project's tasks say about its health."""

    last_finish: date | None
    overdue: int  # open work (not milestones, not summaries) past its finish
    blocked: int  # open and blocked


NO_TASKS = TaskFigures(None, 0, 0)


def task_figures(
    session: Session, today: date, project_id: int | None = None
) -> dict[int, TaskFigures]:
    """Per project, in one pass over the tasks (a large portfolio has tens of thousands)."""
    open_task = col(Task.status) != TaskStatus.DONE.value
    # Summaries roll up from their tasks: only the work itself is overdue.
    summaries = select(Task.parent_id).where(col(Task.parent_id).is_not(None))
    query = select(
        Task.project_id,
        func.max(Task.finish),
        func.sum(
            case(
                (
                    and_(
                        open_task,
                        ~col(Task.is_milestone),
                        col(Task.finish) < today,
                        col(Task.id).not_in(summaries),
                    ),
                    1,
                ),
                else_=0,
            )
        ),
        func.sum(case((and_(col(Task.blocked), open_task), 1), else_=0)),
    ).group_by(col(Task.project_id))
    if project_id is not None:
        query = query.where(col(Task.project_id) == project_id)
    return {
        pid: TaskFigures(finish, int(overdue or 0), int(blocked or 0))
        for pid, finish, overdue, blocked in session.exec(query).all()
    }


def portfolio_health(
    session: Session,
    today: date,
    project_id: int | None = None,
    extra: dict[str, Any] | None = None,
    *,
    extra_by_project: dict[int, dict[str, Any]] | None = None,
) -> list[ProjectHealth]:
    """One row per project (or the one asked for), in a fixed number of grouped queries.

    `extra`: more indicators of the one project asked for (SPI, CPI, red KPIs), which only
    its dashboard computes; `extra_by_project`: the same for several projects. The rules
    in health_rules rate them with the rest.
    """

    def only(query: Any, column: Any) -> Any:
        return query if project_id is None else query.where(column == project_id)

    projects = session.exec(
        only(
            select_columns(
                Project.id,
                Project.code,
                Project.name,
                Project.phase,
                Project.currency,
                Project.health,
                Project.target_finish,
            ),
            Project.id,
        ).order_by(col(Project.code))
    ).all()
    figures = task_figures(session, today, project_id)
    registers = register_indicators(session, today, project_id)
    portfolio_limits, own_limits = all_limits(session)
    latest = select(func.max(Baseline.id).label("id")).group_by(col(Baseline.project_id)).subquery()
    slipped = _grouped(
        session,
        only(select(Task.project_id, func.count()), Task.project_id)
        .join(BaselineTask, col(BaselineTask.task_id) == col(Task.id))
        .join(latest, latest.c.id == BaselineTask.baseline_id)
        .where(
            col(Task.is_milestone),
            func.coalesce(Task.actual_finish, Task.finish) > BaselineTask.finish,
        )
        .group_by(Task.project_id),
    )
    satisfaction = {
        pid: Fraction(total, n)
        for pid, total, n in session.exec(
            only(
                select(
                    SatisfactionScore.project_id,
                    func.sum(SatisfactionScore.score),
                    func.count(),
                ),
                SatisfactionScore.project_id,
            ).group_by(SatisfactionScore.project_id)
        ).all()
    }
    booked = _grouped(
        session,
        only(select(Expense.line_id, func.sum(Expense.amount_cents)), Expense.project_id)
        .where(Expense.spent_on <= today)
        .group_by(Expense.line_id),
    )
    # Minutes times the hourly rate is an exact integer in SQLite; divided by 60 once here.
    labour: dict[int, Fraction] = {
        pid: Fraction(int(total or 0), 60)
        for pid, total in session.exec(
            only(
                select(
                    TimeEntry.project_id,
                    func.sum(TimeEntry.minutes * Person.cost_rate_cents),
                ),
                TimeEntry.project_id,
            )
            .join(Person, col(Person.id) == col(TimeEntry.person_id))
            .where(TimeEntry.worked_on <= today)
            .group_by(TimeEntry.project_id)
        ).all()
    }
    money: dict[int, list[int]] = {}
    labour_done: set[int] = set()
    for line in session.exec(
        only(
            select_columns(
                BudgetLine.id,
                BudgetLine.project_id,
                BudgetLine.category,
                BudgetLine.planned_cents,
                BudgetLine.committed_cents,
                BudgetLine.actual_cents,
            ),
            BudgetLine.project_id,
        ).order_by(col(BudgetLine.id))
    ):
        spent = line.actual_cents + int(booked.get(line.id, 0) or 0)
        if line.category == "labour" and line.project_id not in labour_done:
            spent += round(labour.get(line.project_id, 0))
            labour_done.add(line.project_id)
        totals = money.setdefault(line.project_id, [0, 0, 0])
        totals[0] += line.planned_cents
        totals[1] += spent
        totals[2] += line_forecast(line.planned_cents, line.committed_cents, spent)
    for pid, cost in labour.items():
        if pid not in labour_done:
            totals = money.setdefault(pid, [0, 0, 0])
            totals[1] += round(cost)
            totals[2] += round(cost)
    rows: list[ProjectHealth] = []
    for p in projects:
        pid = p.id
        tasks = figures.get(pid, NO_TASKS)
        finish = tasks.last_finish
        slip = (finish - p.target_finish).days if finish and p.target_finish else 0
        planned, spent, forecast = money.get(pid, [0, 0, 0])
        indicators: dict[str, Any] = {
            "slip_days": slip,
            "slipped_milestones": int(slipped.get(pid, 0)),
            "overdue_tasks": tasks.overdue,
            "manager_rating": RANK.get(p.health, 0),
            "blocked_tasks": tasks.blocked,
            "critical_risks": 0,
            "overdue_issues": 0,
            "failed_checks": 0,
            "compliance_gaps": 0,
            "open_defects": 0,
            "peak_load": None,  # nobody over capacity: not rated
            **registers.get(pid, {}),
            "satisfaction": satisfaction.get(pid),
            **cost_indicators(planned, forecast, spent),
            **(extra or {}),
            **(extra_by_project or {}).get(pid, {}),
        }
        limits = merged(portfolio_limits, own_limits.get(pid))
        rules = rate_areas(indicators, limits)
        if planned == 0 and rules[1].health == GREEN:
            rules[1] = Rule("cost", GREEN, "no budget yet")
        health, reason = combine(rules)
        by_area = {r.area: r.health for r in rules}
        reasons = {r.area: "" if r.health == GREEN else r.reason for r in rules}
        rows.append(
            ProjectHealth(
                pid,
                p.code,
                p.name,
                p.phase,
                p.currency,
                health,
                reason,
                by_area["schedule"],
                by_area["cost"],
                by_area["risk"],
                by_area["quality"],
                slip,
                planned,
                spent,
                forecast,
                kpis=by_area["kpis"],
                reasons=reasons,
            )
        )
    return rows
