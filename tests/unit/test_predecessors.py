"""Predecessors as MS Project writes them: parsed, formatted, and saved in one transaction."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, Task
from itpm_tui.services.planning.predecessors import (
    MAX_LAG,
    Predecessor,
    format_predecessors,
    parse_predecessors,
    predecessor_texts,
    set_predecessors,
)
from itpm_tui.services.planning.schedule_records import add_dependency
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ValidationError

wbs_codes = st.lists(st.integers(1, 40), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)
entries = st.builds(
    Predecessor,
    wbs=wbs_codes,
    kind=st.sampled_from(["FS", "SS", "FF", "SF"]),
    lag=st.integers(-MAX_LAG, MAX_LAG),
    project=st.sampled_from(["", "ERP-S4", "NET-CORE"]),
)


def test_the_forms_ms_project_writes() -> None:
    assert parse_predecessors("3FS+2d, 5SS") == [
        Predecessor("3", "FS", 2),
        Predecessor("5", "SS", 0),
    ]
    assert parse_predecessors(" 2.1ff-1 days ; 4 ") == [
        Predecessor("2.1", "FF", -1),
        Predecessor("4", "FS", 0),
    ]
    assert parse_predecessors("erp-s4:2.1") == [Predecessor("2.1", "FS", 0, "ERP-S4")]
    assert parse_predecessors("") == []
    assert format_predecessors([Predecessor("3", "FS", 0)]) == "3"
    assert format_predecessors([Predecessor("3", "FS", 2), Predecessor("5", "SS", 0)]) == (
        "3FS+2d, 5SS"
    )


@given(st.lists(entries, max_size=5, unique_by=lambda e: e.ref))
def test_what_is_written_reads_back_the_same(written: list[Predecessor]) -> None:
    assert parse_predecessors(format_predecessors(written)) == written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3XX", "'3XX' is not a predecessor"),
        ("design", "'design' is not a predecessor"),
        ("3FS+", "'3FS+' is not a predecessor"),
        ("3, 3SS", "3 is listed twice"),
        ("3FS+1000d", "a lag is at most 999 working days"),
    ],
)
def test_a_wrong_entry_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_predecessors(text)


@given(st.text(alphabet="0123456789.,;+-dDfFsS :xX", max_size=30))
def test_any_typing_either_parses_or_says_what_is_wrong(text: str) -> None:
    try:
        parsed = parse_predecessors(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert parse_predecessors(format_predecessors(parsed)) == parsed


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """Project P: 1 Design, 2 Build, 3 Test, with Design -> Build (FS)."""
    with write_session(engine) as session:
        project = create_project(
            session, ProjectInput(code="P", name="Plan", start=date(2026, 3, 2))
        )
        pid = int(project.id)  # type: ignore[arg-type]
        ids = {"project": pid}
        for title in ("Design", "Build", "Test"):
            ids[title] = int(create_task(session, pid, TaskInput(title=title)).id)  # type: ignore[arg-type]
        add_dependency(session, ids["Design"], ids["Build"])
    return ids


def links(engine: Engine) -> set[tuple[int, int, str, int]]:
    with read_session(engine) as session:
        return {
            (d.predecessor_id, d.successor_id, d.kind, d.lag_days)
            for d in session.exec(select(Dependency))
        }


def test_texts_show_each_tasks_predecessors_by_wbs_code(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        add_dependency(session, plan["Design"], plan["Test"], "SS", 2)
        add_dependency(session, plan["Build"], plan["Test"])
    with read_session(engine) as session:
        assert predecessor_texts(session, plan["project"]) == {
            plan["Build"]: "1",
            plan["Test"]: "1SS+2d, 2",
        }


def test_set_replaces_the_predecessors(engine: Engine, plan) -> None:
    with write_session(engine) as session:
        test = session.get_one(Task, plan["Test"])
        set_predecessors(session, test, parse_predecessors("2FS+1d, 1SS"))
    assert links(engine) == {
        (plan["Design"], plan["Build"], "FS", 0),
        (plan["Build"], plan["Test"], "FS", 1),
        (plan["Design"], plan["Test"], "SS", 0),
    }
    with write_session(engine) as session:
        set_predecessors(session, session.get_one(Task, plan["Test"]), parse_predecessors("2"))
    assert links(engine) == {
        (plan["Design"], plan["Build"], "FS", 0),
        (plan["Build"], plan["Test"], "FS", 0),
    }


@pytest.mark.parametrize(
    ("task", "text", "message"),
    [
        ("Design", "2", "cycle"),
        ("Design", "1", "cannot wait on itself"),
        ("Test", "9", "there is no task 9"),
        ("Test", "NOPE:1", "no project has the code NOPE"),
    ],
)
def test_a_cycle_or_an_unknown_task_is_refused_and_nothing_changes(
    engine: Engine, plan, task: str, text: str, message: str
) -> None:
    before = links(engine)
    with pytest.raises(ValidationError) as caught, write_session(engine) as session:
        set_predecessors(session, session.get_one(Task, plan[task]), parse_predecessors(text))
    assert message in caught.value.errors["predecessors"]
    if message == "cycle":
        assert "'Design'" in caught.value.errors["predecessors"]
        assert "'Build'" in caught.value.errors["predecessors"]
    assert links(engine) == before
