"""The change journal on real files: capture by triggers, undo/redo round trips, restarts."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import col, select

from itpm_tui import journal
from itpm_tui.db import name_action, open_database, read_session, write_session
from itpm_tui.models import Person, Project, Task, WorkflowColumn
from itpm_tui.services.kanban import board
from itpm_tui.services.planning.tasks import TaskInput, create_task, delete_task
from itpm_tui.services.portfolio import projects
from itpm_tui.services.resources import people
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import ItpmError

# Logs that only grow: the journal, its clock, and the progress history (undo records anew).
NOT_DATA = {"action", "change_log", "alembic_version", "clock", "progress_record"}


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, exactly as SQLite holds it, but for the version
    (the database numbers every change, undo and redo included, with a new one)."""
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).scalars()
        result = {}
        for t in list(tables):
            if t in NOT_DATA:
                continue
            columns = [
                f'"{c}"'
                for c in conn.exec_driver_sql(f"SELECT name FROM pragma_table_info('{t}')")
                .scalars()
                .all()
                if c != "version"
            ]
            rows = conn.exec_driver_sql(f'SELECT {", ".join(columns)} FROM "{t}" ORDER BY rowid')
            result[t] = [tuple(r) for r in rows]
        conn.rollback()
    return result


def actions(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT label, project_id, undone FROM action ORDER BY id"
        ).all()
        conn.rollback()
    return [tuple(r) for r in rows]


def changes(engine: Engine, label: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.table_name, c.op FROM change_log c JOIN action a ON a.id = c.action_id "
            "WHERE a.label = ? ORDER BY c.id",
            (label,),
        ).all()
        conn.rollback()
    return [tuple(r) for r in rows]


def net(engine: Engine) -> Project:
    with read_session(engine) as session:
        return session.exec(select(Project).where(Project.code == "NET-CORE")).one()


def task_named(engine: Engine, title: str) -> Task:
    with read_session(engine) as session:
        return session.exec(select(Task).where(Task.title == title)).one()


def column_named(engine: Engine, project_id: int, name: str) -> WorkflowColumn:
    with read_session(engine) as session:
        return session.exec(
            select(WorkflowColumn).where(
                WorkflowColumn.project_id == project_id, WorkflowColumn.name == name
            )
        ).one()


# --- capture ---------------------------------------------------------------------------------


def test_every_table_has_its_three_triggers(engine: Engine) -> None:
    with engine.connect() as conn:
        shapes = journal.table_shapes(conn)
        have = journal.existing_triggers(conn)
    names = {s.name for s in shapes}
    assert {"project", "task", "person", "workflow_column", "card_move", "sprint"} <= names
    assert not names & NOT_DATA
    assert len(have) == 3 * len(shapes)
    for shape in shapes:
        for op in ("insert", "update", "delete"):
            assert any(t.startswith(f"journal_{shape.name}_{op}_") for t in have)


def test_insert_update_delete_of_several_tables_are_journalled(demo_engine: Engine) -> None:
    project = net(demo_engine)
    with write_session(demo_engine, "add person Ada") as session:
        people.create_person(session, people.PersonInput(name="Ada", cost_rate_cents=123))
    with write_session(demo_engine, "rename") as session:
        person = session.exec(select(Person).where(Person.name == "Ada")).one()
        person.name = "Ada L."
        session.add(person)
    with write_session(demo_engine, "add task", project_id=project.id) as session:
        create_task(session, project.id, TaskInput(title="Label printers"))  # type: ignore[arg-type]
    with write_session(demo_engine, "gone") as session:
        delete_task(session, task_named(demo_engine, "Label printers").id)  # type: ignore[arg-type]
    with write_session(demo_engine, "remove Ada") as session:
        person = session.exec(select(Person).where(Person.name == "Ada L.")).one()
        session.delete(person)

    assert changes(demo_engine, "add person Ada") == [("person", "insert")]
    assert changes(demo_engine, "rename") == [("person", "update")]
    assert ("task", "insert") in changes(demo_engine, "add task")
    assert ("task", "delete") in changes(demo_engine, "gone")
    assert changes(demo_engine, "remove Ada") == [("person", "delete")]
    # The task's actions belong to its project; people belong to none.
    labels = {label: pid for label, pid, _ in actions(demo_engine)}
    assert labels["add task"] == project.id and labels["gone"] == project.id
    assert labels["add person Ada"] is None


def test_raw_sql_updates_are_caught_and_a_service_names_its_action(demo_engine: Engine) -> None:
    project = net(demo_engine)
    card = task_named(demo_engine, "Order hardware")
    done = column_named(demo_engine, project.id, "Done")  # type: ignore[arg-type]
    with write_session(demo_engine) as session:
        board.move_card(session, card.id, done.id, 0, allow_over_limit=True)  # type: ignore[arg-type]
    label = "move 'Order hardware' to Done"
    assert actions(demo_engine)[-1] == (label, project.id, 0)
    logged = changes(demo_engine, label)
    assert ("card_move", "insert") in logged
    # The cards below it in To do and in Done shift by UPDATE statements, journalled too.
    assert logged.count(("task", "update")) >= 3


def test_a_write_that_changes_nothing_leaves_no_action(demo_engine: Engine) -> None:
    before = actions(demo_engine)
    with write_session(demo_engine, "nothing") as session:
        session.exec(select(Project)).all()
    task = task_named(demo_engine, "Order hardware")
    with write_session(demo_engine, "same value") as session:
        row = session.get(Task, task.id)
        row.title = "Order hardware"  # type: ignore[union-attr]
        session.add(row)
    assert actions(demo_engine) == before


def test_an_unnamed_write_gets_a_generic_name(demo_engine: Engine) -> None:
    with write_session(demo_engine) as session:
        people.create_person(session, people.PersonInput(name="Grace"))
    assert actions(demo_engine)[-1][0] == "add person 'Grace'"


def test_a_failed_write_leaves_no_action_and_no_change(demo_engine: Engine) -> None:
    before, rows = actions(demo_engine), dump(demo_engine)
    with pytest.raises(RuntimeError), write_session(demo_engine, "half") as session:
        people.create_person(session, people.PersonInput(name="Half"))
        session.flush()
        raise RuntimeError("boom")
    assert actions(demo_engine) == before
    assert dump(demo_engine) == rows


def test_labels_lose_control_characters(demo_engine: Engine) -> None:
    with write_session(demo_engine, "add \x1b[2Jperson\nX") as session:
        people.create_person(session, people.PersonInput(name="X"))
    assert actions(demo_engine)[-1][0] == "add [2Jperson X"


# --- undo and redo ---------------------------------------------------------------------------


def test_undo_and_redo_restore_the_exact_rows(demo_engine: Engine) -> None:
    start = dump(demo_engine)
    project = net(demo_engine)
    card = task_named(demo_engine, "Install core switches")
    doing = column_named(demo_engine, project.id, "In progress")  # type: ignore[arg-type]
    with write_session(demo_engine) as session:
        board.move_card(session, card.id, doing.id, 0, allow_over_limit=True)  # type: ignore[arg-type]
    moved = dump(demo_engine)
    with write_session(demo_engine, "delete the project") as session:
        projects.delete_project(session, project.id)  # type: ignore[arg-type]
    assert dump(demo_engine) != moved

    assert undo.run(demo_engine, "undo").label == "delete the project"
    assert dump(demo_engine) == moved
    result = undo.run(demo_engine, "undo")
    assert result == undo.UndoResult("move 'Install core switches' to In progress", project.id)
    assert dump(demo_engine) == start
    with pytest.raises(undo.NothingToUndo, match="Nothing to undo"):
        undo.run(demo_engine, "undo")

    undo.run(demo_engine, "redo")
    assert dump(demo_engine) == moved
    undo.run(demo_engine, "redo")
    assert net_gone(demo_engine)
    with pytest.raises(undo.NothingToUndo, match="Nothing to redo"):
        undo.run(demo_engine, "redo")


def net_gone(engine: Engine) -> bool:
    with read_session(engine) as session:
        return session.exec(select(Project).where(Project.code == "NET-CORE")).first() is None


def test_a_new_action_after_undo_drops_the_redo_stack(demo_engine: Engine) -> None:
    with write_session(demo_engine, "first") as session:
        people.create_person(session, people.PersonInput(name="First"))
    undo.run(demo_engine, "undo")
    with write_session(demo_engine, "second") as session:
        people.create_person(session, people.PersonInput(name="Second"))
    assert [a[0] for a in actions(demo_engine)] == ["second"]
    with pytest.raises(undo.NothingToUndo):
        undo.run(demo_engine, "redo")


def test_undo_is_refused_when_a_row_changed_outside_the_journal(demo_engine: Engine) -> None:
    with write_session(demo_engine, "add Eve") as session:
        people.create_person(session, people.PersonInput(name="Eve"))
    path = Path(str(demo_engine.url.database))
    # Another program (or an itpm without the journal) edits the row behind our back.
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE person SET role = 'CISO' WHERE name = 'Eve'")
    before = dump(demo_engine)
    with pytest.raises(ItpmError, match="Cannot undo 'add Eve': person 'Eve' was changed since"):
        undo.run(demo_engine, "undo")
    assert dump(demo_engine) == before
    assert actions(demo_engine)[-1] == ("add Eve", None, 0)


def test_undo_survives_a_restart(demo_engine: Engine) -> None:
    start = dump(demo_engine)
    path = str(demo_engine.url.database)
    for name in ("One", "Two"):
        with write_session(demo_engine, f"add {name}") as session:
            people.create_person(session, people.PersonInput(name=name))
    demo_engine.dispose()
    reopened = open_database(path)
    try:
        assert undo.run(reopened, "undo").label == "add Two"
        assert undo.run(reopened, "undo").label == "add One"
        assert dump(reopened) == start
    finally:
        reopened.dispose()


def test_the_log_keeps_the_latest_actions_only(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "ACTIONS_KEPT", 5)
    for number in range(8):
        with write_session(demo_engine, f"add {number}") as session:
            people.create_person(session, people.PersonInput(name=f"P{number}"))
    assert [a[0] for a in actions(demo_engine)] == [f"add {n}" for n in range(3, 8)]
    with demo_engine.connect() as conn:
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM change_log WHERE action_id NOT IN (SELECT id FROM action)"
        ).scalar()
    assert orphans == 0


def test_reals_and_blobs_come_back_exactly(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE gauge (id INTEGER PRIMARY KEY, x REAL, raw BLOB)")
        conn.commit()
    # A table a later revision adds gets its triggers when the file next opens (opening
    # now would refuse a table no revision knows of: what a migration would run, alone).
    journal.ensure_triggers(engine)
    start = dump(engine)
    with write_session(engine, "gauge") as session:
        session.connection().exec_driver_sql(
            "INSERT INTO gauge (x, raw) VALUES (0.1 + 0.2, x'00ff10'), (1e300 * 10, NULL)"
        )
    with write_session(engine, "gauge again") as session:
        session.connection().exec_driver_sql("UPDATE gauge SET x = x / 3, raw = x'ab'")
    after = dump(engine)
    undo.run(engine, "undo")
    undo.run(engine, "undo")
    assert dump(engine) == start
    undo.run(engine, "redo")
    undo.run(engine, "redo")
    assert dump(engine) == after
    engine.dispose()


def test_a_table_that_gains_a_column_gets_new_triggers(engine: Engine) -> None:
    with engine.connect() as conn:
        old = {t for t in journal.existing_triggers(conn) if t.startswith("journal_person_")}
        conn.exec_driver_sql("ALTER TABLE person ADD COLUMN nickname TEXT")
        conn.commit()
    journal.ensure_triggers(engine)  # as the open after a migration that added it does
    with engine.connect() as conn:
        new = {t for t in journal.existing_triggers(conn) if t.startswith("journal_person_")}
    assert len(new) == 3 and not new & old
    with write_session(engine, "nick") as session:
        session.connection().exec_driver_sql(
            "INSERT INTO person (name, role, email, team, cost_rate_cents, "
            "capacity_hours_per_day, created_at, updated_at, version, nickname) "
            "VALUES ('Kim', '', '', '', 0, 8.0, '2026-01-01', '2026-01-01', 1, 'kk')"
        )
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT new_values FROM change_log").scalar()
    assert stored is not None
    assert '"nickname":"kk"' in stored
    engine.dispose()


# --- property: any sequence of edits, undone, leaves the database as it was ------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["block", "priority", "move", "add", "delete", "person", "column", "project"]
        ),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=6,
)


def _edit(engine: Engine, kind: str, pick: int) -> None:
    with read_session(engine) as session:
        tasks = session.exec(select(Task).order_by(col(Task.id))).all()
        columns = session.exec(select(WorkflowColumn).order_by(col(WorkflowColumn.id))).all()
        all_projects = session.exec(select(Project).order_by(col(Project.id))).all()
    task = tasks[pick % len(tasks)]
    with write_session(engine, f"{kind} {pick}") as session:
        if kind == "block":
            board.toggle_blocked(session, task.id)  # type: ignore[arg-type]
        elif kind == "priority":
            board.cycle_priority(session, task.id)  # type: ignore[arg-type]
        elif kind == "move":
            own = [c for c in columns if c.project_id == task.project_id]
            target = own[pick % len(own)]
            board.move_card(session, task.id, target.id, pick % 3, allow_over_limit=True)  # type: ignore[arg-type]
        elif kind == "add":
            own = [c for c in columns if c.project_id == task.project_id]
            board.quick_add(session, task.project_id, own[pick % len(own)].id, f"New {pick}")  # type: ignore[arg-type]
        elif kind == "delete":
            delete_task(session, task.id)  # type: ignore[arg-type]
        elif kind == "person":
            people.create_person(session, people.PersonInput(name=f"P {pick}"))
        elif kind == "column":
            board.add_column(session, task.project_id, f"Col {pick}")
        else:
            projects.delete_project(session, all_projects[pick % len(all_projects)].id)  # type: ignore[arg-type]
        name_action(session, f"{kind} {pick}")


def _actions(engine: Engine) -> int:
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM action WHERE undone = 0").scalar_one()
        return int(count)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=EDITS)
def test_any_edits_then_undo_all_give_back_the_start(demo_engine: Engine, edits) -> None:
    # Every example ends where it began, so one database serves them all.
    start = dump(demo_engine)
    before = _actions(demo_engine)
    for kind, pick in edits:
        try:
            _edit(demo_engine, kind, pick)
        except ItpmError:
            continue  # refused (a name taken, ...): nothing was written
    # An edit that changed nothing (a card moved to where it was) leaves no action.
    done = _actions(demo_engine) - before
    end = dump(demo_engine)
    for _ in range(done):
        undo.run(demo_engine, "undo")
    assert dump(demo_engine) == start
    for _ in range(done):
        undo.run(demo_engine, "redo")
    assert dump(demo_engine) == end
    for _ in range(done):
        undo.run(demo_engine, "undo")
    assert dump(demo_engine) == start


NEXT = '''"""test: project rebuilt by batch mode"""

import sqlalchemy as sa
from alembic import op

revision = "0099_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("budget", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE project SET budget = 1")


def downgrade() -> None:
    pass
'''


def test_a_later_migration_rebuilding_a_table_keeps_it_journalled(
    demo_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from importlib.resources import files

    from itpm_tui import db
    from itpm_tui.migrations import HEAD_REVISION

    scripts = tmp_path / "migrations"
    shutil.copytree(str(files("itpm_tui.migrations")), scripts)
    (scripts / "versions" / "0099_test.py").write_text(NEXT.replace("{head}", HEAD_REVISION))
    real = db._alembic_config

    def config(connection: object):
        result = real(connection)
        result.set_main_option("script_location", str(scripts))
        return result

    monkeypatch.setattr(db, "_alembic_config", config)
    monkeypatch.setattr(db, "head_revision", lambda: "0099_test")
    path = str(demo_engine.url.database)
    before = actions(demo_engine)
    demo_engine.dispose()
    engine = open_database(path)  # migrates (triggers off), then puts the triggers back
    try:
        # The migration's own data change is not an action anyone could undo.
        assert actions(engine) == before
        with engine.connect() as conn:
            assert any(
                t.startswith("journal_project_update_") for t in journal.existing_triggers(conn)
            )
        start = dump(engine)
        with write_session(engine, "budget") as session:
            session.connection().exec_driver_sql("UPDATE project SET budget = 5")
        assert changes(engine, "budget") == [("project", "update")] * 7
        undo.run(engine, "undo")
        assert dump(engine) == start
    finally:
        engine.dispose()
