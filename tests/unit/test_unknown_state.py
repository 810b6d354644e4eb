"""Databases in an unknown state are refused untouched; a file we cannot write is opened to read."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui import db
from itpm_tui.db import DatabaseError, open_database
from itpm_tui.launcher import main


def listing(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a digest of its bytes: any write shows."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_file(demo_engine: Engine, db_path: Path, tmp_path: Path) -> Path:
    """The demo as itpm leaves it on disk (WAL mode, closed), alone in a folder."""
    demo_engine.dispose()
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copy(db_path, folder / "itpm.db")
    return folder / "itpm.db"


def _sql(statement: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.executescript(statement)
            conn.commit()

    return change


def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(40 * 4096)


UNKNOWN = [
    pytest.param(
        _sql("DELETE FROM alembic_version"), "revision cannot be established", id="empty-revision"
    ),
    pytest.param(
        _sql("INSERT INTO alembic_version VALUES ('0007_history')"),
        "revision cannot be established",
        id="two-revisions",
    ),
    pytest.param(_sql("DROP TABLE alembic_version"), "not an itpm database", id="missing-revision"),
    pytest.param(
        _sql("UPDATE alembic_version SET version_num = 'abc123'"), "abc123", id="unknown-revision"
    ),
    pytest.param(_sql("DROP TABLE lesson"), "do not match its schema revision", id="table-missing"),
    pytest.param(
        _sql("UPDATE alembic_version SET version_num = '0007_history'"),
        "do not match its schema revision 0007_history",
        id="head-tables-stamped-older",
    ),
    pytest.param(_truncate, "corrupt or unreadable", id="truncated"),
]


@pytest.mark.parametrize(("spoil", "message"), UNKNOWN)
@pytest.mark.parametrize("migrate", [True, False], ids=["migrate", "no-migrate"])
def test_a_database_in_an_unknown_state_is_refused_untouched(
    demo_file: Path, spoil: Callable[[Path], None], message: str, migrate: bool
) -> None:
    spoil(demo_file)
    before = listing(demo_file.parent)
    with pytest.raises(DatabaseError) as info:
        open_database(str(demo_file), migrate=migrate)
    assert message in str(info.value) and "\n" not in str(info.value)
    # Byte for byte: no migration, no trigger dropped, no backup, no -wal or -shm.
    assert listing(demo_file.parent) == before


@pytest.mark.parametrize(("spoil", "message"), UNKNOWN[:1] + UNKNOWN[-1:])
@pytest.mark.parametrize("command", [[], ["projects"], ["db", "upgrade"], ["db", "check"]])
def test_the_cli_refuses_it_in_one_line(
    demo_file: Path,
    spoil: Callable[[Path], None],
    message: str,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    spoil(demo_file)
    before = listing(demo_file.parent)
    code, out, err = run(capsys, *command, "--db", str(demo_file))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    assert listing(demo_file.parent) == before


def test_a_failed_migration_keeps_the_triggers(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def triggers() -> int:
        with contextlib.closing(sqlite3.connect(demo_file)) as conn:
            return int(
                conn.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone()[
                    0
                ]
            )

    had = triggers()
    assert had > 100
    engine = db.make_engine(db.to_url(str(demo_file)))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the migration broke half-way")

    monkeypatch.setattr("alembic.command.upgrade", broken)
    monkeypatch.setattr(db, "head_revision", lambda: "0009_next")
    monkeypatch.setattr(db, "_refuse_mismatch", lambda *a: None)
    monkeypatch.setattr(db, "backup", lambda *a, **k: None)
    try:
        with pytest.raises(RuntimeError):
            db.upgrade(engine)
    finally:
        engine.dispose()
    assert triggers() == had


# --- check and current never write --------------------------------------------------------------


@pytest.mark.parametrize("command", [["db", "check"], ["db", "current"]])
def test_check_and_current_never_write(
    demo_file: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = listing(demo_file.parent)
    code, out, err = run(capsys, *command, "--db", str(demo_file))
    assert (code, err) == (0, "") and out.count("\n") == 1
    assert listing(demo_file.parent) == before  # not even an empty -wal or -shm


def test_current_of_a_missing_file_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "none" / "itpm.db"
    code, out, _ = run(capsys, "db", "current", "--db", str(target))
    assert code == 0 and out.startswith("empty (no schema yet)")
    assert not target.parent.exists()


# --- read-only --------------------------------------------------------------------------------


def test_read_only_reads_and_refuses_every_write_with_the_reason(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = listing(demo_file.parent)
    code, out, err = run(capsys, "projects", "--read-only", "--db", str(demo_file))
    assert (code, err) == (0, "") and "ERP-S4" in out
    code, out, err = run(capsys, "--read-only", "demo", "--db", str(demo_file))
    assert code == 1
    assert (
        err == f"itpm: Read-only: {demo_file} was opened with --read-only; nothing was changed.\n"
    )
    engine = open_database(str(demo_file), read_only=True)
    try:
        assert db.read_only_reason(engine) == f"{demo_file} was opened with --read-only"
        # Refused at BEGIN, before SQLite is asked for the write lock.
        with pytest.raises(db.ReadOnlyDatabase), db.write_session(engine):
            pass
    finally:
        engine.dispose()
    assert listing(demo_file.parent) == before


# Run as root without its capabilities, root obeys file permissions like any user: the folder
# and the file belong to nobody, so this process may read them but not write.
_AS_ANOTHER_USER = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"]

_START_APP = textwrap.dedent(
    """
    import sys
    from itpm_tui.app import ItpmApp
    from itpm_tui.launcher import main

    def run(self, **kwargs):
        for message, severity in self._start_notices:
            print(severity, message, flush=True)

    ItpmApp.run = run
    sys.exit(main(sys.argv[1:]))
    """
)


def _as_another_user(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_AS_ANOTHER_USER, sys.executable, "-c", _START_APP, *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_a_database_in_a_folder_we_cannot_write_opens_read_only(demo_file: Path) -> None:
    import os
    import pwd

    nobody = pwd.getpwnam("nobody")
    folder = demo_file.parent
    for path in (folder, demo_file):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    folder.chmod(0o755)
    demo_file.chmod(0o666)  # the file itself is writable: only the folder is not
    before = listing(folder)

    opened = _as_another_user("--db", str(demo_file))
    assert (opened.returncode, opened.stderr) == (0, "")
    assert opened.stdout == (
        f"warning Read-only: {demo_file} is in a folder you cannot write to ({folder}). "
        "Nothing can be changed in this window.\n"
    )
    listed = _as_another_user("projects", "--db", str(demo_file))
    assert (listed.returncode, listed.stderr) == (0, "") and "ERP-S4" in listed.stdout
    checked = _as_another_user("db", "check", "--db", str(demo_file))
    assert checked.returncode == 0 and "integrity ok" in checked.stdout
    written = _as_another_user("demo", "--db", str(demo_file))
    assert written.returncode == 1
    assert written.stderr == (
        f"itpm: Read-only: {demo_file} is in a folder you cannot write to ({folder}); "
        "nothing was changed.\n"
    )
    assert "attempt to write a readonly database" not in written.stderr
    assert listing(folder) == before
