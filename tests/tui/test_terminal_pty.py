"""The real app in a real 80x24 pseudo-terminal: ASCII bytes under LANG=C, NO_COLOR, TERM kinds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine

from itpm_tui.db import backup

from .helpers import TODAY  # noqa: F401  (the demo template is dated on it)

# pytest puts tests/ on the path (tests/ptyterm.py is `ptyterm` there); mypy reads it as a
# module of the tests package.
if TYPE_CHECKING:
    from tests.ptyterm import ESCAPES, PtyApp, clean_env
else:
    from ptyterm import ESCAPES, PtyApp, clean_env

# The real app in a pseudo-terminal: seconds a test.
pytestmark = pytest.mark.slow

WALK = ["K", "escape", "enter", "G", "right", "3", "right", "question_mark", "escape", "P"]
# SGR parameters that only set black, white or grey (or no colour at all).
GREYS = {b"", b"0", b"1", b"2", b"3", b"4", b"7", b"9", b"22", b"23", b"24", b"27", b"29"}
GREYS |= {b"30", b"37", b"39", b"40", b"47", b"49", b"90", b"97", b"100", b"107"}


@pytest.fixture
def db_file(demo_template: Engine, tmp_path: Path) -> Iterator[Path]:
    path = backup(demo_template, tmp_path / "pty" / "itpm.db", keep=None)
    yield path


def run_walk(db_file: Path, walk: list[str] = WALK, **env: str) -> tuple[bytes, int]:
    # ITPM_BACKUPS_KEEP=0: no automatic backup beside the test's file.
    app = PtyApp(["--db", str(db_file)], clean_env(ITPM_BACKUPS_KEEP="0", **env))
    try:
        app.wait_for(b"Portfolio")
        for key in walk:
            app.press(key)
    finally:
        code = app.close()
    return bytes(app.output), code


def sgr_parameters(output: bytes) -> set[bytes]:
    return {p for seq in re.findall(rb"\x1b\[([0-9;]*)m", output) for p in seq.split(b";")}


@pytest.mark.parametrize("term", ["xterm", "screen"])
def test_under_lang_c_every_byte_written_is_ascii(db_file: Path, term: str) -> None:
    output, code = run_walk(db_file, LANG="C", TERM=term)
    assert code == 0
    assert [b for b in output if b > 0x7F] == []
    text = ESCAPES.sub(b"", output)
    # It drew the screens the keys asked for.
    for word in (b"Portfolio", b"Portfolio board", b"People", b"Gantt"):
        assert word in text, word


def test_with_a_utf8_locale_the_same_walk_draws_unicode(db_file: Path) -> None:
    # The counterpart of the test above: the ASCII there is the mode's doing.
    output, code = run_walk(db_file, ["K"], LANG="C.UTF-8", TERM="xterm-256color")
    assert code == 0
    assert "│".encode() in output or "─".encode() in output


def test_no_color_draws_in_greys_only(db_file: Path) -> None:
    short = ["K", "escape", "enter"]
    coloured, _ = run_walk(db_file, short, LANG="C", TERM="xterm")
    grey, code = run_walk(db_file, short, LANG="C", TERM="xterm", NO_COLOR="1")
    assert code == 0
    assert sgr_parameters(coloured) - GREYS  # the walk does use colour normally
    assert sgr_parameters(grey) <= GREYS


def test_no_mouse_turns_mouse_tracking_off(db_file: Path) -> None:
    app = PtyApp(["--no-mouse", "--db", str(db_file)], clean_env(LANG="C", TERM="xterm"))
    try:
        output = app.wait_for(b"Portfolio")
    finally:
        app.close()
    assert b"\x1b[?1000h" not in output and b"\x1b[?1003h" not in output
    with_mouse = PtyApp(["--db", str(db_file)], clean_env(LANG="C", TERM="xterm"))
    try:
        output = with_mouse.wait_for(b"Portfolio")
    finally:
        with_mouse.close()
    assert b"\x1b[?1000h" in output or b"\x1b[?1003h" in output
