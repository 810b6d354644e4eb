"""A closed project refuses every write, whatever makes it; reopening stays possible."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import ProjectReadOnly, read_session, write_session
from itpm_tui.journal import CLOSED_MESSAGE
from itpm_tui.models import Project, Task
from itpm_tui.services.lifecycle import gates
from itpm_tui.services.planning import plan_edits
from itpm_tui.services.shared import undo

CLOSED_ON = date(2026, 12, 3)


def _close(engine: Engine, code: str = "NET-CORE") -> int:
    with write_session(engine, f"close {code}") as session:
        project = session.exec(select(Project).where(Project.code == code)).one()
        project.closed_on = CLOSED_ON
        return int(project.id)  # type: ignore[arg-type]


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('action', 'change_log', 'clock')"
        ).scalars()
        result = {
            t: [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY rowid')]
            for t in list(tables)
        }
        conn.rollback()
    return result


def _project_rows(conn: sqlite3.Connection, project_id: int) -> list[tuple[str, int, str]]:
    """(table, rowid, a text column) for one row of each table that holds the project's rows."""
    found = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        names = {c[1] for c in columns}
        text = [c[1] for c in columns if c[2].upper().startswith(("VARCHAR", "TEXT"))]
        if "project_id" not in names or not text or table in ("action", "change_log"):
            continue
        row = conn.execute(
            f'SELECT rowid FROM "{table}" WHERE project_id = ? LIMIT 1', (project_id,)
        ).fetchone()
        if row is not None:
            found.append((table, row[0], text[0]))
    return found


def test_any_tool_writing_to_a_closed_projects_rows_is_refused(demo_engine: Engine) -> None:
    project_id = _close(demo_engine)
    before = dump(demo_engine)
    path = str(demo_engine.url.database)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = _project_rows(conn, project_id)
        assert len(rows) >= 10  # tasks, risks, budget lines, stakeholders, ...
        for table, rowid, column in rows:
            for statement in (
                f'UPDATE "{table}" SET "{column}" = "{column}" || \'!\' WHERE rowid = {rowid}',
                # A save of unchanged values that only counts the version up (as budget
                # lines did) is a write too.
                f'UPDATE "{table}" SET version = version + 1 WHERE rowid = {rowid}'
                if table != "phase_change"
                else f"UPDATE \"{table}\" SET reason = reason || '?' WHERE rowid = {rowid}",
                f'DELETE FROM "{table}" WHERE rowid = {rowid}',
            ):
                with pytest.raises(sqlite3.IntegrityError, match=CLOSED_MESSAGE):
                    conn.execute(statement)
        with pytest.raises(sqlite3.IntegrityError, match=CLOSED_MESSAGE):
            conn.execute(
                "INSERT INTO task (project_id, position, title, description, status, priority,"
                " percent_complete, is_milestone, tags, created_at, updated_at, version)"
                f" VALUES ({project_id}, 99, 'sneaked in', '', 'todo', 'medium', 0, 0, '',"
                " '2026-12-03 00:00:00', '2026-12-03 00:00:00', 1)"
            )
        with pytest.raises(sqlite3.IntegrityError, match=CLOSED_MESSAGE):
            conn.execute(f"UPDATE project SET name = 'renamed' WHERE id = {project_id}")
        with pytest.raises(sqlite3.IntegrityError, match=CLOSED_MESSAGE):
            conn.execute(f"DELETE FROM project WHERE id = {project_id}")
        conn.rollback()
    assert dump(demo_engine) == before


def test_a_chart_edit_of_a_closed_project_is_refused_with_the_reason(demo_engine: Engine) -> None:
    project_id = _close(demo_engine)
    before = dump(demo_engine)
    with read_session(demo_engine) as session:
        task = session.exec(
            select(Task).where(Task.project_id == project_id, Task.title == "Order hardware")
        ).one()
    assert task.id is not None
    task_id = task.id
    for edit in (
        lambda s: plan_edits.set_percent(s, task_id, 50),  # the chart's %
        lambda s: plan_edits.resize_task(s, task_id, 1),  # the chart's ]
        lambda s: plan_edits.shift_task(s, task_id, 1),
    ):
        with (
            pytest.raises(ProjectReadOnly, match="NET-CORE was closed on 2026-12-03") as refused,
            write_session(demo_engine, "chart edit", project_id=project_id) as session,
        ):
            edit(session)
        assert "reopen it" in str(refused.value)
    assert dump(demo_engine) == before


@pytest.mark.slow
def test_a_write_from_another_process_is_refused_too(demo_engine: Engine) -> None:
    project_id = _close(demo_engine)
    before = dump(demo_engine)
    code = (
        "import sys\n"
        "from itpm_tui.db import open_database, write_session\n"
        "from itpm_tui.services.planning import plan_edits\n"
        "from itpm_tui.models import Task\n"
        "from sqlmodel import select\n"
        "engine = open_database(sys.argv[1])\n"
        "with write_session(engine) as s:\n"
        f"    task = s.exec(select(Task).where(Task.project_id == {project_id})).first()\n"
        "    plan_edits.set_percent(s, task.id, 50)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(demo_engine.url.database)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "is read-only; reopen it" in done.stderr
    assert dump(demo_engine) == before


def test_reopening_stays_possible_and_then_edits_are_taken(demo_engine: Engine) -> None:
    project_id = _close(demo_engine)
    with write_session(demo_engine, "reopen", project_id=project_id) as session:
        gates.reopen_project(session, project_id, CLOSED_ON, "one more invoice")
    with write_session(demo_engine, "percent", project_id=project_id) as session:
        task = session.exec(select(Task).where(Task.project_id == project_id)).first()
        assert task is not None
        plan_edits.set_percent(session, task.id, 50)  # type: ignore[arg-type]


def test_undo_cannot_write_into_a_closed_project(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        task = session.exec(select(Task).where(Task.title == "Order hardware")).one()
    with write_session(demo_engine, "retitle") as session:
        session.get(Task, task.id).title = "Order the hardware"  # type: ignore[union-attr]
    _close_without_journal(demo_engine)
    before = dump(demo_engine)
    with pytest.raises(ProjectReadOnly):
        undo.run(demo_engine, "undo")
    assert dump(demo_engine) == before


def _close_without_journal(engine: Engine) -> None:
    with write_session(engine, journal=False) as session:
        project = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
        project.closed_on = CLOSED_ON
