"""Run itpm in a real pseudo-terminal of a given size and count what it writes to it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence

ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEc])"
)

# The bytes a terminal sends for some keys (xterm, normal cursor mode).
KEYS = {
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "escape": b"\x1b",
    "enter": b"\r",
    "ctrl+q": b"\x11",
    "question_mark": b"?",
}


class PtyApp:
    """`itpm ...` in an 80x24 (or other) pty: send keys, read what it draws."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        cwd: str | None = None,
    ) -> None:
        columns, rows = size
        argv = [sys.executable, "-m", "itpm_tui", *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: the size is set before the program starts
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            if cwd is not None:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()

    def read(self, quiet: float = 0.4, timeout: float = 20.0) -> bytes:
        """Everything written until it has been quiet for `quiet` seconds."""
        got = bytearray()
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                got += chunk
                last = time.monotonic()
            elif time.monotonic() - last >= quiet and got or time.monotonic() - last >= quiet * 4:
                break
        self.output += got
        return bytes(got)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> bytes:
        """Read until `text` shows on screen (escape codes aside)."""
        got = bytearray()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got += self.read(quiet=0.2, timeout=1.0)
            if text in ESCAPES.sub(b"", bytes(got)):
                got += self.read(quiet=0.4)
                return bytes(got)
        raise AssertionError(f"{text!r} not seen; got {ESCAPES.sub(b'', bytes(got))[-600:]!r}")

    def key(self, name: str) -> None:
        os.write(self.fd, KEYS.get(name, name.encode()))

    def press(self, name: str, quiet: float = 0.4) -> bytes:
        """Send one key and return everything drawn in answer to it."""
        self.key(name)
        return self.read(quiet=quiet)

    def close(self) -> int:
        """Quit with ctrl+q (kill if it does not go); the exit status."""
        try:
            self.key("ctrl+q")
            self.read(quiet=0.3, timeout=5)
        except OSError:
            pass
        for _ in range(50):
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def clean_env(**overrides: str) -> dict[str, str]:
    """The caller's environment without locale or colour settings, plus `overrides`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "ITPM_")) and k not in ("LANG", "NO_COLOR", "TERM")
    }
    env.update(overrides)
    return env
