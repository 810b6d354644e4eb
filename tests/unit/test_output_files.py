"""Reports and exports write regular files only, whole or not at all (services/files.py)."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.cli import build_parser, main
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.files import write_private


def _db(engine: Engine) -> str:
    return str(engine.url.database)


def _listing(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry of `folder`: its mode and, for regular files, a digest of its bytes."""
    out: dict[str, tuple[int, str]] = {}
    for entry in folder.iterdir():
        info = entry.lstat()
        digest = hashlib.sha256(entry.read_bytes()).hexdigest() if entry.is_file() else ""
        out[entry.name] = (info.st_mode, digest)
    return out


def _char_device(folder: Path) -> Path:
    path = folder / "null"
    # The same device as /dev/null (1, 3), world-writable as on a jump host.
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.chmod(path, 0o666)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe"
    os.mkfifo(path, 0o644)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "reports"
    path.mkdir()
    return path


def _link_to_device(folder: Path) -> Path:
    path = folder / "report.md"
    path.symlink_to(_char_device(folder))
    return path


def _link_to_fifo(folder: Path) -> Path:
    path = folder / "report.md"
    path.symlink_to(_fifo(folder))
    return path


def _dangling_link(folder: Path) -> Path:
    path = folder / "report.md"
    path.symlink_to(folder / "nowhere" / "x.md")
    return path


CASES: list[tuple[Callable[[Path], Path], str]] = [
    (_char_device, "is a character device, not a regular file"),
    (_fifo, "is a FIFO (named pipe), not a regular file"),
    (_folder, "is a folder"),
    (_link_to_device, "is a character device, not a regular file"),
    (_link_to_fifo, "is a FIFO (named pipe), not a regular file"),
    (_dangling_link, "is a link to nothing"),
]
IDS = ["char-device", "fifo", "folder", "link-to-device", "link-to-fifo", "dangling-link"]


# The commands that write a file, run in a child process: a FIFO that is opened hangs
# the writer, which the timeout turns into a failure instead of a stuck test run.
def _run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itpm_tui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


# Every case through one command; each other command that writes a file through one case.
CLI_CASES = [
    pytest.param(["report", "portfolio"], make, message, id=f"portfolio-{name}")
    for (make, message), name in zip(CASES, IDS, strict=True)
] + [
    pytest.param(
        ["report", "status", "ERP-S4", "--format", "html"], _fifo, CASES[1][1], id="status-fifo"
    ),
    pytest.param(["report", "closure", "ERP-S4"], _char_device, CASES[0][1], id="closure-device"),
]


@pytest.mark.parametrize(("command", "make", "message"), CLI_CASES)
def test_a_report_to_anything_but_a_regular_file_is_refused_and_changes_nothing(
    demo_engine: Engine,
    tmp_path: Path,
    make: Callable[[Path], Path],
    message: str,
    command: list[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = make(out)
    before = _listing(out)
    result = _run_cli(*command, "--db", _db(demo_engine), "-o", str(target))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stderr.startswith("itpm: ") and "Traceback" not in result.stderr
    assert _listing(out) == before  # same entries, same modes, no temporary file left


def test_dev_null_keeps_its_mode(demo_engine: Engine) -> None:
    # Only looked at: the refusal happens before /dev/null is opened.
    before = os.stat("/dev/null")
    result = _run_cli("report", "portfolio", "--db", _db(demo_engine), "--output", "/dev/null")
    after = os.stat("/dev/null")
    assert result.returncode == 1 and "not a regular file" in result.stderr
    assert (after.st_mode, after.st_uid, after.st_rdev) == (
        before.st_mode,
        before.st_uid,
        before.st_rdev,
    )


@pytest.mark.parametrize(("make", "message"), CASES, ids=IDS)
def test_write_private_refuses_without_opening(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    target = make(tmp_path)
    before = _listing(tmp_path)
    with pytest.raises(ItpmError) as info:
        write_private(target, "text")
    assert message in str(info.value) and "\n" not in str(info.value)
    assert _listing(tmp_path) == before


def test_a_new_file_is_private_and_an_old_one_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_private(target, "first\n")
    assert target.read_text() == "first\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    old = target.stat().st_ino
    write_private(target, "second\n")
    assert target.read_text() == "second\n"
    assert target.stat().st_ino != old  # a new file took its place: the old one was not opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_a_link_to_a_regular_file_writes_the_file_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_private(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_every_command_that_writes_a_file_takes_o_and_output() -> None:
    parser = build_parser()
    for argv in (
        ["report", "status", "X"],
        ["report", "portfolio"],
        ["report", "closure", "X"],
        ["db", "backup"],
    ):
        assert parser.parse_args([*argv, "-o", "f"]).output == "f"
        assert parser.parse_args([*argv, "--output", "f"]).output == "f"


def test_db_backup_writes_to_o(demo_engine: Engine, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert main(["db", "backup", "--db", _db(demo_engine), "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


# --- killed and out of space: the old file or the new one, never a piece ---------------------

# Writes a large report over an existing file; once half of it is written, says so and
# waits to be killed.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from itpm_tui.services.shared import files

    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            print("half", flush=True)
            time.sleep(120)
        def __getattr__(self, name):
            return getattr(self.handle, name)

    files.os.fdopen = lambda *a, **k: Slow(real_fdopen(*a, **k))
    files.write_private(sys.argv[1], "new report line\\n" * 100_000)
    """
)


@pytest.mark.slow
def test_an_export_killed_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("the report of last week\n")
    neighbour = tmp_path / "notes.txt"
    neighbour.write_text("mine\n")
    before = {p.name: p.read_bytes() for p in (target, neighbour)}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "half\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert {p.name: p.read_bytes() for p in (target, neighbour)} == before


_LIMITED_WRITER = textwrap.dedent(
    """
    import resource, signal, sys
    from itpm_tui.services.shared.errors import ItpmError
    from itpm_tui.services.shared.files import write_private

    # A full disk, as far as this process can tell: no file may grow past 64 KiB.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
    try:
        write_private(sys.argv[1], "x" * 200_000)
    except ItpmError as exc:
        print(exc)
        sys.exit(1)
    """
)


@pytest.mark.slow
def test_a_report_that_does_not_fit_on_the_disk_says_so_and_keeps_the_old_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.md"
    target.write_text("the report of last week\n")
    before = _listing(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _LIMITED_WRITER, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1 and "no space left" in result.stdout
    assert _listing(tmp_path) == before


def test_a_replaced_file_keeps_the_mode_its_owner_gave_it(tmp_path: Path) -> None:
    target = tmp_path / "shared.md"
    target.write_text("old\n")
    os.chmod(target, 0o644)
    write_private(target, "new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o644
