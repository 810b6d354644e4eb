"""The tasks a task may be linked to, labelled for a searchable picker."""

from __future__ import annotations

from sqlmodel import Session, col, select

from itpm_tui.models import Project, Task
from itpm_tui.services.planning.tasks import list_task_rows


def link_candidates(session: Session, project_id: int, task_id: int) -> list[tuple[str, int]]:
    """This project's tasks in WBS order first, then other projects' (links may cross)."""
    own = [
        (f"{row.wbs} {row.title}", row.id)
        for row in list_task_rows(session, project_id)
        if row.id != task_id
    ]
    others = session.exec(
        select(Project.code, Task.title, Task.id)
        .join(Project, col(Project.id) == col(Task.project_id))
        .where(Task.project_id != project_id)
        .order_by(col(Project.code), col(Task.id))
    ).all()
    return own + [(f"{code}: {title}", tid) for code, title, tid in others]  # type: ignore[misc]
