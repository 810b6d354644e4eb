"""Progress as of a day: what had been recorded by then (% complete and actual dates)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col

from itpm_tui import clock
from itpm_tui.models import ProgressRecord, Task
from itpm_tui.services.shared.query import select_columns


@dataclass(frozen=True)
class ProgressPoint:
    day: date
    percent: int
    actual_start: date | None
    actual_finish: date | None


def progress_history(session: Session, project_id: int) -> dict[int, list[ProgressPoint]]:
    """Each task's recorded progress, oldest first (a day's later record after its earlier)."""
    rows = session.exec(
        select_columns(
            ProgressRecord.task_id,
            ProgressRecord.recorded_on,
            ProgressRecord.percent,
            ProgressRecord.actual_start,
            ProgressRecord.actual_finish,
        )
        .join(Task, col(Task.id) == col(ProgressRecord.task_id))
        .where(Task.project_id == project_id)
        .order_by(col(ProgressRecord.task_id), col(ProgressRecord.id))
    ).all()
    history: dict[int, list[ProgressPoint]] = {}
    for task_id, day, percent, started, finished in rows:
        # A row no write of ours stamped (another tool changed the file): it is news today.
        history.setdefault(task_id, []).append(
            ProgressPoint(day or clock.today(), percent, started, finished)
        )
    for points in history.values():
        points.sort(key=lambda p: p.day)  # stable: the same day keeps the order recorded
    return history


def progress_on(points: list[ProgressPoint] | None, day: date) -> ProgressPoint | None:
    """The progress recorded by the end of `day`; None when nothing was recorded by then."""
    if not points:
        return None
    index = bisect_right([p.day for p in points], day)
    return points[index - 1] if index else None


def first_recorded(history: dict[int, list[ProgressPoint]]) -> date | None:
    """The first day any progress of the project was recorded."""
    return min((points[0].day for points in history.values() if points), default=None)
