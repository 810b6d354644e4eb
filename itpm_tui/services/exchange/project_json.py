"""The JSON format: one project, every row of every table that belongs to it, out and back in.

The document (`{"format": "itpm-project", "version": 1, ...}`) numbers each table's rows
1, 2, 3... in the order they were made; references between rows use these numbers, so a
document says the same whatever the ids of the database it came from. People are carried
by name and email and matched on the way in. The tables come from the models' foreign
keys (json_schema), so a table added later travels without a change here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from itpm_tui.journal import quote_name
from itpm_tui.services.exchange import formats
from itpm_tui.services.exchange.formats import (
    ExportFormat,
    ExportOptions,
    FileProblem,
    ImportFormat,
    ImportOptions,
    ImportReport,
)
from itpm_tui.services.exchange.json_schema import (
    LONGEST_NUMBER,
    NO_DEFAULT,
    PERSON,
    DocumentError,
    DocumentSchema,
    Huge,
    Kind,
    TableSpec,
    decode,
    document_schema,
    encode,
    parse_int,
)
from itpm_tui.services.exchange.project_json_history import read_history, write_history
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.text import clean_text

FORMAT = "itpm-project"
VERSION = 1
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,19}$")
_LONG_DIGITS = re.compile(rf"\d{{{LONGEST_NUMBER + 1}}}")


@cache
def schema() -> DocumentSchema:
    from itpm_tui.models import load_all, metadata

    load_all()
    return document_schema(metadata)


def _table(name: str) -> Table:
    from itpm_tui.models import metadata

    return metadata.tables[name]


# --- out -----------------------------------------------------------------------------------


class _Numbering:
    """Database id -> the row's number in the document, per table."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[int, int]] = {}

    def number(self, table: str, ids: list[int]) -> None:
        self.tables[table] = {row_id: n for n, row_id in enumerate(ids, start=1)}

    def of(self, table: str, row_id: int) -> int | None:
        return self.tables.get(table, {}).get(row_id)


class _Reader:
    """Reads one table's rows raw, through SQLAlchemy's own value converters (fast)."""

    def __init__(self, session: Session, spec: TableSpec) -> None:
        conn = session.connection()
        table = _table(spec.name)
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
        self, row: tuple[Any, ...], numbers: _Numbering, people: dict[int, int]
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
    numbers: _Numbering,
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
    shape = schema()
    numbers = _Numbering()
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
        "version": VERSION,
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
        rows.append({"id": number, **(reader.encode(found[person_id], _Numbering(), {}) or {})})
    numbers = _Numbering()
    numbers.tables[PERSON] = dict(people)
    tables: dict[str, list[dict[str, Any]]] = {}
    for spec in shape.person_tables:
        owned = _Reader(session, spec)
        where = f"{quote_name(spec.owner_column)} IN ({marks})"
        listed = owned.rows(where, tuple(people))
        column = 1 + [c.name for c in spec.columns].index(spec.owner_column)
        listed.sort(key=lambda row: (people[row[column]], row[0]))
        tables[spec.name] = _numbered(owned, listed, _Numbering(), dict(people))
    return rows, tables


# --- in: reading and checking the document ---------------------------------------------------


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse(data: bytes) -> Any:
    """The document's JSON, or FileProblem naming the line and column of the fault."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"byte {exc.start}: the file is not UTF-8 text") from None
    try:
        # Numbers are read by the C scanner unless a run of digits is long enough to be a
        # number too large for any column: then each one is looked at (parse_int).
        hook = parse_int if _LONG_DIGITS.search(text) else None
        return json.loads(text, parse_int=hook, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            last = text.count("\n") + 1
            raise FileProblem(
                f"line {last}: the file ends in the middle of the document (cut short?)"
            ) from None
        raise FileProblem(f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise FileProblem("the file nests lists or objects too deeply for a document") from None
    except ValueError as exc:
        raise FileProblem(f"the file is not a JSON document: {exc}") from None


class _Rows:
    """One table's rows checked: their numbers and values, and where each stands."""

    def __init__(self, spec: TableSpec, path: str) -> None:
        self.spec = spec
        self.path = path
        self.numbers: list[int] = []
        self.values: list[dict[str, Any]] = []

    def place(self, index: int) -> str:
        return f"{self.path}[{index}]"


def _object(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DocumentError(path, "expected an object { ... }")
    return raw


def _list(raw: Any, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise DocumentError(path, "expected a list [ ... ]")
    return raw


def _check_row(spec: TableSpec, raw: Any, path: str, numbered: bool) -> tuple[int, dict[str, Any]]:
    row = _object(raw, path)
    unknown = row.keys() - spec.names - ({"id"} if numbered else set())
    if unknown:
        key = next(k for k in row if k in unknown)
        raise DocumentError(f"{path}.{key}", f"{spec.name} has no column {key!r}")
    number = 0
    if numbered:
        given = row.get("id")
        if isinstance(given, bool) or not isinstance(given, int) or given < 1:
            raise DocumentError(f"{path}.id", "expected the row's number (1, 2, 3...)")
        number = given
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column.name in row:
            try:
                values[column.name] = decode(column, row[column.name], "")
            except DocumentError as exc:  # the place is spelt out only when it is needed
                raise DocumentError(f"{path}.{column.name}", exc.message) from None
        elif column.nullable:
            values[column.name] = None
        elif column.default is not NO_DEFAULT:
            values[column.name] = column.default
        elif column.kind is Kind.TIMESTAMP:
            values[column.name] = datetime.now(UTC)
        else:
            raise DocumentError(f"{path}.{column.name}", "missing: a value is required")
    return number, values


def _check_table(spec: TableSpec, raw: Any, path: str) -> _Rows:
    rows = _Rows(spec, path)
    seen: dict[int, int] = {}
    for index, item in enumerate(_list(raw, path)):
        number, values = _check_row(spec, item, f"{path}[{index}]", numbered=True)
        if number in seen:
            raise DocumentError(
                f"{path}[{index}].id", f"number {number} is also {path}[{seen[number]}]'s"
            )
        seen[number] = index
        rows.numbers.append(number)
        rows.values.append(values)
    _check_unique(rows)
    return rows


def _check_unique(rows: _Rows) -> None:
    spec = rows.spec
    for columns in spec.unique:
        seen: dict[tuple[Any, ...], int] = {}
        for index, values in enumerate(rows.values):
            key = tuple(None if c == spec.project_column else values.get(c, None) for c in columns)
            if any(values.get(c) is None for c in columns if c != spec.project_column):
                continue  # NULLs never clash
            if key in seen:
                named = ", ".join(c for c in columns if c != spec.project_column) or "the project"
                raise DocumentError(
                    rows.place(index),
                    f"repeats {named} of {rows.place(seen[key])}, which must be unique",
                )
            seen[key] = index


class _Document:
    """The checked document: the project, the people, each table's rows."""

    def __init__(self) -> None:
        self.project: dict[str, Any] = {}
        self.people = _Rows(schema().person, "people")
        self.tables: dict[str, _Rows] = {}
        self.person_tables: dict[str, _Rows] = {}
        self.history: Any = None


def check(doc: Any) -> _Document:
    """The document's rows, every value and reference checked; DocumentError otherwise."""
    shape = schema()
    if not isinstance(doc, dict):
        raise DocumentError("", "the file holds no project document (not a JSON object)")
    top = doc
    if top.get("format") != FORMAT:
        raise DocumentError("format", f'this is not an itpm project document ("{FORMAT}")')
    version = top.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        if isinstance(version, Huge):
            shown = f"of {len(version.digits)} digits"
        else:
            shown = str(version) if isinstance(version, int) else f"'{str(version)[:20]}'"
        raise DocumentError(
            "version", f"version {shown} is not one this itpm reads (it reads {VERSION})"
        )
    result = _Document()
    _, result.project = _check_row(shape.project, top.get("project"), "project", numbered=False)
    result.people = _check_table(shape.person, top.get("people", []), "people")
    result.tables = _check_tables(shape.tables, top.get("tables", {}), "tables")
    result.person_tables = _check_tables(
        shape.person_tables, top.get("people_tables", {}), "people_tables"
    )
    _check_references(result)
    result.history = top.get("history")
    return result


def _check_tables(specs: list[TableSpec], raw: Any, path: str) -> dict[str, _Rows]:
    given = _object(raw, path)
    by_name = {spec.name: spec for spec in specs}
    for name in given:
        if name not in by_name:
            raise DocumentError(f"{path}.{name}", f"{name!r} is not a table of a project")
    return {
        spec.name: _check_table(spec, given.get(spec.name, []), f"{path}.{spec.name}")
        for spec in specs
    }


def _check_references(doc: _Document) -> None:
    numbers = {name: set(rows.numbers) for name, rows in doc.tables.items()}
    numbers[PERSON] = set(doc.people.numbers)
    project = _Rows(schema().project, "project")
    project.values = [doc.project]
    for rows in (project, *doc.tables.values(), *doc.person_tables.values()):
        for column in rows.spec.columns:
            target = column.refers_to
            if target is None:
                continue
            known = numbers.get(target, set())
            name = column.name
            for index, values in enumerate(rows.values):
                value = values[name]
                if value is not None and value not in known:
                    where = "people" if target == PERSON else f"tables.{target}"
                    place = rows.path if rows is project else rows.place(index)
                    raise DocumentError(
                        f"{place}.{name}",
                        f"refers to {where} number {value}, which is not in the document",
                    )


def _parents_first(rows: _Rows) -> list[int]:
    """The order to insert a table's rows in: a row after the row it refers to in its own
    table (a task after its summary task); a loop is refused."""
    own = [c.name for c in rows.spec.columns if c.refers_to == rows.spec.name]
    if not own:
        return list(range(len(rows.values)))
    index_of = {n: i for i, n in enumerate(rows.numbers)}
    order: list[int] = []
    state: dict[int, int] = {}  # 1: being placed, 2: placed
    for start in range(len(rows.values)):
        stack = [start]
        while stack:
            i = stack[-1]
            if state.get(i) == 2:
                stack.pop()
                continue
            state[i] = 1
            waiting = [
                index_of[rows.values[i][c]]
                for c in own
                if rows.values[i][c] is not None and state.get(index_of[rows.values[i][c]]) != 2
            ]
            for j in waiting:
                if state.get(j) == 1:
                    raise DocumentError(
                        rows.place(j), f"its {own[0]} chain loops back to {rows.place(j)}"
                    )
            if waiting:
                stack.append(waiting[0])
                continue
            state[i] = 2
            order.append(i)
            stack.pop()
    return order


# --- in: writing the rows ----------------------------------------------------------------------


def _target_code(session: Session, doc: _Document, options: ImportOptions) -> str:
    given = options.code if options.code is not None else doc.project["code"]
    code = clean_text(given).upper()
    if not _CODE.match(code):
        where = "the code asked for" if options.code is not None else "project.code"
        raise FileProblem(
            f"{where}: '{code[:30]}' is not a project code "
            "(up to 20 letters, digits, '-', '_' or '.')"
        )
    project = _table("project")
    found = (
        session.connection()
        .execute(select(project.c.id, project.c.closed_on).where(project.c.code == code))
        .first()
    )
    if found is not None:
        if not options.replace:
            raise ItpmError(
                f"A project with the code {code} exists: import it under another code "
                "(--code NEW), or replace it (--replace). Nothing was imported."
            )
        conn = session.connection()
        if found.closed_on is not None:
            # A closed project refuses every change but reopening: reopened, then deleted.
            conn.execute(update(project).where(project.c.id == found.id).values(closed_on=None))
        conn.execute(delete(project).where(project.c.id == found.id))
    return code


def _match_people(session: Session, doc: _Document) -> tuple[dict[int, int], list[int], int]:
    """Person number -> person id (matched by e-mail, then by name, or made); the numbers
    of the people made, and how many were matched."""
    person = _table(PERSON)
    conn = session.connection()
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for row in conn.execute(select(person.c.id, person.c.name, person.c.email).order_by("id")):
        if row.email:
            by_email.setdefault(row.email.strip().lower(), row.id)
        by_name.setdefault(row.name.strip().lower(), row.id)
    mapping: dict[int, int] = {}
    made: list[int] = []
    next_id = _next_id(session, person)
    for number, values in zip(doc.people.numbers, doc.people.values, strict=True):
        email = (values.get("email") or "").strip().lower()
        found = by_email.get(email) if email else None
        if found is None and not email:
            found = by_name.get((values.get("name") or "").strip().lower())
        if found is None:
            conn.execute(insert(person), [{"id": next_id, **values}])
            found = next_id
            next_id += 1
            made.append(number)
            if email:
                by_email[email] = found
        mapping[number] = found
    return mapping, made, len(doc.people.numbers) - len(made)


def _next_id(session: Session, table: Table) -> int:
    highest = session.connection().execute(select(func.max(table.c.id))).scalar()
    return int(highest or 0) + 1


def _insert_rows(
    session: Session,
    rows: _Rows,
    ids: dict[str, dict[int, int]],
    project_id: int | None,
) -> int:
    """Insert a table's rows with new ids (in the document's order), references remapped.

    Raw and many at once, each value through SQLAlchemy's own converter for its column.
    """
    spec = rows.spec
    table = _table(spec.name)
    conn = session.connection()
    base = _next_id(session, table)
    ids[spec.name] = {n: base + i for i, n in enumerate(rows.numbers)}
    names = [c.name for c in spec.columns]
    convert: list[Callable[[Any], Any] | None] = []
    for column in spec.columns:
        if column.refers_to is not None:
            convert.append(ids[column.refers_to].__getitem__)
        else:
            convert.append(
                table.c[column.name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            )
    # Columns the document does not carry (the version, which the triggers then number).
    fixed = {
        c.name: c.default.arg  # type: ignore[union-attr]
        for c in table.columns
        if c.name not in (*names, "id", spec.project_column)
        and getattr(c.default, "is_scalar", False)
    }
    batch: list[tuple[Any, ...]] = []
    for i in _parents_first(rows):
        values = rows.values[i]
        row: list[Any] = [base + i]
        for name, to_sql in zip(names, convert, strict=True):
            value = values[name]
            row.append(value if value is None or to_sql is None else to_sql(value))
        if spec.project_column:
            row.append(project_id)
        batch.append((*row, *fixed.values()))
    if not batch:
        return 0
    columns = ["id", *names] + ([spec.project_column] if spec.project_column else [])
    columns += list(fixed)
    conn.exec_driver_sql(
        f"INSERT INTO {quote_name(spec.name)} ({', '.join(quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        batch,
    )
    return len(batch)


def read(session: Session, data: bytes, options: ImportOptions) -> ImportReport:
    """Recreate the document's project in this database: new ids, references remapped,
    people matched by e-mail or name (or made). Raises FileProblem naming the place."""
    try:
        doc = check(parse(data))
    except DocumentError as exc:
        raise FileProblem(str(exc)) from None
    if options.into_project is not None:
        raise FileProblem(
            "a project document makes a project of its own: it cannot be added to another"
        )
    code = _target_code(session, doc, options)
    people, made, matched = _match_people(session, doc)
    ids: dict[str, dict[int, int]] = {PERSON: people}
    project_table = _table("project")
    project_values = dict(doc.project, code=code)
    closed_on = project_values.pop("closed_on", None)
    if project_values.get("manager_id") is not None:
        project_values["manager_id"] = people[project_values["manager_id"]]
    project_id = _next_id(session, project_table)
    conn = session.connection()
    report = ImportReport(project_code=code)
    try:
        conn.execute(insert(project_table), [{"id": project_id, **project_values}])
        report.created["project"] = 1
        report.created["people"] = len(made)
        for spec in schema().tables:
            count = _insert_rows(session, doc.tables[spec.name], ids, project_id)
            if spec.name == "task" and count:
                _drop_recorded_progress(session, ids["task"])
            if count:
                report.created[spec.name] = count
        made_set = set(made)
        for spec in schema().person_tables:
            rows = doc.person_tables[spec.name]
            keep = [i for i, v in enumerate(rows.values) if v[spec.owner_column] in made_set]
            own = _Rows(spec, rows.path)
            own.numbers = [rows.numbers[i] for i in keep]
            own.values = [rows.values[i] for i in keep]
            if count := _insert_rows(session, own, ids, None):
                report.created[spec.name] = count
        if closed_on is not None:
            # Last: a closed project refuses new rows, so it closes once they are all in.
            conn.execute(
                update(project_table)
                .where(project_table.c.id == project_id)
                .values(closed_on=closed_on)
            )
        if doc.history is not None:
            report.created["history"] = read_history(session, doc.history, ids, project_id)
    except DocumentError as exc:
        raise FileProblem(str(exc)) from None
    except DBAPIError as exc:
        reason = str(exc.orig or exc).splitlines()[0]
        raise FileProblem(f"the database refused the document's rows: {reason}") from None
    if matched:
        report.warnings.append(f"{matched} of the document's people were already here: matched")
    return report


def _drop_recorded_progress(session: Session, task_ids: dict[int, int]) -> None:
    """The progress triggers recorded each new task as progress of today: the document
    carries the task's real progress history instead."""
    progress = _table("progress_record")
    first = min(task_ids.values())
    session.connection().execute(
        delete(progress).where(progress.c.recorded_on.is_(None), progress.c.task_id >= first)
    )


def sniff(head: bytes) -> bool:
    """The start of a file looks like a project document."""
    text = head.decode("utf-8-sig", errors="ignore").lstrip()
    return text.startswith("{") and f'"{FORMAT}"' in text


formats.EXPORTS["json"] = ExportFormat(
    name="json",
    suffix=".json",
    description="itpm project document (JSON): everything in one project, for another itpm",
    write=write,
)
formats.IMPORTS["json"] = ImportFormat(
    name="json",
    suffixes=(".json",),
    description="itpm project document (JSON) made by itpm export --format json",
    sniff=sniff,
    read=read,
)
