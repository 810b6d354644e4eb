"""History: what changed and when, per project or per item, read from the change journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from itpm_tui.journal import decode, row_name

PAGE = 200
# Bookkeeping columns a person does not need to see change.
QUIET_COLUMNS = frozenset({"updated_at", "version"})
VALUE_WIDTH = 24


@dataclass(frozen=True)
class HistoryEntry:
    """One row changed by one action, ready to show."""

    change_id: int
    action_id: int
    when: datetime
    action: str
    undone: bool
    table: str
    row_id: int
    op: str
    item: str
    changes: str


def _short(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."


def describe_change(op: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    """'status: todo -> done, title: A -> B', or what was added or deleted."""
    if op == "insert":
        return "added"
    if op == "delete":
        return "deleted"
    old, new = old or {}, new or {}
    parts = [
        f"{column}: {_short(old.get(column))} -> {_short(new.get(column))}"
        for column in new
        if column not in QUIET_COLUMNS and old.get(column) != new.get(column)
    ]
    return ", ".join(parts) or "touched"


def item_label(table: str, row_id: int, values: dict[str, Any] | None) -> str:
    name = row_name(values)
    kind = table.replace("_", " ")
    return f"{kind} '{name}'" if name else f"{kind} #{row_id}"


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def history_page(
    session: Session,
    project_id: int | None,
    item: tuple[str, int] | None,
    text: str,
    before: int | None,
) -> list[HistoryEntry]:
    """One page of `history` (the history screen's read)."""
    return history(session, project_id=project_id, item=item, text=text, before=before)


def history(
    session: Session,
    *,
    project_id: int | None = None,
    item: tuple[str, int] | None = None,
    text: str = "",
    before: int | None = None,
    limit: int = PAGE,
) -> list[HistoryEntry]:
    """Changes newest first: of one project (None: all), of one item and what hangs on it
    (its rows and rows holding '<table>_id' = it), holding `text`; older than `before`."""
    where = ["a.recording = 0"]
    params: list[Any] = []
    if project_id is not None:
        where.append("c.project_id = ?")
        params.append(project_id)
    if item is not None:
        table, row_id = item
        where.append(
            "((c.table_name = ? AND c.row_id = ?) OR "
            "json_extract(coalesce(c.new_values, c.old_values), ?) = ?)"
        )
        params += [table, row_id, f"$.{table}_id", row_id]
    sql = (
        "SELECT c.id, c.action_id, a.created_at, a.label, a.undone, c.table_name, c.row_id, "
        "c.op, c.old_values, c.new_values FROM change_log AS c JOIN action AS a "
        f"ON a.id = c.action_id WHERE {' AND '.join(where)} AND c.id < ? "
        "ORDER BY c.id DESC LIMIT ?"
    )
    needle = text.lower()
    entries: list[HistoryEntry] = []
    cursor = before if before is not None else 2**62
    conn = session.connection()
    # The text is matched against what is shown, not the stored JSON (whose column
    # names would match everything): read in batches until the page is full.
    while len(entries) < limit:
        batch = limit if not needle else 500
        rows = conn.exec_driver_sql(sql, (*params, cursor, batch)).all()
        for row in rows:
            entry = _entry(row)
            if not needle or needle in _searchable(entry):
                entries.append(entry)
                if len(entries) == limit:
                    break
        if len(rows) < batch:
            break
        cursor = rows[-1][0]
    return entries


def _searchable(entry: HistoryEntry) -> str:
    return f"{entry.action} {entry.item} {entry.changes}".lower()


def _entry(row: Any) -> HistoryEntry:
    change_id, action_id, when, label, undone, table, row_id, op, old, new = row
    old_values, new_values = decode(old), decode(new)
    return HistoryEntry(
        change_id=change_id,
        action_id=action_id,
        when=_when(when),
        action=label,
        undone=bool(undone),
        table=table,
        row_id=row_id,
        op=op,
        item=item_label(table, row_id, new_values or old_values),
        changes=describe_change(op, old_values, new_values),
    )
