"""A few named edits on top of the demo, so its history and undo have something to show."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Task
from itpm_tui.models.ids import id_of
from itpm_tui.services.kanban import board

# (label, task title, edit): what a manager did on the first morning with the demo.
EDITS = (
    ("priority of 'Install core switches'", "Install core switches", board.cycle_priority),
    ("block 'Migrate VLANs and routing'", "Migrate VLANs and routing", board.toggle_blocked),
    ("unblock 'Migrate VLANs and routing'", "Migrate VLANs and routing", board.toggle_blocked),
)


def record_demo_history(engine: Engine) -> int:
    """Run the demo's edits, each as one action; returns how many were recorded."""
    count = 0
    for label, title, edit in EDITS:
        with read_session(engine) as session:
            task = session.exec(select(Task).where(Task.title == title)).first()
        if task is None:
            continue
        with write_session(engine, label, project_id=task.project_id) as session:
            edit(session, id_of(task))
        count += 1
    return count
