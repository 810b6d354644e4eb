"""Which tables a project JSON document carries, read from the models' foreign keys, and
how each column's values are written as JSON and checked on the way back in."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from itpm_tui.services.shared.parsing import EARLIEST_DATE, LATEST_DATE, MAX_MINOR_UNITS
from itpm_tui.services.shared.text import terminal_safe

FORMAT = "itpm-project"
FORMAT_VERSION = 1
PROJECT = "project"
PERSON = "person"
# Numbered by the database's version clock: never carried, the target numbers its rows.
VERSION = "version"
# Longest text a name or title may have (the app keeps 10,000-character titles), and any
# other text (a charter section).
MAX_NAME_CHARS = 10_000
MAX_TEXT_CHARS = 100_000
NAME_COLUMNS = frozenset({"title", "name", "code"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters (the ESC of an escape sequence) and bidi overrides never reach the
# database; the printable rest is kept as the text it is (text.terminal_safe, in one pass).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class DocumentError(Exception):
    """A value of the document that cannot be taken: `path` names it (tasks[12].start)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class Kind(StrEnum):
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    nullable: bool
    default: Any  # a scalar default, or NO_DEFAULT
    # The table a reference points to (person, project, or a carried table), or None.
    refers_to: str | None = None


NO_DEFAULT = object()


@dataclass
class TableSpec:
    """One table as the document carries it: its columns but the id, the version and the
    link to the project (implied by the document)."""

    name: str
    columns: list[ColumnSpec]
    # The column that ties a row to the project (directly, or through its parent row).
    owner_column: str
    owner_table: str
    project_column: str | None = None  # the column that holds the project's id, if any
    # Sets of columns no two rows may share (the project column counts as one value).
    unique: list[tuple[str, ...]] = field(default_factory=list)

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)


@dataclass(frozen=True)
class DocumentSchema:
    """The project row, the tables that belong to a project (parents first), and the
    person row with the tables that belong to a person."""

    project: TableSpec
    tables: list[TableSpec]
    person: TableSpec
    person_tables: list[TableSpec]

    def by_name(self) -> dict[str, TableSpec]:
        return {t.name: t for t in (*self.tables, *self.person_tables)}


class SchemaProblem(Exception):
    """The models hold a table the document cannot carry as it is (a programming error)."""


def _kind(column: Column[Any]) -> Kind:
    sql_type = column.type
    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl_instance
    # Boolean before Integer, DateTime before Date: the narrower type first.
    for python, kind in (
        (Boolean, Kind.BOOL),
        (Integer, Kind.INT),
        (Float, Kind.FLOAT),
        (DateTime, Kind.TIMESTAMP),
        (Date, Kind.DATE),
        (String, Kind.TEXT),
    ):
        if isinstance(sql_type, python):
            return kind
    raise SchemaProblem(f"{column.table.name}.{column.name}: no JSON form for {sql_type}")


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg  # type: ignore[attr-defined]
    return NO_DEFAULT


def _owners(metadata: MetaData, root: str, skip: set[str]) -> dict[str, tuple[str, str]]:
    """table -> (column, parent table) for each table whose rows are deleted with a `root`
    row (a chain of ON DELETE CASCADE references), the direct link preferred."""
    owned: dict[str, tuple[str, str]] = {}
    members = {root}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in members or table.name in skip:
                continue
            links = sorted(
                (fk.column.table.name != root, fk.parent.name, fk.column.table.name)
                for fk in table.foreign_keys
                if fk.ondelete == "CASCADE"
                and fk.column.table.name in members
                and fk.column.table.name != table.name
            )
            if links:
                _, column, parent = links[0]
                owned[table.name] = (column, parent)
                members.add(table.name)
                changed = True
    return owned


def _spec(table: Table, owner: tuple[str, str] | None, carried: set[str]) -> TableSpec:
    keys = [c.name for c in table.primary_key.columns]
    if keys != ["id"]:
        raise SchemaProblem(f"{table.name}: a carried table needs one integer key named id")
    project_column = None
    columns: list[ColumnSpec] = []
    for column in table.columns:
        if column.name in ("id", VERSION):
            continue
        refers_to = None
        for fk in column.foreign_keys:
            refers_to = fk.column.table.name
            if fk.column.name != "id":
                raise SchemaProblem(f"{table.name}.{column.name}: refers to a column but id")
        if refers_to == PROJECT and table.name != PROJECT:
            project_column = column.name
            continue
        if refers_to is not None and refers_to not in carried:
            raise SchemaProblem(
                f"{table.name}.{column.name} refers to {refers_to}, which a project "
                "document does not carry"
            )
        columns.append(
            ColumnSpec(
                column.name, _kind(column), bool(column.nullable), _default(column), refers_to
            )
        )
    unique: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            unique.append(tuple(c.name for c in constraint.columns))
    unique += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
    unique += [(c.name,) for c in table.columns if c.unique]
    unique = list(dict.fromkeys(unique))
    owner_column, owner_table = owner if owner else ("", "")
    return TableSpec(table.name, columns, owner_column, owner_table, project_column, unique)


def document_schema(metadata: MetaData) -> DocumentSchema:
    """Derive what a project document carries from the models (every table loaded)."""
    project_owned = _owners(metadata, PROJECT, set())
    person_owned = _owners(metadata, PERSON, set(project_owned) | {PROJECT})
    carried = {PROJECT, PERSON, *project_owned, *person_owned}
    tables = [
        _spec(t, project_owned[t.name], carried)
        for t in metadata.sorted_tables
        if t.name in project_owned
    ]
    person_tables = [
        _spec(t, person_owned[t.name], carried)
        for t in metadata.sorted_tables
        if t.name in person_owned
    ]
    project = _spec(metadata.tables[PROJECT], None, carried)
    person = _spec(metadata.tables[PERSON], None, carried)
    return DocumentSchema(project, tables, person, person_tables)


# --- values ----------------------------------------------------------------------------------


def encode(kind: Kind, value: Any) -> Any:
    """A column's value as JSON: dates ISO, timestamps ISO in UTC, the rest as they are."""
    if value is None:
        return None
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.TIMESTAMP:
        return value.astimezone(UTC).isoformat()
    if kind is Kind.BOOL:
        return bool(value)
    return value


class Huge:
    """An integer too long to be a number any column holds (parsed, not converted)."""

    def __init__(self, digits: str) -> None:
        self.digits = digits


# Digits of the longest number read as one (2**63 has 19).
LONGEST_NUMBER = 30


def parse_int(text: str) -> int | Huge:
    # Python refuses to convert more than 4,300 digits with an error that names no place.
    return Huge(text) if len(text.lstrip("-")) > LONGEST_NUMBER else int(text)


def _type_name(raw: Any) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true/false"
    if isinstance(raw, int | float | Huge):
        return "a number"
    if isinstance(raw, str):
        return "text"
    if isinstance(raw, list):
        return "a list"
    return "an object"


def _in_range(day: date, path: str) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DocumentError(
            path, f"{day.isoformat()} is out of range: use {EARLIEST_DATE} to {LATEST_DATE}"
        )


def decode(spec: ColumnSpec, raw: Any, path: str) -> Any:
    """The value for the database, or DocumentError naming `path` and what is wrong."""
    kind = spec.kind
    # The common cases first, without a detour: most values are short text and numbers.
    if type(raw) is str and kind is Kind.TEXT and len(raw) <= MAX_NAME_CHARS:
        return raw if raw.isprintable() else _UNSAFE.sub("", raw)
    if type(raw) is int and kind is Kind.INT and -MAX_MINOR_UNITS - 1 <= raw <= MAX_MINOR_UNITS:
        return raw
    if raw is None:
        if not spec.nullable:
            raise DocumentError(path, "a value is required (null given)")
        return None
    if isinstance(raw, Huge):
        raise DocumentError(path, f"the number has {len(raw.digits)} digits: too large")
    if kind is Kind.BOOL:
        if not isinstance(raw, bool):
            raise DocumentError(path, f"expected true or false, found {_type_name(raw)}")
        return raw
    if kind is Kind.INT:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise DocumentError(path, f"expected a whole number, found {_type_name(raw)}")
        if not -MAX_MINOR_UNITS - 1 <= raw <= MAX_MINOR_UNITS:
            raise DocumentError(path, f"{raw} is too large for a number the database holds")
        return raw
    if kind is Kind.FLOAT:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise DocumentError(path, f"expected a number, found {_type_name(raw)}")
        value = float(raw)
        if not math.isfinite(value) or abs(value) > 1e15:
            raise DocumentError(path, f"{raw} is out of range")
        return value
    if not isinstance(raw, str):
        raise DocumentError(path, f"expected text, found {_type_name(raw)}")
    if kind is Kind.TEXT:
        return _text(spec, raw, path)
    if kind is Kind.DATE:
        if not _ISO_DATE.fullmatch(raw):
            raise DocumentError(path, f"'{_quoted(raw)}' is not a date (YYYY-MM-DD)")
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise DocumentError(path, f"'{raw}' is not a date of the calendar") from None
        _in_range(day, path)
        return day
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise DocumentError(path, f"'{_quoted(raw)}' is not a timestamp (ISO 8601)") from None
    if moment.tzinfo is None:
        raise DocumentError(path, f"'{_quoted(raw)}' has no time zone (write +00:00)")
    _in_range(moment.date(), path)
    return moment.astimezone(UTC)


def _quoted(text: str, limit: int = 30) -> str:
    value = " ".join(terminal_safe(text).split())
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _text(spec: ColumnSpec, raw: str, path: str) -> str:
    limit = MAX_NAME_CHARS if spec.name in NAME_COLUMNS else MAX_TEXT_CHARS
    if len(raw) > limit:
        raise DocumentError(path, f"the text is {len(raw):,} characters long: at most {limit:,}")
    return _UNSAFE.sub("", raw)


@cache
def project_schema() -> DocumentSchema:
    """What a project document carries in this itpm: every model loaded, then derived."""
    from itpm_tui.models import load_all, metadata

    load_all()
    return document_schema(metadata)


def model_table(name: str) -> Table:
    from itpm_tui.models import metadata

    return metadata.tables[name]


class Numbering:
    """Database id -> the row's number in the document, per table."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[int, int]] = {}

    def number(self, table: str, ids: list[int]) -> None:
        self.tables[table] = {row_id: n for n, row_id in enumerate(ids, start=1)}

    def of(self, table: str, row_id: int) -> int | None:
        return self.tables.get(table, {}).get(row_id)
