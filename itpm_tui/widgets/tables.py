"""Helpers for DataTables whose row keys are record ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def cursor_id(table: DataTable[Any]) -> int | None:
    """The id (row key) of the row under the cursor; None on an empty table."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return int(key) if key is not None else None


def fill_sized(
    table: DataTable[Any], labels: Sequence[str], rows: Sequence[tuple[str, Sequence[Text]]]
) -> None:
    """Replace a table's columns and rows (key, cells), each column as wide as its widest cell.

    Widths given, not measured: DataTable otherwise measures every cell when idle and,
    until then, draws its columns as wide as their headings.
    """
    widths = [
        max([cell_len(label), *(cells[index].cell_len for _, cells in rows)])
        for index, label in enumerate(labels)
    ]
    table.clear(columns=True)
    for label, width in zip(labels, widths, strict=True):
        table.add_column(label, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
