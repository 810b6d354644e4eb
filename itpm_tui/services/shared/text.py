"""Cleaning user text: control characters out on the way in and before any terminal output."""

from __future__ import annotations

import re

# C0 controls but tab/newline, DEL, and C1 controls: ESC sequences start with these.
_CONTROL_KEEP_NEWLINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A pasted tab or line end in a one-line field separates words: it becomes a space.
_SPACING = re.compile(r"[\t\n]")
# Bidirectional embeddings, overrides and isolates: in a terminal that does bidi they
# reorder what follows them, so text can read differently from what is stored
# ("Trojan Source"). Right-to-left letters themselves are kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Strip control characters and outer blanks; only multi-line text keeps tab and newline.

    In one-line text (titles, names) a tab or a line end becomes a space.
    """
    value = _BIDI_CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if multiline:
        return _CONTROL_KEEP_NEWLINES.sub("", value).strip()
    return _CONTROL_ALL.sub("", _SPACING.sub(" ", value)).strip()


def terminal_safe(value: str) -> str:
    """Text safe to print raw: no control characters but tab and newline."""
    return _BIDI_CONTROLS.sub("", _CONTROL_KEEP_NEWLINES.sub("", value))


def normalise_tags(value: str) -> str:
    """'a, b,,a ' -> 'a,b': lower-case, trimmed, de-duplicated, order kept."""
    seen: dict[str, None] = {}
    for part in clean_text(value).split(","):
        tag = part.strip().lower()
        if tag:
            seen.setdefault(tag, None)
    return ",".join(seen)
