"""Rows printed as an aligned text table, CSV or JSON values, user text cleaned of controls."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date


def _cell(value: object) -> str:
    from itpm_tui.services.shared.text import clean_text

    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def format_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue().rstrip("\n")


def json_value(value: object) -> object:
    from itpm_tui.services.shared.text import clean_text

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_text(value)
    return value
