"""Every project's health by rules on schedule, cost, risk and quality, with the reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, case, func, or_
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
from itpm_tui.services.budget import line_forecast

GREEN, AMBER, RED = "green", "amber", "red"
RANK = {GREEN: 0, AMBER: 1, RED: 2}


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Rule:
    area: str
    health: str
    reason: str


def schedule_rule(slip_days: int, slipped_milestones: int, overdue: int) -> Rule:
    if slip_days > 10 or slipped_milestones >= 2:
        why = (
            f"finish {slip_days} d past target"
            if slip_days > 10
            else f"{slipped_milestones} milestones slipped"
        )
        return Rule("schedule", RED, why)
    if slip_days > 0 or slipped_milestones or overdue:
        parts = []
        if slip_days > 0:
            parts.append(f"finish {slip_days} d past target")
        if slipped_milestones:
            parts.append("1 milestone slipped")
        if overdue:
            parts.append(f"{overdue} tasks overdue")
        return Rule("schedule", AMBER, ", ".join(parts))
    return Rule("schedule", GREEN, "on schedule")


def cost_rule(planned: int, forecast: int, spent: int) -> Rule:
    if planned == 0:
        return Rule(
            "cost",
            AMBER if spent else GREEN,
            "spending without a budget" if spent else "no budget yet",
        )
    over = Fraction(forecast - planned, planned)
    if over > Fraction(1, 10):
        return Rule("cost", RED, f"forecast {round(100 * over)}% over budget")
    if over > 0:
        return Rule("cost", AMBER, f"forecast {round(100 * over)}% over budget")
    return Rule("cost", GREEN, "within budget")


def risk_rule(manager_rating: str, blocked: int) -> Rule:
    # The manager's own rating stands in for the risk register until it is recorded here.
    if manager_rating == RED:
        return Rule("risk", RED, "rated red by the manager")
    if manager_rating == AMBER or blocked >= 3:
        why = (
            "rated amber by the manager" if manager_rating == AMBER else f"{blocked} blocked tasks"
        )
        return Rule("risk", AMBER, why)
    return Rule("risk", GREEN, "no risk raised")


def quality_rule(open_defects: int, satisfaction: Fraction | None) -> Rule:
    if open_defects >= 8 or (satisfaction is not None and satisfaction < 3):
        why = f"{open_defects} open defects" if open_defects >= 8 else "satisfaction below 3/5"
        return Rule("quality", RED, why)
    if open_defects >= 3 or (satisfaction is not None and satisfaction < Fraction(7, 2)):
        why = f"{open_defects} open defects" if open_defects >= 3 else "satisfaction below 3.5/5"
        return Rule("quality", AMBER, why)
    return Rule("quality", GREEN, "no quality concern")


def combine(rules: list[Rule]) -> tuple[str, str]:
    worst = max(rules, key=lambda r: RANK[r.health])
    if worst.health == GREEN:
        return GREEN, "on track"
    reasons = [f"{r.area}: {r.reason}" for r in rules if r.health == worst.health]
    return worst.health, "; ".join(reasons)


def _grouped(session: Session, query: Any) -> dict[int, Any]:
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in session.exec(query).all()}


@dataclass(frozen=True)
class TaskFigures:
    """What a project's tasks say about its health."""

    last_finish: date | None
    overdue: int  # open work (not milestones, not summaries) past its finish
    blocked: int  # open and blocked
    open_defects: int  # open and tagged defect or bug


NO_TASKS = TaskFigures(None, 0, 0, 0)


def task_figures(
    session: Session, today: date, project_id: int | None = None
) -> dict[int, TaskFigures]:
    """Per project, in one pass over the tasks (a large portfolio has tens of thousands)."""
    open_task = Task.status != TaskStatus.DONE.value
    defect = or_(col(Task.tags).contains("defect"), col(Task.tags).contains("bug"))
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
                        Task.finish < today,
                        col(Task.id).not_in(summaries),
                    ),
                    1,
                ),
                else_=0,
            )
        ),
        func.sum(case((and_(col(Task.blocked), open_task), 1), else_=0)),
        func.sum(case((and_(open_task, defect), 1), else_=0)),
    ).group_by(Task.project_id)
    if project_id is not None:
        query = query.where(Task.project_id == project_id)
    return {
        pid: TaskFigures(finish, int(overdue or 0), int(blocked or 0), int(defects or 0))
        for pid, finish, overdue, blocked, defects in session.exec(query).all()
    }


def portfolio_health(
    session: Session, today: date, project_id: int | None = None
) -> list[ProjectHealth]:
    """One row per project (or the one asked for), in a fixed number of grouped queries."""

    def only(query: Any, column: Any) -> Any:
        return query if project_id is None else query.where(column == project_id)

    projects = session.exec(
        only(
            select(
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
    latest = select(func.max(Baseline.id).label("id")).group_by(Baseline.project_id).subquery()
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
            select(
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
        tasks = figures.get(pid, NO_TASKS)  # type: ignore[arg-type]
        finish = tasks.last_finish
        slip = (finish - p.target_finish).days if finish and p.target_finish else 0
        planned, spent, forecast = money.get(pid, [0, 0, 0])  # type: ignore[arg-type]
        rules = [
            schedule_rule(slip, int(slipped.get(pid, 0)), tasks.overdue),
            cost_rule(planned, forecast, spent),
            risk_rule(p.health, tasks.blocked),
            quality_rule(tasks.open_defects, satisfaction.get(pid)),  # type: ignore[arg-type]
        ]
        health, reason = combine(rules)
        rows.append(
            ProjectHealth(
                pid,  # type: ignore[arg-type]
                p.code,
                p.name,
                p.phase,
                p.currency,
                health,
                reason,
                *(r.health for r in rules),
                slip,
                planned,
                spent,
                forecast,
            )
        )
    return rows
