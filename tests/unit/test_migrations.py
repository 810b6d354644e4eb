"""Alembic migrations on real files: schema equals the models, backups first, newer refused."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from importlib.resources import files
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, func, inspect
from sqlmodel import col, select

from itpm_tui import db
from itpm_tui.db import DatabaseError, open_database, read_session
from itpm_tui.migrations import HEAD_REVISION
from itpm_tui.models import Person, Project, Task, load_all
from itpm_tui.models.base import metadata

load_all()  # every table on the metadata

NEXT_REVISION = "0002_test"

# A stand-in for the next real schema change: it rebuilds `project`, the parent of every
# task, the way batch mode does on SQLite (copy, drop, rename).
NEXT_REVISION_SCRIPT = f'''"""test: a budget on projects, added by rebuilding the table"""

import sqlalchemy as sa
from alembic import op

revision = "{NEXT_REVISION}"
down_revision = "{HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", recreate="always") as batch_op:
        batch_op.add_column(
            sa.Column("budget_cents", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("project", recreate="always") as batch_op:
        batch_op.drop_column("budget_cents")
'''


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Person, Project, Task)
        }


def _install_next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make itpm believe it ships one more revision than it does.

    There is only one real revision so far, so no real database can be "one behind". The
    shipped scripts are copied, a second revision is added to the copy, and db.py is
    pointed at the copy; everything else (backup, foreign keys, Alembic) runs for real.
    """
    scripts = tmp_path / "migrations"
    shutil.copytree(
        str(files("itpm_tui.migrations")), scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    (scripts / "versions" / f"{NEXT_REVISION}.py").write_text(NEXT_REVISION_SCRIPT)
    real_config = db._alembic_config

    def config_for_copy(connection: object):
        config = real_config(connection)
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(db, "_alembic_config", config_for_copy)
    monkeypatch.setattr(db, "head_revision", lambda: NEXT_REVISION)


def _backups(db_path: Path) -> list[Path]:
    folder = db_path.parent / "backups"
    return sorted(folder.glob("*.db")) if folder.exists() else []


# --- the schema ----------------------------------------------------------------------------


def test_head_revision_constant_matches_the_scripts() -> None:
    script = ScriptDirectory.from_config(db._alembic_config(None))
    assert script.get_heads() == [HEAD_REVISION]
    assert db.head_revision() == HEAD_REVISION
    assert HEAD_REVISION in db.known_revisions()


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_a_new_revision_is_written_without_sqlmodel_types(tmp_path: Path) -> None:
    """Autogenerate writes str columns as sa.String(), so no revision ever imports sqlmodel."""
    scripts = tmp_path / "migrations"
    shutil.copytree(
        str(files("itpm_tui.migrations")), scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    for revision in (scripts / "versions").glob("0*.py"):
        revision.unlink()  # an empty history: the revision describes every table
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with empty.connect() as conn:
            config = db._alembic_config(conn)
            config.set_main_option("script_location", str(scripts))
            command.revision(config, message="everything", autogenerate=True, rev_id="9999")
    finally:
        empty.dispose()
    text = next((scripts / "versions").glob("9999_*.py")).read_text()
    assert "sa.Column('title', sa.String(), nullable=False)" in text
    assert "sqlmodel" not in text
    compile(text, "9999.py", "exec")


def test_migrated_database_is_stamped_with_the_head_revision(engine: Engine) -> None:
    assert db.current_revision(engine) == HEAD_REVISION


def test_foreign_keys_carry_their_conventional_names(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        for fk in inspector.get_foreign_keys(table.name):
            column, referred = fk["constrained_columns"][0], fk["referred_table"]
            assert fk["name"] == f"fk_{table.name}_{column}_{referred}"


def test_foreign_keys_act_on_delete_as_the_models_say(engine: Engine) -> None:
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            expected = {
                fk.parent.name: (fk.column.table.name, (fk.ondelete or "NO ACTION").upper())
                for fk in table.foreign_keys
            }
            rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list('{table.name}')")
            assert {row[3]: (row[2], row[6]) for row in rows} == expected, table.name


def test_task_foreign_keys_cascade_or_unassign(engine: Engine) -> None:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA foreign_key_list(task)")
        actions = {row[3]: row[6] for row in rows}
    assert actions["project_id"] == "CASCADE"
    assert actions["parent_id"] == "CASCADE"
    assert actions["assignee_id"] == "SET NULL"


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    with engine.connect() as conn:
        command.downgrade(db._alembic_config(conn), "base")
        conn.commit()
    assert db.current_revision(engine) is None
    assert db.upgrade(engine) == (None, HEAD_REVISION)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


# --- upgrade -------------------------------------------------------------------------------


def test_upgrade_of_an_empty_database_returns_none_to_head_and_takes_no_backup(
    db_path: Path,
) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        assert db.current_revision(engine) is None
        assert db.upgrade(engine) == (None, HEAD_REVISION)
        assert db.current_revision(engine) == HEAD_REVISION
        assert not (db_path.parent / "backups").exists()
    finally:
        engine.dispose()


def test_upgrade_at_head_changes_nothing_and_takes_no_backup(demo_engine: Engine) -> None:
    path = db.sqlite_path(str(demo_engine.url))
    assert path is not None
    before = _counts(demo_engine)
    assert db.upgrade(demo_engine) == (HEAD_REVISION, HEAD_REVISION)
    assert _counts(demo_engine) == before
    assert _backups(path) == []


def test_a_real_migration_on_data_backs_up_first_and_keeps_every_row(
    demo_engine: Engine, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(demo_engine)
    _install_next_revision(tmp_path, monkeypatch)

    assert db.upgrade(demo_engine) == (HEAD_REVISION, NEXT_REVISION)

    # The migration ran, and rebuilding `project` cascaded into no task.
    assert db.current_revision(demo_engine) == NEXT_REVISION
    assert "budget_cents" in {c["name"] for c in inspect(demo_engine).get_columns("project")}
    assert _counts(demo_engine) == before
    with demo_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on

    # The backup was taken before, holds the old schema and all the data.
    (backup,) = _backups(db_path)
    assert f"before-{NEXT_REVISION}" in backup.name
    assert backup.stat().st_mode & 0o777 == 0o600
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        assert conn.execute("SELECT count(*) FROM task").fetchone() == (before["Task"],)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(project)")}
        assert "budget_cents" not in columns


def _fill_first_revision(conn: sqlite3.Connection) -> None:
    """Rows written the way the first revision's schema wants them (raw SQL: the models
    of today have columns the first revision does not)."""
    stamp = "2026-01-05 09:00:00.000000"
    conn.execute(
        "INSERT INTO person (id, name, role, email, team, cost_rate_cents,"
        " capacity_hours_per_day, created_at, updated_at, version)"
        " VALUES (1, 'Ada', 'PM', 'ada@example.com', 'PMO', 9500, 8.0, ?, ?, 1)",
        (stamp, stamp),
    )
    for pid, code in ((1, "OLD-1"), (2, "OLD-2")):
        conn.execute(
            "INSERT INTO project (id, code, name, project_type, methodology, phase, health,"
            " start, sponsor, manager_id, description, created_at, updated_at, version)"
            " VALUES (?, ?, 'Old', 'other', 'waterfall', 'execution', 'green', '2026-01-05',"
            " '', 1, 'kept\nacross versions', ?, ?, 1)",
            (pid, code, stamp, stamp),
        )
    for tid, parent, title in ((1, None, "Summary"), (2, 1, "Child"), (3, 2, "Grandchild")):
        conn.execute(
            "INSERT INTO task (id, project_id, parent_id, position, title, description, status,"
            " priority, assignee_id, estimate_days, start, finish, percent_complete,"
            " is_milestone, tags, created_at, updated_at, version)"
            " VALUES (?, 1, ?, 0, ?, '', 'in-progress', 'high', 1, 2.5, '2026-01-05',"
            " '2026-01-09', 40, 0, 'net', ?, ?, 1)",
            (tid, parent, title, stamp, stamp),
        )
    conn.commit()


def test_real_data_from_the_first_revision_migrates_to_head_with_a_backup(db_path: Path) -> None:
    history = list(reversed(db.known_revisions()))
    if len(history) < 2:
        pytest.skip("only one revision so far: nothing to migrate from")
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), history[0])
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            _fill_first_revision(raw)

        assert db.upgrade(engine) == (history[0], HEAD_REVISION)

        with read_session(engine) as session:
            tasks = {t.title: t for t in session.exec(select(Task))}
            projects = list(session.exec(select(Project).order_by(col(Project.id))))
        assert [p.code for p in projects] == ["OLD-1", "OLD-2"]
        assert projects[0].description == "kept\nacross versions"
        assert all(p.manager_id == 1 for p in projects)
        assert tasks["Grandchild"].parent_id == tasks["Child"].id
        assert tasks["Child"].parent_id == tasks["Summary"].id
        assert {(t.assignee_id, t.estimate_days, t.percent_complete) for t in tasks.values()} == {
            (1, 2.5, 40)
        }
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        (backup,) = _backups(db_path)
        with contextlib.closing(sqlite3.connect(backup)) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
                history[0],
            )
            assert conn.execute("SELECT count(*) FROM task").fetchone() == (3,)
    finally:
        engine.dispose()


def test_opening_an_older_database_migrates_it_by_itself_after_a_backup(
    demo_engine: Engine, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(demo_engine)
    demo_engine.dispose()
    _install_next_revision(tmp_path, monkeypatch)

    engine = open_database(str(db_path))
    try:
        assert db.current_revision(engine) == NEXT_REVISION
        assert _counts(engine) == before
        assert len(_backups(db_path)) == 1
    finally:
        engine.dispose()


# --- a newer itpm's database ---------------------------------------------------------------


@pytest.fixture
def future_db(engine: Engine, db_path: Path) -> Path:
    """An itpm database stamped with a revision this itpm does not know."""
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    engine.dispose()
    return db_path


@pytest.mark.parametrize("migrate", [True, False])
def test_open_refuses_a_database_from_a_newer_itpm_untouched(
    future_db: Path, migrate: bool
) -> None:
    digest = _digest(future_db)
    with pytest.raises(DatabaseError) as info:
        open_database(str(future_db), migrate=migrate)
    assert "newer itpm" in str(info.value)
    assert "9999_future" in str(info.value)
    assert _digest(future_db) == digest
    assert _backups(future_db) == []


def test_upgrade_refuses_a_database_from_a_newer_itpm_untouched(future_db: Path) -> None:
    digest = _digest(future_db)
    engine = db.make_engine(db.to_url(str(future_db)))
    try:
        with pytest.raises(DatabaseError, match="newer itpm"):
            db.upgrade(engine)
        assert db.current_revision(engine) == "9999_future"
    finally:
        engine.dispose()
    assert _digest(future_db) == digest
    assert _backups(future_db) == []


# --- every earlier revision, every table, every row ------------------------------------------
#
# Generic on purpose: the tables and columns of each revision are read from the database
# itself, so the test covers revisions added later without being edited. A revision that
# drops or renames a column on purpose lists it here, as (table, column).
DROPPED_ON_PURPOSE: set[tuple[str, str]] = set()


def _model_default(table: str, column: str) -> object:
    """The models' default for a column (a valid enum value, say), if it has a plain one."""
    model_table = metadata.tables.get(table)
    if model_table is None or column not in model_table.columns:
        return None
    default = model_table.columns[column].default
    arg = getattr(default, "arg", None)
    return arg if isinstance(arg, str | int | float | bool) and not callable(arg) else None


def _value(table: str, column: str, declared: str, row: int) -> object:
    kind = declared.upper()
    preset = _model_default(table, column)
    if preset is not None and not isinstance(preset, bool):
        return preset
    if kind.startswith("BOOL"):
        return row % 2
    if kind.startswith("INT"):
        return 10 + row
    if kind.startswith(("FLOAT", "REAL", "NUMERIC", "DECIMAL")):
        return 1.5 + row
    if kind == "DATE":
        return f"2026-0{row}-1{row}"
    if kind.startswith(("DATETIME", "TIMESTAMP")):
        return f"2026-0{row}-1{row} 09:3{row}:00.000000"
    return f"{table}.{column} #{row} [/] é"


def _tables_in_fk_order(conn: sqlite3.Connection) -> list[str]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'alembic_version' ORDER BY name"
        )
    ]
    parents = {
        name: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list('{name}')")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        assert ready, f"foreign keys in a cycle: {parents}"
        ordered += ready
    return ordered


def _fill_every_table(conn: sqlite3.Connection) -> None:
    """Two rows in every table, every column given a value, every reference pointing at a row."""
    for table in _tables_in_fk_order(conn):
        columns = list(conn.execute(f"PRAGMA table_info('{table}')"))
        fks = {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list('{table}')")}
        for row in (1, 2):
            values: dict[str, object] = {}
            for _cid, name, declared, _notnull, _default, pk in columns:
                if pk:
                    values[name] = row
                elif name in fks:
                    # Row n points at row n of its parent (keeps pairs unique); a
                    # reference to its own table points at the row before.
                    values[name] = (row - 1 or None) if fks[name] == table else row
                else:
                    values[name] = _value(table, name, declared, row)
            names = ", ".join(f'"{n}"' for n in values)
            marks = ", ".join("?" for _ in values)
            conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))
    conn.commit()


def _snapshot(path: Path) -> dict[str, dict[object, dict[str, object]]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return {
            table: {
                row["rowid"]: dict(row)
                for row in conn.execute(f'SELECT rowid AS rowid, * FROM "{table}"')
            }
            for table in _tables_in_fk_order(conn)
        }


def _earlier_revisions() -> list[str]:
    return [rev for rev in reversed(db.known_revisions()) if rev != HEAD_REVISION]


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_a_database_at_every_earlier_revision_upgrades_with_every_row_intact(
    db_path: Path, revision: str
) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), revision)
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute("PRAGMA foreign_keys=ON")
            _fill_every_table(raw)
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        before = _snapshot(db_path)
        # Two rows each, beside any a migration seeds (the clock starts with its own).
        assert before and all(len(rows) >= 2 for rows in before.values())

        assert db.upgrade(engine) == (revision, HEAD_REVISION)

        after = _snapshot(db_path)
        for table, rows in before.items():
            assert table in after, f"{revision}: table {table} is gone at head"
            for rowid, old in rows.items():
                assert rowid in after[table], f"{revision}: {table} row {rowid} lost"
                new = after[table][rowid]
                kept = {k: v for k, v in old.items() if (table, k) not in DROPPED_ON_PURPOSE}
                assert {k: new.get(k, "<column gone>") for k in kept} == kept, (revision, table)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_every_earlier_revision_is_walked() -> None:
    # Revisions are found from the scripts: one added later is tested without an edit here.
    assert _earlier_revisions()[0] == "0001_foundation"
    assert len(_earlier_revisions()) == len(db.known_revisions()) - 1
