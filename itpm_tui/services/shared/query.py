"""Wide column selects: SQLModel's select() is typed for at most four columns."""

from __future__ import annotations

from typing import Any

from sqlmodel import select


def select_columns(*cols: Any) -> Any:
    """select() of five or more columns; rows come back as named tuples (Any to the checker)."""
    return select(*cols)
