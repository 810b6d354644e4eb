"""Export a register's current view: CSV and Markdown text, written to a private file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.files import write_private
from itpm_tui.services.shared.text import terminal_safe

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


def export_view(
    path: Path, fmt: str, headers: Sequence[str], rows: Sequence[Sequence[str]], title: str
) -> Path:
    return write_private(path, render(fmt, headers, rows, title))
