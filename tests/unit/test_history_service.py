"""History from the journal: per project, per item, by text, page by page."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Project, Task, WorkflowColumn
from itpm_tui.services.kanban import board
from itpm_tui.services.resources import people
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.history import describe_change, history


def _ids(engine: Engine) -> tuple[int, int, int, int]:
    with read_session(engine) as session:
        net = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
        other = session.exec(select(Project).where(Project.code == "ERP-S4")).one()
        card = session.exec(select(Task).where(Task.title == "Order hardware")).one()
        done = session.exec(
            select(WorkflowColumn).where(
                WorkflowColumn.project_id == net.id, WorkflowColumn.name == "Done"
            )
        ).one()
    return net.id, other.id, card.id, done.id  # type: ignore[return-value]


def _edits(engine: Engine) -> tuple[int, int, int]:
    net, other, card, done = _ids(engine)
    with write_session(engine) as session:
        board.move_card(session, card, done, 0, allow_over_limit=True)
    with write_session(engine, "block it") as session:
        board.toggle_blocked(session, card)
    with write_session(engine, "add Ada") as session:
        people.create_person(session, people.PersonInput(name="Ada"))
    with read_session(engine) as session:
        erp_task = session.exec(select(Task).where(Task.project_id == other)).first()
    with write_session(engine, "erp priority") as session:
        board.cycle_priority(session, erp_task.id)  # type: ignore[union-attr, arg-type]
    return net, other, card


def test_a_projects_history_is_its_changes_newest_first(demo_engine: Engine) -> None:
    net, other, card = _edits(demo_engine)
    with read_session(demo_engine) as session:
        entries = history(session, project_id=net)
    labels = [e.action for e in entries]
    assert labels[0] == "block it"
    assert "move 'Order hardware' to Done" in labels
    assert "erp priority" not in labels and "add Ada" not in labels
    blocked = entries[0]
    assert (blocked.table, blocked.row_id, blocked.op) == ("task", card, "update")
    assert blocked.item == "task 'Order hardware'"
    assert blocked.changes == "blocked: 0 -> 1"
    assert all(a.when >= b.when for a, b in zip(entries, entries[1:], strict=False))


def test_all_history_holds_every_project_and_people(demo_engine: Engine) -> None:
    _edits(demo_engine)
    with read_session(demo_engine) as session:
        labels = {e.action for e in history(session)}
    assert {"block it", "add Ada", "erp priority"} <= labels


def test_an_items_history_holds_its_rows_and_rows_that_point_at_it(demo_engine: Engine) -> None:
    net, _, card = _edits(demo_engine)
    with read_session(demo_engine) as session:
        entries = history(session, project_id=net, item=("task", card))
    assert {e.action for e in entries} == {"block it", "move 'Order hardware' to Done"}
    tables = {e.table for e in entries}
    assert tables == {"task", "card_move"}  # the move record carries task_id = the card
    assert all(e.row_id == card for e in entries if e.table == "task")


def test_text_filter_and_pages(demo_engine: Engine) -> None:
    net, _, _ = _edits(demo_engine)
    with read_session(demo_engine) as session:
        found = history(session, project_id=net, text="BLOCK")
        assert [e.action for e in found] == ["block it"]
        first = history(session, project_id=net, limit=2)
        second = history(session, project_id=net, limit=2, before=first[-1].change_id)
    assert len(first) == 2 and second
    assert second[0].change_id < first[-1].change_id


def test_undone_actions_are_marked(demo_engine: Engine) -> None:
    net, _, _ = _edits(demo_engine)
    undo.run(demo_engine, "undo")  # erp priority
    undo.run(demo_engine, "undo")  # add Ada
    undo.run(demo_engine, "undo")  # block it
    with read_session(demo_engine) as session:
        entries = history(session, project_id=net)
    assert entries[0].action == "block it" and entries[0].undone
    assert not entries[-1].undone


def test_describe_change_names_each_changed_field() -> None:
    old = {"title": "A", "status": "todo", "updated_at": "x", "estimate_days": 1.5}
    new = {"title": "B", "status": "todo", "updated_at": "y", "estimate_days": 2.0}
    assert describe_change("update", old, new) == "title: A -> B, estimate_days: 1.5 -> 2"
    assert describe_change("insert", None, new) == "added"
    assert describe_change("delete", old, None) == "deleted"
    long = {"notes": "x" * 100}
    assert describe_change("update", {"notes": None}, long).endswith("...")


def test_the_demo_comes_with_a_history_to_undo(demo_engine: Engine) -> None:
    from itpm_tui.demo.history import record_demo_history

    assert record_demo_history(demo_engine) == 3
    net, _, _, _ = _ids(demo_engine)
    with read_session(demo_engine) as session:
        labels = [e.action for e in history(session, project_id=net)]
    assert labels == [
        "unblock 'Migrate VLANs and routing'",
        "block 'Migrate VLANs and routing'",
        "priority of 'Install core switches'",
    ]
    assert undo.run(demo_engine, "undo").label == "unblock 'Migrate VLANs and routing'"
