"""The change journal's triggers and its per-transaction action rows (sqlite.org/undoredo),
and the triggers that keep every row's version moving forward and closed projects read-only."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

# Journal rows kept: the oldest actions beyond this are dropped, changes and all.
ACTIONS_KEPT = 1000
TRIGGER_PREFIX = "journal_"
# The version and closed-project triggers: not the journal's, made and dropped with it.
GUARD_PREFIX = "guard_"
# The journal's own tables (and Alembic's) are never journalled, nor is the progress
# history: it is a log of what was recorded when (an undo is recorded as a change of its own).
NOT_JOURNALLED = frozenset({"action", "change_log", "alembic_version", "clock", "progress_record"})
# Numbered by the version clock, never by the code that writes the row.
VERSION_COLUMN = "version"
# Added when a project is closed or reopened: the record of that, not a change to it.
CLOSED_INSERT_EXEMPT = frozenset({"phase_change"})
# What a write to a closed project fails with (the message the trigger raises).
CLOSED_MESSAGE = "itpm: the project is closed and read-only"
# Columns that name a row in the history, first found wins.
NAME_COLUMNS = ("title", "name", "code", "label")
GENERIC_LABEL = "edit"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_journalled: weakref.WeakSet[Engine] = weakref.WeakSet()
# Per engine (one per window): which window made an action.
_origins: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def origin(engine: Engine) -> str:
    """The token this engine's window signs its actions with."""
    return _origins.setdefault(engine, uuid.uuid4().hex[:16])


@dataclass
class TableShape:
    """What the triggers of one table need: its columns, key and links to a project."""

    name: str
    columns: list[str]
    key: list[str]
    # (column, referred table, referred column) for foreign keys to tables that have a
    # project_id (or to project itself): how a row finds its project.
    project_links: list[tuple[str, str, str]] = field(default_factory=list)


def quote_name(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table_shapes(conn: Connection) -> list[TableShape]:
    """Every journalled table of the database, read from the schema itself (two queries)."""
    columns = conn.exec_driver_sql(
        "SELECT m.name, p.name, p.pk FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_%' "
        "ESCAPE '\\' ORDER BY m.name, p.cid"
    ).all()
    shapes: dict[str, TableShape] = {}
    keys: dict[str, list[tuple[int, str]]] = {}
    for table, column, pk in columns:
        if table in NOT_JOURNALLED:
            continue
        shape = shapes.setdefault(table, TableShape(table, [], []))
        shape.columns.append(column)
        if pk:
            keys.setdefault(table, []).append((pk, column))
    for table, shape in shapes.items():
        shape.key = [column for _, column in sorted(keys.get(table, []))] or ["rowid"]
    links = conn.exec_driver_sql(
        'SELECT m.name, f."from", f."table", f."to" FROM sqlite_master AS m, '
        "pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'"
    ).all()
    for table, column, referred, to in links:
        owner = shapes.get(table)
        target = shapes.get(referred)
        if owner is None or target is None or "project_id" in owner.columns:
            continue
        if referred == "project" or "project_id" in target.columns:
            owner.project_links.append((column, referred, to or "id"))
    return list(shapes.values())


def _value(ref: str, column: str) -> str:
    # JSON keeps 15 digits of a REAL and cannot hold a BLOB: both are wrapped, exactly.
    col = f"{ref}.{quote_name(column)}"
    return (
        f"CASE typeof({col}) WHEN 'real' THEN json_object('real', printf('%!.17g', {col})) "
        f"WHEN 'blob' THEN json_object('blob', hex({col})) ELSE {col} END"
    )


def _row_json(shape: TableShape, ref: str) -> str:
    pairs = [f"{_literal(c)}, {_value(ref, c)}" for c in shape.columns]
    if shape.key == ["rowid"]:
        pairs.append(f"'rowid', {ref}.rowid")
    # SQLite caps a function's arguments (127 by default): wide rows are merged in parts.
    parts = ["json_object(" + ", ".join(pairs[i : i + 60]) + ")" for i in range(0, len(pairs), 60)]
    merged = parts[0]
    for part in parts[1:]:
        merged = f"json_patch({merged}, {part})"
    return merged


def _project(shape: TableShape, ref: str) -> str:
    """The project an action's row belongs to, as SQL; else the project of the action."""
    action_project = "(SELECT project_id FROM action ORDER BY id DESC LIMIT 1)"
    if shape.name == "project":
        return f"{ref}.id"
    own = _project_of(shape, ref)
    return f"coalesce({own}, {action_project})" if own else action_project


def trigger_statements(shape: TableShape) -> dict[str, str]:
    """name -> CREATE TRIGGER for the three triggers of a table; the name hashes the body."""
    recording = "(SELECT recording FROM action ORDER BY id DESC LIMIT 1)"
    table = quote_name(shape.name)
    result: dict[str, str] = {}
    for op, ref in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")):
        when = recording
        if op == "update":
            # A no-op update (same values written back) is not a change, nor is the
            # version trigger's renumbering.
            names = [quote_name(c) for c in shape.columns if c != VERSION_COLUMN]
            changed = " OR ".join(f"OLD.{n} IS NOT NEW.{n}" for n in names)
            when = f"{recording} AND ({changed})"
        old = _row_json(shape, "OLD") if op != "insert" else "NULL"
        new = _row_json(shape, "NEW") if op != "delete" else "NULL"
        body = (
            f"AFTER {op.upper()} ON {table} FOR EACH ROW WHEN {when} BEGIN "
            "INSERT INTO change_log (action_id, table_name, row_id, op, project_id, "
            "old_values, new_values) VALUES ((SELECT max(id) FROM action), "
            f"{_literal(shape.name)}, {ref}.rowid, '{op}', {_project(shape, ref)}, {old}, {new}); "
            "END"
        )
        digest = hashlib.sha1(body.encode()).hexdigest()[:10]
        name = f"{TRIGGER_PREFIX}{shape.name}_{op}_{digest}"
        result[name] = f"CREATE TRIGGER IF NOT EXISTS {quote_name(name)} {body}"
    return result


def _project_of(shape: TableShape, ref: str) -> str | None:
    """The project a row belongs to, as SQL (None: the table belongs to no project)."""
    options = []
    if "project_id" in shape.columns:
        options.append(f"{ref}.project_id")
    for column, referred, to in shape.project_links:
        if referred == "project" and to == "id":
            options.append(f"{ref}.{quote_name(column)}")
        else:
            found = "id" if referred == "project" else "project_id"
            options.append(
                f"(SELECT {found} FROM {quote_name(referred)} "
                f"WHERE {quote_name(to)} = {ref}.{quote_name(column)})"
            )
    if not options:
        return None
    return "coalesce(" + ", ".join(options) + ")" if len(options) > 1 else options[0]


def _changed(shape: TableShape) -> str:
    """SQL: the update changed something other than the version, or wrote a version of its
    own (anything but the number the version trigger just drew from the clock)."""
    names = [quote_name(c) for c in shape.columns if c != VERSION_COLUMN]
    content = " OR ".join(f"OLD.{n} IS NOT NEW.{n}" for n in names) or "0"
    if VERSION_COLUMN not in shape.columns:
        return content
    drawn = "(SELECT value FROM clock WHERE name = 'version')"
    return f"{content} OR (NEW.version IS NOT OLD.version AND NEW.version IS NOT {drawn})"


def _named(kind: str, shape: TableShape, op: str, body: str) -> tuple[str, str]:
    digest = hashlib.sha1(body.encode()).hexdigest()[:10]
    name = f"{GUARD_PREFIX}{kind}_{shape.name}_{op}_{digest}"
    return name, f"CREATE TRIGGER IF NOT EXISTS {quote_name(name)} {body}"


def version_statements(shape: TableShape) -> dict[str, str]:
    """Triggers that give a row a number from the version clock whenever it is written.

    Whatever wrote it (a form, the board, undo, another process, a plain SQL tool), the
    number is one never used before, so an editor holding an older one is always told.
    """
    if VERSION_COLUMN not in shape.columns:
        return {}
    table = quote_name(shape.name)
    renumber = (
        "UPDATE clock SET value = value + 1 WHERE name = 'version'; "
        f"UPDATE {table} SET {VERSION_COLUMN} = (SELECT value FROM clock WHERE name = 'version')"
        " WHERE rowid = NEW.rowid; END"
    )
    result = {}
    for op, when in (("insert", "1"), ("update", _changed(shape))):
        body = f"AFTER {op.upper()} ON {table} FOR EACH ROW WHEN {when} BEGIN {renumber}"
        name, statement = _named("version", shape, op, body)
        result[name] = statement
    return result


def closed_statements(shape: TableShape) -> dict[str, str]:
    """Triggers that refuse any write to a closed project's rows (reopening stays possible)."""
    table = quote_name(shape.name)
    refuse = f"BEGIN SELECT RAISE(ABORT, {_literal(CLOSED_MESSAGE)}); END"
    if shape.name == "project":
        whens = {
            # Reopening (closed_on back to NULL) is the one change a closed project takes.
            "update": "OLD.closed_on IS NOT NULL AND NEW.closed_on IS NOT NULL "
            f"AND ({_changed(shape)})",
            "delete": "OLD.closed_on IS NOT NULL",
        }
    else:
        new, old = _project_of(shape, "NEW"), _project_of(shape, "OLD")
        if new is None or old is None:
            return {}

        def closed(project: str) -> str:
            return f"(SELECT closed_on FROM project WHERE id = {project}) IS NOT NULL"

        whens = {
            "insert": closed(new),
            "update": f"({closed(old)} OR {closed(new)}) AND ({_changed(shape)})",
            "delete": closed(old),
        }
        if shape.name in CLOSED_INSERT_EXEMPT:
            del whens["insert"]
    result = {}
    for op, when in whens.items():
        body = f"BEFORE {op.upper()} ON {table} FOR EACH ROW WHEN {when} {refuse}"
        name, statement = _named("closed", shape, op, body)
        result[name] = statement
    return result


def existing_triggers(conn: Connection, prefix: str = TRIGGER_PREFIX) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
        (len(prefix), prefix),
    ).scalars()
    return set(rows)


def all_triggers(conn: Connection) -> set[str]:
    """The journal's triggers and the guards'."""
    return existing_triggers(conn) | existing_triggers(conn, GUARD_PREFIX)


def ensure_triggers(engine: Engine) -> None:
    """(Re)create the journal triggers of every table; nothing is written when all are there.

    Tables added by later revisions get theirs the first time the database opens after
    the migration; a table whose columns changed gets new ones (the name hashes the body).
    """
    with engine.connect() as conn:
        tables = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
        )
        if "change_log" not in tables or "action" not in tables:
            conn.rollback()
            return
        wanted: dict[str, str] = {}
        with_clock = "clock" in tables
        for shape in table_shapes(conn):
            wanted.update(trigger_statements(shape))
            if with_clock:
                wanted.update(version_statements(shape))
                wanted.update(closed_statements(shape))
        have = all_triggers(conn)
        conn.rollback()
    if have != set(wanted):
        with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
            for name in all_triggers(conn) - set(wanted):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {quote_name(name)}")
            for statement in wanted.values():
                conn.exec_driver_sql(statement)
            conn.commit()
    _journalled.add(engine)


def drop_triggers(conn: Connection) -> None:
    """Remove the journal triggers: migrations rebuild tables and must not be journalled."""
    for name in all_triggers(conn):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {quote_name(name)}")


def is_journalled(engine: Engine) -> bool:
    return engine in _journalled


# --- one action per write transaction ----------------------------------------------------


def _stamp(moment: datetime) -> str:
    # The text SQLAlchemy's SQLite DateTime writes, so UTCDateTime reads it back.
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def begin_action(conn: Connection, project_id: int | None, origin: str = "") -> int:
    """Open an action: from now until end_action, the triggers journal into it."""
    # An action left recording by a write without one (should there be) stops now.
    conn.exec_driver_sql("UPDATE action SET recording = 0 WHERE recording = 1")
    result = conn.exec_driver_sql(
        "INSERT INTO action (project_id, label, created_at, undone, recording, origin) "
        "VALUES (?, ?, ?, 0, 1, ?)",
        (project_id, GENERIC_LABEL, _stamp(datetime.now(UTC)), origin),
    )
    return int(result.lastrowid)


def end_action(conn: Connection, action_id: int, label: str | None, project_id: int | None) -> None:
    """Close the action: named, kept when it changed something, the redo stack dropped."""
    rows = conn.exec_driver_sql(
        "SELECT op, table_name, old_values, new_values FROM change_log WHERE action_id = ? "
        "ORDER BY id LIMIT 1",
        (action_id,),
    ).all()
    if not rows:
        conn.exec_driver_sql("DELETE FROM action WHERE id = ?", (action_id,))
        return
    if project_id is None:
        projects = conn.exec_driver_sql(
            "SELECT DISTINCT project_id FROM change_log WHERE action_id = ? LIMIT 2",
            (action_id,),
        ).scalars()
        found = list(projects)
        project_id = found[0] if len(found) == 1 else None
    # Labels hold user text (titles): no control characters, one line, bounded.
    label = _CONTROL.sub("", " ".join((label or "").split()))[:200]
    if not label:
        label = generic_label(conn, action_id, rows[0])
    conn.exec_driver_sql(
        "UPDATE action SET recording = 0, label = ?, project_id = ? WHERE id = ?",
        (label, project_id, action_id),
    )
    # A new action after an undo: what this window undid can no longer be redone (another
    # window's redo stack is its own).
    conn.exec_driver_sql(
        "DELETE FROM action WHERE undone = 1 AND id < ? "
        "AND origin = (SELECT origin FROM action WHERE id = ?)",
        (action_id, action_id),
    )
    conn.exec_driver_sql(
        "DELETE FROM action WHERE id < (SELECT id FROM action ORDER BY id DESC "
        f"LIMIT 1 OFFSET {ACTIONS_KEPT - 1})"
    )


def row_name(values: dict[str, Any] | None) -> str | None:
    """The name a person knows a row by (its title, name or code), when it has one."""
    if not values:
        return None
    for column in NAME_COLUMNS:
        value = values.get(column)
        if isinstance(value, str) and value:
            return value
    return None


def decode(text: str | None) -> dict[str, Any] | None:
    """A journal row's JSON back to the exact values SQLite held."""
    if text is None:
        return None
    raw = json.loads(text)
    return {column: _decode_value(value) for column, value in raw.items()}


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "real" in value:
            return float(value["real"])
        if "blob" in value:
            return bytes.fromhex(value["blob"])
    return value


def generic_label(conn: Connection, action_id: int, first: Iterable[Any]) -> str:
    """'edit task 'X'' from the first change, '(+N more)' for the rest."""
    op, table, old, new = first
    count = conn.exec_driver_sql(
        "SELECT count(*) FROM change_log WHERE action_id = ?", (action_id,)
    ).scalar_one()
    verb = {"insert": "add", "update": "edit", "delete": "delete"}[op]
    name = row_name(decode(new) or decode(old))
    label = f"{verb} {table.replace('_', ' ')}"
    if name:
        label += f" '{name}'"
    if count > 1:
        label += f" (+{count - 1} more)"
    return label
