"""The project JSON document: every table of a project out, and the same project back in,
into another database or this one, closed or open, with or without its history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, text
from sqlmodel import col, select

from itpm_tui.db import ProjectReadOnly, check, read_session, write_session
from itpm_tui.journal import origin
from itpm_tui.models import Person, Project, Task, load_all, metadata
from itpm_tui.services.exchange.formats import (
    EXPORTS,
    IMPORTS,
    export_format,
    import_format,
    load_formats,
)
from itpm_tui.services.exchange.json_schema import document_schema
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import ItpmError

if TYPE_CHECKING:  # pytest puts tests/ on the path; mypy names the module from the root
    from tests.hostile import CODE as HOSTILE_CODE
    from tests.hostile import LONG, fill_hostile
    from tests.json_docs import (
        TODAY,
        as_json,
        codes,
        contents,
        export_doc,
        fresh_database,
        import_doc,
        project_id,
        to_bytes,
    )
else:
    from hostile import CODE as HOSTILE_CODE
    from hostile import LONG, fill_hostile
    from json_docs import (
        TODAY,
        as_json,
        codes,
        contents,
        export_doc,
        fresh_database,
        import_doc,
        project_id,
        to_bytes,
    )

# Tables that hold no project's rows: the journal, people and their days off (carried as
# the people a project refers to), templates. A new table is either reached from the
# project through its foreign keys (and then carried) or named here.
NOT_A_PROJECTS = {
    "action",
    "change_log",
    "clock",
    "person",
    "day_off",
    "project_template",
    "template_line",
}


@pytest.fixture
def other(migrated_template, tmp_path: Path) -> Iterator:
    engine = fresh_database(migrated_template, tmp_path / "other" / "itpm.db")
    yield engine
    engine.dispose()


def _reaches_project(name: str, seen: frozenset[str] = frozenset()) -> bool:
    """The table's rows hang on a project through some chain of foreign keys."""
    table = metadata.tables[name]
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target == "project":
            return True
        if target not in seen | {name, "person"} and _reaches_project(target, seen | {name}):
            return True
    return False


def test_every_table_that_hangs_on_a_project_is_carried() -> None:
    load_all()
    carried = {spec.name for spec in document_schema(metadata).tables}
    hanging = {name for name in metadata.tables if name != "project" and _reaches_project(name)}
    assert carried == hanging
    unaccounted = set(metadata.tables) - carried - NOT_A_PROJECTS - {"project"}
    assert not unaccounted, f"tables neither carried nor known to hold no project: {unaccounted}"


def test_a_table_added_later_travels_without_a_change_to_the_format() -> None:
    load_all()
    copy = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(copy)
    Table(
        "task_note",
        copy,
        Column("id", Integer, primary_key=True),
        Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), nullable=False),
        Column("author_id", Integer, ForeignKey("person.id", ondelete="SET NULL")),
        Column("body", String, nullable=False),
    )
    specs = {spec.name: spec for spec in document_schema(copy).tables}
    note = specs["task_note"]
    assert (note.owner_column, note.owner_table) == ("task_id", "task")
    assert {c.name: c.refers_to for c in note.columns} == {
        "task_id": "task",
        "author_id": "person",
        "body": None,
    }
    order = list(specs)
    assert order.index("task") < order.index("task_note")


def test_the_format_is_in_the_table_of_formats() -> None:
    load_formats()
    assert EXPORTS["json"].suffix == ".json"
    assert IMPORTS["json"].sniff(b'{\n "format": "itpm-project",\n "version": 1')
    assert not IMPORTS["json"].sniff(b"<?xml version='1.0'?><Project/>")
    assert export_format("json") is EXPORTS["json"]
    assert import_format("json") is IMPORTS["json"]


def test_every_row_of_every_project_table_goes_into_the_documents(demo_engine) -> None:
    documents = [as_json(export_doc(demo_engine, code)) for code in codes(demo_engine)]
    with demo_engine.connect() as conn:
        for spec in document_schema(metadata).tables:
            where = f" WHERE {spec.project_column} IS NOT NULL" if spec.project_column else ""
            stored = conn.exec_driver_sql(f'SELECT count(*) FROM "{spec.name}"{where}').scalar()
            carried = sum(len(doc["tables"][spec.name]) for doc in documents)
            assert carried == stored, spec.name
        conn.rollback()
    # The demo fills the tables a round trip is tested with.
    filled = {name for doc in documents for name, rows in doc["tables"].items() if rows}
    assert {"task", "dependency", "baseline", "baselinetask", "expense", "time_entry"} <= filled


def test_money_stays_exact_and_dates_iso(demo_engine) -> None:
    doc = as_json(export_doc(demo_engine, "ERP-S4"))
    expense = doc["tables"]["expense"][0]
    assert isinstance(expense["amount_cents"], int)
    assert len(expense["spent_on"]) == 10 and expense["spent_on"][4] == "-"
    assert doc["format"] == "itpm-project" and doc["version"] == 1
    assert "history" not in doc


def test_every_demo_project_round_trips_into_another_database(demo_engine, other) -> None:
    for code in codes(demo_engine):
        first = export_doc(demo_engine, code)
        report = import_doc(other, first, code=f"{code[:14]}-NEW")
        assert report.project_code == f"{code[:14]}-NEW"
        second = as_json(export_doc(other, report.project_code))
        expected = as_json(first)
        expected["project"]["code"] = report.project_code
        assert second == expected, code
    assert len(codes(other)) == len(codes(demo_engine))
    assert check(other) == []  # no broken reference, no damage
    with other.connect() as conn:
        # Every imported row was numbered by the version clock, each with a number of its own.
        versions = list(conn.exec_driver_sql("SELECT version FROM task").scalars())
        conn.rollback()
    assert len(set(versions)) == len(versions) and min(versions) > 1
    with read_session(other) as session:
        # People came along once each (matched by e-mail on the second project's import).
        names = list(session.exec(select(Person.name)))
        assert len(names) == len(set(names))


def test_into_the_same_database_under_another_code(demo_engine) -> None:
    people_before = len(contents(demo_engine)["person"])
    first = export_doc(demo_engine, "NET-CORE")
    report = import_doc(demo_engine, first, code="NET-COPY")
    assert report.created["people"] == 0
    assert report.created["task"] == len(as_json(first)["tables"]["task"])
    assert len(contents(demo_engine)["person"]) == people_before
    copy = as_json(export_doc(demo_engine, "NET-COPY"))
    original = as_json(first)
    original["project"]["code"] = "NET-COPY"
    assert copy == original
    # Two projects now: the original untouched, each with its own tasks.
    with read_session(demo_engine) as session:
        for code in ("NET-CORE", "NET-COPY"):
            pid = project_id(demo_engine, code)
            tasks = session.exec(select(Task).where(Task.project_id == pid)).all()
            assert len(tasks) == report.created["task"]


def test_an_existing_code_is_refused_unless_replaced(demo_engine) -> None:
    data = export_doc(demo_engine, "CRM-AZ")
    before = contents(demo_engine)
    with pytest.raises(ItpmError, match="A project with the code CRM-AZ exists"):
        import_doc(demo_engine, data)
    assert contents(demo_engine) == before
    old_id = project_id(demo_engine, "CRM-AZ")
    import_doc(demo_engine, data, replace=True)
    new_id = project_id(demo_engine, "CRM-AZ")
    assert new_id != old_id
    assert codes(demo_engine).count("CRM-AZ") == 1
    with read_session(demo_engine) as session:
        assert session.exec(select(Task).where(Task.project_id == old_id)).first() is None
    assert as_json(export_doc(demo_engine, "CRM-AZ")) == as_json(data)


def _close(engine, code: str) -> None:
    with write_session(engine, f"close {code}") as session:
        project = session.exec(select(Project).where(Project.code == code)).one()
        project.closed_on = TODAY


def test_a_closed_project_imports_closed_and_stays_read_only(demo_engine, other) -> None:
    code = "HW-LAPTOP"
    _close(demo_engine, code)
    data = export_doc(demo_engine, code)
    import_doc(other, data)
    pid = project_id(other, code)
    with read_session(other) as session:
        project = session.get(Project, pid)
        assert project is not None and project.closed_on == TODAY
        assert as_json(data)["project"]["closed_on"] == TODAY.isoformat()
    with pytest.raises(ProjectReadOnly), write_session(other, "edit", project_id=pid) as session:
        task = session.exec(select(Task).where(Task.project_id == pid)).first()
        assert task is not None
        task.title = "changed"
    # And a closed project is replaced whole (reopened, deleted, imported) when asked.
    import_doc(other, data, replace=True)
    assert as_json(export_doc(other, code)) == as_json(data)


def test_history_goes_out_only_when_asked_and_comes_back_below_the_import(
    demo_engine, other
) -> None:
    pid = project_id(demo_engine, "NET-CORE")
    with write_session(demo_engine, "rename", project_id=pid) as session:
        tasks = session.exec(
            select(Task).where(Task.project_id == pid).order_by(col(Task.id))
        ).all()
        tasks[0].title = "Renamed first task"
    with write_session(demo_engine, "delete the last", project_id=pid) as session:
        session.delete(session.get(Task, tasks[-1].id))
    with_history = as_json(export_doc(demo_engine, "NET-CORE", history=True))
    assert [a["label"] for a in with_history["history"]] == ["rename", "delete the last"]
    renamed = with_history["history"][0]["changes"][0]
    assert renamed["row"] == 1 and renamed["new"]["title"] == "Renamed first task"
    # A row deleted since is in no table of the document: its changes name no row.
    assert with_history["history"][1]["changes"][0]["row"] is None
    import_doc(other, export_doc(demo_engine, "NET-CORE", history=True))
    again = as_json(export_doc(other, "NET-CORE", history=True))
    # The same actions, and after them the import itself.
    assert again["history"][:-1] == with_history["history"]
    assert again["history"][-1]["label"] == "import project"
    del again["history"], with_history["history"]
    assert again == with_history
    # Undo takes back the import (this window's action), not the history that came with it.
    assert undo.run(other, "undo", origin=origin(other)).label == "import project"
    assert "NET-CORE" not in codes(other)


def test_hostile_text_round_trips_exactly(engine, other) -> None:
    fill_hostile(engine, TODAY)
    data = export_doc(engine, HOSTILE_CODE)
    assert LONG in data.decode()
    import_doc(other, data)
    assert as_json(export_doc(other, HOSTILE_CODE)) == as_json(data)
    with other.connect() as conn:
        titles = list(conn.execute(text("SELECT title FROM task")).scalars())
        conn.rollback()
    assert LONG in titles
    assert not any("\x1b" in title for title in titles)


def test_an_import_is_one_transaction_named_and_undone_whole(demo_engine) -> None:
    before = contents(demo_engine)
    import_doc(demo_engine, export_doc(demo_engine, "SEC-MFA"), code="SEC-2")
    assert undo.run(demo_engine, "undo", origin=origin(demo_engine)).label == "import project"
    assert contents(demo_engine) == before


def test_people_are_matched_by_email_then_by_name_or_made_with_their_days_off(
    demo_engine, other
) -> None:
    doc = as_json(export_doc(demo_engine, "ERP-S4"))
    carried_days = doc["people_tables"]["day_off"]
    assert carried_days, "the demo gives someone on ERP-S4 a day off"
    # Into a database without them: each person made once, with their days off.
    report = import_doc(other, to_bytes(doc))
    assert report.created["people"] == len(doc["people"])
    assert report.created["day_off"] == len(carried_days)
    # Here: the first person is known by e-mail; the second has none in the file but a
    # name known here; the third has an e-mail nobody here has.
    first, second, third = doc["people"][:3]
    second["email"] = ""
    third["email"] = "someone.new@example.com"
    people_before = len(contents(demo_engine)["person"])
    days_before = len(contents(demo_engine)["day_off"])
    report = import_doc(demo_engine, to_bytes(doc), code="ERP-2")
    assert report.created["people"] == 1
    assert len(contents(demo_engine)["person"]) == people_before + 1
    # Days off come along only with a person made here, never onto someone already here.
    made_days = [d for d in carried_days if d["person_id"] == third["id"]]
    assert len(contents(demo_engine)["day_off"]) == days_before + len(made_days)
    with read_session(demo_engine) as session:
        manager = session.exec(select(Project).where(Project.code == "ERP-2")).one().manager_id
        known = session.exec(select(Person).where(Person.email == first["email"])).one()
        # The manager is the first person the document meets: matched by e-mail.
        assert doc["project"]["manager_id"] == first["id"]
        assert manager == known.id
        assert len(session.exec(select(Person).where(Person.name == second["name"])).all()) == 1
