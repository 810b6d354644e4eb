"""Small text charts: a progress bar in Unicode blocks or ASCII."""

from __future__ import annotations

from rich.text import Text


def progress_bar(percent: int, width: int, ascii_only: bool) -> Text:
    """[#####-----] in ASCII, solid and light blocks otherwise; the number is shown beside it."""
    percent = max(0, min(100, percent))
    filled = round(width * percent / 100)
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    bar = Text("[" if ascii_only else "")
    bar.append(full * filled, style="green")
    bar.append(empty * (width - filled), style="dim")
    if ascii_only:
        bar.append("]")
    return bar
