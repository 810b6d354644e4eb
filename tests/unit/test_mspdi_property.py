"""Property tests: any plan written as MSPDI reads back the same, and random plans survive
itpm -> MSPDI -> itpm with the same schedule."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from itpm_tui.db import backup, open_database, write_session
from itpm_tui.services.exchange.mspdi_xml import (
    Assignment,
    Exception_,
    Link,
    Plan,
    PlanTask,
    Resource,
    read_plan,
    write_plan,
)
from itpm_tui.services.shared.errors import ItpmError

if TYPE_CHECKING:
    from tests.mspdi_plans import round_trip
else:
    from mspdi_plans import round_trip

# Text XML 1.0 can carry, as a name is kept: no outer blanks, no line ends in one-line text.
NAME = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cs"],
            blacklist_characters="\r\n\t\x0b\x0c\ufffe\uffff",
            min_codepoint=0x20,
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)
NOTES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t"),
    max_size=200,
).map(str.strip)
DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    count = draw(st.integers(1, 12))
    tasks: list[PlanTask] = []
    level = 0
    for uid in range(1, count + 1):
        level = draw(st.integers(1, level + 1))
        start = draw(DAY)
        milestone = draw(st.booleans())
        days = 0 if milestone else draw(st.integers(1, 400))
        kind = draw(st.sampled_from(["ASAP", "SNET", "FNLT", "MSO", "MFO"]))
        task = PlanTask(
            uid=uid * 3,
            name=draw(NAME),
            outline_level=level,
            start=start,
            finish=start + timedelta(days=days),
            duration_days=days,
            milestone=milestone,
            percent_complete=draw(st.integers(0, 100)),
            actual_start=draw(st.none() | st.just(start)),
            constraint_kind=kind,
            constraint_date=None if kind == "ASAP" else draw(DAY),
            notes=draw(NOTES),
            work_days=draw(st.none() | st.integers(0, 999).map(lambda n: n / 4)),
        )
        earlier = [t.uid for t in tasks]
        if earlier:
            for pred in draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)):
                kind_ = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
                task.links.append(Link(pred, kind_, draw(st.integers(-30, 30))))
        if draw(st.booleans()):
            first = draw(DAY)
            task.baseline = (first, first + timedelta(days=days), days)
        tasks.append(task)
    people = [Resource(n, draw(NAME), "a@example.org" if n % 2 else "", "") for n in (1, 2)]
    off = sorted(set(draw(st.lists(DAY, max_size=5))))
    return Plan(
        name=draw(NAME),
        start=min(t.start for t in tasks if t.start),
        weekdays=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        exceptions=[Exception_(draw(NAME), d, d) for d in off],
        tasks=tasks,
        resources=people,
        assignments=[Assignment(t.uid, 1 + t.uid % 2) for t in tasks if t.uid % 2],
        notes=draw(NOTES),
    )


@given(plans())
def test_a_plan_written_as_mspdi_reads_back_the_same(plan: Plan) -> None:
    back = read_plan(write_plan(plan))
    assert back.warnings == []
    assert (back.name, back.start, back.notes) == (plan.name, plan.start, plan.notes)
    assert back.weekdays == plan.weekdays
    assert back.exceptions == plan.exceptions
    assert back.resources == plan.resources
    assert back.assignments == plan.assignments
    fields = [
        "uid", "name", "outline_level", "start", "finish", "duration_days", "milestone",
        "percent_complete", "actual_start", "constraint_kind", "constraint_date", "notes",
        "links", "baseline", "work_days",
    ]  # fmt: skip
    for wrote, read in zip(plan.tasks, back.tasks, strict=True):
        assert {f: getattr(read, f) for f in fields} == {f: getattr(wrote, f) for f in fields}


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_database(str(tmp_path_factory.mktemp("mspdi") / "itpm.db"))
    yield engine
    engine.dispose()


@st.composite
def small_plans(draw: st.DrawFn) -> list[tuple[int, int, bool, list[tuple[int, str, int]]]]:
    """Tasks as (parent index or -1, duration, milestone, links to earlier leaf tasks)."""
    made: list[tuple[int, int, bool, list[tuple[int, str, int]]]] = []
    for n in range(draw(st.integers(1, 10))):
        parent = draw(st.integers(-1, n - 1)) if n else -1
        made.append((parent, draw(st.integers(1, 15)), draw(st.booleans()), []))
    parents = {p for p, *_ in made}
    for n, (_, _, _, links) in enumerate(made):
        leaves = [i for i in range(n) if i not in parents and n not in parents and i != n]
        for pred in (
            draw(st.lists(st.sampled_from(leaves), unique=True, max_size=2)) if leaves else []
        ):
            links.append(
                (pred, draw(st.sampled_from(["FS", "SS", "FF", "SF"])), draw(st.integers(-3, 5)))
            )
    return made


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=small_plans(), weekdays=st.sampled_from(["mon-fri", "sun-thu", "mon-sat"]))
def test_random_plans_survive_the_round_trip(
    empty_template: Engine,
    tmp_path: Path,
    plan: list[tuple[int, int, bool, list[tuple[int, str, int]]]],
    weekdays: str,
) -> None:
    from itpm_tui.services.planning.calendar_records import set_working_weekdays
    from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
    from itpm_tui.services.planning.tasks import TaskInput, create_task
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project

    path = tmp_path / f"{uuid.uuid4().hex}.db"
    engine = open_database(str(backup(empty_template, path, keep=None)))
    today = date(2027, 1, 4)
    try:
        with write_session(engine, "set up") as session:
            project = create_project(session, ProjectInput("RND", "Random", start=today))
            pid: int = project.id  # type: ignore[assignment]
            set_working_weekdays(session, pid, weekdays, today)
            ids: list[int] = []
            for n, (parent, days, milestone, _) in enumerate(plan):
                task = create_task(
                    session,
                    pid,
                    TaskInput(
                        title=f"T{n}",
                        parent_id=ids[parent] if parent >= 0 else None,
                        is_milestone=milestone,
                    ),
                )
                task.duration_days = 0 if milestone else days
                ids.append(task.id)  # type: ignore[arg-type]
            session.flush()
            for n, (*_, links) in enumerate(plan):
                for pred, kind, lag in links:
                    # A link the rules refuse (a cycle, a summary's kind) is left out.
                    with contextlib.suppress(ItpmError):
                        add_dependency(session, ids[pred], ids[n], kind, lag)
            reschedule(session, pid, today)
        before, after, _ = round_trip(engine, "RND", "RND-2", today)
        assert after == before
    finally:
        engine.dispose()
