"""Reading a project document's JSON and checking every value and reference in it, before
anything is written: a fault is a DocumentError naming its place (tables.task[12].start)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from itpm_tui.services.exchange.formats import FileProblem
from itpm_tui.services.exchange.json_schema import (
    FORMAT,
    FORMAT_VERSION,
    LONGEST_NUMBER,
    NO_DEFAULT,
    PERSON,
    DocumentError,
    Huge,
    Kind,
    TableSpec,
    decode,
    parse_int,
    project_schema,
)

_LONG_DIGITS = re.compile(rf"\d{{{LONGEST_NUMBER + 1}}}")


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


class Rows:
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


def _checkmodel_table(spec: TableSpec, raw: Any, path: str) -> Rows:
    rows = Rows(spec, path)
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


def _check_unique(rows: Rows) -> None:
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


class Document:
    """The checked document: the project, the people, each table's rows."""

    def __init__(self) -> None:
        self.project: dict[str, Any] = {}
        self.people = Rows(project_schema().person, "people")
        self.tables: dict[str, Rows] = {}
        self.person_tables: dict[str, Rows] = {}
        self.history: Any = None


def check(doc: Any) -> Document:
    """The document's rows, every value and reference checked; DocumentError otherwise."""
    shape = project_schema()
    if not isinstance(doc, dict):
        raise DocumentError("", "the file holds no project document (not a JSON object)")
    top = doc
    if top.get("format") != FORMAT:
        raise DocumentError("format", f'this is not an itpm project document ("{FORMAT}")')
    version = top.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != FORMAT_VERSION:
        if isinstance(version, Huge):
            shown = f"of {len(version.digits)} digits"
        else:
            shown = str(version) if isinstance(version, int) else f"'{str(version)[:20]}'"
        raise DocumentError(
            "version", f"version {shown} is not one this itpm reads (it reads {FORMAT_VERSION})"
        )
    result = Document()
    _, result.project = _check_row(shape.project, top.get("project"), "project", numbered=False)
    result.people = _checkmodel_table(shape.person, top.get("people", []), "people")
    result.tables = _check_tables(shape.tables, top.get("tables", {}), "tables")
    result.person_tables = _check_tables(
        shape.person_tables, top.get("people_tables", {}), "people_tables"
    )
    _check_references(result)
    result.history = top.get("history")
    return result


def _check_tables(specs: list[TableSpec], raw: Any, path: str) -> dict[str, Rows]:
    given = _object(raw, path)
    by_name = {spec.name: spec for spec in specs}
    for name in given:
        if name not in by_name:
            raise DocumentError(f"{path}.{name}", f"{name!r} is not a table of a project")
    return {
        spec.name: _checkmodel_table(spec, given.get(spec.name, []), f"{path}.{spec.name}")
        for spec in specs
    }


def _check_references(doc: Document) -> None:
    numbers = {name: set(rows.numbers) for name, rows in doc.tables.items()}
    numbers[PERSON] = set(doc.people.numbers)
    project = Rows(project_schema().project, "project")
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


def parents_first(rows: Rows) -> list[int]:
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
