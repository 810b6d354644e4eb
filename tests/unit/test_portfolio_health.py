"""Portfolio health: the per-project task figures from SQL against a count made in Python."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import CursorResult, Engine, Insert, delete, insert
from sqlmodel import Session

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Project, Task, TaskStatus
from itpm_tui.services.portfolio.health import NO_TASKS, TaskFigures, task_figures

TODAY = date(2026, 11, 20)
STATUSES = [s.value for s in TaskStatus]


@dataclass(frozen=True)
class Spec:
    """One task as the test draws it; `parent` indexes an earlier task of the project."""

    project: int
    parent: int | None
    status: str
    milestone: bool
    finish: date | None
    blocked: bool
    tags: str


specs = st.builds(
    Spec,
    project=st.integers(0, 2),
    parent=st.none() | st.integers(0, 30),
    status=st.sampled_from(STATUSES),
    milestone=st.booleans(),
    finish=st.none() | st.dates(TODAY - timedelta(days=20), TODAY + timedelta(days=20)),
    blocked=st.booleans(),
    tags=st.sampled_from(["", "defect", "ui, bug", "network", "debugging", "Defect"]),
)


def expected(tasks: list[Spec], parents: list[int | None]) -> dict[int, TaskFigures]:
    """The same figures counted one task at a time."""
    summaries = {p for p in parents if p is not None}
    found: dict[int, TaskFigures] = {}
    for project in {t.project for t in tasks}:
        mine = [(i, t) for i, t in enumerate(tasks) if t.project == project]
        finishes = [t.finish for _, t in mine if t.finish is not None]
        done = TaskStatus.DONE.value
        found[project] = TaskFigures(
            max(finishes) if finishes else None,
            sum(
                1
                for i, t in mine
                if t.status != done
                and not t.milestone
                and t.finish is not None
                and t.finish < TODAY
                and i not in summaries
            ),
            sum(1 for _, t in mine if t.blocked and t.status != done),
        )
    return found


def _new_id(session: Session, statement: Insert) -> int:
    """Run an INSERT and give the new row's id."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)  # what an INSERT gives; typed as a plain Result
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tasks=st.lists(specs, max_size=30))
# A late summary over late work: only the work counts as overdue.
@example(
    tasks=[
        Spec(0, None, "todo", False, TODAY - timedelta(days=3), False, ""),
        Spec(0, 0, "todo", False, TODAY - timedelta(days=3), False, ""),
    ]
)
def test_task_figures_match_a_count_task_by_task(engine: Engine, tasks: list[Spec]) -> None:
    with write_session(engine, journal=False) as s:
        s.execute(delete(Task))
        s.execute(delete(Project))
        ids = [
            _new_id(s, insert(Project).values(code=f"P{n}", name=f"Project {n}")) for n in range(3)
        ]
        task_ids: list[int] = []
        parents: list[int | None] = []
        for index, spec in enumerate(tasks):
            # A parent is an earlier task, and the child belongs to the parent's project.
            parent = spec.parent % index if spec.parent is not None and index else None
            if parent is not None:
                spec = tasks[index] = replace(spec, project=tasks[parent].project)
            parents.append(parent)
            task_ids.append(
                _new_id(
                    s,
                    insert(Task).values(
                        project_id=ids[spec.project],
                        parent_id=None if parent is None else task_ids[parent],
                        title=f"T{index}",
                        status=spec.status,
                        is_milestone=spec.milestone,
                        finish=spec.finish,
                        blocked=spec.blocked,
                        tags=spec.tags,
                    ),
                )
            )
    with read_session(engine) as s:
        found = task_figures(s, TODAY)
        assert found == {ids[p]: f for p, f in expected(tasks, parents).items()}
        for project in range(3):
            alone = task_figures(s, TODAY, ids[project])
            assert alone.get(ids[project], NO_TASKS) == found.get(ids[project], NO_TASKS)


def test_every_dimension_gives_its_reason_not_only_the_worst(demo_engine: Engine) -> None:
    from itpm_tui import clock
    from itpm_tui.services.monitoring.health import AREAS, GREEN
    from itpm_tui.services.portfolio.health import portfolio_health

    with read_session(demo_engine) as s:
        rows = portfolio_health(s, clock.today())
    portal = next(r for r in rows if r.code == "APP-PORTAL")
    # Schedule is amber while the project is red: its reason was shown nowhere.
    assert (portal.health, portal.schedule) == ("red", "amber")
    assert "schedule" not in portal.reason
    assert portal.reasons["schedule"] == "1 milestone slipped"
    for row in rows:
        assert set(row.reasons) == set(AREAS)
        for area in AREAS:
            colour = getattr(row, area)
            # A green dimension has nothing to say; any other names its cause.
            assert (row.reasons[area] == "") == (colour == GREEN), (row.code, area)
