"""A killed report or backup leaves nothing behind for long: the next write clears its pieces."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import Engine

from itpm_tui.db import backup
from itpm_tui.services.shared.files import write_private

# Writes a report over an existing file and is killed once the text is written, before
# the rename: the worst moment.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from itpm_tui.services.shared import files

    files.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
    files.write_private(sys.argv[1], "new report line\\n" * 1000)
    """
)


def test_the_pieces_of_a_killed_export_go_at_the_next_write_of_that_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("the report of last week\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert target.read_text() == "the report of last week\n"
    pieces = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(pieces) == 1 and pieces[0].startswith(".report.md.")  # what the kill left

    write_private(target, "this week\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "report.md"]
    assert target.read_text() == "this week\n"


# Backs the database up into a folder and is killed once the copy is made, before the
# copy is checked and renamed.
_KILLED_BACKUP = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from itpm_tui import db
    real = db._quick_check
    calls = []

    def check(connection):
        calls.append(1)
        if len(calls) == 2:  # the source was checked; this is the copy
            os.kill(os.getpid(), signal.SIGKILL)
        return real(connection)

    db._quick_check = check
    engine = db.open_database(sys.argv[1])
    db.backup(engine, Path(sys.argv[2]), keep=None)
    """
)


def test_the_pieces_of_a_killed_backup_go_at_the_next_backup(
    demo_engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BACKUP, str(demo_engine.url.database), str(folder / "a.db")],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(name.startswith(".a.db.") for name in left)  # no file named a.db

    backup(demo_engine, folder / "b.db", keep=None)
    assert sorted(p.name for p in folder.iterdir()) == ["b.db"]
