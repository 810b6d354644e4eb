"""Helpers for DataTables whose row keys are record ids."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def cursor_id(table: DataTable[Any]) -> int | None:
    """The id (row key) of the row under the cursor; None on an empty table."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return int(key) if key is not None else None
