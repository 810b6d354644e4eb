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
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

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
    NO_DEFAULT,
    PERSON,
    DocumentError,
    DocumentSchema,
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


def _encode_row(
    spec: TableSpec, row: Any, numbers: _Numbering, people: dict[int, int]
) -> dict[str, Any] | None:
    """The row as the document holds it; None when it needs a row that is not carried."""
    values: dict[str, Any] = {}
    for column in spec.columns:
        value = getattr(row, column.name)
        if column.refers_to is not None and value is not None:
            if column.refers_to == PERSON:
                value = people.setdefault(value, len(people) + 1)
            else:
                value = numbers.of(column.refers_to, value)
                if value is None and not column.nullable:
                    return None
        values[column.name] = encode(column.kind, value)
    return values


def _rows_of(session: Session, spec: TableSpec, where: ColumnElement[bool]) -> list[Any]:
    table = _table(spec.name)
    return list(session.connection().execute(select(table).where(where).order_by(table.c.id)))


def write(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """The project as a document: its row, every row that belongs to it, the people."""
    shape = schema()
    project_table = _table("project")
    conn = session.connection()
    project = conn.execute(select(project_table).where(project_table.c.id == project_id)).first()
    if project is None:
        raise ItpmError(f"There is no project number {project_id}.")
    numbers = _Numbering()
    people: dict[int, int] = {}  # person id -> number, in the order they are met
    project_values = _encode_row(shape.project, project, numbers, people) or {}
    wheres: dict[str, ColumnElement[bool]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for spec in shape.tables:
        table = _table(spec.name)
        if spec.project_column:
            where = table.c[spec.project_column] == project_id
        else:
            parent = _table(spec.owner_table)
            owners = select(parent.c.id).where(wheres[spec.owner_table])
            where = table.c[spec.owner_column].in_(owners)
        wheres[spec.name] = where
        rows = _rows_of(session, spec, where)
        while True:
            numbers.number(spec.name, [row.id for row in rows])
            encoded = [_encode_row(spec, row, numbers, people) for row in rows]
            if all(values is not None for values in encoded):
                break
            # A row tied to one outside the project (none should be): left out, renumbered.
            rows = [row for row, values in zip(rows, encoded, strict=True) if values is not None]
        tables[spec.name] = [
            {"id": n, **values} for n, values in enumerate(encoded, start=1) if values is not None
        ]
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
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _people(
    session: Session, shape: DocumentSchema, people: dict[int, int]
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    person_table = _table(PERSON)
    conn = session.connection()
    found = {
        row.id: row
        for row in conn.execute(select(person_table).where(person_table.c.id.in_(list(people))))
    }
    rows = []
    for person_id, number in sorted(people.items(), key=lambda item: item[1]):
        row = found[person_id]
        values = {c.name: encode(c.kind, getattr(row, c.name)) for c in shape.person.columns}
        rows.append({"id": number, **values})
    numbers = _Numbering()
    numbers.tables[PERSON] = dict(people)
    tables: dict[str, list[dict[str, Any]]] = {}
    for spec in shape.person_tables:
        table = _table(spec.name)
        owned = _rows_of(session, spec, table.c[spec.owner_column].in_(list(people)))
        owned.sort(key=lambda row: (people[getattr(row, spec.owner_column)], row.id))
        encoded = [_encode_row(spec, row, numbers, dict(people)) for row in owned]
        tables[spec.name] = [{"id": n, **v} for n, v in enumerate(encoded, start=1) if v]
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
        return json.loads(text, parse_int=parse_int, parse_constant=_reject_constant)
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
    known = {c.name for c in spec.columns} | ({"id"} if numbered else set())
    for key in row:
        if key not in known:
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
            values[column.name] = decode(column, row[column.name], f"{path}.{column.name}")
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
    top = _object(doc, "")
    if top.get("format") != FORMAT:
        raise DocumentError("format", f'this is not an itpm project document ("{FORMAT}")')
    version = top.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        shown = version if isinstance(version, int) else json.dumps(version)[:20]
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
    everything = [("project", doc.project, schema().project)]
    for rows in (*doc.tables.values(), *doc.person_tables.values()):
        everything += [(rows.place(i), v, rows.spec) for i, v in enumerate(rows.values)]
    for place, values, spec in everything:
        for column in spec.columns:
            target = column.refers_to
            value = values.get(column.name)
            if target is None or value is None:
                continue
            if value not in numbers.get(target, set()):
                where = "people" if target == PERSON else f"tables.{target}"
                raise DocumentError(
                    f"{place}.{column.name}",
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
    """Insert a table's rows with new ids (in the document's order), references remapped."""
    spec = rows.spec
    table = _table(spec.name)
    base = _next_id(session, table)
    ids[spec.name] = {n: base + i for i, n in enumerate(rows.numbers)}
    refs = [c for c in spec.columns if c.refers_to is not None]
    batch: list[dict[str, Any]] = []
    for i in _parents_first(rows):
        values = dict(rows.values[i])
        for column in refs:
            value = values[column.name]
            if value is not None:
                values[column.name] = ids[column.refers_to][value]  # type: ignore[index]
        values["id"] = base + i
        if spec.project_column:
            values[spec.project_column] = project_id
        batch.append(values)
    if batch:
        session.connection().execute(insert(table), batch)
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
