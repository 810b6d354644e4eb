"""Backups that are backups: a damaged source is said loudly, a bad or killed copy never counts."""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui import db
from itpm_tui.launcher import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) and a digest of its bytes.

    Not -wal and -shm: they are there while an engine of the test has the file open.
    """
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def corrupt_page(engine: Engine, table: str = "lesson") -> Path:
    """Scribble over the page of `table` (the lessons: not read to list the portfolio)."""
    path = db.sqlite_path(str(engine.url))
    assert path is not None
    engine.dispose()  # the last connection closing folds the WAL into the file
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xff" * size
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def good_backups(demo_engine: Engine, db_path: Path) -> Path:
    """Three good automatic backups in the rotation (keep=3)."""
    for _ in range(3):
        assert db.auto_backup(demo_engine, keep=3, every=timedelta(0)) is not None
    return db_path.parent / "backups"


def test_a_damaged_database_is_not_backed_up_and_the_good_backups_stay(
    demo_engine: Engine, db_path: Path, good_backups: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt_page(demo_engine)
    before = snapshot(db_path.parent)
    code, out, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "is DAMAGED" in err and "no backup was taken" in err
    assert snapshot(db_path.parent) == before
    with pytest.raises(db.DamagedDatabase):
        db.auto_backup(demo_engine, keep=3, every=timedelta(0))
    assert snapshot(db_path.parent) == before  # nothing rotated out


def test_reading_a_damaged_database_says_so_and_exits_1(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt_page(demo_engine)
    code, out, err = run(capsys, "projects", "--db", str(db_path))
    assert code == 1
    assert "ERP-S4" in out  # what can still be read is printed
    assert err.count("\n") == 1 and err.startswith("itpm: ") and "is DAMAGED" in err


def test_the_app_opens_on_a_damaged_database_and_says_so(
    demo_engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itpm_tui.app import ItpmApp

    corrupt_page(demo_engine)
    seen: list[ItpmApp] = []
    monkeypatch.setattr(ItpmApp, "run", lambda self, **kw: seen.append(self))
    assert main(["--db", str(db_path)]) == 0
    (app,) = seen
    ((message, severity),) = app._start_notices
    assert severity == "error" and "is DAMAGED" in message and "\n" not in message
    assert not (db_path.parent / "backups").exists()


def test_an_undamaged_database_backs_up_as_before(
    demo_engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert (code, err) == (0, "")
    (written,) = (db_path.parent / "backups").iterdir()  # no temporary file beside it
    assert out == f"Backed up to {written}\n"
    with contextlib.closing(sqlite3.connect(written)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)


# A backup that, once it has copied one page, says so and waits to be killed.
_KILLED_BACKUP = textwrap.dedent(
    """
    import sqlite3, sys, time
    from itpm_tui import db
    from itpm_tui.launcher import main

    class Slow(sqlite3.Connection):
        def backup(self, target, **kwargs):
            def progress(status, remaining, total):
                print("copying", flush=True)
                time.sleep(120)
            return super().backup(target, pages=1, progress=progress)

    real = sqlite3.connect

    class Module:
        def __getattr__(self, name):
            return getattr(sqlite3, name)
        def connect(self, *args, **kwargs):
            return real(*args, factory=Slow, **kwargs)

    db.sqlite3 = Module()
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.slow
def test_a_killed_backup_leaves_no_file_with_a_backups_name(
    demo_engine: Engine, db_path: Path, good_backups: Path
) -> None:
    demo_engine.dispose()
    before = snapshot(db_path.parent)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BACKUP, "db", "backup", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "copying\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    after = snapshot(db_path.parent)
    # Only a hidden temporary file may be new; the backups are those there before.
    assert {k: v for k, v in after.items() if not Path(k).name.startswith(".")} == before
    assert sorted(good_backups.glob("itpm-*.db")) == sorted(
        db_path.parent / k for k in before if k.startswith("backups/")
    )
    # The next backup is made, checked and counted as usual.
    engine = db.open_database(str(db_path))
    try:
        assert db.auto_backup(engine, keep=3, every=timedelta(0)) is not None
    finally:
        engine.dispose()


# The app opened on a disk with no room for the day's backup: no file may grow past the
# limit, which is smaller than the database.
_FULL_DISK_START = textwrap.dedent(
    """
    import resource, signal, sys
    from itpm_tui.app import ItpmApp
    from itpm_tui.launcher import main

    def run(self, **kwargs):
        for message, severity in self._start_notices:
            print(severity, message, flush=True)

    ItpmApp.run = run
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.exit(main(["--db", sys.argv[1]]))
    """
)


@pytest.mark.slow
def test_on_a_full_disk_the_automatic_backup_warns_and_the_app_opens(
    demo_engine: Engine, db_path: Path
) -> None:
    demo_engine.dispose()
    before = snapshot(db_path.parent)
    limit = db_path.stat().st_size // 2 + 100  # not on a page boundary: a short write
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_START, str(db_path), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("warning The automatic backup failed")
    backups = db_path.parent / "backups"
    assert not backups.exists()  # no piece of a backup, not even the folder it made
    assert snapshot(db_path.parent) == before
