"""The stale-edit check for any versioned row, by table and id (forms that edit plain rows)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from itpm_tui.journal import quote_name
from itpm_tui.services.shared.errors import NotFound, StaleEdit
from itpm_tui.services.shared.records import stale_message


def _row(session: Session, table: str, row_id: int) -> dict[str, Any] | None:
    found = (
        session.connection()
        .exec_driver_sql(f"SELECT * FROM {quote_name(table)} WHERE id = ?", (row_id,))
        .mappings()
        .first()
    )
    return None if found is None else dict(found)


def read_version(session: Session, table: str, row_id: int) -> int | None:
    """The row's version now (None: no such row, or the table has no versions)."""
    row = _row(session, table, row_id)
    return None if row is None else row.get("version")


def ensure_unchanged(
    session: Session, table: str, row_id: int, version: int | None, what: str
) -> None:
    """Refuse a save based on a read older than the row's latest change (any writer's:
    the database gives every change a version never used before)."""
    if version is None:
        return
    row = _row(session, table, row_id)
    if row is None:
        raise NotFound(f"That {what} no longer exists (it may have been deleted elsewhere).")
    if row.get("version") != version:
        raise StaleEdit(stale_message(what), row)
