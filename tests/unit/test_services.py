"""Domain services on a real migrated SQLite file: people, projects, tasks, WBS, portfolio, demo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, insert, select

from itpm_tui.db import read_session, write_session
from itpm_tui.demo.build import create_demo
from itpm_tui.models import Person, Phase, Project, Task
from itpm_tui.models.base import utcnow
from itpm_tui.services.planning.tasks import (
    TaskInput,
    count_subtasks,
    create_task,
    delete_task,
    get_task,
    list_task_rows,
    update_task,
)
from itpm_tui.services.planning.wbs import wbs_order
from itpm_tui.services.portfolio.listing import PortfolioRow, portfolio_rows
from itpm_tui.services.portfolio.projects import (
    ProjectInput,
    create_project,
    delete_project,
    find_project,
    get_project,
    list_projects,
    update_project,
)
from itpm_tui.services.resources.people import (
    PersonInput,
    create_person,
    delete_person,
    get_person,
    list_people,
    update_person,
)
from itpm_tui.services.shared.errors import ItpmError, NotFound, StaleEdit, ValidationError

TODAY = date(2026, 11, 18)  # a Wednesday


# --- helpers -------------------------------------------------------------------------------


def _snapshot(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """Every row of every table, to show that a refused write changed nothing at all."""
    with read_session(engine) as session:
        return {
            model.__name__: [r.model_dump() for r in session.exec(select(model).order_by("id"))]
            for model in (Person, Project, Task)
        }


def _refused(engine: Engine, field: str, write: Callable[[Session], object]) -> ValidationError:
    """Run `write` in its own transaction; it must fail on `field` and leave no trace."""
    before = _snapshot(engine)
    with pytest.raises(ValidationError) as info, write_session(engine) as session:
        write(session)
    assert field in info.value.errors, info.value.errors
    assert info.value.errors[field]
    assert _snapshot(engine) == before
    return info.value


@dataclass(frozen=True)
class Seed:
    ada: int  # a person
    p1: int  # project P1: A (A1, A2), B
    p2: int  # project P2: X
    a: int
    a1: int
    a2: int
    b: int
    x: int


@pytest.fixture
def seed(engine: Engine) -> Seed:
    with write_session(engine) as s:
        ada = create_person(s, PersonInput(name="Ada Lovelace", email="ada@example.com"))
        p1 = create_project(s, ProjectInput(code="P1", name="One", manager_id=ada.id), TODAY)
        p2 = create_project(s, ProjectInput(code="P2", name="Two"), TODAY)
        assert p1.id and p2.id  # flushed: the rows have their ids
        a = create_task(s, p1.id, TaskInput(title="A"))
        a1 = create_task(s, p1.id, TaskInput(title="A1", parent_id=a.id, assignee_id=ada.id))
        a2 = create_task(s, p1.id, TaskInput(title="A2", parent_id=a.id))
        b = create_task(s, p1.id, TaskInput(title="B", assignee_id=ada.id))
        x = create_task(s, p2.id, TaskInput(title="X"))
        ids = [o.id for o in (ada, p1, p2, a, a1, a2, b, x)]
    return Seed(*ids)  # type: ignore[arg-type]


def _chain(engine: Engine, project_id: int, depth: int) -> list[int]:
    """A WBS `depth` levels deep (each task the only child of the one before).

    The first task goes through the service; the rest are one bulk INSERT, for speed.
    """
    with write_session(engine) as s:
        first = create_task(s, project_id, TaskInput(title="level 0"))
        ids = [first.id + n for n in range(depth)]  # type: ignore[operator]
        now = utcnow()
        s.exec(
            insert(Task),
            params=[
                {
                    "id": ids[n],
                    "project_id": project_id,
                    "parent_id": ids[n - 1],
                    "title": f"level {n}",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(1, depth)
            ],
        )
    return ids


# --- people --------------------------------------------------------------------------------


def test_create_person_stores_cleaned_text(engine: Engine) -> None:
    with write_session(engine) as s:
        person = create_person(
            s, PersonInput(name="  Ada\x1b[31m ", role="[bold]Lead[/]", team="Core\n")
        )
    with read_session(engine) as s:
        stored = get_person(s, person.id)  # type: ignore[arg-type]
    assert (stored.name, stored.role, stored.team) == ("Ada[31m", "[bold]Lead[/]", "Core")
    # The object written holds the number the database gave the row.
    assert stored.version == person.version


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonInput(name=""), "name"),
        (PersonInput(name="   "), "name"),
        (PersonInput(name="\x1b\x07"), "name"),
        (PersonInput(name="Ada", email="not-an-address"), "email"),
        (PersonInput(name="Ada", cost_rate_cents=-1), "cost_rate_cents"),
        (PersonInput(name="Ada", capacity_hours_per_day=24.5), "capacity_hours_per_day"),
        (PersonInput(name="Ada", capacity_hours_per_day=-1), "capacity_hours_per_day"),
    ],
)
def test_create_person_refuses_bad_input_and_saves_nothing(
    seed: Seed, engine: Engine, data: PersonInput, field: str
) -> None:
    def write(s: Session) -> None:
        create_person(s, PersonInput(name="Saved first, rolled back"))
        create_person(s, data)

    _refused(engine, field, write)


def test_update_person_changes_fields_and_bumps_the_version(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        old = get_person(s, seed.ada)
    with write_session(engine) as s:
        update_person(s, seed.ada, PersonInput(name="Ada King", role="Countess"), old.version)
    with read_session(engine) as s:
        new = get_person(s, seed.ada)
    assert (new.name, new.role) == ("Ada King", "Countess")
    assert new.version > old.version
    assert new.updated_at > old.updated_at
    assert new.updated_at.tzinfo is not None


def test_update_person_refuses_an_empty_name(seed: Seed, engine: Engine) -> None:
    _refused(engine, "name", lambda s: update_person(s, seed.ada, PersonInput(name=" ")))


def test_update_person_with_a_stale_version_changes_nothing(seed: Seed, engine: Engine) -> None:
    before = _snapshot(engine)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        update_person(s, seed.ada, PersonInput(name="Overwrite"), expected_version=99)
    assert _snapshot(engine) == before


def test_list_people_is_sorted_by_name(engine: Engine) -> None:
    with write_session(engine) as s:
        for name in ("Zoe", "adam", "Mia"):
            create_person(s, PersonInput(name=name))
    with read_session(engine) as s:
        assert [p.name for p in list_people(s)] == ["Mia", "Zoe", "adam"]


def test_deleting_a_person_unassigns_their_tasks_and_projects(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        delete_person(s, seed.ada)
    with read_session(engine) as s:
        assert get_task(s, seed.a1).assignee_id is None
        assert get_task(s, seed.b).assignee_id is None
        assert get_project(s, seed.p1).manager_id is None
        assert len(list_task_rows(s, seed.p1)) == 4
        with pytest.raises(NotFound):
            get_person(s, seed.ada)


def test_a_deleted_person_is_not_found_for_edit_or_delete(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        delete_person(s, seed.ada)
    with pytest.raises(NotFound, match="no longer exists"), write_session(engine) as s:
        update_person(s, seed.ada, PersonInput(name="Ghost"))
    with pytest.raises(NotFound), write_session(engine) as s:
        delete_person(s, seed.ada)


def test_a_deleted_person_cannot_be_assigned_or_manage(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        delete_person(s, seed.ada)
    _refused(
        engine,
        "assignee_id",
        lambda s: create_task(s, seed.p1, TaskInput(title="t", assignee_id=seed.ada)),
    )
    _refused(
        engine,
        "manager_id",
        lambda s: create_project(s, ProjectInput(code="P9", name="n", manager_id=seed.ada)),
    )


# --- projects ------------------------------------------------------------------------------


def test_create_project_cleans_text_and_upper_cases_the_code(engine: Engine) -> None:
    with write_session(engine) as s:
        project = create_project(
            s,
            ProjectInput(
                code=" erp-01 ",
                name="\x1b[2J[bold]x[/]",
                description="line one\r\nline two\x1b[0m",
                sponsor="\x9bCFO",
            ),
            today=TODAY,
        )
    with read_session(engine) as s:
        stored = get_project(s, project.id)  # type: ignore[arg-type]
    assert stored.code == "ERP-01"
    assert stored.name == "[2J[bold]x[/]"
    assert stored.description == "line one\nline two[0m"
    assert stored.sponsor == "CFO"
    assert stored.phase_entered_on == TODAY


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ProjectInput(code="", name="Name"), "code"),
        (ProjectInput(code="  ", name="Name"), "code"),
        (ProjectInput(code="has space", name="Name"), "code"),
        (ProjectInput(code="X" * 21, name="Name"), "code"),
        (ProjectInput(code="P9", name=""), "name"),
        (ProjectInput(code="P9", name=" \x1b "), "name"),
        (ProjectInput(code="p1", name="Same code, other case"), "code"),
        (ProjectInput("P9", "n", start=TODAY, target_finish=TODAY - timedelta(1)), "target_finish"),
        (ProjectInput(code="P9", name="n", phase="testing"), "phase"),
        (ProjectInput(code="P9", name="n", health="purple"), "health"),
        (ProjectInput(code="P9", name="n", methodology="scrumfall"), "methodology"),
        (ProjectInput(code="P9", name="n", project_type="magic"), "project_type"),
        (ProjectInput(code="P9", name="n", manager_id=4242), "manager_id"),
    ],
)
def test_create_project_refuses_bad_input_and_saves_nothing(
    seed: Seed, engine: Engine, data: ProjectInput, field: str
) -> None:
    def write(s: Session) -> None:
        create_person(s, PersonInput(name="Saved first, rolled back"))
        create_project(s, data)

    _refused(engine, field, write)


def test_a_project_may_start_and_finish_on_the_same_day(engine: Engine) -> None:
    with write_session(engine) as s:
        create_project(s, ProjectInput(code="P1", name="n", start=TODAY, target_finish=TODAY))


def test_update_project_may_keep_its_own_code_but_not_take_another(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        update_project(s, seed.p1, ProjectInput(code="p1", name="Renamed"))
    _refused(engine, "code", lambda s: update_project(s, seed.p1, ProjectInput("p2", "n")))


def test_update_project_refuses_finish_before_start(seed: Seed, engine: Engine) -> None:
    data = ProjectInput("P1", "n", start=TODAY, target_finish=TODAY - timedelta(days=1))
    _refused(engine, "target_finish", lambda s: update_project(s, seed.p1, data))


def test_changing_phase_restarts_the_days_in_phase(seed: Seed, engine: Engine) -> None:
    later = TODAY + timedelta(days=10)
    with write_session(engine) as s:
        update_project(s, seed.p1, ProjectInput("P1", "Same phase"), today=later)
    with read_session(engine) as s:
        assert get_project(s, seed.p1).phase_entered_on == TODAY
    with write_session(engine) as s:
        update_project(s, seed.p1, ProjectInput("P1", "n", phase="planning"), today=later)
    with read_session(engine) as s:
        project = get_project(s, seed.p1)
    assert (project.phase, project.phase_entered_on) == ("planning", later)


def test_update_project_with_a_stale_version_changes_nothing(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        version = get_project(s, seed.p1).version
    with write_session(engine) as s:  # someone else saves first
        update_project(s, seed.p1, ProjectInput("P1", "Theirs"), expected_version=version)
    before = _snapshot(engine)
    with pytest.raises(StaleEdit, match="changed elsewhere"), write_session(engine) as s:
        update_project(s, seed.p1, ProjectInput("P1", "Mine"), expected_version=version)
    assert _snapshot(engine) == before


def test_deleting_a_project_deletes_its_tasks_only(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        assert delete_project(s, seed.p1) == 4
    with read_session(engine) as s:
        assert [p.code for p in list_projects(s)] == ["P2"]
        assert s.exec(select(Task.id)).all() == [seed.x]
        assert [p.name for p in list_people(s)] == ["Ada Lovelace"]


def test_a_deleted_project_is_not_found(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        delete_project(s, seed.p1)
    for action in (
        lambda s: get_project(s, seed.p1),
        lambda s: update_project(s, seed.p1, ProjectInput("P1", "n")),
        lambda s: delete_project(s, seed.p1),
        lambda s: create_task(s, seed.p1, TaskInput(title="late")),
    ):
        with pytest.raises(NotFound), write_session(engine) as s:
            action(s)


def test_find_project_by_code_in_any_case_or_by_number(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        assert find_project(s, " p1 ").id == seed.p1
        assert find_project(s, str(seed.p2)).code == "P2"
        with pytest.raises(NotFound, match="no project with the code 'nope'"):
            find_project(s, "nope")


# --- tasks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (TaskInput(title=""), "title"),
        (TaskInput(title="\t \x1b"), "title"),
        (TaskInput(title="t", percent_complete=-1), "percent_complete"),
        (TaskInput(title="t", percent_complete=101), "percent_complete"),
        (TaskInput(title="t", estimate_days=-0.5), "estimate_days"),
        (TaskInput(title="t", start=TODAY, finish=TODAY - timedelta(days=1)), "finish"),
        (TaskInput(title="t", status="started"), "status"),
        (TaskInput(title="t", priority="urgent"), "priority"),
        (TaskInput(title="t", phase="testing"), "phase"),
        (TaskInput(title="t", assignee_id=4242), "assignee_id"),
        (TaskInput(title="t", parent_id=4242), "parent_id"),
    ],
)
def test_create_task_refuses_bad_input_and_saves_nothing(
    seed: Seed, engine: Engine, data: TaskInput, field: str
) -> None:
    def write(s: Session) -> None:
        create_task(s, seed.p1, TaskInput(title="Saved first, rolled back"))
        create_task(s, seed.p1, data)

    _refused(engine, field, write)


def test_a_task_cannot_sit_under_a_task_of_another_project(seed: Seed, engine: Engine) -> None:
    _refused(
        engine, "parent_id", lambda s: create_task(s, seed.p1, TaskInput("t", parent_id=seed.x))
    )
    _refused(
        engine, "parent_id", lambda s: update_task(s, seed.b, TaskInput("B", parent_id=seed.x))
    )


@pytest.mark.parametrize("new_parent", ["a", "a1"])
def test_a_task_cannot_move_under_itself_or_its_own_subtask(
    seed: Seed, engine: Engine, new_parent: str
) -> None:
    parent_id = getattr(seed, new_parent)
    _refused(
        engine,
        "parent_id",
        lambda s: update_task(s, seed.a, TaskInput(title="A", parent_id=parent_id)),
    )


def test_a_move_under_a_deep_descendant_is_refused(engine: Engine, seed: Seed) -> None:
    ids = _chain(engine, seed.p1, 500)
    _refused(
        engine,
        "parent_id",
        lambda s: update_task(s, ids[0], TaskInput(title="top", parent_id=ids[-1])),
    )


def test_update_task_with_a_stale_version_changes_nothing(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        version = get_task(s, seed.b).version
    with write_session(engine) as s:
        updated = update_task(s, seed.b, TaskInput(title="B2", percent_complete=50), version)
        assert updated.version > version
    before = _snapshot(engine)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        update_task(s, seed.b, TaskInput(title="B3"), expected_version=version)
    assert _snapshot(engine) == before


def test_a_deleted_task_is_not_found(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        delete_task(s, seed.b)
    for action in (
        lambda s: get_task(s, seed.b),
        lambda s: update_task(s, seed.b, TaskInput(title="B")),
        lambda s: delete_task(s, seed.b),
    ):
        with pytest.raises(NotFound), write_session(engine) as s:
            action(s)


def test_a_milestone_has_one_date_and_no_effort(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        only_finish = create_task(s, seed.p1, TaskInput("Go-live", is_milestone=True, finish=TODAY))
        both = create_task(
            s,
            seed.p1,
            TaskInput("Sign-off", is_milestone=True, start=TODAY, finish=TODAY + timedelta(9)),
        )
    assert (only_finish.start, only_finish.finish, only_finish.estimate_days) == (TODAY, TODAY, 0)
    assert (both.start, both.finish) == (TODAY, TODAY)


def test_task_text_is_cleaned_and_tags_normalised(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        task = create_task(
            s,
            seed.p1,
            TaskInput(
                title="[red]Deploy[/]\x1b[5m",
                description="step 1\nstep 2\x07",
                tags="Net, net ,CLOUD,,",
            ),
        )
    assert (task.title, task.description, task.tags) == (
        "[red]Deploy[/][5m",
        "step 1\nstep 2",
        "net,cloud",
    )


def test_wbs_codes_follow_creation_order(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        create_task(s, seed.p1, TaskInput(title="A3", parent_id=seed.a))
        create_task(s, seed.p1, TaskInput(title="C"))
    with read_session(engine) as s:
        rows = list_task_rows(s, seed.p1)
    assert [(r.wbs, r.title, r.depth, r.is_summary) for r in rows] == [
        ("1", "A", 0, True),
        ("1.1", "A1", 1, False),
        ("1.2", "A2", 1, False),
        ("1.3", "A3", 1, False),
        ("2", "B", 0, False),
        ("3", "C", 0, False),
    ]
    assert [r.assignee for r in rows] == ["", "Ada Lovelace", "", "", "Ada Lovelace", ""]


def test_moving_a_task_puts_it_last_under_its_new_parent(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        update_task(s, seed.a1, TaskInput(title="A1", parent_id=seed.b))
        update_task(s, seed.a2, TaskInput(title="A2", parent_id=seed.b))
    with read_session(engine) as s:
        rows = list_task_rows(s, seed.p1)
    assert [(r.wbs, r.title) for r in rows] == [
        ("1", "A"),
        ("2", "B"),
        ("2.1", "A1"),
        ("2.2", "A2"),
    ]


def test_deleting_a_task_deletes_its_subtasks(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        create_task(s, seed.p1, TaskInput(title="A1a", parent_id=seed.a1))
    with read_session(engine) as s:
        assert count_subtasks(s, seed.a) == 3
    with write_session(engine) as s:
        assert delete_task(s, seed.a) == 3
    with read_session(engine) as s:
        assert [(r.wbs, r.title) for r in list_task_rows(s, seed.p1)] == [("1", "B")]
        assert [r.title for r in list_task_rows(s, seed.p2)] == ["X"]


def test_a_5000_level_wbs_lists_in_order(engine: Engine, seed: Seed) -> None:
    ids = _chain(engine, seed.p2, 5000)
    with read_session(engine) as s:
        rows = list_task_rows(s, seed.p2)
    deep = [r for r in rows if r.id in set(ids)]
    assert [r.id for r in deep] == ids
    assert deep[-1].depth == 4999
    assert deep[-1].wbs == "2" + ".1" * 4999  # X is 1, the chain's root is 2
    assert [r.is_summary for r in deep[-2:]] == [True, False]


def test_deleting_a_task_1500_levels_deep(engine: Engine, seed: Seed) -> None:
    ids = _chain(engine, seed.p2, 1500)  # deeper than SQLite's 1,000-level cascade limit
    with write_session(engine) as s:
        assert delete_task(s, ids[0]) == 1499
    with read_session(engine) as s:
        assert [r.id for r in list_task_rows(s, seed.p2)] == [seed.x]


def test_deleting_a_project_with_a_1500_level_wbs(engine: Engine, seed: Seed) -> None:
    _chain(engine, seed.p2, 1500)
    with write_session(engine) as s:
        assert delete_project(s, seed.p2) == 1501
    with read_session(engine) as s:
        assert s.exec(select(Task.project_id).distinct()).all() == [seed.p1]


# --- WBS order (pure) ----------------------------------------------------------------------


def test_wbs_order_sorts_siblings_by_position_then_id() -> None:
    items = [(10, None, 1), (11, None, 0), (12, 10, 5), (13, 10, 5), (14, 10, 2), (15, 14, 0)]
    assert [(e.id, e.code, e.depth, e.has_children) for e in wbs_order(items)] == [
        (11, "1", 0, False),
        (10, "2", 0, True),
        (14, "2.1", 1, True),
        (15, "2.1.1", 2, False),
        (12, "2.2", 1, False),
        (13, "2.3", 1, False),
    ]


def test_wbs_order_treats_a_task_with_a_missing_parent_as_a_root() -> None:
    assert [(e.id, e.code) for e in wbs_order([(1, None, 0), (2, 99, 0)])] == [(1, "1"), (2, "2")]


def test_wbs_order_handles_5000_levels_without_recursion() -> None:
    entries = wbs_order([(n, n - 1 if n else None, 0) for n in range(5000)])
    assert [e.id for e in entries] == list(range(5000))
    assert entries[-1].depth == 4999
    assert entries[-1].code == "1" + ".1" * 4999


def test_wbs_order_handles_5000_siblings() -> None:
    entries = wbs_order([(n, None, n) for n in range(5000)])
    assert [e.code for e in entries] == [str(n) for n in range(1, 5001)]


@st.composite
def forests(draw: st.DrawFn) -> list[tuple[int, int | None, int]]:
    size = draw(st.integers(0, 40))
    items = []
    for n in range(size):
        parent = draw(st.one_of(st.none(), st.integers(0, n - 1))) if n else None
        items.append((n, parent, draw(st.integers(0, 3))))
    return draw(st.permutations(items))


@settings(max_examples=100, deadline=None)
@given(forests())
def test_wbs_order_properties(items: list[tuple[int, int | None, int]]) -> None:
    entries = wbs_order(items)
    parent_of = {item_id: parent for item_id, parent, _ in items}
    code_of = {e.id: e.code for e in entries}
    seen: set[int] = set()
    assert sorted(code_of) == sorted(parent_of)  # every item exactly once
    assert len(set(code_of.values())) == len(entries)  # codes are unique
    for entry in entries:
        parent = parent_of[entry.id]
        assert entry.depth == entry.code.count(".")
        if parent is not None:
            assert parent in seen  # parents come first
            assert entry.code.rsplit(".", 1)[0] == code_of[parent]
        assert entry.has_children == any(p == entry.id for p in parent_of.values())
        seen.add(entry.id)


# --- portfolio -----------------------------------------------------------------------------


@pytest.fixture
def portfolio(engine: Engine) -> dict[str, PortfolioRow]:
    with write_session(engine) as s:
        ada = create_person(s, PersonInput(name="Ada"))
        p = create_project(s, ProjectInput(code="P1", name="One", manager_id=ada.id), TODAY)
        assert p.id  # flushed: the row has its id
        summary = create_task(s, p.id, TaskInput("Summary", estimate_days=100))
        create_task(
            s, p.id, TaskInput("L1", parent_id=summary.id, estimate_days=1, percent_complete=100)
        )
        create_task(s, p.id, TaskInput("L2", parent_id=summary.id, estimate_days=3))
        create_task(s, p.id, TaskInput("L3", percent_complete=50))  # no estimate: weighs 1
        for title, day, status in [
            ("M-later", 13, "todo"),
            ("M-done", 1, "done"),
            ("M-next", 7, "review"),
            ("M-undated", None, "todo"),
        ]:
            finish = TODAY + timedelta(days=day) if day is not None else None
            milestone = create_task(
                s, p.id, TaskInput(title, is_milestone=True, finish=finish, status=status)
            )
        # Written behind the service's back (an import, old data): still no work of its own.
        milestone.estimate_days, milestone.percent_complete = 50.0, 0
        create_project(s, ProjectInput(code="P0", name="Empty"), TODAY)
        undated = create_project(s, ProjectInput(code="P2", name="Undated"), TODAY)
        assert undated.id
        create_task(s, undated.id, TaskInput("Someday", is_milestone=True))
        create_task(s, undated.id, TaskInput("Done", percent_complete=100, status="done"))
    with read_session(engine) as s:
        return {row.code: row for row in portfolio_rows(s)}


def test_portfolio_rows_are_sorted_by_code(portfolio: dict[str, PortfolioRow]) -> None:
    assert list(portfolio) == ["P0", "P1", "P2"]


def test_percent_done_is_weighted_by_estimate_over_leaf_work(
    portfolio: dict[str, PortfolioRow],
) -> None:
    # L1: 1 day at 100%, L2: 3 days at 0%, L3: 1 day at 50% -> 150 / 5 = 30%.
    # The summary (100 days) and the milestones (one says 50 days) carry no work of their own.
    assert portfolio["P1"].percent_done == 30
    assert portfolio["P2"].percent_done == 100
    assert portfolio["P0"].percent_done == 0


def test_task_count_counts_every_task(portfolio: dict[str, PortfolioRow]) -> None:
    assert portfolio["P1"].task_count == 8
    assert portfolio["P2"].task_count == 2
    assert portfolio["P0"].task_count == 0


def test_next_milestone_is_the_earliest_not_done(portfolio: dict[str, PortfolioRow]) -> None:
    assert (portfolio["P1"].next_milestone, portfolio["P1"].next_milestone_date) == (
        "M-next",
        TODAY + timedelta(days=7),
    )
    assert (portfolio["P2"].next_milestone, portfolio["P2"].next_milestone_date) == (
        "Someday",
        None,
    )
    assert (portfolio["P0"].next_milestone, portfolio["P0"].next_milestone_date) == ("", None)


def test_portfolio_shows_the_manager_name(portfolio: dict[str, PortfolioRow]) -> None:
    assert portfolio["P1"].manager == "Ada"
    assert portfolio["P0"].manager == ""


def test_days_in_phase(portfolio: dict[str, PortfolioRow]) -> None:
    row = portfolio["P1"]
    assert row.days_in_phase(TODAY + timedelta(days=5)) == 5
    assert row.days_in_phase(TODAY - timedelta(days=5)) == 0


# --- demo ----------------------------------------------------------------------------------


def _all(engine: Engine, model: type) -> list:
    with read_session(engine) as s:
        return list(s.exec(select(model)))


def test_demo_covers_all_five_phases_with_at_least_six_projects(demo_engine: Engine) -> None:
    projects = _all(demo_engine, Project)
    assert len(projects) >= 6
    assert {p.phase for p in projects} == {phase.value for phase in Phase}
    assert len({p.code for p in projects}) == len(projects)


def test_demo_has_people_managers_assignees_and_milestones(demo_engine: Engine) -> None:
    people = {p.id for p in _all(demo_engine, Person)}
    tasks = _all(demo_engine, Task)
    assert len(people) >= 5
    assert all(p.manager_id in people for p in _all(demo_engine, Project))
    assert {t.assignee_id for t in tasks} - {None} <= people
    assert len({t.assignee_id for t in tasks} - {None}) >= 5
    for project in _all(demo_engine, Project):
        assert any(t.is_milestone for t in tasks if t.project_id == project.id), project.code
    assert {t.status for t in tasks} >= {"done", "in-progress", "todo"}


def test_demo_dates_lie_within_six_months_of_today(demo_engine: Engine) -> None:
    today = date.today()
    window = timedelta(days=183)
    dates = [d for t in _all(demo_engine, Task) for d in (t.start, t.finish)]
    dates += [d for p in _all(demo_engine, Project) for d in (p.start, p.target_finish)]
    assert None not in dates
    assert all(today - window <= d <= today + window for d in dates)
    assert min(dates) < today < max(dates)  # some work done, some ahead


@pytest.mark.parametrize("offset", range(7))
def test_demo_is_valid_on_any_weekday(engine: Engine, offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    with write_session(engine) as s:
        assert create_demo(s, today=today) >= 6
    for task in _all(engine, Task):
        assert task.start is not None and task.finish is not None
        assert task.start <= task.finish
        assert task.start.weekday() < 5 and task.finish.weekday() < 5, task.title
        assert 0 <= task.percent_complete <= 100
        assert (task.status == "done") == (task.percent_complete == 100) or task.parent_id is None
    for project in _all(engine, Project):
        assert project.start is not None and project.target_finish is not None
        assert project.start <= today <= project.target_finish or project.phase == "closure"


def test_demo_refuses_a_database_that_holds_projects(demo_engine: Engine) -> None:
    before = _snapshot(demo_engine)
    with pytest.raises(ItpmError, match="already holds 7 project"), write_session(demo_engine) as s:
        create_demo(s)
    assert _snapshot(demo_engine) == before


def test_demo_portfolio_reads_back(demo_engine: Engine) -> None:
    with read_session(demo_engine) as s:
        rows = portfolio_rows(s)
    assert len(rows) >= 6
    assert all(r.manager and r.task_count > 0 for r in rows)
    assert any(r.next_milestone for r in rows)
    assert any(0 < r.percent_done < 100 for r in rows)


def test_the_first_rows_of_the_portfolio_are_its_first_rows(demo_engine: Engine) -> None:
    with read_session(demo_engine) as s:
        every = portfolio_rows(s)
        assert len(every) == 7
        for first in (1, 3, 7, 20):
            assert portfolio_rows(s, first=first) == every[:first]
