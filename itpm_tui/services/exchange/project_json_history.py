"""A project document's change history: the journal's actions on the project, out and in.

Out, each change names its row by the row's number in the document and keeps the values
the journal stored, their references renumbered the same way. In, the actions come back
as the oldest of the journal (ids below every other), signed as imported: undo reaches
them only after everything done here, and their rows are the imported ones.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from itpm_tui.services.exchange.json_schema import (
    PERSON,
    PROJECT,
    VERSION,
    DocumentError,
    DocumentSchema,
    Numbering,
    TableSpec,
    project_schema,
)
from itpm_tui.services.shared.text import clean_text

IMPORTED_ORIGIN = "imported"
OPS = ("insert", "update", "delete")
MAX_LABEL_CHARS = 200


def _specs(shape: DocumentSchema) -> dict[str, TableSpec]:
    return {
        PROJECT: shape.project,
        PERSON: shape.person,
        **{spec.name: spec for spec in (*shape.tables, *shape.person_tables)},
    }


def _renumber(
    values: dict[str, Any] | None, spec: TableSpec | None, number: Any
) -> dict[str, Any] | None:
    """A journalled row with its id and references as `number` maps them (None: unknown)."""
    if values is None:
        return None
    result = {k: v for k, v in values.items() if k != VERSION}
    if spec is None:
        return result
    result.pop(spec.project_column or "", None)
    result["id"] = number(spec.name, result.get("id"))
    for column in spec.columns:
        if column.refers_to is not None and result.get(column.name) is not None:
            result[column.name] = number(column.refers_to, result[column.name])
    return result


def write_history(
    session: Session,
    project_id: int,
    shape: DocumentSchema,
    numbers: Numbering,
    people: dict[int, int],
) -> list[dict[str, Any]]:
    """The project's actions (not undone), oldest first, each with its changes."""
    specs = _specs(shape)

    def number(table: str, row_id: Any) -> int | None:
        if not isinstance(row_id, int):
            return None
        if table == PROJECT:
            return 1 if row_id == project_id else None
        if table == PERSON:
            return people.get(row_id)
        return numbers.of(table, row_id)

    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT a.id, a.label, a.created_at, c.table_name, c.row_id, c.op, c.old_values, "
            "c.new_values FROM change_log AS c JOIN action AS a ON a.id = c.action_id "
            "WHERE c.project_id = ? AND a.undone = 0 AND a.recording = 0 ORDER BY a.id, c.id",
            (project_id,),
        )
        .all()
    )
    actions: list[dict[str, Any]] = []
    last = None
    for action_id, label, created_at, table, row_id, op, old, new in rows:
        if action_id != last:
            when = datetime.fromisoformat(str(created_at)).replace(tzinfo=UTC)
            actions.append({"label": label, "at": when.isoformat(), "changes": []})
            last = action_id
        spec = specs.get(table)
        actions[-1]["changes"].append(
            {
                "table": table,
                "row": number(table, row_id),
                "op": op,
                "old": _renumber(json.loads(old) if old else None, spec, number),
                "new": _renumber(json.loads(new) if new else None, spec, number),
            }
        )
    return actions


def _text(raw: Any, path: str, limit: int) -> str:
    if not isinstance(raw, str):
        raise DocumentError(path, "expected text")
    if len(raw) > limit:
        raise DocumentError(path, f"the text is {len(raw):,} characters long: at most {limit:,}")
    return raw


def _dumped(values: dict[str, Any], place: str, side: str) -> str:
    def refuse(_value: Any) -> Any:
        raise DocumentError(f"{place}.{side}", "holds a number too large to keep")

    return json.dumps(values, default=refuse)


def read_history(
    session: Session, raw: Any, ids: dict[str, dict[int, int]], project_id: int
) -> int:
    """Add the document's actions to the journal, below every action there; their count."""
    specs = _specs(project_schema())

    def new_id(table: str, number: Any) -> int | None:
        if not isinstance(number, int) or isinstance(number, bool):
            return None
        if table == PROJECT:
            return project_id if number == 1 else None
        return ids.get(table, {}).get(number)

    if not isinstance(raw, list):
        raise DocumentError("history", "expected a list [ ... ]")
    actions: list[tuple[str, str]] = []
    changes: list[tuple[int, str, int, str, str | None, str | None]] = []
    for index, item in enumerate(raw):
        path = f"history[{index}]"
        if not isinstance(item, dict):
            raise DocumentError(path, "expected an object { ... }")
        label = clean_text(_text(item.get("label"), f"{path}.label", MAX_LABEL_CHARS))
        at = _text(item.get("at"), f"{path}.at", 40)
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            raise DocumentError(f"{path}.at", "not a timestamp (ISO 8601)") from None
        if moment.tzinfo is None:
            raise DocumentError(f"{path}.at", "the timestamp has no time zone")
        stamp = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        actions.append((label, stamp))
        listed = item.get("changes")
        if not isinstance(listed, list):
            raise DocumentError(f"{path}.changes", "expected a list [ ... ]")
        for n, change in enumerate(listed):
            place = f"{path}.changes[{n}]"
            if not isinstance(change, dict):
                raise DocumentError(place, "expected an object { ... }")
            table = _text(change.get("table"), f"{place}.table", 64)
            op = change.get("op")
            if op not in OPS:
                raise DocumentError(f"{place}.op", "expected insert, update or delete")
            spec = specs.get(table)
            values = []
            for side in ("old", "new"):
                given = change.get(side)
                if given is not None and not isinstance(given, dict):
                    raise DocumentError(f"{place}.{side}", "expected an object or null")
                renumbered = _renumber(given, spec, new_id)
                if renumbered is not None and spec is not None and spec.project_column:
                    renumbered[spec.project_column] = project_id
                values.append(None if renumbered is None else _dumped(renumbered, place, side))
            # A row the document does not hold (deleted since) has no id here: 0 is none's.
            row_id = new_id(table, change.get("row")) or 0
            changes.append((index, table, row_id, op, values[0], values[1]))
    if not actions:
        return 0
    conn = session.connection()
    lowest = conn.exec_driver_sql("SELECT min(id) FROM action").scalar()
    first_action = min(int(lowest or 1), 1) - len(actions)
    lowest_change = conn.exec_driver_sql("SELECT min(id) FROM change_log").scalar()
    first_change = min(int(lowest_change or 1), 1) - len(changes)
    conn.exec_driver_sql(
        "INSERT INTO action (id, project_id, label, created_at, undone, recording, origin) "
        "VALUES (?, ?, ?, ?, 0, 0, ?)",
        [
            (first_action + i, project_id, label, stamp, IMPORTED_ORIGIN)
            for i, (label, stamp) in enumerate(actions)
        ],
    )
    conn.exec_driver_sql(
        "INSERT INTO change_log (id, action_id, table_name, row_id, op, project_id, "
        "old_values, new_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (first_change + i, first_action + a, table, row_id, op, project_id, old, new)
            for i, (a, table, row_id, op, old, new) in enumerate(changes)
        ],
    )
    return len(actions)
