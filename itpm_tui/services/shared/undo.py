"""Undo and redo of whole user actions, replayed from the change journal as plain SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from itpm_tui.db import write_session
from itpm_tui.journal import VERSION_COLUMN, decode, quote_name, row_name, table_shapes
from itpm_tui.services.shared.errors import ItpmError


class NothingToUndo(ItpmError):
    """The journal has no action to undo (or redo)."""


@dataclass(frozen=True)
class ActionRef:
    """An action of the journal: its id and label."""

    id: int
    label: str


class AnotherWindows(ItpmError):
    """This window has nothing to undo (or redo); another window's latest action is `action`."""

    def __init__(self, verb: str, action: ActionRef) -> None:
        self.verb = verb
        self.action = action
        super().__init__(
            f"Nothing of this window's to {verb}; the latest action is another window's: "
            f"'{action.label}'."
        )


@dataclass(frozen=True)
class Change:
    """One journalled row change, its values decoded exactly."""

    table: str
    row_id: int
    op: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class UndoResult:
    """What undo or redo did: the action's label and its project (None: several, or none)."""

    label: str
    project_id: int | None


def _changes(conn: Connection, action_id: int) -> list[Change]:
    rows = conn.exec_driver_sql(
        "SELECT table_name, row_id, op, old_values, new_values FROM change_log "
        "WHERE action_id = ? ORDER BY id",
        (action_id,),
    ).all()
    return [Change(t, r, op, decode(old), decode(new)) for t, r, op, old, new in rows]


def _keys(conn: Connection) -> dict[str, tuple[list[str], list[str]]]:
    """table -> (key columns, columns) as the database has them now."""
    return {shape.name: (shape.key, shape.columns) for shape in table_shapes(conn)}


def _where(key: list[str], values: dict[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"{quote_name(c)} IS ?" for c in key), [values.get(c) for c in key]


def _current(
    conn: Connection, table: str, key: list[str], expected: dict[str, Any], columns: list[str]
) -> dict[str, Any] | None:
    wanted = [c for c in expected if c in columns or c == "rowid"]
    where, params = _where(key, expected)
    select = ", ".join(quote_name(c) if c != "rowid" else "rowid" for c in wanted)
    row = conn.exec_driver_sql(
        f"SELECT {select} FROM {quote_name(table)} WHERE {where}", tuple(params)
    ).first()
    return None if row is None else dict(zip(wanted, row, strict=True))


def _check(
    conn: Connection, changes: list[Change], shapes: dict[str, Any], label: str, verb: str
) -> None:
    """Every row must be as the action left it (undo) or found it (redo): nothing overwritten."""
    states: dict[tuple[str, int], tuple[dict[str, Any] | None, dict[str, Any]]] = {}
    ordered = changes if verb == "undo" else list(reversed(changes))
    for change in ordered:
        # Undo: the state after the row's last change; redo: before its first.
        state = change.new if verb == "undo" else change.old
        states[(change.table, change.row_id)] = (state, state or change.new or change.old or {})
    for (table, _), (state, identity) in states.items():
        if table not in shapes:
            raise ItpmError(f"Cannot {verb} '{label}': the table {table} no longer exists.")
        key, columns = shapes[table]
        found = _current(conn, table, key, identity, columns)
        if state is None and found is None:
            continue
        # The version is the database's numbering, never what the action wrote.
        if state is not None and found is not None:
            found.pop(VERSION_COLUMN, None)
            if found == {c: state[c] for c in found}:
                continue
        name = row_name(identity) or f"#{identity.get(key[0])}"
        raise ItpmError(
            f"Cannot {verb} '{label}': {table.replace('_', ' ')} '{name}' was changed since "
            "by a later edit (undo that first) or one that is not in the undo history. "
            "Nothing was changed."
        )


def _insert(conn: Connection, table: str, values: dict[str, Any], columns: list[str]) -> None:
    names = [c for c in values if c in columns or c == "rowid"]
    conn.exec_driver_sql(
        f"INSERT INTO {quote_name(table)} ({', '.join(quote_name(c) for c in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})",
        tuple(values[c] for c in names),
    )


def _delete(conn: Connection, table: str, key: list[str], values: dict[str, Any]) -> None:
    where, params = _where(key, values)
    conn.exec_driver_sql(f"DELETE FROM {quote_name(table)} WHERE {where}", tuple(params))


def _update(
    conn: Connection,
    table: str,
    key: list[str],
    located: dict[str, Any],
    values: dict[str, Any],
    before: dict[str, Any],
    columns: list[str],
) -> None:
    # Never the version: the triggers give the row a new one (undo is a new change, not a
    # return to an old number a stale editor could still hold).
    changed = [
        c for c in values if c in columns and c != VERSION_COLUMN and values[c] != before.get(c)
    ]
    if not changed:
        return
    where, params = _where(key, located)
    sets = ", ".join(f"{quote_name(c)} = ?" for c in changed)
    conn.exec_driver_sql(
        f"UPDATE {quote_name(table)} SET {sets} WHERE {where}",
        (*[values[c] for c in changed], *params),
    )


def _apply(conn: Connection, change: Change, shapes: dict[str, Any], backwards: bool) -> None:
    key, columns = shapes[change.table]
    old, new = change.old or {}, change.new or {}
    op = change.op
    if backwards:
        if op == "insert":
            _delete(conn, change.table, key, new)
        elif op == "delete":
            _insert(conn, change.table, old, columns)
        else:
            _update(conn, change.table, key, new, old, new, columns)
    elif op == "insert":
        _insert(conn, change.table, new, columns)
    elif op == "delete":
        _delete(conn, change.table, key, old)
    else:
        _update(conn, change.table, key, old, new, old, columns)


def _next(conn: Connection, verb: str, origin: str | None) -> Any:
    """The action undo (or redo) would take next: of `origin` only, or of anyone (None)."""
    if verb == "undo":
        sql = "SELECT id, label, project_id FROM action WHERE undone = 0 AND recording = 0 "
        order = "ORDER BY id DESC LIMIT 1"
    else:
        sql = "SELECT id, label, project_id FROM action WHERE undone = 1 "
        order = "ORDER BY id LIMIT 1"
    if origin is None:
        return conn.exec_driver_sql(sql + order).first()
    return conn.exec_driver_sql(sql + "AND origin = ? " + order, (origin,)).first()


def _replay(
    session: Session, verb: str, origin: str | None = None, action_id: int | None = None
) -> UndoResult:
    conn = session.connection()
    if action_id is not None:
        # Asked for by name (another window's): only while it is still the one up next.
        row = _next(conn, verb, None)
        if row is None or row[0] != action_id:
            raise ItpmError(f"Cannot {verb} that action: something else happened since.")
    else:
        row = _next(conn, verb, origin)
    if row is None and origin is not None:
        other = _next(conn, verb, None)
        if other is not None:
            raise AnotherWindows(verb, ActionRef(other[0], other[1]))
    if row is None:
        raise NothingToUndo(f"Nothing to {verb}.")
    action_id, label, project_id = row
    changes = _changes(conn, action_id)
    shapes = _keys(conn)
    _check(conn, changes, shapes, label, verb)
    # Checked at COMMIT instead of per statement: rows come back in any order, whole.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for change in reversed(changes) if verb == "undo" else changes:
        _apply(conn, change, shapes, backwards=verb == "undo")
    conn.exec_driver_sql(
        "UPDATE action SET undone = ? WHERE id = ?", (1 if verb == "undo" else 0, action_id)
    )
    return UndoResult(label, project_id)


def undo(session: Session, origin: str | None = None, action_id: int | None = None) -> UndoResult:
    """Undo the latest action not undone yet, in the caller's transaction (journal off).

    With `origin`, the latest of that window's actions; when it has none, AnotherWindows
    names the latest of anyone's, which `action_id` then undoes once the person agreed.
    """
    return _replay(session, "undo", origin, action_id)


def redo(session: Session, origin: str | None = None, action_id: int | None = None) -> UndoResult:
    """Re-apply the action undone last (of `origin`, when given)."""
    return _replay(session, "redo", origin, action_id)


def run(
    engine: Engine, verb: str, *, origin: str | None = None, action_id: int | None = None
) -> UndoResult:
    """Undo or redo in a transaction of its own; a broken reference becomes a clear message."""
    try:
        with write_session(engine, journal=False) as session:
            replay = undo if verb == "undo" else redo
            return replay(session, origin, action_id)
    except IntegrityError as exc:
        raise ItpmError(
            f"Cannot {verb}: rows it needs were changed outside the undo history "
            f"({str(exc.orig).splitlines()[0]}). Nothing was changed."
        ) from None
