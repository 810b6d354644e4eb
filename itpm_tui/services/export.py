"""Export a register's current view: CSV and Markdown text, written to a private file."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

from itpm_tui.services.errors import ItpmError
from itpm_tui.services.text import terminal_safe

FORMATS = {"csv": ".csv", "markdown": ".md"}


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in row])
    return buffer.getvalue()


def _md_cell(value: str) -> str:
    return terminal_safe(value).replace("\n", " ").replace("|", "\\|")


def to_markdown(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str:
    lines = [f"# {_md_cell(title)}", ""] if title else []
    lines.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def render(fmt: str, headers: Sequence[str], rows: Sequence[Sequence[str]], title: str) -> str:
    if fmt == "csv":
        return to_csv(headers, rows)
    if fmt == "markdown":
        return to_markdown(headers, rows, title)
    raise ItpmError(f"Unknown export format '{fmt}': use csv or markdown.")


def write_private(path: Path, text: str) -> Path:
    """Write `text` to a file only its owner can read (0600), replacing what was there."""
    path = path.expanduser()
    if path.is_dir():
        raise ItpmError(f"{path} is a folder: give a file name.")
    if not path.parent.exists():
        raise ItpmError(f"The folder {path.parent} does not exist.")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # An existing file keeps its mode through O_CREAT: make it private too.
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def export_view(
    path: Path, fmt: str, headers: Sequence[str], rows: Sequence[Sequence[str]], title: str
) -> Path:
    return write_private(path, render(fmt, headers, rows, title))
