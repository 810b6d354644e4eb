"""Gantt edits on a real SQLite file: shift, resize, %, milestone, indent, add below, undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import BaselineTask, Dependency, Task
from itpm_tui.services.planning import plan_edits
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule, save_baseline
from itpm_tui.services.planning.tasks import TaskInput, create_task, delete_task, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ItpmError, ValidationError

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 2, 20)


def d(day: int) -> date:
    return date(2026, 3, day)


def new_task(
    session: Session, project_id: int, title: str, days: int, parent_id: int | None = None
) -> int:
    task = create_task(session, project_id, TaskInput(title=title, parent_id=parent_id))
    task.duration_days = days
    session.add(task)
    session.flush()
    return int(task.id)  # type: ignore[arg-type]


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """Project P from Monday 2 March 2026: A (3 d) -> B (2 d) -> C (1 d), all FS, scheduled."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="P", name="Plan", start=MONDAY))
        pid = int(project.id)  # type: ignore[arg-type]
        ids = {"project": pid}
        for title, days in (("A", 3), ("B", 2), ("C", 1)):
            ids[title] = new_task(session, pid, title, days)
        add_dependency(session, ids["A"], ids["B"])
        add_dependency(session, ids["B"], ids["C"])
        reschedule(session, pid, TODAY)
    return ids


def edit(engine: Engine, project_id: int, change: Callable[[Session], Any]) -> Any:
    """One edit and the reschedule in one transaction, as the Gantt screen runs them."""
    with write_session(engine) as session:
        result = change(session)
        reschedule(session, project_id, TODAY)
    return result


def task(engine: Engine, task_id: int) -> Task:
    with read_session(engine) as session:
        found = session.get(Task, task_id)
    assert found is not None
    return found


def span(engine: Engine, task_id: int) -> tuple[date | None, date | None]:
    found = task(engine, task_id)
    return found.start, found.finish


def wbs(engine: Engine, project_id: int) -> list[tuple[str, str]]:
    with read_session(engine) as session:
        return [(row.wbs, row.title) for row in list_task_rows(session, project_id)]


def links(engine: Engine) -> set[tuple[int, int]]:
    with read_session(engine) as session:
        return {(x.predecessor_id, x.successor_id) for x in session.exec(select(Dependency))}


def test_the_fixture_plan_has_the_hand_computed_dates(engine: Engine, plan) -> None:
    assert [span(engine, plan[t]) for t in "ABC"] == [(d(2), d(4)), (d(5), d(6)), (d(9), d(9))]


# --- shift ---------------------------------------------------------------------------------


def test_shift_later_sets_snet_and_the_successors_follow(engine: Engine, plan) -> None:
    what = edit(engine, plan["project"], lambda s: plan_edits.shift_task(s, plan["B"], 1))
    assert what == "move 'B' 1 day(s) later"
    moved = task(engine, plan["B"])
    assert (moved.constraint_kind, moved.constraint_date) == ("SNET", d(6))
    # B Fri 6 - Mon 9 over the weekend; C follows on Tuesday; A stays.
    assert [span(engine, plan[t]) for t in "ABC"] == [(d(2), d(4)), (d(6), d(9)), (d(10), d(10))]


def test_shift_earlier_moves_back_in_working_days(engine: Engine, plan) -> None:
    pid, b = plan["project"], plan["B"]
    edit(engine, pid, lambda s: plan_edits.shift_task(s, b, 3))
    assert span(engine, b) == (d(10), d(11))
    what = edit(engine, pid, lambda s: plan_edits.shift_task(s, b, -1))
    assert what == "move 'B' 1 day(s) earlier"
    assert task(engine, b).constraint_date == d(9)
    assert [span(engine, plan[t]) for t in "BC"] == [(d(9), d(10)), (d(11), d(11))]


def test_shift_earlier_than_a_predecessor_allows_leaves_the_link_in_charge(
    engine: Engine, plan
) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.shift_task(s, plan["B"], -1))
    assert task(engine, plan["B"]).constraint_date == d(4)
    assert span(engine, plan["B"]) == (d(5), d(6))


def test_shift_keeps_a_must_finish_on_constraint_and_moves_its_date(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        pinned = session.get(Task, plan["C"])
        pinned.constraint_kind, pinned.constraint_date = "MFO", d(11)  # type: ignore[union-attr]
    edit(engine, plan["project"], lambda s: plan_edits.shift_task(s, plan["C"], 2))
    moved = task(engine, plan["C"])
    assert (moved.constraint_kind, moved.constraint_date) == ("MFO", d(13))
    assert span(engine, plan["C"]) == (d(13), d(13))


@pytest.fixture
def startless(engine: Engine) -> dict[str, int]:
    """Project S with no start date: A (2 d) -> B (2 d), first scheduled on Monday 2 March."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="S", name="No start"))
        pid = int(project.id)  # type: ignore[arg-type]
        ids = {
            "project": pid,
            "A": new_task(session, pid, "A", 2),
            "B": new_task(session, pid, "B", 2),
        }
        add_dependency(session, ids["A"], ids["B"])
        reschedule(session, pid, MONDAY)
    return ids


def test_without_a_project_start_a_task_moved_later_can_move_back(
    engine: Engine, startless
) -> None:
    pid, a, b = startless["project"], startless["A"], startless["B"]
    assert [span(engine, a), span(engine, b)] == [(d(2), d(3)), (d(4), d(5))]
    edit(engine, pid, lambda s: plan_edits.shift_task(s, a, 1))
    assert [span(engine, a), span(engine, b)] == [(d(3), d(4)), (d(5), d(6))]
    # The project is anchored on A's intended start, not on where A was last drawn.
    edit(engine, pid, lambda s: plan_edits.shift_task(s, a, -1))
    assert [span(engine, a), span(engine, b)] == [(d(2), d(3)), (d(4), d(5))]


def test_without_a_project_start_moving_a_linked_task_earlier_leaves_the_first_alone(
    engine: Engine, startless
) -> None:
    pid, a, b = startless["project"], startless["A"], startless["B"]
    for _ in range(3):
        edit(engine, pid, lambda s: plan_edits.shift_task(s, b, -1))
    # Each press asks for a day before where B is drawn; its link keeps it after A,
    # and A does not move for it.
    assert task(engine, b).constraint_date == d(3)
    assert [span(engine, a), span(engine, b)] == [(d(2), d(3)), (d(4), d(5))]


def test_shifting_a_started_task_is_refused_with_a_clear_message(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        session.get(Task, plan["B"]).actual_start = d(5)  # type: ignore[union-attr]
    with write_session(engine) as session, pytest.raises(ItpmError) as caught:
        plan_edits.shift_task(session, plan["B"], 1)
    assert str(caught.value) == (
        "'B' started on 2026-03-05: change its actual start in the task form to move it."
    )
    unchanged = task(engine, plan["B"])
    assert (unchanged.constraint_kind, unchanged.constraint_date) == ("ASAP", None)


def test_shifting_a_summary_or_a_deleted_task_is_refused(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        new_task(session, plan["project"], "Sub", 1, parent_id=plan["C"])
    with write_session(engine) as session:
        with pytest.raises(ItpmError, match="summary task moves with its sub-tasks"):
            plan_edits.shift_task(session, plan["C"], 1)
        delete_task(session, plan["A"])
        with pytest.raises(ItpmError, match="no longer exists"):
            plan_edits.shift_task(session, plan["A"], 1)


# --- resize, percent, milestone ------------------------------------------------------------


def test_resize_longer_and_shorter_moves_the_successors(engine: Engine, plan) -> None:
    pid, a = plan["project"], plan["A"]
    what = edit(engine, pid, lambda s: plan_edits.resize_task(s, a, 1))
    assert what == "lengthen 'A' to 4 d"
    assert task(engine, a).duration_days == 4
    assert [span(engine, plan[t]) for t in "ABC"] == [(d(2), d(5)), (d(6), d(9)), (d(10), d(10))]
    what = edit(engine, pid, lambda s: plan_edits.resize_task(s, a, -3))
    assert what == "shorten 'A' to 1 d"
    assert [span(engine, plan[t]) for t in "ABC"] == [(d(2), d(2)), (d(3), d(4)), (d(5), d(5))]


def test_resize_refuses_less_than_one_day_milestones_and_summaries(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        with pytest.raises(ItpmError, match="at least one working day"):
            plan_edits.resize_task(session, plan["C"], -1)
        session.get(Task, plan["B"]).is_milestone = True  # type: ignore[union-attr]
        with pytest.raises(ItpmError, match="milestone has no length"):
            plan_edits.resize_task(session, plan["B"], 1)
        new_task(session, plan["project"], "Sub", 1, parent_id=plan["A"])
        with pytest.raises(ItpmError, match="length comes from its sub-tasks"):
            plan_edits.resize_task(session, plan["A"], 1)
    assert task(engine, plan["C"]).duration_days == 1
    assert task(engine, plan["A"]).duration_days == 3


@pytest.mark.parametrize("percent", [-1, 101])
def test_set_percent_refuses_values_outside_0_to_100(engine: Engine, plan, percent: int) -> None:
    with write_session(engine) as session, pytest.raises(ValidationError, match="0 and 100"):
        plan_edits.set_percent(session, plan["A"], percent)
    assert task(engine, plan["A"]).percent_complete == 0


@pytest.mark.parametrize("percent", [0, 55, 100])
def test_set_percent_stores_values_from_0_to_100(engine: Engine, plan, percent: int) -> None:
    with write_session(engine) as session:
        session.get(Task, plan["A"]).percent_complete = 10  # type: ignore[union-attr]
    what = edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], percent))
    assert what == f"set 'A' to {percent}%"
    assert task(engine, plan["A"]).percent_complete == percent


def test_toggle_milestone_makes_a_zero_day_milestone_and_back(engine: Engine, plan) -> None:
    pid, b = plan["project"], plan["B"]
    assert edit(engine, pid, lambda s: plan_edits.toggle_milestone(s, b)) == "make 'B' a milestone"
    flipped = task(engine, b)
    assert (flipped.is_milestone, flipped.duration_days) == (True, 0)
    # A milestone after a finish sits at the end of that day (Wed 4); C starts on Thursday.
    assert [span(engine, plan[t]) for t in "BC"] == [(d(4), d(4)), (d(5), d(5))]
    assert edit(engine, pid, lambda s: plan_edits.toggle_milestone(s, b)) == "make 'B' a task"
    back = task(engine, b)
    assert (back.is_milestone, back.duration_days) == (False, 1)
    assert [span(engine, plan[t]) for t in "BC"] == [(d(5), d(5)), (d(6), d(6))]


def test_a_summary_cannot_become_a_milestone(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        new_task(session, plan["project"], "Sub", 1, parent_id=plan["A"])
        with pytest.raises(ItpmError, match="summary task cannot be a milestone"):
            plan_edits.toggle_milestone(session, plan["A"])
    assert task(engine, plan["A"]).is_milestone is False


# --- indent, outdent -----------------------------------------------------------------------


def test_indent_puts_the_task_under_the_one_above_and_drops_their_link(
    engine: Engine, plan
) -> None:
    pid, a, b, c = plan["project"], plan["A"], plan["B"], plan["C"]
    what = edit(engine, pid, lambda s: plan_edits.indent_task(s, b))
    assert what == "indent 'B' under 'A' (dropped the link with 'A')"
    assert task(engine, b).parent_id == a
    assert wbs(engine, pid) == [("1", "A"), ("1.1", "B"), ("2", "C")]
    # A link between a task and its own summary would be a cycle: it is gone, B -> C stays.
    assert links(engine) == {(b, c)}
    # A is now B's summary: it spans B, which starts with the project.
    assert [span(engine, plan[t]) for t in "ABC"] == [(d(2), d(3)), (d(2), d(3)), (d(4), d(4))]


def test_outdent_puts_the_task_back_right_after_its_parent(engine: Engine, plan) -> None:
    pid, a, b = plan["project"], plan["A"], plan["B"]
    edit(engine, pid, lambda s: plan_edits.indent_task(s, b))
    what = edit(engine, pid, lambda s: plan_edits.indent_task(s, b, outdent=True))
    assert what == "outdent 'B'"
    assert task(engine, b).parent_id is None
    assert wbs(engine, pid) == [("1", "A"), ("2", "B"), ("3", "C")]
    # A is a plain task again; the dropped link does not come back by itself.
    assert (a, b) not in links(engine)
    assert span(engine, a) == (d(2), d(4))


def test_indent_goes_after_existing_children_and_keeps_unrelated_links(
    engine: Engine, plan
) -> None:
    pid, b, c = plan["project"], plan["B"], plan["C"]
    edit(engine, pid, lambda s: plan_edits.indent_task(s, b))
    what = edit(engine, pid, lambda s: plan_edits.indent_task(s, c))
    # C sits below B under A; its link from B is not with A, so it stays.
    assert what == "indent 'C' under 'A'"
    assert wbs(engine, pid) == [("1", "A"), ("1.1", "B"), ("1.2", "C")]
    assert links(engine) == {(b, c)}


def test_indent_and_outdent_refuse_when_there_is_nowhere_to_go(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        with pytest.raises(ItpmError, match="Nothing above 'A'"):
            plan_edits.indent_task(session, plan["A"])
        with pytest.raises(ItpmError, match="'A' is already at the top level"):
            plan_edits.indent_task(session, plan["A"], outdent=True)
        session.get(Task, plan["A"]).is_milestone = True  # type: ignore[union-attr]
        with pytest.raises(ItpmError, match="'A' is a milestone"):
            plan_edits.indent_task(session, plan["B"])
    assert task(engine, plan["B"]).parent_id is None


# --- add below -----------------------------------------------------------------------------


def test_add_task_below_places_it_right_after_and_links_it_fs(engine: Engine, plan) -> None:
    pid, a = plan["project"], plan["A"]
    new_id, what = edit(engine, pid, lambda s: plan_edits.add_task_below(s, pid, a, " Order \x1b"))
    assert what == "add 'Order'"
    assert wbs(engine, pid) == [("1", "A"), ("2", "Order"), ("3", "B"), ("4", "C")]
    with read_session(engine) as session:
        link = session.exec(select(Dependency).where(Dependency.successor_id == new_id)).one()
    assert (link.predecessor_id, link.kind, link.lag_days) == (a, "FS", 0)
    added = task(engine, new_id)
    assert (added.duration_days, added.parent_id) == (1, None)
    assert span(engine, new_id) == (d(5), d(5))


def test_add_task_below_a_sub_task_stays_under_the_same_summary(engine: Engine, plan) -> None:
    pid, a, b = plan["project"], plan["A"], plan["B"]
    edit(engine, pid, lambda s: plan_edits.indent_task(s, b))
    new_id, _ = edit(engine, pid, lambda s: plan_edits.add_task_below(s, pid, b, "Check"))
    assert task(engine, new_id).parent_id == a
    assert wbs(engine, pid) == [("1", "A"), ("1.1", "B"), ("1.2", "Check"), ("2", "C")]
    assert (b, new_id) in links(engine)


def test_add_task_below_nothing_adds_an_unlinked_task_at_the_end(engine: Engine, plan) -> None:
    pid = plan["project"]
    new_id, _ = edit(engine, pid, lambda s: plan_edits.add_task_below(s, pid, None, "Last"))
    assert wbs(engine, pid)[-1] == ("4", "Last")
    assert all(new_id not in link for link in links(engine))
    with write_session(engine) as session, pytest.raises(ValidationError, match="title"):
        plan_edits.add_task_below(session, pid, None, " \x07 ")


# --- snapshots for undo --------------------------------------------------------------------


def dump(engine: Engine) -> tuple[dict[int, Any], list[Any], list[Any]]:
    """Every task row, link row and baseline entry, in full but for the version.

    A restore is a new change: the database numbers the rows it writes anew.
    """
    drop = {"version"}
    with read_session(engine) as session:
        tasks = {t.id: t.model_dump(exclude=drop) for t in session.exec(select(Task))}
        deps = sorted(
            (x.model_dump(exclude=drop) for x in session.exec(select(Dependency))), key=str
        )
        entries = sorted(
            (x.model_dump(exclude=drop) for x in session.exec(select(BaselineTask))), key=str
        )
    return tasks, deps, entries  # type: ignore[return-value]


def test_snapshot_restores_the_plan_after_a_sequence_of_edits_and_a_delete(
    engine: Engine, plan
) -> None:
    pid, a, b, c = plan["project"], plan["A"], plan["B"], plan["C"]
    with write_session(engine) as session:
        summary = new_task(session, pid, "Wrap-up", 1)
        report = new_task(session, pid, "Report", 2, parent_id=summary)
        add_dependency(session, c, summary)
        other = create_project(session, ProjectInput(code="Q", name="Other", start=MONDAY))
        outside = new_task(session, int(other.id), "Outside", 1)  # type: ignore[arg-type]
        add_dependency(session, outside, b)
        reschedule(session, pid, TODAY)
        save_baseline(session, pid, "Approved")
    before = dump(engine)
    assert len(before[0]) == 6 and len(before[1]) == 4 and len(before[2]) == 5
    with read_session(engine) as session:
        snapshot = plan_edits.take_snapshot(session, pid)

    edit(engine, pid, lambda s: plan_edits.shift_task(s, a, 2))
    edit(engine, pid, lambda s: plan_edits.resize_task(s, c, 2))
    edit(engine, pid, lambda s: plan_edits.set_percent(s, a, 40))
    edit(engine, pid, lambda s: plan_edits.toggle_milestone(s, report))
    added, _ = edit(engine, pid, lambda s: plan_edits.add_task_below(s, pid, a, "New"))
    edit(engine, pid, lambda s: plan_edits.indent_task(s, added))
    edit(engine, pid, lambda s: add_dependency(s, added, c, "SS", 1))
    # B carries links in and out (one from another project) and baseline entries;
    # the summary takes its sub-task with it.
    edit(engine, pid, lambda s: delete_task(s, b))
    edit(engine, pid, lambda s: delete_task(s, summary))
    after_edits = dump(engine)
    assert set(after_edits[0]) == {a, c, outside, added}
    assert len(after_edits[2]) == 2

    with write_session(engine) as session:
        plan_edits.restore_snapshot(session, snapshot)
        reschedule(session, pid, TODAY)
    assert dump(engine) == before
    with read_session(engine) as session:
        broken = session.exec(text("PRAGMA foreign_key_check")).all()  # type: ignore[call-overload]
    assert broken == []


def test_restoring_a_later_snapshot_redoes_the_edits(engine: Engine, plan) -> None:
    pid, a, b = plan["project"], plan["A"], plan["B"]
    with read_session(engine) as session:
        original = plan_edits.take_snapshot(session, pid)
    edit(engine, pid, lambda s: plan_edits.shift_task(s, a, 1))
    edit(engine, pid, lambda s: delete_task(s, b))
    edited = dump(engine)
    with write_session(engine) as session:
        redo = plan_edits.take_snapshot(session, pid)
        plan_edits.restore_snapshot(session, original)
        reschedule(session, pid, TODAY)
    assert b in dump(engine)[0]
    with write_session(engine) as session:
        plan_edits.restore_snapshot(session, redo)
        reschedule(session, pid, TODAY)
    assert dump(engine) == edited


# --- date constraints ----------------------------------------------------------------------


def test_a_must_finish_on_constraint_pins_the_task_and_asap_lets_it_go(
    engine: Engine, plan
) -> None:
    what = edit(
        engine, plan["project"], lambda s: plan_edits.set_constraint(s, plan["C"], "MFO", d(11))
    )
    assert what == "constrain 'C': must finish on 2026-03-11"
    assert span(engine, plan["C"]) == (d(11), d(11))
    what = edit(
        engine, plan["project"], lambda s: plan_edits.set_constraint(s, plan["C"], "ASAP", d(11))
    )
    assert what == "schedule 'C' as soon as possible"
    freed = task(engine, plan["C"])
    assert (freed.constraint_kind, freed.constraint_date) == ("ASAP", None)
    assert span(engine, plan["C"]) == (d(9), d(9))


def test_a_finish_no_later_than_that_cannot_be_met_shows_as_negative_float(
    engine: Engine, plan
) -> None:
    from itpm_tui.services.planning.plan_view import plan_view

    edit(engine, plan["project"], lambda s: plan_edits.set_constraint(s, plan["C"], "FNLT", d(6)))
    with read_session(engine) as session:
        view = plan_view(session, plan["project"], TODAY)
    late = view.row(plan["C"])
    assert late is not None and late.finish == d(9)  # not moved to meet it
    assert late.total_float is not None and late.total_float < 0
    assert view.constraints[plan["C"]] == ("FNLT", d(6))
    assert view.conflicts


def test_a_constraint_without_its_date_or_on_a_summary_is_refused(engine: Engine, plan) -> None:
    with pytest.raises(ValidationError) as raised:
        plan_edits.check_constraint("MSO", None)
    assert raised.value.errors == {"day": "'must start on' needs a date"}
    with pytest.raises(ValidationError, match="not one of"):
        plan_edits.check_constraint("SOON", d(9))
    with write_session(engine) as session:
        new_task(session, plan["project"], "Child", 1, parent_id=plan["A"])  # A is a summary now
    with pytest.raises(ItpmError, match="summary"):
        edit(
            engine, plan["project"], lambda s: plan_edits.set_constraint(s, plan["A"], "MSO", d(3))
        )


def test_actual_dates_are_not_constrained_away(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        started = session.get(Task, plan["B"])
        assert started is not None
        started.actual_start = d(5)
        finished = session.get(Task, plan["A"])
        assert finished is not None
        finished.actual_start, finished.actual_finish = d(2), d(4)
    for task_id, kind, says in (
        (plan["B"], "MSO", "'B' started on 2026-03-05: change its actual start"),
        (plan["B"], "SNET", "'B' started on 2026-03-05"),
        (plan["A"], "MFO", "'A' finished on 2026-03-04: its dates are its actual dates."),
    ):
        with write_session(engine) as session, pytest.raises(ItpmError, match=says):
            plan_edits.set_constraint(session, task_id, kind, d(12))
    # A started task may still be given a finish to meet.
    edit(engine, plan["project"], lambda s: plan_edits.set_constraint(s, plan["B"], "FNLT", d(12)))
    assert (task(engine, plan["B"]).constraint_kind, task(engine, plan["A"]).constraint_kind) == (
        "FNLT",
        "ASAP",
    )
