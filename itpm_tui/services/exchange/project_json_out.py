"""Writing a project document: the project row, every row that belongs to it, numbered
per table, and the people it refers to (json_schema says which tables and how)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from itpm_tui.journal import quote_name
from itpm_tui.services.exchange.formats import ExportOptions
from itpm_tui.services.exchange.json_schema import (
    FORMAT,
    FORMAT_VERSION,
    PERSON,
    DocumentSchema,
    Kind,
    Numbering,
    TableSpec,
    encode,
    model_table,
    project_schema,
)
from itpm_tui.services.exchange.project_json_history import write_history
from itpm_tui.services.shared.errors import ItpmError


class _Reader:
    """Reads one table's rows raw, through SQLAlchemy's own value converters (fast)."""

    def __init__(self, session: Session, spec: TableSpec) -> None:
        conn = session.connection()
        table = model_table(spec.name)
        self.conn = conn
        self.spec = spec
        names = ", ".join(quote_name(c.name) for c in spec.columns)
        self.select = f"SELECT id, {names} FROM {quote_name(spec.name)}"
        self.convert: list[Callable[[Any], Any] | None] = []
        for column in spec.columns:
            processor = (
                table.c[column.name]
                .type.dialect_impl(conn.dialect)
                .result_processor(conn.dialect, None)
            )
            self.convert.append(_then_encode(processor, column.kind))

    def rows(self, where: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        sql = f"{self.select} WHERE {where} ORDER BY id"
        return [tuple(row) for row in self.conn.exec_driver_sql(sql, params)]

    def encode(
        self, row: tuple[Any, ...], numbers: Numbering, people: dict[int, int]
    ) -> dict[str, Any] | None:
        """The row as the document holds it; None when it needs a row that is not carried."""
        values: dict[str, Any] = {}
        for column, convert, value in zip(self.spec.columns, self.convert, row[1:], strict=True):
            if value is not None:
                if column.refers_to == PERSON:
                    value = people.setdefault(value, len(people) + 1)
                elif column.refers_to is not None:
                    value = numbers.of(column.refers_to, value)
                    if value is None and not column.nullable:
                        return None
                elif convert is not None:
                    value = convert(value)
            values[column.name] = value
        return values


def _then_encode(processor: Callable[[Any], Any] | None, kind: Kind) -> Callable[[Any], Any] | None:
    if kind not in (Kind.DATE, Kind.TIMESTAMP, Kind.BOOL):
        return processor

    def convert(value: Any) -> Any:
        if kind is Kind.DATE and type(value) is str and len(value) == 10:
            return value  # SQLite holds a date as its ISO text: what the document says
        return encode(kind, processor(value) if processor is not None else value)

    return convert


def _owned_where(
    spec: TableSpec, wheres: dict[str, tuple[str, tuple[Any, ...]]], project_id: int
) -> tuple[str, tuple[Any, ...]]:
    """SQL that picks a table's rows of the project: directly, or through its parent rows."""
    if spec.project_column:
        return f"{quote_name(spec.project_column)} = ?", (project_id,)
    parent_where, params = wheres[spec.owner_table]
    owners = f"SELECT id FROM {quote_name(spec.owner_table)} WHERE {parent_where}"
    return f"{quote_name(spec.owner_column)} IN ({owners})", params


def _numbered(
    reader: _Reader,
    rows: list[tuple[Any, ...]],
    numbers: Numbering,
    people: dict[int, int],
) -> list[dict[str, Any]]:
    while True:
        numbers.number(reader.spec.name, [row[0] for row in rows])
        encoded = [reader.encode(row, numbers, people) for row in rows]
        kept = [values for values in encoded if values is not None]
        if len(kept) == len(rows):
            return [{"id": n, **values} for n, values in enumerate(kept, start=1)]
        # A row tied to one outside the project (none should be): left out, renumbered.
        rows = [row for row, values in zip(rows, encoded, strict=True) if values is not None]


def write(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """The project as a document: its row, every row that belongs to it, the people."""
    shape = project_schema()
    numbers = Numbering()
    people: dict[int, int] = {}  # person id -> number, in the order they are met
    project_reader = _Reader(session, shape.project)
    found = project_reader.rows("id = ?", (project_id,))
    if not found:
        raise ItpmError(f"There is no project number {project_id}.")
    project_values = project_reader.encode(found[0], numbers, people) or {}
    wheres: dict[str, tuple[str, tuple[Any, ...]]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for spec in shape.tables:
        wheres[spec.name] = _owned_where(spec, wheres, project_id)
        reader = _Reader(session, spec)
        tables[spec.name] = _numbered(reader, reader.rows(*wheres[spec.name]), numbers, people)
    person_rows, person_tables = _people(session, shape, people)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_on": options.today.isoformat(),
        "project": project_values,
        "people": person_rows,
        "tables": tables,
        "people_tables": person_tables,
    }
    if options.with_history:
        document["history"] = write_history(session, project_id, shape, numbers, people)
    return _dumped(document).encode("utf-8")


def _dumped(document: dict[str, Any]) -> str:
    """The document as JSON with one row per line: readable, diffable, and written by the
    C encoder (an indented dump goes through the pure-Python one, several times slower)."""

    one = json.JSONEncoder(ensure_ascii=False).encode

    def rows(items: list[Any], pad: str) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(pad + " " + one(item) for item in items) + "\n" + pad + "]"

    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            shown = rows(value, " ")
        elif key in ("tables", "people_tables"):
            inner = [f"  {one(name)}: {rows(items, '  ')}" for name, items in value.items()]
            shown = "{\n" + ",\n".join(inner) + "\n }" if inner else "{}"
        else:
            shown = one(value)
        parts.append(f" {one(key)}: {shown}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _people(
    session: Session, shape: DocumentSchema, people: dict[int, int]
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The people the project refers to, numbered as met, and their own rows (days off)."""
    marks = ", ".join("?" for _ in people)
    reader = _Reader(session, shape.person)
    found = {row[0]: row for row in reader.rows(f"id IN ({marks})", tuple(people))}
    rows = []
    for person_id, number in sorted(people.items(), key=lambda item: item[1]):
        rows.append({"id": number, **(reader.encode(found[person_id], Numbering(), {}) or {})})
    numbers = Numbering()
    numbers.tables[PERSON] = dict(people)
    tables: dict[str, list[dict[str, Any]]] = {}
    for spec in shape.person_tables:
        owned = _Reader(session, spec)
        where = f"{quote_name(spec.owner_column)} IN ({marks})"
        listed = owned.rows(where, tuple(people))
        column = 1 + [c.name for c in spec.columns].index(spec.owner_column)
        listed.sort(key=lambda row: (people[row[column]], row[0]))
        tables[spec.name] = _numbered(owned, listed, Numbering(), dict(people))
    return rows, tables
