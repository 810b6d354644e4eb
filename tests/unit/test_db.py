"""The database layer on real SQLite files: pragmas, private files, locking, refusals, backups."""

from __future__ import annotations

import contextlib
import hashlib
import random
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from itpm_tui import db
from itpm_tui.db import DatabaseError, open_database, read_session, write_session
from itpm_tui.models import Person, Project, Task
from itpm_tui.services.resources.people import PersonInput, create_person, list_people


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _pragmas(conn: object) -> dict[str, object]:
    return {
        name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # type: ignore[attr-defined]
        for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
    }


def _assert_our_pragmas(values: dict[str, object]) -> None:
    assert values["foreign_keys"] == 1
    assert values["journal_mode"] == "wal"
    busy_timeout = values["busy_timeout"]
    assert isinstance(busy_timeout, int) and busy_timeout >= 5000
    assert values["synchronous"] == 1  # NORMAL, chosen on purpose (the default in WAL is FULL)


# --- pragmas -------------------------------------------------------------------------------


def test_every_pooled_connection_has_the_pragmas(engine: Engine) -> None:
    with contextlib.ExitStack() as stack:
        connections = [stack.enter_context(engine.connect()) for _ in range(3)]
        raw = {id(conn.connection.dbapi_connection) for conn in connections}
        assert len(raw) == 3  # three distinct SQLite connections, not one reused
        for conn in connections:
            _assert_our_pragmas(_pragmas(conn))


def test_read_and_write_sessions_have_the_pragmas(engine: Engine) -> None:
    with read_session(engine) as session:
        _assert_our_pragmas(_pragmas(session.connection()))
    with write_session(engine) as session:
        _assert_our_pragmas(_pragmas(session.connection()))


def test_a_fresh_engine_on_an_existing_file_sets_the_pragmas_again(engine: Engine) -> None:
    again = db.make_engine(str(engine.url))
    try:
        with again.connect() as conn:
            _assert_our_pragmas(_pragmas(conn))
    finally:
        again.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), write_session(engine) as session:
        session.add(Task(project_id=12345, title="orphan"))
        session.flush()
    assert _count(engine, Task) == 0


# --- private files -------------------------------------------------------------------------


def test_database_file_is_0600_in_a_new_0700_folder(db_path: Path) -> None:
    engine = open_database(str(db_path))
    try:
        assert _mode(db_path) == 0o600
        assert _mode(db_path.parent) == 0o700
    finally:
        engine.dispose()


def test_every_missing_folder_on_the_way_is_created_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c" / "itpm.db"
    engine = open_database(str(target))
    try:
        for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
            assert folder.is_dir()
            assert _mode(folder) == 0o700, folder
        assert _mode(target) == 0o600
    finally:
        engine.dispose()


def test_wal_and_shm_files_are_private_too(engine: Engine, db_path: Path) -> None:
    with write_session(engine) as session:
        create_person(session, PersonInput(name="Ada"))
    with engine.connect():
        side_files = [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]
        assert all(p.exists() for p in side_files)
        assert all(_mode(p) == 0o600 for p in side_files)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    engine = open_database(str(folder / "itpm.db"))
    engine.dispose()
    assert _mode(folder) == 0o755
    assert _mode(folder / "itpm.db") == 0o600


def test_an_existing_empty_file_becomes_a_database(tmp_path: Path) -> None:
    target = tmp_path / "empty.db"
    target.touch()
    engine = open_database(str(target))
    try:
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize("name", ["a#b.db", "what?.db", "100%25.db", "with space.db"])
def test_file_names_with_url_characters_are_used_as_written(tmp_path: Path, name: str) -> None:
    engine = open_database(str(tmp_path / name))
    engine.dispose()
    engine = open_database(str(tmp_path / name))  # and reopened: the read-only check too
    try:
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_to_url_keeps_urls_and_turns_paths_into_absolute_sqlite_urls(tmp_path: Path) -> None:
    assert db.to_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert db.to_url("sqlite:///:memory:") == "sqlite:///:memory:"
    path = tmp_path / "x#y?.db"
    assert db.sqlite_path(db.to_url(str(path))) == path
    assert db.sqlite_path("sqlite://") is None
    assert db.sqlite_path("postgresql://u@h/db") is None


def test_to_url_expands_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert db.sqlite_path(db.to_url("~/itpm.db")) == tmp_path / "itpm.db"


# --- transactions --------------------------------------------------------------------------


def test_write_session_holds_the_write_lock_as_soon_as_it_starts(
    engine: Engine, db_path: Path
) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with (
            write_session(engine),
            pytest.raises(sqlite3.OperationalError, match="database is locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released once the session ends
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_session_does_not_take_the_write_lock(engine: Engine, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with read_session(engine) as session:
            list_people(session)
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.slow
def test_a_second_writer_waits_for_the_first_and_then_sees_its_data(
    engine: Engine, db_path: Path
) -> None:
    second = open_database(str(db_path))
    started, finished = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def read_then_write() -> None:
        try:
            started.set()
            with write_session(second) as session:
                seen = len(list_people(session))
                create_person(session, PersonInput(name=f"Second, after {seen}"))
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            finished.set()

    try:
        with write_session(engine) as session:
            create_person(session, PersonInput(name="First"))
            worker = threading.Thread(target=read_then_write)
            worker.start()
            started.wait(5)
            assert not finished.wait(0.3), "the second writer did not wait for the lock"
        worker.join(20)
        assert errors == []
        with read_session(engine) as session:
            names = [p.name for p in sorted(list_people(session), key=lambda p: p.id or 0)]
        assert names == ["First", "Second, after 1"]
    finally:
        second.dispose()


def test_write_session_commits_on_success(engine: Engine) -> None:
    with write_session(engine) as session:
        create_person(session, PersonInput(name="Ada"))
    assert _count(engine, Person) == 1


def test_write_session_rolls_back_everything_on_an_exception(engine: Engine) -> None:
    with pytest.raises(RuntimeError), write_session(engine) as session:
        create_person(session, PersonInput(name="Ada"))
        create_person(session, PersonInput(name="Grace"))
        session.add(Project(code="P1", name="One"))
        session.flush()
        raise RuntimeError("boom")
    assert _count(engine, Person) == 0
    assert _count(engine, Project) == 0


def test_objects_stay_usable_after_their_session_closed(engine: Engine) -> None:
    with write_session(engine) as session:
        person = create_person(session, PersonInput(name="Ada", role="Engineer"))
    with read_session(engine) as session:
        loaded = list_people(session)
    assert (person.name, person.role) == ("Ada", "Engineer")
    assert [p.name for p in loaded] == ["Ada"]


# --- refusals: one clear message, the file untouched ----------------------------------------


def _corrupt(tmp_path: Path) -> tuple[Path, Path | None, str]:
    target = tmp_path / "corrupt.db"
    target.write_bytes(random.Random(7).randbytes(8192))
    return target, target, "not an itpm database"


def _corrupt_after_header(tmp_path: Path) -> tuple[Path, Path | None, str]:
    target = tmp_path / "damaged.db"
    target.write_bytes(db.SQLITE_MAGIC + random.Random(8).randbytes(8192 - len(db.SQLITE_MAGIC)))
    return target, target, "corrupt"


def _folder(tmp_path: Path) -> tuple[Path, Path | None, str]:
    target = tmp_path / "itpm.db"
    target.mkdir()
    return target, None, "is a folder"


def _read_only(tmp_path: Path) -> tuple[Path, Path | None, str]:
    target = tmp_path / "readonly.db"
    open_database(str(target)).dispose()
    target.chmod(0o400)
    return target, target, "read-only"


def _parent_is_a_file(tmp_path: Path) -> tuple[Path, Path | None, str]:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a regular file where a folder should be\n")
    return blocker / "sub" / "itpm.db", blocker, "cannot create the folder"


def _foreign(tmp_path: Path) -> tuple[Path, Path | None, str]:
    target = tmp_path / "other-app.db"
    with contextlib.closing(sqlite3.connect(target)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
        conn.execute("INSERT INTO invoices (total) VALUES (100)")
        conn.commit()
    return target, target, "not an itpm database"


@pytest.mark.parametrize(
    "make_bad",
    [_corrupt, _corrupt_after_header, _folder, _read_only, _parent_is_a_file, _foreign],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("migrate", [True, False], ids=["migrate", "no-migrate"])
def test_a_bad_database_is_refused_with_one_clear_line_and_left_untouched(
    tmp_path: Path,
    make_bad: Callable[[Path], tuple[Path, Path | None, str]],
    migrate: bool,
) -> None:
    target, watched, expected = make_bad(tmp_path)
    before = _digest(watched) if watched else None
    mode = _mode(watched) if watched else None
    listing = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(DatabaseError) as info:
        open_database(str(target), migrate=migrate)

    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    if watched is not None:
        assert _digest(watched) == before
        assert _mode(watched) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no -wal, -shm, backups


def test_an_unknown_database_url_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_database("nosuchdialect://host/db")


# --- backups -------------------------------------------------------------------------------


def test_backup_writes_a_private_copy_that_holds_the_same_rows(
    demo_engine: Engine, tmp_path: Path
) -> None:
    dest = tmp_path / "copies" / "itpm-copy.db"
    written = db.backup(demo_engine, dest, keep=None)
    assert written == dest
    assert _mode(dest) == 0o600
    assert _mode(dest.parent) == 0o700
    copy = open_database(str(dest))
    try:
        assert db.current_revision(copy) == db.head_revision()
        for model in (Person, Project, Task):
            assert _count(copy, model) == _count(demo_engine, model) > 0
        with copy.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        copy.dispose()


def test_backup_includes_a_write_still_in_the_wal(engine: Engine, tmp_path: Path) -> None:
    with write_session(engine) as session:
        create_person(session, PersonInput(name="Only in the WAL so far"))
    with engine.connect():  # an open connection keeps the WAL from being checkpointed away
        dest = db.backup(engine, tmp_path / "b.db", keep=None)
    with contextlib.closing(sqlite3.connect(dest)) as conn:
        assert conn.execute("SELECT name FROM person").fetchall() == [("Only in the WAL so far",)]


def test_backup_refuses_to_overwrite_a_file(engine: Engine, tmp_path: Path) -> None:
    dest = tmp_path / "exists.db"
    dest.write_text("keep me")
    with pytest.raises(DatabaseError, match="already exists"):
        db.backup(engine, dest)
    assert dest.read_text() == "keep me"


def test_default_backups_go_to_a_backups_folder_beside_the_database(
    engine: Engine, db_path: Path
) -> None:
    path = db.default_backup_path(engine, reason="manual")
    assert path.parent == db_path.parent / "backups"
    assert path.name.startswith("itpm-") and path.name.endswith("-manual.db")


def test_rotation_keeps_the_newest_backups_kept(engine: Engine, db_path: Path) -> None:
    written = [
        db.backup(engine, db.default_backup_path(engine)) for _ in range(db.BACKUPS_KEPT + 3)
    ]
    folder = db_path.parent / "backups"
    kept = sorted(folder.glob("itpm-*.db"))
    assert len(kept) == db.BACKUPS_KEPT
    assert kept == sorted(written[-db.BACKUPS_KEPT :])
    assert not any(p.exists() for p in written[:3])
    assert _mode(folder) == 0o700


def test_rotation_leaves_other_databases_and_other_files_alone(
    engine: Engine, db_path: Path
) -> None:
    folder = db_path.parent / "backups"
    neighbour = open_database(str(db_path.with_name("itpm-old.db")))
    try:
        theirs = [db.backup(neighbour, db.default_backup_path(neighbour)) for _ in range(3)]
    finally:
        neighbour.dispose()
    notes = folder / "itpm-notes.db"
    notes.write_text("not a backup")
    for _ in range(db.BACKUPS_KEPT + 1):
        db.backup(engine, db.default_backup_path(engine))
    assert all(p.exists() for p in [*theirs, notes])
    ours = list(folder.glob("itpm-2*.db"))
    assert len(ours) == db.BACKUPS_KEPT


def test_rotation_never_prunes_a_folder_the_user_chose(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    for n in range(db.BACKUPS_KEPT + 2):
        db.backup(engine, folder / f"itpm-{n:02d}.db")
    assert len(list(folder.glob("*.db"))) == db.BACKUPS_KEPT + 2


def test_backup_of_a_database_that_is_not_a_file_is_refused() -> None:
    memory = db.make_engine("sqlite://")
    try:
        with pytest.raises(DatabaseError, match="only available for SQLite database files"):
            db.backup(memory, Path("/nonexistent/x.db"))
    finally:
        memory.dispose()
