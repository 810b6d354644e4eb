"""Backups on real files: `itpm db restore` and `db check`, automatic rotating backups."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui import db
from itpm_tui.db import DatabaseError, open_database, read_session, write_session
from itpm_tui.launcher import main
from itpm_tui.models import Project
from itpm_tui.services.portfolio.projects import delete_project, find_project


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def codes(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT code FROM project ORDER BY code")]


def drop_project(engine: Engine, code: str) -> None:
    with write_session(engine) as session:
        delete_project(session, find_project(session, code).id)  # type: ignore[arg-type]


@pytest.fixture
def saved(demo_engine: Engine, tmp_path: Path) -> Path:
    """A backup of the demo, taken before the live database loses NET-CORE."""
    path = db.backup(demo_engine, tmp_path / "saved" / "monday.db", keep=None)
    drop_project(demo_engine, "NET-CORE")
    return path


def backups_of(db_path: Path) -> list[Path]:
    folder = db_path.parent / "backups"
    return sorted(folder.glob("*.db")) if folder.exists() else []


# --- restore ---------------------------------------------------------------------------------


def test_restore_with_yes_brings_the_backup_back_and_keeps_the_current_data_aside(
    saved: Path, db_path: Path, demo_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "NET-CORE" not in codes(db_path)
    code, out, err = run(capsys, "db", "restore", str(saved), "--yes", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert "NET-CORE" in codes(db_path) and len(codes(db_path)) == 7

    # What was there before is in a private backup, whole.
    (safety,) = backups_of(db_path)
    assert "before-restore" in safety.name and str(safety) in out
    assert stat.S_IMODE(safety.stat().st_mode) == 0o600
    assert "NET-CORE" not in codes(safety) and len(codes(safety)) == 6

    # An engine that had the file open all along (another itpm window) sees the restore.
    with read_session(demo_engine) as session:
        assert len(list(session.exec(select(Project)))) == 7
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.parametrize("answer", ["n\n", "\n", "nope\n", ""])
def test_restore_asks_first_and_anything_but_yes_changes_nothing(
    saved: Path,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
) -> None:
    before = codes(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    code, out, err = run(capsys, "db", "restore", str(saved), "--db", str(db_path))
    assert code == 1
    assert "Replace everything in" in out and "[y/N]" in out
    assert err == "itpm: nothing restored\n"
    assert codes(db_path) == before
    assert backups_of(db_path) == []


def test_restore_says_yes_when_asked(
    saved: Path, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(capsys, "db", "restore", str(saved), "--db", str(db_path))[0] == 0
    assert len(codes(db_path)) == 7


def _not_itpm(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n")
    return path


def _future(tmp_path: Path, saved: Path) -> Path:
    with contextlib.closing(sqlite3.connect(saved)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    return saved


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp, saved: tmp / "missing.db", "does not exist"),
        (lambda tmp, saved: _text_file(tmp), "not a SQLite file"),
        (lambda tmp, saved: _not_itpm(tmp), "no itpm schema"),
        (_future, "newer itpm"),
    ],
)
def test_restore_refuses_a_file_that_is_not_an_itpm_backup_and_changes_nothing(
    saved: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message
) -> None:
    source = make(tmp_path, saved)
    before = codes(db_path)
    code, out, err = run(capsys, "db", "restore", str(source), "--yes", "--db", str(db_path))
    assert code == 1
    assert message in err and len(err.splitlines()) == 1
    assert codes(db_path) == before
    assert backups_of(db_path) == []


def test_restore_of_the_database_onto_itself_is_refused(db_path: Path, demo_engine: Engine) -> None:
    with pytest.raises(DatabaseError, match="database itself"):
        db.restore(demo_engine, db_path)


# --- check ---------------------------------------------------------------------------------


def test_check_of_a_sound_database_says_so_and_exits_0(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "db", "check", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert "integrity ok, no broken references" in out


def test_check_reports_a_broken_reference_and_exits_1(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_engine.dispose()
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE task SET assignee_id = 9999 WHERE id = (SELECT min(id) FROM task)")
        conn.commit()
    code, out, err = run(capsys, "db", "check", "--db", str(db_path))
    assert code == 1
    assert "broken reference: task row" in out and "missing person" in out
    assert "1 problem(s) found" in err


def test_check_reports_a_damaged_file_and_exits_non_zero(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_engine.dispose()
    data = bytearray(db_path.read_bytes())
    # Scribble over the middle of the file, leaving the header readable.
    data[8192:12288] = b"\xff" * 4096
    db_path.write_bytes(bytes(data))
    code, out, err = run(capsys, "db", "check", "--db", str(db_path))
    assert code != 0
    assert "Traceback" not in out + err


# --- automatic, rotating backups ---------------------------------------------------------------


def test_automatic_backup_is_taken_once_a_day_and_rotated(
    demo_engine: Engine, db_path: Path
) -> None:
    first = db.auto_backup(demo_engine, keep=3)
    assert first is not None and first.parent == db_path.parent / "backups"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert db.auto_backup(demo_engine, keep=3) is None  # one a day is enough
    for _ in range(5):
        assert db.auto_backup(demo_engine, keep=3, every=timedelta(0)) is not None
    kept = backups_of(db_path)
    assert len(kept) == 3
    assert first not in kept  # the oldest went first


def test_automatic_backups_switched_off_with_keep_0(demo_engine: Engine, db_path: Path) -> None:
    assert db.auto_backup(demo_engine, keep=0) is None
    assert backups_of(db_path) == []


def test_opening_the_app_takes_the_automatic_backup_keeping_itpm_backups_keep(
    demo_engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itpm_tui.app import ItpmApp

    monkeypatch.setattr(ItpmApp, "run", lambda self, **kw: None)
    monkeypatch.setenv("ITPM_BACKUPS_KEEP", "2")
    for _ in range(4):
        # Pretend the last one is from yesterday.
        for old in backups_of(db_path):
            old.touch()
            yesterday = old.stat().st_mtime - 2 * 86400
            os.utime(old, (yesterday, yesterday))
        assert main(["--db", str(db_path)]) == 0
    kept = backups_of(db_path)
    assert len(kept) == 2 and all("-auto" in p.name for p in kept)


def test_db_backup_rotates_to_itpm_backups_keep(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("ITPM_BACKUPS_KEEP", "2")
    for _ in range(4):
        assert run(capsys, "db", "backup", "--db", str(db_path))[0] == 0
    assert len(backups_of(db_path)) == 2


def test_a_bad_itpm_backups_keep_is_one_clear_line(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("ITPM_BACKUPS_KEEP", "lots")
    code, _, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert code == 1
    assert err.startswith("itpm: ITPM_BACKUPS_KEEP must be a whole number")


# --- privacy ---------------------------------------------------------------------------------


def test_every_file_itpm_writes_is_private_whatever_the_umask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = os.umask(0o022)  # the usual umask: files 0644 unless we say otherwise
    try:
        path = tmp_path / "new" / "itpm.db"
        assert run(capsys, "demo", "--db", str(path))[0] == 0
        assert run(capsys, "db", "backup", "--db", str(path))[0] == 0
        chosen = tmp_path / "elsewhere" / "copy.db"
        assert run(capsys, "db", "backup", str(chosen), "--db", str(path))[0] == 0
        assert run(capsys, "db", "restore", str(chosen), "--yes", "--db", str(path))[0] == 0
        engine = open_database(str(path))  # the -wal and -shm files exist while it is open
        try:
            with read_session(engine) as session:
                session.exec(select(Project)).all()
            files = [p for p in tmp_path.rglob("*") if p.is_file()]
            folders = [p for p in tmp_path.rglob("*") if p.is_dir()]
            assert any(p.name.endswith("-wal") for p in files)
            assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {
                p.name: 0o600 for p in files
            }
            assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in folders} == {
                p.name: 0o700 for p in folders
            }
            assert len(backups_of(path)) == 2  # the one asked for, and the one before restore
        finally:
            engine.dispose()
    finally:
        os.umask(previous)


def test_a_failed_backup_leaves_no_folder_it_created(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = iter([None, "page 3: corrupt"])  # the source checks, the copy does not
    monkeypatch.setattr(db, "_quick_check", lambda _conn: next(checks))
    target = tmp_path / "new" / "backups" / "itpm.db"
    with pytest.raises(DatabaseError, match="the copy does not check"):
        db.backup(engine, target)
    assert not (tmp_path / "new").exists()
    # A folder that was there before stays, even when empty.
    kept = tmp_path / "kept"
    kept.mkdir()
    checks = iter([None, "page 3: corrupt"])
    with pytest.raises(DatabaseError):
        db.backup(engine, kept / "itpm.db")
    assert kept.is_dir() and list(kept.iterdir()) == []
