"""One way to cut text to cells: wide characters count two, the cut is marked the set's way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.glyphs import (
    ASCII,
    GANTT_ASCII,
    KANBAN_ASCII,
    UNICODE,
    cell_width,
    clip,
    display_text,
)


def test_wide_characters_are_cut_by_the_cells_they_take() -> None:
    # Six CJK characters take twelve cells: cut to eight, five cells of text fit before '…'.
    assert clip("移行計画書類", 8, UNICODE) == "移行計…"
    assert cell_width(clip("移行計画書類", 8, UNICODE)) == 7
    assert clip("Short", 8, UNICODE) == "Short"


def test_every_ascii_set_marks_a_cut_the_same_way() -> None:
    assert ASCII.ellipsis == GANTT_ASCII.ellipsis == KANBAN_ASCII.ellipsis == "~"
    assert clip("Migrate the mail relay", 10, ASCII) == "Migrate t~"


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
def test_a_clipped_text_never_takes_more_cells_than_its_width(raw: str, width: int) -> None:
    text = display_text(raw)
    for glyphs in (UNICODE, ASCII):
        cut = clip(text, width, glyphs)
        assert cell_width(cut) <= width
        assert cut == text or cut.endswith(glyphs.ellipsis)
