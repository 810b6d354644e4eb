"""The scheduling service on a real SQLite file: reschedule, calendars, links, baselines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Baseline, BaselineTask, Dependency, Holiday, Project, Task
from itpm_tui.services.planning.link_candidates import link_candidates
from itpm_tui.services.planning.plan_view import plan_view
from itpm_tui.services.planning.schedule_records import (
    add_dependency,
    baseline_dates,
    linked_projects,
    list_baselines,
    remove_dependency,
    reschedule,
    save_baseline,
)
from itpm_tui.services.planning.tasks import TaskInput, create_task, delete_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ItpmError, ValidationError

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 2, 20)


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def new_project(
    session: Session, code: str, start: date | None = MONDAY, weekdays: str | None = None
) -> int:
    project = create_project(session, ProjectInput(code=code, name=f"Project {code}", start=start))
    if weekdays is not None:
        project.working_weekdays = weekdays
        session.add(project)
        session.flush()
    return int(project.id)  # type: ignore[arg-type]


def new_task(
    session: Session, project_id: int, title: str, days: int, parent_id: int | None = None
) -> int:
    task = create_task(session, project_id, TaskInput(title=title, parent_id=parent_id))
    task.duration_days = days
    session.add(task)
    session.flush()
    return int(task.id)  # type: ignore[arg-type]


def chain(engine: Engine, weekdays: str | None = None) -> tuple[int, int, int, int]:
    """Project P: A (3 d) -> B (2 d) FS -> C (1 d) FS+1, from Monday 2 March 2026."""
    with write_session(engine) as session:
        pid = new_project(session, "P", weekdays=weekdays)
        a = new_task(session, pid, "A", 3)
        b = new_task(session, pid, "B", 2)
        c = new_task(session, pid, "C", 1)
        add_dependency(session, a, b)
        add_dependency(session, b, c, "FS", 1)
    return pid, a, b, c


def stored_dates(engine: Engine, *task_ids: int) -> list[tuple[date | None, date | None]]:
    with read_session(engine) as session:
        tasks = {t.id: t for t in session.exec(select(Task))}
    return [(tasks[i].start, tasks[i].finish) for i in task_ids]


def run_reschedule(engine: Engine, project_id: int) -> None:
    with write_session(engine) as session:
        reschedule(session, project_id, TODAY)


def link_set(engine: Engine) -> set[tuple[int, int, str, int]]:
    with read_session(engine) as session:
        return {
            (dep.predecessor_id, dep.successor_id, dep.kind, dep.lag_days)
            for dep in session.exec(select(Dependency))
        }


# --- reschedule writes the engine's dates -------------------------------------------------


def test_reschedule_writes_hand_computed_dates_for_a_fs_chain_with_lag(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    assert stored_dates(engine, a, b, c) == [(None, None)] * 3
    run_reschedule(engine, pid)
    # A Mon 2 - Wed 4; B Thu 5 - Fri 6; C one working day after Monday 9: Tuesday 10.
    assert stored_dates(engine, a, b, c) == [(d(2), d(4)), (d(5), d(6)), (d(10), d(10))]


def test_reschedule_moves_tasks_back_when_a_link_is_removed(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    run_reschedule(engine, pid)
    with write_session(engine) as session:
        remove_dependency(session, b, c)
        reschedule(session, pid, TODAY)
    assert (a, b, "FS", 0) in link_set(engine)
    assert all(link[:2] != (b, c) for link in link_set(engine))
    assert stored_dates(engine, c) == [(MONDAY, MONDAY)]


def test_remove_dependency_of_a_missing_link_is_refused(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session, pytest.raises(ItpmError, match="no longer exists"):
        remove_dependency(session, a, c)
    assert len(link_set(engine)) == 2


def test_a_single_date_holiday_pushes_the_dates(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        session.add(Holiday(project_id=pid, name="Closed", on=d(4)))
    run_reschedule(engine, pid)
    # Wednesday 4 is off: A Mon 2, Tue 3, Thu 5; B Fri 6, Mon 9; C Wed 11.
    assert stored_dates(engine, a, b, c) == [(d(2), d(5)), (d(6), d(9)), (d(11), d(11))]


def test_a_yearly_rrule_holiday_pushes_the_dates(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        session.add(
            Holiday(
                project_id=pid, name="Founders' day", rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3"
            )
        )
    run_reschedule(engine, pid)
    # Tuesday 3 March is off (every year): A Mon 2, Wed 4, Thu 5; B Fri 6, Mon 9; C Wed 11.
    assert stored_dates(engine, a, b, c) == [(d(2), d(5)), (d(6), d(9)), (d(11), d(11))]


def test_another_projects_holiday_does_not_move_this_one(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        other = new_project(session, "Q")
        session.add(Holiday(project_id=other, name="Elsewhere", on=d(4)))
    run_reschedule(engine, pid)
    assert stored_dates(engine, a, b, c) == [(d(2), d(4)), (d(5), d(6)), (d(10), d(10))]


def test_working_weekdays_of_the_project_are_honoured(engine: Engine) -> None:
    pid, a, b, c = chain(engine, weekdays="0,1,2,3")
    run_reschedule(engine, pid)
    # Monday to Thursday: A Mon 2 - Wed 4; B Thu 5, Mon 9; C after Tue 10: Wed 11.
    assert stored_dates(engine, a, b, c) == [(d(2), d(4)), (d(5), d(9)), (d(11), d(11))]


def test_a_six_day_week_schedules_on_saturdays(engine: Engine) -> None:
    pid, a, b, c = chain(engine, weekdays="0,1,2,3,4,5")
    run_reschedule(engine, pid)
    # Saturday 7 is worked: C comes one day after it, on Monday 9.
    assert stored_dates(engine, a, b, c) == [(d(2), d(4)), (d(5), d(6)), (d(9), d(9))]


def test_reschedule_stores_the_duration_of_a_task_known_by_its_dates(engine: Engine) -> None:
    with write_session(engine) as session:
        pid = new_project(session, "P")
        task = create_task(session, pid, TaskInput(title="Dated", start=d(2), finish=d(10)))
        task_id = task.id
    run_reschedule(engine, pid)
    with read_session(engine) as session:
        stored = session.get(Task, task_id)
        assert stored is not None
        # Mon 2 to Tue 10 is seven working days.
        assert (stored.duration_days, stored.start, stored.finish) == (7, d(2), d(10))


# --- add_dependency refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (("a", "a", "FS"), "cannot depend on itself: 'A'"),
        (("a", "b", "FS"), "already exists: 'A' -> 'B'"),
        (("c", "a", "FS"), "would create a cycle: 'C' -> 'A' -> 'B' -> 'C'"),
        (("a", "c", "XX"), "'XX' is not a link type"),
    ],
    ids=["self-link", "duplicate", "cycle", "unknown-kind"],
)
def test_add_dependency_refuses_and_saves_nothing(
    engine: Engine, link: tuple[str, str, str], message: str
) -> None:
    pid, a, b, c = chain(engine)
    ids = {"a": a, "b": b, "c": c}
    before = link_set(engine)
    pred, succ, kind = link
    # The caller catches the error and commits: still nothing of the link may be stored.
    with write_session(engine) as session:
        with pytest.raises(ItpmError) as caught:
            add_dependency(session, ids[pred], ids[succ], kind)
        assert message in str(caught.value)
    assert link_set(engine) == before


def test_add_dependency_refuses_a_link_to_a_deleted_task(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        delete_task(session, c)
    before = link_set(engine)
    with write_session(engine) as session:
        with pytest.raises(ItpmError, match="does not exist"):
            add_dependency(session, a, c)
        with pytest.raises(ItpmError, match="does not exist"):
            add_dependency(session, c, a)
    assert link_set(engine) == before


def test_add_dependency_refuses_a_link_between_a_task_and_its_summary(engine: Engine) -> None:
    with write_session(engine) as session:
        pid = new_project(session, "P")
        summary = new_task(session, pid, "Phase 1", 1)
        child = new_task(session, pid, "Step", 2, parent_id=summary)
        with pytest.raises(ItpmError, match="its own summary"):
            add_dependency(session, summary, child)
    assert link_set(engine) == set()


def test_add_dependency_stores_kind_and_lag(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        add_dependency(session, a, c, "SS", -1)
    assert (a, c, "SS", -1) in link_set(engine)


# --- across projects ----------------------------------------------------------------------


def test_rescheduling_one_project_moves_a_linked_successor_in_another(engine: Engine) -> None:
    with write_session(engine) as session:
        first = new_project(session, "ONE")
        second = new_project(session, "TWO")
        x = new_task(session, first, "Build", 3)
        y = new_task(session, second, "Ship", 2)
        reschedule(session, second, TODAY)
    assert stored_dates(engine, y) == [(d(2), d(3))]
    with write_session(engine) as session:
        add_dependency(session, x, y)
        reschedule(session, first, TODAY)
    # Only project ONE was rescheduled; TWO's task follows Build (Mon 2 - Wed 4).
    assert stored_dates(engine, x, y) == [(d(2), d(4)), (d(5), d(6))]


def test_linked_projects_finds_the_whole_connected_component(engine: Engine) -> None:
    with write_session(engine) as session:
        one, two, three, alone = (new_project(session, c) for c in ("ONE", "TWO", "THREE", "ALONE"))
        x = new_task(session, one, "x", 1)
        y = new_task(session, two, "y", 1)
        z = new_task(session, three, "z", 1)
        new_task(session, alone, "w", 1)
        add_dependency(session, x, y)
        # THREE reaches ONE only through TWO, and links into it (not out of it).
        add_dependency(session, z, y)
    with read_session(engine) as session:
        assert linked_projects(session, one) == {one, two, three}
        assert linked_projects(session, three) == {one, two, three}
        assert linked_projects(session, alone) == {alone}


def test_a_cross_project_cycle_is_refused_naming_the_tasks(engine: Engine) -> None:
    with write_session(engine) as session:
        one, two = new_project(session, "ONE"), new_project(session, "TWO")
        x = new_task(session, one, "Order", 1)
        y = new_task(session, two, "Install", 1)
        add_dependency(session, x, y)
    with write_session(engine) as session, pytest.raises(ItpmError) as caught:
        add_dependency(session, y, x)
    assert "cycle" in str(caught.value)
    assert "'Install'" in str(caught.value) and "'Order'" in str(caught.value)
    assert link_set(engine) == {(x, y, "FS", 0)}


def test_link_candidates_list_own_tasks_in_wbs_order_then_other_projects(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        other = new_project(session, "OTHER")
        far = new_task(session, other, "Far away", 1)
    with read_session(engine) as session:
        assert link_candidates(session, pid, b) == [
            ("1 A", a),
            ("3 C", c),
            ("OTHER: Far away", far),
        ]


# --- baselines ----------------------------------------------------------------------------


def baseline_rows(engine: Engine, baseline_id: int) -> dict[int, tuple[date | None, date | None]]:
    with read_session(engine) as session:
        rows = session.exec(select(BaselineTask).where(BaselineTask.baseline_id == baseline_id))
        return {row.task_id: (row.start, row.finish) for row in rows}


def test_save_baseline_stores_every_tasks_dates(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        summary = new_task(session, pid, "Wrap-up", 1)
        new_task(session, pid, "Report", 2, parent_id=summary)
        baseline_id = int(save_baseline(session, pid, "Approved").id)  # type: ignore[arg-type]
    with read_session(engine) as session:
        tasks = {t.id: (t.start, t.finish) for t in session.exec(select(Task))}
    assert len(tasks) == 5
    assert baseline_rows(engine, baseline_id) == tasks
    assert tasks[a] == (d(2), d(4)) and tasks[c] == (d(10), d(10))


def test_save_baseline_refuses_a_duplicate_name_and_keeps_several(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        first = int(save_baseline(session, pid, "Approved").id)  # type: ignore[arg-type]
    with write_session(engine) as session:
        with pytest.raises(ValidationError, match="already a baseline called 'Approved'"):
            save_baseline(session, pid, "  Approved ")
        with pytest.raises(ValidationError, match="needs a name"):
            save_baseline(session, pid, "   ")
    with read_session(engine) as session:
        assert session.exec(select(Baseline)).all() == [session.get(Baseline, first)]
        assert len(session.exec(select(BaselineTask)).all()) == 3
    with write_session(engine) as session:
        session.get(Task, a).duration_days = 5  # type: ignore[union-attr]
        second = int(save_baseline(session, pid, "Re-plan").id)  # type: ignore[arg-type]
    with read_session(engine) as session:
        assert [b.name for b in list_baselines(session, pid)] == ["Approved", "Re-plan"]
        assert baseline_dates(session, first)[c] == (d(10), d(10))
        assert baseline_dates(session, second)[c] == (d(12), d(12))


def test_baseline_slips_are_counted_in_working_days_after_a_task_grows(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        baseline_id = int(save_baseline(session, pid, "Approved").id)  # type: ignore[arg-type]
    with write_session(engine) as session:
        session.get(Task, a).duration_days = 5  # type: ignore[union-attr]
        reschedule(session, pid, TODAY)
    with read_session(engine) as session:
        view = plan_view(session, pid, TODAY, baseline_id)
        unchosen = plan_view(session, pid, TODAY)
    # A ends two working days later (Fri 6, not Wed 4); B and C start and end two later,
    # over a weekend: in calendar days that would be four.
    assert view.slips == {a: (0, 2), b: (2, 2), c: (2, 2)}
    assert view.baseline_name == "Approved"
    row_c = view.row(c)
    assert row_c is not None
    assert (row_c.baseline_start, row_c.start) == (d(10), d(12))
    assert unchosen.slips == {} and unchosen.baseline_name is None
    assert unchosen.baselines == [(baseline_id, "Approved")]


def test_a_baseline_of_another_project_is_not_shown(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with write_session(engine) as session:
        other = new_project(session, "OTHER")
        new_task(session, other, "Elsewhere", 1)
        foreign = int(save_baseline(session, other, "Theirs").id)  # type: ignore[arg-type]
    with read_session(engine) as session:
        view = plan_view(session, pid, TODAY, foreign)
    assert view.slips == {} and view.baseline_name is None


def test_plan_view_labels_links_with_wbs_kind_and_lag(engine: Engine) -> None:
    pid, a, b, c = chain(engine)
    with read_session(engine) as session:
        view = plan_view(session, pid, TODAY)
    assert [link.label for link in view.links[b]] == ["1 A (FS)"]
    assert [(link.predecessor_id, link.label) for link in view.links[c]] == [(b, "2 B (FS+1)")]
    assert a not in view.links
    assert [row.name for row in view.rows] == ["A", "B", "C"]
    assert view.critical_path == [a, b, c]


# --- the demo -----------------------------------------------------------------------------


def all_task_rows(engine: Engine) -> dict[int, dict[str, object]]:
    with read_session(engine) as session:
        return {t.id: t.model_dump() for t in session.exec(select(Task))}  # type: ignore[misc]


def test_the_demos_stored_dates_are_a_fixed_point_of_reschedule(demo_engine: Engine) -> None:
    before = all_task_rows(demo_engine)
    with read_session(demo_engine) as session:
        projects = [p.id for p in session.exec(select(Project))]
        links = len(session.exec(select(Dependency)).all())
    assert len(projects) == 7 and links > 30
    with write_session(demo_engine) as session:
        for project_id in projects:
            reschedule(session, project_id)  # type: ignore[arg-type]
    assert all_task_rows(demo_engine) == before


def test_a_plan_read_to_show_schedules_as_the_one_read_to_write(engine: Engine) -> None:
    """The chart's plain rows and the ORM objects a reschedule writes give the same plan."""
    from itpm_tui.demo.build import create_demo
    from itpm_tui.services.planning.schedule_records import compute

    today = date(2026, 11, 18)
    with write_session(engine) as session:
        create_demo(session, today=today)
    with read_session(engine) as session:
        projects = [p.id for p in session.exec(select(Project))]
        assert len(projects) >= 5
        for project_id in projects:
            shown_plan, shown = compute(session, project_id, today, to_show=True)  # type: ignore[arg-type]
            written_plan, written = compute(session, project_id, today)  # type: ignore[arg-type]
            assert shown.tasks == written.tasks
            assert (shown.critical_path, shown.conflicts) == (
                written.critical_path,
                written.conflicts,
            )
            assert set(shown_plan.tasks) == set(written_plan.tasks)
            assert len(shown_plan.dependencies) == len(written_plan.dependencies)
