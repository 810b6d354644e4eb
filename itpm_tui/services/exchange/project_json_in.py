"""Recreating a checked project document in a database: new ids, every reference
remapped, people matched or made, a closed project closed last, history below the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from itpm_tui.journal import quote_name
from itpm_tui.services.exchange.formats import (
    FileProblem,
    ImportOptions,
    ImportReport,
)
from itpm_tui.services.exchange.json_schema import (
    PERSON,
    DocumentError,
    model_table,
    project_schema,
)
from itpm_tui.services.exchange.project_json_check import (
    Document,
    Rows,
    check,
    parents_first,
    parse,
)
from itpm_tui.services.exchange.project_json_history import read_history
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.text import clean_text

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,19}$")


def _target_code(session: Session, doc: Document, options: ImportOptions) -> str:
    given = options.code if options.code is not None else doc.project["code"]
    code = clean_text(given).upper()
    if not _CODE.match(code):
        where = "the code asked for" if options.code is not None else "project.code"
        raise FileProblem(
            f"{where}: '{code[:30]}' is not a project code "
            "(up to 20 letters, digits, '-', '_' or '.')"
        )
    project = model_table("project")
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


def _match_people(session: Session, doc: Document) -> tuple[dict[int, int], list[int], int]:
    """Person number -> person id (matched by e-mail, then by name, or made); the numbers
    of the people made, and how many were matched."""
    person = model_table(PERSON)
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
    rows: Rows,
    ids: dict[str, dict[int, int]],
    project_id: int | None,
) -> int:
    """Insert a table's rows with new ids (in the document's order), references remapped.

    Raw and many at once, each value through SQLAlchemy's own converter for its column.
    """
    spec = rows.spec
    table = model_table(spec.name)
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
    for i in parents_first(rows):
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
    project_table = model_table("project")
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
        for spec in project_schema().tables:
            count = _insert_rows(session, doc.tables[spec.name], ids, project_id)
            if spec.name == "task" and count:
                _drop_recorded_progress(session, ids["task"])
            if count:
                report.created[spec.name] = count
        made_set = set(made)
        for spec in project_schema().person_tables:
            rows = doc.person_tables[spec.name]
            keep = [i for i, v in enumerate(rows.values) if v[spec.owner_column] in made_set]
            own = Rows(spec, rows.path)
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
    progress = model_table("progress_record")
    first = min(task_ids.values())
    session.connection().execute(
        delete(progress).where(progress.c.recorded_on.is_(None), progress.c.task_id >= first)
    )
