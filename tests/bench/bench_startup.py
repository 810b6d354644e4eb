"""Start-up: process start to the first frame showing the portfolio, against a reference.

The reference is the floor of this stack: a Textual hello-world that also imports
sqlmodel and runs one query on the same database file. Both run in a real
pseudo-terminal of 80x24; the clock stops when the expected text reaches the screen.
Run: python tests/bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from tests.bench.portfolio_data import build_demo, build_large  # noqa: E402

ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")

REFERENCE = textwrap.dedent(
    """
    import sys
    import sqlmodel
    from sqlalchemy import text
    from textual.app import App
    from textual.widgets import Static

    engine = sqlmodel.create_engine("sqlite:///" + sys.argv[1])
    with sqlmodel.Session(engine) as session:
        code = session.execute(text("SELECT code FROM project ORDER BY code LIMIT 1")).scalar()

    class Hello(App):
        def compose(self):
            yield Static("first project: " + code)

    Hello().run()
    """
)


def time_to_text(argv: list[str], needle: bytes, timeout: float = 30.0) -> float:
    """Seconds from spawning argv in an 80x24 pty until `needle` appears in its output."""
    pid, fd = pty.fork()
    if pid == 0:
        # Away from the source root: `python -m` puts the working folder first on the
        # path, where itpm_tui/ would hide the installed package (and its screens).
        os.chdir(tempfile.gettempdir())
        # The size is set before the program starts, as a terminal emulator does.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.environ["LANG"] = "C.UTF-8"
        os.execvp(argv[0], argv)
    started = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            # Styles may split a word on screen: look at the text without escape codes.
            if needle in ESCAPES.sub(b"", seen):
                return time.perf_counter() - started
        text = ESCAPES.sub(b"", seen)[-1500:]
        raise RuntimeError(f"{needle!r} not seen from {argv}; screen text: {text!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def compile_itpm() -> None:
    """Write itpm's .pyc files, as installing a wheel does.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE is set
    (it is on some machines): then every start would compile itpm from source while the
    reference's libraries, installed from wheels, load compiled.
    """
    import compileall
    import importlib

    for name in ("itpm_tui", "itpm_tui.screens", "itpm_tui.migrations"):
        folder = Path(importlib.import_module(name).__file__).parent  # type: ignore[arg-type]
        compileall.compile_dir(folder, quiet=1)


def measure(db: Path, needle: bytes, runs: int, reference: Path) -> tuple[list[float], list[float]]:
    ours, theirs = [], []
    app = [sys.executable, "-m", "itpm_tui", "--db", str(db)]
    ref = [sys.executable, str(reference), str(db)]
    time_to_text(app, needle)  # warm the file cache once
    time_to_text(ref, b"first project")
    for _ in range(runs):
        # Interleaved, so both see the same machine load.
        ours.append(time_to_text(app, needle))
        theirs.append(time_to_text(ref, b"first project"))
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_itpm()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        reference = base / "reference.py"
        reference.write_text(REFERENCE)
        demo = build_demo(base / "demo.db")
        large = build_large(base / "large.db")
        heading = f"{'database':<34} {'itpm (s)':>9} {'reference (s)':>14} {'ratio':>6}"
        print(f"{heading} {'min ratio':>9}")
        for label, db, needle in (
            ("demo (7 projects)", demo, b"APP-PORTAL"),
            ("large (200 projects, 20,000 tasks)", large, b"P0001"),
        ):
            ours, theirs = measure(db, needle, args.runs, reference)
            mine, ref = statistics.median(ours), statistics.median(theirs)
            fastest = min(ours) / min(theirs)
            print(f"{label:<34} {mine:>9.3f} {ref:>14.3f} {mine / ref:>6.2f} {fastest:>9.2f}")
        # The fastest runs are the ones least disturbed by the rest of the machine.
        print(
            f"median of {args.runs} interleaved runs each (min ratio: fastest against "
            "fastest); target ratio <= 1.30"
        )


if __name__ == "__main__":
    main()
