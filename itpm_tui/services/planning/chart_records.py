"""The Gantt chart's database side: its read, and each edit with its reschedule as one action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from itpm_tui.db import name_action
from itpm_tui.services.planning.plan_view import PlanView, plan_view
from itpm_tui.services.planning.schedule_records import list_baselines, reschedule
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.row_versions import ensure_unchanged

# What an edit did, as undo names it, and the task to select after it (when not the same).
Outcome = str | tuple[str, int]


def chart_view(session: Session, project_id: int, today: date, baseline_id: int | None) -> PlanView:
    """The plan compared with `baseline_id`; None: with the latest baseline saved, so the
    chart can draw it (b) and the status line gives the slip."""
    compared = baseline_id
    if compared is None:
        saved = list_baselines(session, project_id)
        compared = saved[-1].id if saved else None
    return plan_view(session, project_id, today, compared)


def edit_and_reschedule(
    session: Session, project_id: int, today: date, change: Callable[[Session], Outcome]
) -> Outcome:
    """One edit of the plan and the reschedule it needs: one action, named by the edit."""
    outcome = change(session)
    name_action(session, outcome[0] if isinstance(outcome, tuple) else outcome)
    reschedule(session, project_id, today)
    return outcome


def checked_edit(
    session: Session,
    project_id: int,
    today: date,
    task_id: int,
    version: int | None,
    fields: dict[str, str],
    change: Callable[[Session], Outcome],
) -> Outcome:
    """A form's edit of one task, refused when the task changed after the chart was read
    (`fields` maps each form field to the task column it shows, for the refusal's detail)."""
    try:
        ensure_unchanged(session, "task", task_id, version, "task")
    except StaleEdit as exc:
        now = {name: exc.current.get(column) for name, column in fields.items()}
        raise StaleEdit(str(exc), now) from None
    return edit_and_reschedule(session, project_id, today, change)
