"""Every change moves a row past any version an editor could hold: two processes, one file."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui import db
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.models import Project, Task, WorkflowColumn
from itpm_tui.services.planning.tasks import TaskInput, get_task, update_task
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.row_versions import ensure_unchanged, read_version

# What the other window runs: the services, on the same file, in a process of its own.
PRELUDE = textwrap.dedent(
    """
    import sys
    from sqlmodel import select
    from itpm_tui.db import open_database, write_session
    from itpm_tui.models import Task, WorkflowColumn
    from itpm_tui.services.kanban import board
    from itpm_tui.services.shared import undo
    from itpm_tui.services.planning.tasks import TaskInput, get_task, update_task
    engine = open_database(sys.argv[1])
    task_id = int(sys.argv[2])
    """
)


def other_window(engine: Engine, task_id: int, code: str) -> None:
    """Run `code` in another process against the same database file, to completion."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(engine.url.database)]
        + [str(task_id)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _task(engine: Engine, title: str) -> Task:
    with read_session(engine) as session:
        return session.exec(select(Task).where(Task.title == title)).one()


def _input(task: Task, **changes: object) -> TaskInput:
    fields = set(TaskInput.__dataclass_fields__)
    values = {k: v for k, v in task.model_dump().items() if k in fields}
    values.update(changes)
    return TaskInput(**values)


@pytest.mark.slow
def test_a_board_move_elsewhere_refuses_a_task_edit_opened_before_it(
    demo_engine: Engine,
) -> None:
    opened = _task(demo_engine, "Install core switches")  # the form in this window

    other_window(
        demo_engine,
        opened.id,  # type: ignore[arg-type]
        """
        with write_session(engine) as s:
            task = get_task(s, task_id)
            to = s.exec(select(WorkflowColumn).where(
                WorkflowColumn.project_id == task.project_id,
                WorkflowColumn.id != task.column_id)).first()
            board.move_card(s, task_id, to.id, 0, allow_over_limit=True)
        """,
    )
    moved = _task(demo_engine, "Install core switches")
    assert moved.column_id != opened.column_id
    assert moved.version > opened.version

    with (
        pytest.raises(StaleEdit, match="changed elsewhere since you opened it") as refused,
        write_session(demo_engine) as session,
    ):
        update_task(session, opened.id, _input(opened, title="Mine"), opened.version)  # type: ignore[arg-type]
    # What changed is carried to the form.
    assert refused.value.current["column_id"] == moved.column_id
    assert _task(demo_engine, "Install core switches").column_id == moved.column_id


@pytest.mark.slow
def test_an_undo_elsewhere_is_a_new_version_so_an_older_form_is_refused(
    demo_engine: Engine,
) -> None:
    task = _task(demo_engine, "Install core switches")
    retitle = """
        with write_session(engine, "retitle") as s:
            task = get_task(s, task_id)
            fields = set(TaskInput.__dataclass_fields__)
            values = {k: v for k, v in task.model_dump().items() if k in fields}
            values["title"] = sys.argv[3]
            update_task(s, task_id, TaskInput(**values))
    """
    # Window A edits the title ...
    other_window(demo_engine, task.id, retitle.replace("sys.argv[3]", "'A first'"))  # type: ignore[arg-type]
    opened = _task(demo_engine, "A first")  # ... window B opens the form ...
    # ... A undoes its edit and edits again: the same number of changes as before.
    other_window(demo_engine, task.id, "undo.run(engine, 'undo')")  # type: ignore[arg-type]
    assert _task(demo_engine, "Install core switches").version not in (task.version, opened.version)
    other_window(demo_engine, task.id, retitle.replace("sys.argv[3]", "'A second'"))  # type: ignore[arg-type]

    with pytest.raises(StaleEdit), write_session(demo_engine) as session:
        update_task(session, task.id, _input(opened, title="B"), opened.version)  # type: ignore[arg-type]
    assert _task(demo_engine, "A second").id == task.id


def _all_versions(path: str) -> dict[str, set[int]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [
            t
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if "version" in {c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')}
        ]
        return {t: {v for (v,) in conn.execute(f'SELECT version FROM "{t}"')} for t in tables}


def test_any_update_of_any_versioned_table_by_any_tool_takes_a_number_never_used(
    demo_engine: Engine,
) -> None:
    path = str(demo_engine.url.database)
    before = _all_versions(path)
    used = set().union(*before.values())
    changed = 0
    # A plain sqlite3 connection: another process that knows nothing of versions, even
    # writing an old version number back (as undo did).
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for table in before:
            columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
            text = [c[1] for c in columns if c[2].upper().startswith(("VARCHAR", "TEXT"))]
            row = conn.execute(f'SELECT id, version FROM "{table}" LIMIT 1').fetchone()
            if not text or row is None:
                continue
            conn.execute(
                f'UPDATE "{table}" SET "{text[0]}" = "{text[0]}" || \'+\', version = 1 '
                "WHERE id = ?",
                (row[0],),
            )
            (version,) = conn.execute(
                f'SELECT version FROM "{table}" WHERE id = ?', (row[0],)
            ).fetchone()
            assert version not in used, table
            used.add(version)
            changed += 1
        conn.commit()
    assert changed >= 30  # tasks, projects, people, every register, budget lines, ...


def test_new_rows_and_rows_put_back_by_undo_get_new_numbers(demo_engine: Engine) -> None:
    used = set().union(*_all_versions(str(demo_engine.url.database)).values())
    project = _project(demo_engine)
    with write_session(demo_engine, "delete NET-CORE") as session:
        session.delete(session.get(Project, project.id))
    undo.run(demo_engine, "undo")
    with read_session(demo_engine) as session:
        again = session.get(Project, project.id)
        tasks = session.exec(select(Task).where(Task.project_id == project.id)).all()
    assert again is not None and again.version not in used
    assert tasks and not {t.version for t in tasks} & used


def _project(engine: Engine) -> Project:
    with read_session(engine) as session:
        return session.exec(select(Project).where(Project.code == "NET-CORE")).one()


def test_the_object_written_holds_the_version_the_database_gave_it(demo_engine: Engine) -> None:
    task = _task(demo_engine, "Install core switches")
    with write_session(demo_engine) as session:
        saved = update_task(session, task.id, _input(task, title="Renamed"), task.version)  # type: ignore[arg-type]
    with read_session(demo_engine) as session:
        assert get_task(session, task.id).version == saved.version  # type: ignore[arg-type]
    # So a second save based on it passes, as it should.
    with write_session(demo_engine) as session:
        update_task(session, task.id, _input(saved, title="Again"), saved.version)  # type: ignore[arg-type]


def test_a_plain_row_edit_is_checked_by_table_and_id(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        column = session.exec(select(WorkflowColumn)).first()
        assert column is not None
        version = read_version(session, "workflow_column", column.id)  # type: ignore[arg-type]
    with write_session(demo_engine) as session:
        session.connection().exec_driver_sql(
            "UPDATE workflow_column SET name = 'Renamed' WHERE id = ?", (column.id,)
        )
    with pytest.raises(StaleEdit) as refused, write_session(demo_engine) as session:
        ensure_unchanged(session, "workflow_column", column.id, version, "column")  # type: ignore[arg-type]
    assert refused.value.current["name"] == "Renamed"


def test_the_version_clock_starts_past_every_number_held_before_the_migration(
    db_path: Path,
) -> None:
    """A database from the previous revision, with a version an undo had taken back."""
    db.create_private_file(db_path)
    engine = db.make_engine(db.to_url(str(db_path)))
    with engine.connect() as conn:
        command.upgrade(db._alembic_config(conn), "0011_change_lengthen")
        conn.commit()
    stamp = "2026-01-05 09:00:00.000000"
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "INSERT INTO project (id, code, name, project_type, methodology, phase, health,"
            " sponsor, description, created_at, updated_at, version, working_weekdays,"
            " currency) VALUES (1, 'OLD', 'Old', 'other', 'waterfall', 'execution', 'green',"
            " '', '', ?, ?, 4, '0,1,2,3,4', 'EUR')",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO action (id, label, created_at, undone, recording) "
            "VALUES (1, 'edit', ?, 1, 0)",
            (stamp,),
        )
        conn.execute(
            "INSERT INTO change_log (action_id, table_name, row_id, op, old_values, new_values)"
            " VALUES (1, 'project', 1, 'update', '{\"version\": 4}', '{\"version\": 9}')"
        )
        conn.commit()
    engine.dispose()

    engine = open_database(str(db_path))
    try:
        with write_session(engine) as session:
            project = session.get(Project, 1)
            assert project is not None and project.version == 4  # kept across the migration
            project.name = "Renamed"
        with read_session(engine) as session:
            assert session.get(Project, 1).version > 9  # type: ignore[union-attr]
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize(
    "edit",
    [
        "plan_edits.set_percent(s, task_id, 60)",  # the chart's %
        "plan_edits.resize_task(s, task_id, 2)",  # the chart's ]
        "plan_edits.shift_task(s, task_id, 1)",
    ],
)
def test_a_chart_edit_elsewhere_refuses_a_task_edit_opened_before_it(
    demo_engine: Engine, edit: str
) -> None:
    opened = _task(demo_engine, "Order hardware")
    other_window(
        demo_engine,
        opened.id,  # type: ignore[arg-type]
        f"""
        from itpm_tui.services.planning import plan_edits
        with write_session(engine, "chart edit") as s:
            {edit}
        """,
    )
    with pytest.raises(StaleEdit), write_session(demo_engine) as session:
        update_task(session, opened.id, _input(opened, title="Mine"), opened.version)  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_redo_elsewhere_is_a_new_version_too(demo_engine: Engine) -> None:
    task = _task(demo_engine, "Order hardware")
    with write_session(demo_engine, "retitle") as session:
        update_task(session, task.id, _input(task, title="Order it"), task.version)  # type: ignore[arg-type]
    undo.run(demo_engine, "undo")
    opened = _task(demo_engine, "Order hardware")
    other_window(demo_engine, task.id, "undo.run(engine, 'redo')")  # type: ignore[arg-type]
    redone = _task(demo_engine, "Order it")
    assert redone.version > opened.version
    with pytest.raises(StaleEdit), write_session(demo_engine) as session:
        update_task(session, task.id, _input(opened, title="Mine"), opened.version)  # type: ignore[arg-type]


def test_a_write_of_the_version_alone_is_renumbered_from_the_clock(demo_engine: Engine) -> None:
    used = set().union(*_all_versions(str(demo_engine.url.database)).values())
    task = _task(demo_engine, "Order hardware")
    with write_session(demo_engine) as session:
        session.connection().exec_driver_sql(
            "UPDATE task SET version = version + 1 WHERE id = ?", (task.id,)
        )
    assert _task(demo_engine, "Order hardware").version not in used
