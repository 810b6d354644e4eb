"""One meaning of done: chart, form, board and quick add agree; summaries roll up; undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Project, Task, WorkflowColumn
from itpm_tui.services.kanban import board
from itpm_tui.services.lifecycle.gates import load_facts, unmet_criteria
from itpm_tui.services.planning import plan_edits
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task, get_task, update_task
from itpm_tui.services.portfolio.overview import project_overview
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import ItpmError, ValidationError

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 13)  # the day things are marked done in these tests
NOW = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)


def d(day: int) -> date:
    return date(2026, 3, day)


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """P from Monday 2 March: summary S holds A (3 d) -> B (4 d); C (2 d) after S."""
    with write_session(engine) as s:
        project = create_project(
            s, ProjectInput(code="P", name="Plan", start=MONDAY, phase="monitoring")
        )
        pid = int(project.id)  # type: ignore[arg-type]
        ids = {"project": pid}
        ids["S"] = int(create_task(s, pid, TaskInput("S")).id)  # type: ignore[arg-type]
        for title, days, parent in (("A", 3, ids["S"]), ("B", 4, ids["S"]), ("C", 2, None)):
            task = create_task(s, pid, TaskInput(title, parent_id=parent))
            task.duration_days = days
            ids[title] = int(task.id)  # type: ignore[arg-type]
        s.flush()
        add_dependency(s, ids["A"], ids["B"])
        add_dependency(s, ids["S"], ids["C"])
        reschedule(s, pid, MONDAY)
    return ids


def edit(engine: Engine, pid: int, change: Callable[[Session], Any], label: str = "edit") -> Any:
    """One edit and the reschedule in one transaction, as the screens run them."""
    with write_session(engine, label) as s:
        result = change(s)
        reschedule(s, pid, FRIDAY)
    return result


def task(engine: Engine, task_id: int) -> Task:
    with read_session(engine) as s:
        return get_task(s, task_id)


def column_of(engine: Engine, task_id: int) -> WorkflowColumn:
    with read_session(engine) as s:
        column = s.get(WorkflowColumn, get_task(s, task_id).column_id)
        assert column is not None
        return column


def columns(engine: Engine, pid: int) -> dict[str, int]:
    with read_session(engine) as s:
        return {c.name: int(c.id) for c in board.list_columns(s, pid)}  # type: ignore[arg-type]


def state(engine: Engine, task_id: int) -> tuple[Any, ...]:
    t = task(engine, task_id)
    return (t.status, t.percent_complete, column_of(engine, task_id).name, t.actual_start,
            t.actual_finish)  # fmt: skip


def gate_open(engine: Engine, pid: int) -> tuple[int, list[str], int]:
    """(open work the gate counts, its unmet criteria, open work the Closure screen lists)."""
    with read_session(engine) as s:
        project = s.get(Project, pid)
        facts = load_facts(s, project)  # type: ignore[arg-type]
        screen = project_overview(s, pid, FRIDAY).open_tasks
        return facts.tasks_open, unmet_criteria(facts), len(screen)


# --- every path to 100 % ----------------------------------------------------------------------


def test_100_percent_on_the_chart_makes_the_task_done_everywhere(
    engine: Engine, plan: dict[str, int]
) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100, FRIDAY))
    # A was scheduled 2-4 March and never started: it started on its scheduled start.
    assert state(engine, plan["A"]) == ("done", 100, "Done", d(2), FRIDAY)


def test_every_task_at_100_on_the_chart_leaves_nothing_open_at_the_closure_gate(
    engine: Engine, plan: dict[str, int]
) -> None:
    for name in ("A", "B", "C"):
        to_100 = partial(plan_edits.set_percent, task_id=plan[name], percent=100)
        edit(engine, plan["project"], to_100)
    assert gate_open(engine, plan["project"]) == (0, [], 0)


def test_the_gate_and_the_closure_screen_count_the_same_open_work(
    engine: Engine, plan: dict[str, int]
) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100))
    # B and C are open; the summary S is not work of its own.
    assert gate_open(engine, plan["project"]) == (
        2,
        ["2 task(s) or milestone(s) not done"],
        2,
    )


def test_a_card_quick_added_into_done_is_100_percent_done(
    engine: Engine, plan: dict[str, int]
) -> None:
    done = columns(engine, plan["project"])["Done"]
    card = edit(
        engine, plan["project"], lambda s: board.quick_add(s, plan["project"], done, "Z", NOW)
    )
    assert state(engine, card.id) == ("done", 100, "Done", FRIDAY, FRIDAY)


def test_a_board_move_into_done_dates_a_never_started_task_plausibly(
    engine: Engine, plan: dict[str, int]
) -> None:
    done = columns(engine, plan["project"])["Done"]
    edit(engine, plan["project"], lambda s: board.move_card(s, plan["B"], done, 0, now=NOW))
    # B was scheduled 5-10 March: it is taken to have started then, and finished today.
    assert state(engine, plan["B"]) == ("done", 100, "Done", d(5), FRIDAY)


def test_a_task_scheduled_after_the_done_day_started_its_length_before_it(
    engine: Engine, plan: dict[str, int]
) -> None:
    # C (2 d) is scheduled after S, from 11 March; marked done on Tuesday 10 March.
    tuesday = d(10)
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["C"], 100, tuesday))
    assert (task(engine, plan["C"]).actual_start, task(engine, plan["C"]).actual_finish) == (
        d(9),
        tuesday,
    )


def test_done_in_the_task_form_sets_100_percent_and_the_done_column(
    engine: Engine, plan: dict[str, int]
) -> None:
    b = task(engine, plan["B"])
    # As the form sends it: every field, the dates as shown.
    data = TaskInput("B", parent_id=plan["S"], status="done", start=b.start, finish=b.finish)
    edit(engine, plan["project"], lambda s: update_task(s, plan["B"], data, b.version, FRIDAY))
    assert state(engine, plan["B"]) == ("done", 100, "Done", d(5), FRIDAY)


def test_100_percent_in_the_task_form_makes_it_done(engine: Engine, plan: dict[str, int]) -> None:
    edit(
        engine,
        plan["project"],
        lambda s: update_task(s, plan["C"], TaskInput("C", percent_complete=100), None, FRIDAY),
    )
    assert state(engine, plan["C"])[:3] == ("done", 100, "Done")


def test_below_100_undoes_done_on_every_count(engine: Engine, plan: dict[str, int]) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100, FRIDAY))
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 60, FRIDAY))
    # Started stays started; not finished any more, and back among the work under way.
    assert state(engine, plan["A"]) == ("in-progress", 60, "In progress", d(2), None)


def test_moving_out_of_done_on_the_board_undoes_done(engine: Engine, plan: dict[str, int]) -> None:
    cols = columns(engine, plan["project"])
    edit(engine, plan["project"], lambda s: board.move_card(s, plan["A"], cols["Done"], 0, now=NOW))
    edit(
        engine, plan["project"], lambda s: board.move_card(s, plan["A"], cols["Review"], 0, now=NOW)
    )
    assert state(engine, plan["A"]) == ("review", 0, "Review", d(2), None)


def test_a_percent_on_a_task_not_started_starts_it(engine: Engine, plan: dict[str, int]) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 30, FRIDAY))
    assert state(engine, plan["A"]) == ("in-progress", 30, "In progress", d(2), None)


def test_undo_puts_status_percent_column_and_dates_back_together(
    engine: Engine, plan: dict[str, int]
) -> None:
    before = state(engine, plan["A"]), task(engine, plan["S"]).status
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100, FRIDAY))
    assert state(engine, plan["A"]) != before[0]
    undo.run(engine, "undo")
    assert (state(engine, plan["A"]), task(engine, plan["S"]).status) == before
    undo.run(engine, "redo")
    assert state(engine, plan["A"]) == ("done", 100, "Done", d(2), FRIDAY)


# --- summaries ------------------------------------------------------------------------------


def test_a_summary_takes_its_status_and_percent_from_its_sub_tasks(
    engine: Engine, plan: dict[str, int]
) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100))
    summary = task(engine, plan["S"])
    # A (3 d) done, B (no estimate) not: weighted by estimate, one day each.
    assert (summary.status, summary.percent_complete) == ("in-progress", 50)
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["B"], 100))
    summary = task(engine, plan["S"])
    assert (summary.status, summary.percent_complete) == ("done", 100)


def test_a_summary_percent_cannot_be_set_by_hand(engine: Engine, plan: dict[str, int]) -> None:
    with pytest.raises(ItpmError, match="summary task.*sub-tasks"):
        edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["S"], 100))
    assert task(engine, plan["S"]).percent_complete == 0


def test_a_summary_status_typed_in_the_form_is_refused_with_the_reason(
    engine: Engine, plan: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        edit(
            engine,
            plan["project"],
            lambda s: update_task(s, plan["S"], TaskInput("S", status="done"), None, FRIDAY),
        )
    assert caught.value.errors == {"status": "a summary's status comes from its sub-tasks"}
    assert task(engine, plan["S"]).status == "todo"


def test_a_summary_start_typed_in_the_form_is_refused(engine: Engine, plan: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as caught:
        edit(
            engine,
            plan["project"],
            lambda s: update_task(s, plan["S"], TaskInput("S", start=d(20))),
        )
    assert caught.value.errors == {"start": "a summary's start comes from its sub-tasks"}


def test_a_summary_form_saved_unchanged_keeps_its_rollup(
    engine: Engine, plan: dict[str, int]
) -> None:
    edit(engine, plan["project"], lambda s: plan_edits.set_percent(s, plan["A"], 100))
    s_task = task(engine, plan["S"])
    data = TaskInput(
        "S renamed",
        status=s_task.status,
        percent_complete=s_task.percent_complete,
        start=s_task.start,
        finish=s_task.finish,
    )
    edit(engine, plan["project"], lambda s: update_task(s, plan["S"], data, None, FRIDAY))
    after = task(engine, plan["S"])
    assert (after.title, after.status, after.percent_complete) == ("S renamed", "in-progress", 50)


# --- the rule holds whatever the order of edits ------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C"]),
        st.one_of(
            st.tuples(st.just("percent"), st.sampled_from([0, 40, 100])),
            st.tuples(
                st.just("status"), st.sampled_from(["backlog", "todo", "in-progress", "done"])
            ),
            st.tuples(
                st.just("move"), st.sampled_from(["Backlog", "To do", "In progress", "Done"])
            ),
        ),
    ),
    min_size=1,
    max_size=6,
)


@hsettings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_status_percent_column_and_finish_always_agree(
    engine: Engine, plan: dict[str, int], edits: list[tuple[str, tuple[str, Any]]]
) -> None:
    pid = plan["project"]
    cols = columns(engine, pid)
    for name, (kind, value) in edits:
        tid = plan[name]

        def change(s: Session, tid: int = tid, kind: str = kind, value: Any = value) -> None:
            if kind == "percent":
                plan_edits.set_percent(s, tid, value, FRIDAY)
            elif kind == "move":
                board.move_card(s, tid, cols[value], 0, now=NOW)
            else:
                t = get_task(s, tid)
                data = TaskInput(t.title, parent_id=t.parent_id, status=value,
                                 percent_complete=t.percent_complete)  # fmt: skip
                update_task(s, tid, data, None, FRIDAY)

        edit(engine, pid, change)
    with read_session(engine) as s:
        for t in s.exec(select(Task).where(Task.project_id == pid, Task.id != plan["S"])):
            column = s.get(WorkflowColumn, t.column_id)
            done = t.status == "done"
            assert done == (t.percent_complete == 100), t
            assert done == (t.actual_finish is not None), t
            assert column is not None and column.is_done == done, t
