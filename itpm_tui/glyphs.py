"""What itpm draws that is not user text, and how text is measured and cut to cells.

One module for every view: the common glyphs (tables, forms, dashboards), the Gantt
chart's and the board's, each in a Unicode set and a printable-ASCII set for jump hosts;
and the one way to measure text in terminal cells and cut it to a width (wide characters
take two cells; a cut is marked with the set's ellipsis: '…' or '~').

Nothing here imports Textual or Rich: the plain-text Gantt renderer uses it too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from itpm_tui.services.shared.text import clean_text

# --- text width -----------------------------------------------------------------------

# Marks, format characters, separators and unassigned points: terminals disagree on their
# width, so they are left out of what we draw.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me", "Zl", "Zp", "Cs", "Co", "Cn"})


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells taken by text that went through `display_text`."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _ascii_char(char: str) -> str:
    base = "".join(
        c for c in unicodedata.normalize("NFKD", char) if c.isascii() and c.isprintable()
    )
    return base[:1] or "?" * _char_width(char)


@lru_cache(maxsize=8192)
def display_text(value: str, ascii_only: bool = False) -> str:
    """User text made safe and measurable: no controls or zero-width characters, plain spaces.

    Brackets and other markup-like text stay literal: nothing here is ever parsed.
    """
    # Long names are cut before cleaning: a table cell never shows more than this.
    text = clean_text(value[:512].replace("\t", " "))
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if category == "Zs" else c
        for c in text
        if (category := unicodedata.category(c)) not in _DROPPED_CATEGORIES
    )
    if ascii_only:
        return "".join(c if c.isascii() else _ascii_char(c) for c in kept)
    return kept


def fit(text: str, width: int, ellipsis: str = "…", *, right: bool = False) -> str:
    """`text` cut (marked by `ellipsis`) or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    used = cell_width(text)
    if used > width:
        room = width - cell_width(ellipsis)
        if room < 0:
            return _take(text, width).ljust(width)
        kept = _take(text, room)
        # Measured in parts: a kept ASCII head is counted by len(), not char by char.
        used = cell_width(kept) + cell_width(ellipsis)
        text = kept + ellipsis
    padding = " " * (width - used)
    return padding + text if right else text + padding


def _take(text: str, width: int) -> str:
    if text.isascii():
        return text[:width]
    kept: list[str] = []
    used = 0
    for char in text:
        size = _char_width(char)
        if used + size > width:
            break
        kept.append(char)
        used += size
    return "".join(kept)


# --- the common glyphs ----------------------------------------------------------------


@dataclass(frozen=True)
class Glyphs:
    milestone: str
    done: str
    overdue: str
    summary_open: str
    summary_close: str
    ellipsis: str
    bullet: str
    separator: str
    arrow: str
    # A checkbox's two states; empty: Textual's own drawing.
    check_on: str = ""
    check_off: str = ""


UNICODE = Glyphs(
    milestone="◆",
    done="✓",
    overdue="!",
    summary_open="▼",
    summary_close="▶",
    ellipsis="…",
    bullet="•",
    separator="·",
    arrow="→",
)

ASCII = Glyphs(
    milestone="<>",
    done="x",
    overdue="!",
    summary_open="-",
    summary_close="+",
    ellipsis="~",
    bullet="*",
    separator="|",
    arrow="->",
    check_on="[x]",
    check_off="[ ]",
)


def glyphs_for(ascii_only: bool) -> Glyphs:
    return ASCII if ascii_only else UNICODE


def clip(text: str, width: int, glyphs: Glyphs) -> str:
    """Cut text to `width` terminal cells, marking the cut; shorter text is left as it is."""
    if cell_width(text) <= width:
        return text
    return fit(text, width, glyphs.ellipsis).rstrip()


# --- the Gantt chart's glyphs ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GanttGlyphs:
    """The characters of a chart, each one cell wide; meaning never rests on colour.

    ===================  =======  =====  =========================================
    meaning              Unicode  ASCII  where
    ===================  =======  =====  =========================================
    work done            █        #      the first `percent` of the bar's cells
    work remaining       ░        =      the rest of the bar
    critical remaining   ▓        !      the rest of the bar of a critical task
    milestone            ◆        *      one cell at the milestone's date
    summary              ┏━━┓     [--]   brackets spanning the children
    baseline             ─        -      on a second line under the row
    today                │        |      today's column, where nothing else is
    non-working day      ·        .      empty cells, at DAY zoom only
    has predecessors     ►        >      the cell just before the bar
    critical (table)     !        !      after the float in the WBS table
    ===================  =======  =====  =========================================
    """

    UNICODE: ClassVar[GanttGlyphs]
    ASCII: ClassVar[GanttGlyphs]

    done: str
    remaining: str
    critical: str
    milestone: str
    summary_left: str
    summary_fill: str
    summary_right: str
    baseline: str
    today: str
    weekend: str
    link: str
    separator: str
    ellipsis: str
    critical_mark: str = "!"
    empty: str = " "


GANTT_UNICODE = GanttGlyphs(
    done="█",
    remaining="░",
    critical="▓",
    milestone="◆",
    summary_left="┏",
    summary_fill="━",
    summary_right="┓",
    baseline="─",
    today="│",
    weekend="·",
    link="►",
    separator="│",
    ellipsis="…",
)

GANTT_ASCII = GanttGlyphs(
    done="#",
    remaining="=",
    critical="!",
    milestone="*",
    summary_left="[",
    summary_fill="-",
    summary_right="]",
    baseline="-",
    today="|",
    weekend=".",
    link=">",
    separator="|",
    ellipsis="~",
)


GanttGlyphs.UNICODE = GANTT_UNICODE
GanttGlyphs.ASCII = GANTT_ASCII


def gantt_glyphs_for(ascii_only: bool) -> GanttGlyphs:
    return GANTT_ASCII if ascii_only else GANTT_UNICODE


# --- the board's glyphs ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KanbanGlyphs:
    """Everything the board draws that is not user text, in one character set."""

    rule: str
    lane: str
    ellipsis: str
    more_left: str
    more_right: str
    over_limit: str
    over_limit_short: str
    done: str
    blocked: str
    blocked_short: str
    waiting: str
    waiting_short: str
    overdue: str
    critical: str
    high: str
    low: str
    empty: str


KANBAN_UNICODE = KanbanGlyphs(
    rule="│",
    lane="─",
    ellipsis="…",
    more_left="<",
    more_right=">",
    over_limit="!OVER",
    over_limit_short="!",
    done="✓",
    blocked="⊘ BLOCKED",
    blocked_short="⊘",
    waiting="⧗ waiting",
    waiting_short="⧗",
    overdue="!",
    critical="‼crit",
    high="!high",
    low="↓low",
    empty="(empty)",
)

KANBAN_ASCII = KanbanGlyphs(
    rule="|",
    lane="-",
    ellipsis="~",
    more_left="<",
    more_right=">",
    over_limit="!OVER",
    over_limit_short="!",
    done="x",
    blocked="[X] BLOCKED",
    blocked_short="[X]",
    waiting="(wait)",
    waiting_short="(w)",
    overdue="!",
    critical="!!crit",
    high="!high",
    low="-low",
    empty="(empty)",
)


def kanban_glyphs_for(ascii_only: bool) -> KanbanGlyphs:
    return KANBAN_ASCII if ascii_only else KANBAN_UNICODE
