"""The glyphs itpm draws, in a Unicode set and a printable-ASCII set for jump hosts."""

from __future__ import annotations

from dataclasses import dataclass


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
    ellipsis="...",
    bullet="*",
    separator="|",
    arrow="->",
    check_on="[x]",
    check_off="[ ]",
)


def glyphs_for(ascii_only: bool) -> Glyphs:
    return ASCII if ascii_only else UNICODE


def clip(text: str, width: int, glyphs: Glyphs) -> str:
    """Cut text to `width` characters, marking the cut."""
    if len(text) <= width:
        return text
    keep = max(0, width - len(glyphs.ellipsis))
    return text[:keep] + glyphs.ellipsis
