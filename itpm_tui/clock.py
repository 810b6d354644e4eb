"""The day this process works on: today, or the fixed day a test or a demo runs on."""

from __future__ import annotations

from datetime import date

_fixed: date | None = None


def today() -> date:
    """The working day: the fixed one when set, else the machine's date."""
    return _fixed or date.today()


def fix_today(day: date | None) -> None:
    """Work as if it were `day` (None: the machine's date again)."""
    global _fixed
    _fixed = day
