"""ASCII mode: every screen of the demo draws our text and glyphs in printable ASCII, at 80x24.

What Textual's own widgets draw (scrollbar eighths, the tall borders of inputs, the
select arrow, the palette's magnifier) is not ours to choose: the ASCII driver turns
those into ASCII on the way out (tests/tui/test_terminal_pty.py checks the bytes). They
are listed here, each with the shape it becomes, so that a glyph of our own that has no
ASCII form is caught.
"""

from __future__ import annotations

from itpm_tui.terminal import to_ascii

from .helpers import screen_text
from .walk import walk

TEXTUAL_GLYPHS = {
    **dict.fromkeys("▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▔▐", "#-|"),  # scrollbars, tall borders, checkbox
    "▼": "v",  # Select
    "⏎": "<",  # the footer's "enter"
    "…": ".",  # the palette's prompt
    "🔎": ">",  # the palette's prompt
}


def _offenders(text: str) -> set[str]:
    return {c for c in text if not (c.isascii() and c.isprintable()) and c != "\n"}


def test_textual_glyphs_become_ascii_of_their_own_width() -> None:
    for glyph, shapes in TEXTUAL_GLYPHS.items():
        out = to_ascii(glyph)
        assert out.isascii() and out.isprintable(), glyph
        assert set(out) <= set(shapes), (glyph, out)


async def test_every_screen_in_ascii_mode_draws_printable_ascii_only(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    problems: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:

        async def visit(name: str) -> None:
            text = screen_text(pilot)
            bad = _offenders(text) - set(TEXTUAL_GLYPHS)
            if bad:
                lines = [line for line in text.splitlines() if set(line) & bad]
                problems[name] = f"{sorted(bad)}: {lines[:3]}"
            assert all(len(line) <= 80 for line in to_ascii(text).splitlines()), name

        visited = await walk(pilot, "ERP-S4", visit)
    assert len(visited) >= 18
    assert problems == {}
