"""One project at a glance: its details, its tasks in WBS order, progress and what is late."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from itpm_tui.models import Person, Project, TaskStatus
from itpm_tui.services.planning.predecessors import predecessor_texts
from itpm_tui.services.planning.tasks import TaskRow, list_task_rows
from itpm_tui.services.portfolio.projects import get_project


@dataclass(frozen=True)
class ProjectOverview:
    project: Project
    manager: str
    tasks: list[TaskRow]
    today: date
    status_counts: dict[str, int] = field(default_factory=dict)
    # Task id -> its predecessors as MS Project writes them ("3FS+2d, 5SS").
    predecessors: dict[int, str] = field(default_factory=dict)

    @property
    def work_tasks(self) -> list[TaskRow]:
        """Leaf tasks that carry work: no summaries, no milestones."""
        return [t for t in self.tasks if not t.is_summary and not t.is_milestone]

    @property
    def percent_done(self) -> int:
        return weighted_percent(self.work_tasks)

    @property
    def done_count(self) -> int:
        return sum(1 for t in self.work_tasks if t.status == TaskStatus.DONE.value)

    @property
    def overdue(self) -> list[TaskRow]:
        return [t for t in self.work_tasks if is_late(t, self.today)]

    @property
    def milestones(self) -> list[TaskRow]:
        return [t for t in self.tasks if t.is_milestone]

    @property
    def slipped_milestones(self) -> list[TaskRow]:
        return [m for m in self.milestones if is_late(m, self.today)]

    @property
    def done_milestones(self) -> list[TaskRow]:
        return [m for m in self.milestones if m.status == TaskStatus.DONE.value]

    @property
    def open_tasks(self) -> list[TaskRow]:
        from itpm_tui.services.planning.completion import open_work

        return open_work(self.tasks)

    @property
    def forecast_finish(self) -> date | None:
        """The latest planned finish among the tasks."""
        finishes = [t.finish for t in self.tasks if t.finish]
        return max(finishes) if finishes else None


def is_late(task: TaskRow, today: date) -> bool:
    return task.status != TaskStatus.DONE.value and task.finish is not None and task.finish < today


def weighted_percent(tasks: list[TaskRow]) -> int:
    """% complete weighted by each task's estimate (one day when it has none)."""
    total = sum(t.estimate_days if t.estimate_days is not None else 1.0 for t in tasks)
    if not total:
        return 0
    done = sum(
        (t.estimate_days if t.estimate_days is not None else 1.0) * t.percent_complete
        for t in tasks
    )
    return round(done / total)


def project_overview(
    session: Session, project_id: int, today: date, with_tasks: bool = True
) -> ProjectOverview:
    """The project, its manager and (unless with_tasks is False) its tasks in WBS order."""
    project = get_project(session, project_id)
    manager = session.get(Person, project.manager_id) if project.manager_id else None
    rows = list_task_rows(session, project_id) if with_tasks else []
    # What the board counts: its cards are the tasks that carry work (no summaries, no
    # milestones), so the task list's header and the board give one number per status.
    counts = Counter(t.status for t in rows if not t.is_summary and not t.is_milestone)
    return ProjectOverview(
        project=project,
        manager=manager.name if manager else "",
        tasks=rows,
        today=today,
        status_counts=dict(counts),
        predecessors=predecessor_texts(session, project_id) if with_tasks else {},
    )
