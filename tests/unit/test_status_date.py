"""The status date of earned value: today by default, inside the project, kept per project."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from itpm_tui import db
from itpm_tui.cli import main
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.models import Project
from itpm_tui.services.lifecycle.gates import advance_phase
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.monitoring.status_report import status_report
from itpm_tui.services.planning.status_date import (
    effective_status_date,
    set_status_date,
    status_date_of,
)
from itpm_tui.services.planning.task_edits import save_task
from itpm_tui.services.planning.tasks import TaskInput
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, get_project
from itpm_tui.services.shared.errors import ValidationError

TODAY = date(2026, 11, 18)


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


# --- the default and the span --------------------------------------------------------------


def test_today_inside_the_project_is_the_status_date() -> None:
    chosen = effective_status_date(Project(code="P", name="P", start=d(2)), TODAY)
    assert (chosen.day, chosen.note) == (TODAY, "")


def test_a_project_yet_to_start_is_measured_on_its_start_and_says_so() -> None:
    chosen = effective_status_date(Project(code="P", name="P", start=d(7, 12)), TODAY)
    assert chosen.day == d(7, 12)
    assert chosen.note == (
        "As of 2026-12-07, the project's start: today (2026-11-18) is before it."
    )


def test_a_closed_project_is_measured_on_the_day_it_closed() -> None:
    project = Project(code="P", name="P", start=d(2), closed_on=d(10))
    chosen = effective_status_date(project, TODAY)
    assert chosen.day == d(10) and "closed" in chosen.note


def test_a_kept_date_wins_over_today_and_moves_with_a_later_start() -> None:
    project = Project(code="P", name="P", start=d(2), status_date=d(6))
    assert effective_status_date(project, TODAY).day == d(6)
    project.start = d(9)
    moved = effective_status_date(project, TODAY)
    assert moved.day == d(9) and "the status date kept (2026-11-06)" in moved.note


# --- kept per project ----------------------------------------------------------------------


def new_project(engine: Engine, start: date, code: str = "P") -> int:
    with write_session(engine) as s:
        return int(create_project(s, ProjectInput(code=code, name=code, start=start), TODAY).id)  # type: ignore[arg-type]


def test_the_status_date_is_kept_across_sessions_and_gate_moves(engine: Engine) -> None:
    pid = new_project(engine, d(2))
    other = new_project(engine, d(2), "Q")
    with write_session(engine) as s:
        set_status_date(s, pid, d(13))
    with write_session(engine) as s:
        advance_phase(s, pid, TODAY, "moving on", override=True)
    with read_session(engine) as s:
        assert get_project(s, pid).phase == "planning"
        assert status_date_of(s, pid, TODAY).day == d(13)
        assert status_date_of(s, other, TODAY).day == TODAY  # per project
    # Blank again: measured as of today.
    with write_session(engine) as s:
        set_status_date(s, pid, None)
    with read_session(engine) as s:
        assert status_date_of(s, pid, TODAY).day == TODAY


def test_a_status_date_before_the_start_is_refused_and_not_kept(engine: Engine) -> None:
    pid = new_project(engine, d(2))
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        set_status_date(s, pid, d(1))
    assert "before the project starts (2026-11-02)" in info.value.errors["status_date"]
    with read_session(engine) as s:
        assert get_project(s, pid).status_date is None


# --- the report ----------------------------------------------------------------------------


def test_report_status_by_default_works_on_a_project_yet_to_start(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date.today() + timedelta(days=30)
    new_project(engine, start, "LATER")
    assert main(["report", "status", "LATER", "--db", str(engine.url.database)]) == 0
    captured = capsys.readouterr()
    assert f"# Status report LATER LATER as of {start.isoformat()}" in captured.out
    assert captured.err.startswith(f"itpm: As of {start.isoformat()}, the project's start")


def test_report_status_by_default_uses_the_kept_status_date(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date.today() - timedelta(days=30)
    pid = new_project(engine, start, "NOW")
    with write_session(engine) as s:
        set_status_date(s, pid, start + timedelta(days=3))
    assert main(["report", "status", "NOW", "--db", str(engine.url.database)]) == 0
    out = capsys.readouterr().out
    assert f"as of {(start + timedelta(days=3)).isoformat()}" in out


def test_the_next_milestone_is_never_before_the_status_date(engine: Engine) -> None:
    pid = new_project(engine, d(2))
    with write_session(engine) as s:
        for title, start in (("Kick-off", d(3)), ("Design approved", d(20))):
            save_task(s, pid, None, TaskInput(title=title, start=start, is_milestone=True))
    with read_session(engine) as s:
        board = project_dashboard(s, pid, d(10))
        report = status_report(s, pid, d(10))
    assert [t for t, _ in board.milestones_next] == ["Design approved"]
    assert [m["title"] for m in report["milestones"]["next"]] == ["Design approved"]
    assert {"title": "Kick-off", "finish": "2026-11-03"} in report["overdue_tasks"]


# --- the migration -------------------------------------------------------------------------


def test_the_status_date_column_migrates_over_data_and_back(db_path: Path) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0008_board_order")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute(
                "INSERT INTO project (code, name, project_type, methodology, phase, health, "
                "start, sponsor, description, created_at, updated_at, version) VALUES ('P', "
                "'P', 'other', 'waterfall', 'monitoring', 'green', '2026-11-02', '', '', "
                "'2026-01-01', '2026-01-01', 3)"
            )
            raw.execute(
                "INSERT INTO task (project_id, position, title, description, status, priority, "
                "percent_complete, is_milestone, tags, created_at, updated_at, version) "
                "VALUES (1, 0, 'T', '', 'todo', 'medium', 0, 0, '', '2026-01-01', "
                "'2026-01-01', 1)"
            )
            raw.commit()
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0009_status_date")
            conn.commit()
        assert "status_date" in {c["name"] for c in inspect(engine).get_columns("project")}
        with read_session(engine) as s:
            project = get_project(s, 1)
            # Nothing kept yet: measured as of today, as before the column existed.
            assert (project.code, project.version, project.status_date) == ("P", 3, None)
        with write_session(engine) as s:
            set_status_date(s, 1, d(13))
        with read_session(engine) as s:
            assert get_project(s, 1).status_date == d(13)
        with engine.connect() as conn:
            command.downgrade(db._alembic_config(conn), "0008_board_order")
            conn.commit()
        assert "status_date" not in {c["name"] for c in inspect(engine).get_columns("project")}
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            assert raw.execute("SELECT code, start FROM project").fetchall() == [
                ("P", "2026-11-02")
            ]
            assert raw.execute("SELECT title FROM task").fetchall() == [("T",)]
    finally:
        engine.dispose()
