"""Applying approved changes: move and lengthen tasks, act on started work, undo, variance."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import BudgetLine, ChangeRequest, ChangeTask, Task
from itpm_tui.services.planning.plan_view import plan_view
from itpm_tui.services.planning.schedule_records import (
    add_dependency,
    list_baselines,
    reschedule,
    save_baseline,
)
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers.change_records import (
    ChangeInput,
    advance,
    apply_change,
    create_change,
    update_change,
)
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.history import history

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 3, 4)  # Wednesday


def d(day: int) -> date:
    return date(2026, 3, day)


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """From Monday 2 March: A (3 d) -> B (4 d); C (4 d) started Monday, 50 %; D finished.

    Baselined as it stands.
    """
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="P", name="Plan", start=MONDAY))
        pid = int(project.id)  # type: ignore[arg-type]
        ids = {"project": pid}
        for title, days in (("A", 3), ("B", 4), ("C", 4), ("D", 1)):
            task = create_task(s, pid, TaskInput(title))
            task.duration_days = days
            ids[title] = int(task.id)  # type: ignore[arg-type]
        c = s.get(Task, ids["C"])
        c.actual_start, c.percent_complete, c.status = MONDAY, 50, "in-progress"  # type: ignore[union-attr]
        done = s.get(Task, ids["D"])
        done.actual_start = done.actual_finish = MONDAY  # type: ignore[union-attr]
        done.percent_complete, done.status = 100, "done"  # type: ignore[union-attr]
        s.flush()
        add_dependency(s, ids["A"], ids["B"])
        reschedule(s, pid, TODAY)
        save_baseline(s, pid, "Plan", TODAY)
    return ids


def approved(engine: Engine, pid: int, **fields: object) -> int:
    """A change taken through proposed -> assessed -> approved."""
    with write_session(engine) as s:
        change = create_change(s, pid, ChangeInput(title="More testing", **fields), TODAY)  # type: ignore[arg-type]
        advance(s, change.id, "assessed", TODAY)  # type: ignore[arg-type]
        advance(s, change.id, "approved", TODAY, "Steering")  # type: ignore[arg-type]
        return int(change.id)  # type: ignore[arg-type]


def apply(engine: Engine, change_id: int) -> list[ChangeTask]:
    with write_session(engine) as s:
        return apply_change(s, change_id, TODAY)


def dates(engine: Engine, task_id: int) -> tuple[date | None, date | None, int | None]:
    with read_session(engine) as s:
        t = s.get(Task, task_id)
        assert t is not None
        return t.start, t.finish, t.duration_days


def slips(engine: Engine, pid: int) -> dict[int, tuple[int, int]]:
    """Variance against the baseline, as the chart shows it: (start, finish) working days."""
    with read_session(engine) as s:
        (base,) = list_baselines(s, pid)
        return plan_view(s, pid, TODAY, base.id).slips


def test_a_change_lengthens_a_task_and_its_successor_follows(
    engine: Engine, plan: dict[str, int]
) -> None:
    change = approved(engine, plan["project"], extend_days=2, affected_wbs="1")
    assert dates(engine, plan["A"]) == (d(2), d(4), 3)
    (record,) = apply(engine, change)
    assert dates(engine, plan["A"]) == (d(2), d(6), 5)
    assert dates(engine, plan["B"])[:2] == (d(9), d(12))  # was 5-10 March
    assert (record.shifted_days, record.extended_days) == (0, 2)
    assert (record.finish_before, record.finish_after) == (d(4), d(6))
    variance = slips(engine, plan["project"])
    assert variance[plan["A"]] == (0, 2)
    assert variance[plan["B"]] == (2, 2)


def test_a_change_moves_and_lengthens_together(engine: Engine, plan: dict[str, int]) -> None:
    change = approved(engine, plan["project"], schedule_days=1, extend_days=1, affected_wbs="1")
    apply(engine, change)
    assert dates(engine, plan["A"]) == (d(3), d(6), 4)


def test_a_started_task_takes_the_change_in_its_remaining_work(
    engine: Engine, plan: dict[str, int]
) -> None:
    # C: 4 days from Monday, 2 of them done. Delayed 2 days and 1 more of work: 7 days long.
    change = approved(engine, plan["project"], schedule_days=2, extend_days=1, affected_wbs="3")
    (record,) = apply(engine, change)
    with read_session(engine) as s:
        c = s.get(Task, plan["C"])
        assert c is not None
        assert (c.actual_start, c.start, c.finish, c.duration_days) == (MONDAY, d(2), d(10), 7)
        assert c.percent_complete == 29  # the 2 days done are 2/7 of it now
    assert (record.shifted_days, record.extended_days) == (0, 3)
    assert slips(engine, plan["project"])[plan["C"]] == (0, 3)


def test_a_finished_task_refuses_the_change_and_nothing_moves(
    engine: Engine, plan: dict[str, int]
) -> None:
    change = approved(engine, plan["project"], extend_days=2, affected_wbs="1, 4")
    with pytest.raises(ItpmError, match="finished on 2026-03-02"):
        apply(engine, change)
    assert dates(engine, plan["A"]) == (d(2), d(4), 3)
    with read_session(engine) as s:
        assert s.get(ChangeRequest, change).status == "approved"  # type: ignore[union-attr]


def test_a_started_task_cannot_lose_work_already_done(engine: Engine, plan: dict[str, int]) -> None:
    change = approved(engine, plan["project"], extend_days=-3, affected_wbs="3")
    with pytest.raises(ItpmError, match="has 2 of its 4 working days done"):
        apply(engine, change)


def test_editing_an_approved_change_sends_it_back_to_assessed(
    engine: Engine, plan: dict[str, int]
) -> None:
    change = approved(engine, plan["project"], extend_days=2, affected_wbs="1")
    same = ChangeInput(title="More testing", extend_days=2, affected_wbs="1")
    with write_session(engine) as s:
        update_change(s, change, same)
        assert get_status(s, change) == ("approved", "Steering", TODAY)
    with write_session(engine) as s:
        update_change(s, change, ChangeInput(title="More testing", extend_days=5, affected_wbs="1"))
    with write_session(engine) as s:
        assert get_status(s, change) == ("assessed", "", None)
        with pytest.raises(ItpmError, match="assessed change can become"):
            apply_change(s, change, TODAY)


def get_status(s: Session, change_id: int) -> tuple[str, str, date | None]:
    c = s.get(ChangeRequest, change_id)
    assert c is not None
    return c.status, c.decided_by, c.decided_on


def test_applying_is_one_undo_step_and_shows_in_the_history(
    engine: Engine, plan: dict[str, int]
) -> None:
    change = approved(engine, plan["project"], schedule_days=1, extend_days=2, affected_wbs="1, 3")
    with write_session(engine) as s:
        c = s.get(ChangeRequest, change)
        c.cost_cents = 50_000  # type: ignore[union-attr]
    before = {name: dates(engine, plan[name]) for name in "ABC"}
    apply(engine, change)
    with read_session(engine) as s:
        entries = history(s, project_id=plan["project"])
        assert {e.action for e in entries[:3]} == {"apply change #1 'More testing'"}
        touched = {e.item for e in entries if e.action.startswith("apply change")}
        assert {"task 'A'", "task 'C'", "budget line 'Change #1: More testing'"} <= touched
    result = undo.run(engine, "undo")
    assert result.label == "apply change #1 'More testing'"
    assert {name: dates(engine, plan[name]) for name in "ABC"} == before
    with read_session(engine) as s:
        assert get_status(s, change)[0] == "approved"
        assert s.exec(select(ChangeTask)).all() == []
        assert s.exec(select(BudgetLine)).all() == []
        assert s.get(Task, plan["C"]).percent_complete == 50  # type: ignore[union-attr]


def estimates(engine: Engine, *ids: int) -> list[float | None]:
    with read_session(engine) as s:
        return [s.get(Task, i).estimate_days for i in ids]  # type: ignore[union-attr]


def test_lengthening_adds_the_days_to_the_estimate_and_undo_restores_it(
    engine: Engine, plan: dict[str, int]
) -> None:
    with write_session(engine) as s:
        for name, estimate in (("A", 3.0), ("C", 4.0)):
            s.get(Task, plan[name]).estimate_days = estimate  # type: ignore[union-attr]
    change = approved(
        engine, plan["project"], schedule_days=1, extend_days=2, affected_wbs="1, 2, 3"
    )
    apply(engine, change)
    # A and C had estimates and gain the 2 added days (not the day of delay); B had none.
    assert estimates(engine, plan["A"], plan["B"], plan["C"]) == [5.0, None, 6.0]
    undo.run(engine, "undo")
    assert estimates(engine, plan["A"], plan["B"], plan["C"]) == [3.0, None, 4.0]


def test_a_move_alone_leaves_the_estimate(engine: Engine, plan: dict[str, int]) -> None:
    with write_session(engine) as s:
        s.get(Task, plan["A"]).estimate_days = 3.0  # type: ignore[union-attr]
    apply(engine, approved(engine, plan["project"], schedule_days=2, affected_wbs="1"))
    assert estimates(engine, plan["A"]) == [3.0]
