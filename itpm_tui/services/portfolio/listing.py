"""The portfolio view: every project with its progress and next milestone, in three queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from itpm_tui.models import Person, Project, Task, TaskStatus


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    code: str
    name: str
    project_type: str
    methodology: str
    phase: str
    health: str
    percent_done: int
    task_count: int
    next_milestone: str
    next_milestone_date: date | None
    manager: str
    start: date | None
    target_finish: date | None
    phase_entered_on: date | None
    version: int
    closed_on: date | None = None

    def days_in_phase(self, today: date) -> int | None:
        if self.phase_entered_on is None:
            return None
        return max(0, (today - self.phase_entered_on).days)


def _progress_by_project(
    session: Session, project_ids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """project id -> (percent done weighted by estimate, number of tasks).

    Summary tasks are left out: their children carry the work.
    """
    child = aliased(Task)
    weight = func.coalesce(Task.estimate_days, 1.0)
    is_leaf = ~exists().where(col(child.parent_id) == col(Task.id))
    leaf_weight = case((and_(is_leaf, ~col(Task.is_milestone)), weight), else_=0.0)
    query = select(
        Task.project_id,
        func.sum(leaf_weight * Task.percent_complete),
        func.sum(leaf_weight),
        func.count(),
    ).group_by(col(Task.project_id))
    if project_ids is not None:
        query = query.where(col(Task.project_id).in_(project_ids))
    result: dict[int, tuple[int, int]] = {}
    for project_id, weighted, total, count in session.exec(query):
        percent = round(weighted / total) if total else 0
        result[project_id] = (int(percent), int(count))
    return result


def _next_milestones(
    session: Session, project_ids: list[int] | None = None
) -> dict[int, tuple[str, date | None]]:
    """project id -> the earliest milestone not yet done."""
    query = (
        select(Task.project_id, Task.title, col(Task.finish))
        .where(col(Task.is_milestone), Task.status != TaskStatus.DONE.value)
        .order_by(col(Task.project_id), col(Task.finish).is_(None), col(Task.finish), col(Task.id))
    )
    if project_ids is not None:
        query = query.where(col(Task.project_id).in_(project_ids))
    result: dict[int, tuple[str, date | None]] = {}
    for project_id, title, finish in session.exec(query):
        result.setdefault(project_id, (title, finish))
    return result


def portfolio_rows(session: Session, first: int | None = None) -> list[PortfolioRow]:
    """Every project by code, or the `first` of them (what a screen shows before the rest)."""
    query = (
        select(Project, Person.name)
        .join(Person, col(Project.manager_id) == col(Person.id), isouter=True)
        .order_by(col(Project.code))
    )
    if first is not None:
        query = query.limit(first)
    projects = session.exec(query).all()
    # Only the projects read: the first screen of a large portfolio costs what it shows.
    ids = None if first is None else [int(project.id) for project, _ in projects]  # type: ignore[arg-type]
    progress = _progress_by_project(session, ids)
    milestones = _next_milestones(session, ids)
    rows = []
    for project, manager in projects:
        assert project.id is not None  # read from the database
        percent, count = progress.get(project.id, (0, 0))
        milestone, milestone_date = milestones.get(project.id, ("", None))
        rows.append(
            PortfolioRow(
                id=project.id,
                code=project.code,
                name=project.name,
                project_type=project.project_type,
                methodology=project.methodology,
                phase=project.phase,
                health=project.health,
                percent_done=percent,
                task_count=count,
                next_milestone=milestone,
                next_milestone_date=milestone_date,
                manager=manager or "",
                start=project.start,
                target_finish=project.target_finish,
                phase_entered_on=project.phase_entered_on,
                closed_on=project.closed_on,
                version=project.version,
            )
        )
    return rows
