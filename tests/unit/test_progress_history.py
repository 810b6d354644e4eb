"""Progress history: recorded on every change, and earned value as of a status date from it."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import col, select

from itpm_tui import clock, db
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.models import ProgressRecord
from itpm_tui.services.monitoring.budget_records import LineInput, add_line
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.planning.plan_edits import set_percent
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared import undo


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """Two tasks of ten working days each, one after the other, and 1,000.00 of budget."""
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="P", name="P", start=date(2026, 11, 2)))
        pid = int(project.id)  # type: ignore[arg-type]
        a = create_task(
            s, pid, TaskInput("Design", start=date(2026, 11, 2), finish=date(2026, 11, 13))
        )
        b = create_task(
            s, pid, TaskInput("Build", start=date(2026, 11, 16), finish=date(2026, 11, 27))
        )
        add_line(s, pid, LineInput("labour", "Team", 100_000))
    return {"project": pid, "a": int(a.id), "b": int(b.id)}  # type: ignore[arg-type]


def record(engine: Engine, day: date, task_id: int, percent: int) -> None:
    clock.fix_today(day)
    with write_session(engine, "progress") as s:
        set_percent(s, task_id, percent)


def board(engine: Engine, plan: dict[str, int], day: date):
    with read_session(engine) as s:
        return project_dashboard(s, plan["project"], day)


def test_earned_value_follows_what_was_recorded_by_the_status_date(engine, plan) -> None:
    record(engine, date(2026, 11, 6), plan["a"], 40)
    record(engine, date(2026, 11, 13), plan["a"], 100)
    record(engine, date(2026, 11, 20), plan["b"], 30)
    # Hand-computed: each task holds 50,000 of the budget.
    expected_ev = {
        date(2026, 11, 5): 0,
        date(2026, 11, 6): 20_000,
        date(2026, 11, 12): 20_000,
        date(2026, 11, 13): 50_000,
        date(2026, 11, 19): 50_000,
        date(2026, 11, 20): 65_000,
    }
    for day, ev in expected_ev.items():
        assert board(engine, plan, day).evm.ev == ev, day
    early = board(engine, plan, date(2026, 11, 6))
    assert early.evm.pv == 25_000  # five of Design's ten days
    assert str(early.evm.spi) == "0.800"
    assert early.evm.percent_complete == 20
    late = board(engine, plan, date(2026, 11, 20))
    assert late.evm.pv == 75_000  # Design, and five of Build's ten days
    assert str(late.evm.spi) == "0.867"
    # The S-curve's EV line reads the same history, week by week.
    assert [(p.day, p.ev) for p in late.curve if p.ev is not None] == [
        (date(2026, 11, 2), 0),
        (date(2026, 11, 9), 20_000),
        (date(2026, 11, 16), 50_000),
        (date(2026, 11, 20), 65_000),
    ]


def test_a_status_date_before_any_recorded_progress_is_said(engine, plan) -> None:
    assert not board(engine, plan, date(2026, 11, 6)).progress_unknown  # none recorded at all
    record(engine, date(2026, 11, 10), plan["a"], 50)
    assert board(engine, plan, date(2026, 11, 6)).progress_unknown
    assert not board(engine, plan, date(2026, 11, 10)).progress_unknown


def test_a_task_done_after_the_status_date_was_open_then(engine, plan) -> None:
    record(engine, date(2026, 11, 13), plan["a"], 100)
    then = board(engine, plan, date(2026, 11, 12))
    # Not finished on the 12th: late work counts as open then, whatever it is now.
    assert not then.milestones_done
    assert board(engine, plan, date(2026, 11, 13)).evm.ev == 50_000


def test_undo_is_recorded_as_progress_of_its_own(engine, plan) -> None:
    record(engine, date(2026, 11, 6), plan["a"], 40)
    record(engine, date(2026, 11, 6), plan["a"], 60)
    assert board(engine, plan, date(2026, 11, 6)).evm.ev == 30_000
    undo.run(engine, "undo")
    assert board(engine, plan, date(2026, 11, 6)).evm.ev == 20_000
    with read_session(engine) as s:
        kept = list(
            s.exec(
                select(ProgressRecord.percent)
                .where(ProgressRecord.task_id == plan["a"])
                .order_by(ProgressRecord.id)  # type: ignore[arg-type]
            )
        )
    # The history is a log of what was recorded: the undo is recorded as a change of its
    # own, back to 40 %, and the latest record of the day is what holds.
    assert kept == [40, 60, 40]


def test_every_change_is_recorded_with_the_working_day_even_a_bulk_update(engine, plan) -> None:
    from sqlalchemy import update

    from itpm_tui.models import Task

    clock.fix_today(date(2026, 11, 9))
    with write_session(engine, "bulk") as s:
        s.execute(update(Task).where(Task.id == plan["b"]).values(percent_complete=10))
    with read_session(engine) as s:
        rows = s.exec(
            select(col(ProgressRecord.recorded_on), col(ProgressRecord.percent)).where(
                ProgressRecord.task_id == plan["b"]
            )
        ).all()
    assert [tuple(r) for r in rows] == [(date(2026, 11, 9), 10)]


def test_migration_keeps_each_tasks_progress_as_of_its_last_change(db_path: Path) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0008_board_order")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute(
                "INSERT INTO project (id, code, name, project_type, methodology, phase, health,"
                " currency, description, sponsor, working_weekdays, version, created_at,"
                " updated_at, phase_entered_on) VALUES (1, 'P', 'P', 'software', 'waterfall',"
                " 'execution', 'green', 'EUR', '', '', '0,1,2,3,4', 1, '2026-10-01 09:00:00',"
                " '2026-10-01 09:00:00', '2026-10-01')"
            )
            for tid, percent, status, changed in (
                (1, 40, "in-progress", "2026-10-20 10:00:00"),
                (2, 0, "done", "2026-10-15 10:00:00"),
                (3, 0, "todo", "2026-10-10 10:00:00"),
            ):
                raw.execute(
                    "INSERT INTO task (id, project_id, title, status, percent_complete, position,"
                    " description, priority, tags, is_milestone, created_at, updated_at, version)"
                    " VALUES (?, 1, ?, ?, ?, 0, '', 'medium', '', 0, ?, ?, 1)",
                    (tid, f"T{tid}", status, percent, changed, changed),
                )
            raw.commit()
        db.upgrade(engine)
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            rows = raw.execute(
                "SELECT task_id, percent, recorded_on FROM progress_record ORDER BY task_id"
            ).fetchall()
        assert rows == [(1, 40, "2026-10-20"), (2, 100, "2026-10-15")]
    finally:
        engine.dispose()


def test_the_report_says_when_its_date_is_before_any_recorded_progress(engine, plan) -> None:
    from itpm_tui.services.monitoring.status_report import render, status_report

    record(engine, date(2026, 11, 10), plan["a"], 50)
    with read_session(engine) as s:
        early = status_report(s, plan["project"], date(2026, 11, 6))
        later = status_report(s, plan["project"], date(2026, 11, 12))
    assert early["progress"]["before_any_record"] is True
    assert early["progress"]["recorded_since"] == "2026-11-10"
    assert "No progress had been recorded by 2026-11-06" in render(early, "md")
    assert "No progress had been recorded" not in render(later, "md")
