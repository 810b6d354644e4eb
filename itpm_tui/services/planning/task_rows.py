"""The rows the WBS table draws: plain data, no database, so widgets may import it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TaskRow:
    """A task as the WBS table shows it."""

    id: int
    parent_id: int | None
    wbs: str
    depth: int
    is_summary: bool
    title: str
    status: str
    priority: str
    assignee: str
    estimate_days: float | None
    start: date | None
    finish: date | None
    percent_complete: int
    is_milestone: bool
    tags: str
    version: int
