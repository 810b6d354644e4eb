"""The Kanban board services on a real SQLite file: columns, moves, WIP, quick edits, queries."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import col, select

from itpm_tui import db
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.migrations import HEAD_REVISION
from itpm_tui.models import CardMove, Sprint, Task, WorkflowColumn
from itpm_tui.services.kanban import board
from itpm_tui.services.kanban.board_query import (
    BoardFilter,
    board_options,
    portfolio_board,
    project_board,
    status_of_portfolio_column,
)
from itpm_tui.services.kanban.board_view import BoardData, Card
from itpm_tui.services.planning.schedule_records import add_dependency
from itpm_tui.services.planning.tasks import TaskInput, create_task, get_task, update_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ItpmError, NotFound, ValidationError

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
DEFAULT = ["Backlog", "To do", "In progress", "Review", "Done"]


# --- helpers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    ada: int
    bob: int
    p1: int
    p2: int
    cols: dict[str, int]  # P1's columns by name
    ids: dict[str, int]  # P1's tasks by title


@pytest.fixture
def seed(engine: Engine) -> Seed:
    """P1: To do A B C D, In progress E F, Done G; P2 (empty). Ada and Bob."""
    with write_session(engine) as s:
        ada = create_person(s, PersonInput(name="Ada Lovelace"))
        bob = create_person(s, PersonInput(name="Bob Stone"))
        p1 = create_project(s, ProjectInput(code="P1", name="One"), TODAY)
        p2 = create_project(s, ProjectInput(code="P2", name="Two"), TODAY)
        assert ada.id and bob.id and p1.id and p2.id  # flushed: every row has its id
        ids: dict[str, int] = {}
        for title, status in [
            ("A", "todo"),
            ("B", "todo"),
            ("C", "todo"),
            ("D", "todo"),
            ("E", "in-progress"),
            ("F", "in-progress"),
            ("G", "done"),
        ]:
            task_id = create_task(s, p1.id, TaskInput(title=title, status=status)).id
            assert task_id is not None
            ids[title] = task_id
        cols = {c.name: c.id for c in board.list_columns(s, p1.id) if c.id is not None}
    return Seed(ada.id, bob.id, p1.id, p2.id, cols, ids)


def layout(engine: Engine, project_id: int) -> dict[str, list[str]]:
    """Titles per column name, in board order; checks no two cards of a column share a position."""
    with read_session(engine) as s:
        result = {}
        for column in board.list_columns(s, project_id):
            cards = list(
                s.exec(
                    select(Task)
                    .where(Task.column_id == column.id)
                    .order_by(col(Task.board_position), col(Task.id))
                )
            )
            positions = [c.board_position for c in cards]
            assert len(set(positions)) == len(positions), column.name
            result[column.name] = [c.title for c in cards]
    return result


def moves(engine: Engine) -> list[tuple[str, str, str, bool]]:
    """(task title, from, to, to_done) of every recorded move, oldest first."""
    with read_session(engine) as s:
        rows = s.exec(
            select(CardMove, Task.title)
            .join(Task, col(Task.id) == col(CardMove.task_id))
            .order_by(col(CardMove.id))
        ).all()
    return [(title, m.from_name, m.to_name, m.to_done) for m, title in rows]


def task(engine: Engine, task_id: int) -> Task:
    with read_session(engine) as s:
        return get_task(s, task_id)


def moves_of(engine: Engine, task_id: int) -> list[CardMove]:
    with read_session(engine) as s:
        query = select(CardMove).where(CardMove.task_id == task_id).order_by(col(CardMove.id))
        return list(s.exec(query))


def columns_of(engine: Engine, project_id: int) -> list[WorkflowColumn]:
    with read_session(engine) as s:
        return board.list_columns(s, project_id)


def move(engine: Engine, task_id: int, column_id: int, index: int | None = None, **kw) -> None:
    with write_session(engine) as s:
        board.move_card(s, task_id, column_id, index, now=kw.pop("now", NOW), **kw)


def titles(data: BoardData) -> dict[str, list[str]]:
    """Card titles per column name, lanes run together in lane order."""
    return {
        c.name: [card.title for lane in data.lanes for card in lane.cards[i]]
        for i, c in enumerate(data.columns)
    }


def card(data: BoardData, title: str) -> Card:
    return next(c for lane in data.lanes for cs in lane.cards for c in cs if c.title == title)


def query(engine: Engine, project_id: int, flt: BoardFilter | None = None, **kw) -> BoardData:
    with read_session(engine) as s:
        return project_board(
            s, project_id, TODAY, flt or BoardFilter(), now=kw.pop("now", NOW), **kw
        )


# --- columns -------------------------------------------------------------------------------


def test_a_new_project_gets_the_default_workflow(seed: Seed, engine: Engine) -> None:
    columns = columns_of(engine, seed.p2)
    assert [c.name for c in columns] == DEFAULT
    assert [c.status for c in columns] == ["backlog", "todo", "in-progress", "review", "done"]
    assert [c.position for c in columns] == [0, 1, 2, 3, 4]
    assert [c.is_done for c in columns] == [False, False, False, False, True]
    assert all(c.wip_limit is None for c in columns)
    with write_session(engine) as s:  # asking again creates nothing
        assert [c.id for c in board.ensure_columns(s, seed.p2)] == [c.id for c in columns]
    assert len(columns_of(engine, seed.p2)) == 5


def test_add_column_after_a_column_or_at_the_end(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        qa = board.add_column(s, seed.p1, " QA ", after_id=seed.cols["In progress"], wip_limit=2)
        board.add_column(s, seed.p1, "Parked", status="backlog")
    columns = columns_of(engine, seed.p1)
    assert [c.name for c in columns] == [*DEFAULT[:3], "QA", *DEFAULT[3:], "Parked"]
    assert [c.position for c in columns] == list(range(7))
    assert (columns[3].id, columns[3].wip_limit, columns[3].status) == (qa.id, 2, "in-progress")
    assert columns[-1].status == "backlog" and not columns[-1].is_done


@pytest.mark.parametrize(
    ("name", "kwargs", "field"),
    [
        ("", {}, "name"),
        ("  \x1b ", {}, "name"),
        ("review", {}, "name"),  # a column of that name exists (any case)
        ("QA", {"wip_limit": 0}, "wip_limit"),
        ("QA", {"wip_limit": -3}, "wip_limit"),
        ("QA", {"status": "waiting"}, "status"),
    ],
)
def test_add_column_refuses_bad_input(
    seed: Seed, engine: Engine, name: str, kwargs: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        board.add_column(s, seed.p1, name, **kwargs)
    assert field in info.value.errors
    assert [c.name for c in columns_of(engine, seed.p1)] == DEFAULT


def test_update_column_renames_and_sets_or_clears_the_wip_limit(seed: Seed, engine: Engine) -> None:
    column_id = seed.cols["In progress"]
    with write_session(engine) as s:
        board.update_column(s, column_id, "Doing", 1)
    doing = columns_of(engine, seed.p1)[2]
    assert (doing.id, doing.name, doing.wip_limit) == (column_id, "Doing", 1)
    with write_session(engine) as s:
        board.update_column(s, column_id, "doing", None)  # its own name, another case: fine
    assert (columns_of(engine, seed.p1)[2].name, columns_of(engine, seed.p1)[2].wip_limit) == (
        "doing",
        None,
    )


@pytest.mark.parametrize(
    ("name", "limit", "field"),
    [("Doing", 0, "wip_limit"), ("Doing", -1, "wip_limit"), ("", 2, "name"), ("Done", 2, "name")],
)
def test_update_column_refuses_bad_input(
    seed: Seed, engine: Engine, name: str, limit: int, field: str
) -> None:
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        board.update_column(s, seed.cols["In progress"], name, limit)
    assert field in info.value.errors
    column = columns_of(engine, seed.p1)[2]
    assert (column.name, column.wip_limit) == ("In progress", None)


def test_move_column_left_and_right_and_not_past_the_ends(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.move_column(s, seed.cols["Review"], -1)
    assert [c.name for c in columns_of(engine, seed.p1)] == [
        "Backlog",
        "To do",
        "Review",
        "In progress",
        "Done",
    ]
    with write_session(engine) as s:
        board.move_column(s, seed.cols["Backlog"], 1)
    names = [c.name for c in columns_of(engine, seed.p1)]
    assert names == ["To do", "Backlog", "Review", "In progress", "Done"]
    assert [c.position for c in columns_of(engine, seed.p1)] == [0, 1, 2, 3, 4]
    for column, step in (("To do", -1), ("Done", 1)):
        with pytest.raises(ItpmError, match="already the"), write_session(engine) as s:
            board.move_column(s, seed.cols[column], step)
    assert [c.name for c in columns_of(engine, seed.p1)] == names
    # Cards stay in their columns, in their order.
    assert layout(engine, seed.p1)["To do"] == ["A", "B", "C", "D"]


def test_cards_take_the_meaning_of_their_column_when_the_done_column_changes(
    seed: Seed, engine: Engine
) -> None:
    i = seed.ids
    move(engine, i["A"], seed.cols["Review"], 0)
    with write_session(engine) as s:
        board.set_done_column(s, seed.cols["Review"], now=NOW)
    a, g = task(engine, i["A"]), task(engine, i["G"])
    assert (a.status, a.percent_complete, a.actual_finish) == ("done", 100, TODAY)
    # G sat in Done, which now means review: no longer finished.
    assert (g.status, g.percent_complete, g.actual_finish) == ("review", 0, None)
    assert task(engine, i["E"]).status == "in-progress"  # other columns untouched


def test_a_move_keeps_what_its_column_meant_then(seed: Seed, engine: Engine) -> None:
    move(engine, seed.ids["A"], seed.cols["In progress"], 0, now=NOW - timedelta(days=4))
    move(engine, seed.ids["A"], seed.cols["Done"], 0, now=NOW - timedelta(days=1))
    before = query(engine, seed.p1).footer
    with write_session(engine) as s:  # In progress no longer means started
        s.get(WorkflowColumn, seed.cols["In progress"]).status = "todo"  # type: ignore[union-attr]
    assert (
        query(engine, seed.p1).footer == before == ("cycle time 3.0 d avg | throughput 1 in 14 d")
    )
    assert [m.to_status for m in moves_of(engine, seed.ids["A"])] == ["in-progress", "done"]


def test_set_done_column_keeps_exactly_one_done_column(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.set_done_column(s, seed.cols["Review"])
    columns = {c.name: c for c in columns_of(engine, seed.p1)}
    assert [n for n, c in columns.items() if c.is_done] == ["Review"]
    assert columns["Review"].status == "done"
    assert columns["Done"].status != "done"
    with write_session(engine) as s:
        board.set_done_column(s, seed.cols["Done"])
    columns = {c.name: c for c in columns_of(engine, seed.p1)}
    assert [n for n, c in columns.items() if c.is_done] == ["Done"]
    assert columns["Done"].status == "done"
    # The other project's board is not touched.
    assert [c.is_done for c in columns_of(engine, seed.p2)] == [False] * 4 + [True]


def test_delete_column_moves_its_cards_to_the_bottom_of_the_chosen_one_in_order(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        moved = board.delete_column(s, seed.cols["To do"], seed.cols["In progress"])
    assert moved == 4
    assert layout(engine, seed.p1) == {
        "Backlog": [],
        "In progress": ["E", "F", "A", "B", "C", "D"],
        "Review": [],
        "Done": ["G"],
    }
    assert [c.position for c in columns_of(engine, seed.p1)] == [0, 1, 2, 3]
    assert task(engine, seed.ids["A"]).status == "in-progress"
    assert moves(engine) == [(t, "To do", "In progress", False) for t in "ABCD"]
    # The moves outlive the column: the name stays, the reference goes.
    with read_session(engine) as s:
        assert {m.from_column_id for m in s.exec(select(CardMove))} == {None}


def test_delete_column_refuses_the_done_column_and_a_target_off_the_board(
    seed: Seed, engine: Engine
) -> None:
    with pytest.raises(ItpmError, match="done column"), write_session(engine) as s:
        board.delete_column(s, seed.cols["Done"], seed.cols["Review"])
    with pytest.raises(ValidationError), write_session(engine) as s:
        board.delete_column(s, seed.cols["To do"], seed.cols["To do"])
    other = columns_of(engine, seed.p2)[0].id
    with pytest.raises(ValidationError), write_session(engine) as s:
        board.delete_column(s, seed.cols["To do"], other)  # type: ignore[arg-type]
    with pytest.raises(NotFound), write_session(engine) as s:
        board.delete_column(s, 9999, seed.cols["Review"])
    assert [c.name for c in columns_of(engine, seed.p1)] == DEFAULT
    assert layout(engine, seed.p1)["To do"] == ["A", "B", "C", "D"]


# --- moving cards --------------------------------------------------------------------------


def test_a_move_across_columns_keeps_both_columns_in_order(seed: Seed, engine: Engine) -> None:
    move(engine, seed.ids["B"], seed.cols["In progress"], 1)
    got = layout(engine, seed.p1)
    assert got["To do"] == ["A", "C", "D"]
    assert got["In progress"] == ["E", "B", "F"]
    move(engine, seed.ids["D"], seed.cols["In progress"], 0)
    move(engine, seed.ids["E"], seed.cols["To do"], 99)  # past the end: the bottom
    got = layout(engine, seed.p1)
    assert got["To do"] == ["A", "C", "E"]
    assert got["In progress"] == ["D", "B", "F"]


def test_a_move_within_a_column_reorders_it(seed: Seed, engine: Engine) -> None:
    move(engine, seed.ids["A"], seed.cols["To do"], 2)
    assert layout(engine, seed.p1)["To do"] == ["B", "C", "A", "D"]
    move(engine, seed.ids["D"], seed.cols["To do"], 0)
    assert layout(engine, seed.p1)["To do"] == ["D", "B", "C", "A"]
    move(engine, seed.ids["B"], seed.cols["To do"], 3)
    assert layout(engine, seed.p1)["To do"] == ["D", "C", "A", "B"]
    assert moves(engine) == []  # reordering is not a move between columns
    assert task(engine, seed.ids["A"]).status == "todo"


def test_a_move_between_two_cards(seed: Seed, engine: Engine) -> None:
    to_do, doing = seed.cols["To do"], seed.cols["In progress"]
    move(engine, seed.ids["A"], doing, after_id=seed.ids["E"], before_id=seed.ids["F"])
    assert layout(engine, seed.p1)["In progress"] == ["E", "A", "F"]
    move(engine, seed.ids["B"], doing, before_id=seed.ids["E"])
    assert layout(engine, seed.p1)["In progress"] == ["B", "E", "A", "F"]
    move(engine, seed.ids["D"], to_do, after_id=None, before_id=seed.ids["C"])
    assert layout(engine, seed.p1)["To do"] == ["D", "C"]


def test_index_between_counts_in_the_whole_column(seed: Seed, engine: Engine) -> None:
    i, to_do = seed.ids, seed.cols["To do"]
    with read_session(engine) as s:
        # Others in To do without A: B C D.
        assert board.index_between(s, i["A"], to_do, i["C"], i["D"]) == 2
        assert board.index_between(s, i["A"], to_do, None, i["B"]) == 0
        assert board.index_between(s, i["A"], to_do, i["D"], None) == 3
        assert board.index_between(s, i["A"], to_do, None, None) == 3
        # The card itself is not counted: after B, among A C D -> index 1... of B C D.
        assert board.index_between(s, i["D"], to_do, i["A"], None) == 1
        # An id from elsewhere is ignored, the other side counts.
        assert board.index_between(s, i["A"], to_do, i["E"], i["C"]) == 1


def test_card_position_is_column_and_index(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        assert board.card_position(s, seed.ids["C"]) == (seed.cols["To do"], 2)
        assert board.card_position(s, seed.ids["F"]) == (seed.cols["In progress"], 1)


def test_a_move_into_a_full_column_raises_and_changes_nothing(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.update_column(s, seed.cols["In progress"], "In progress", 2)
    before = layout(engine, seed.p1)
    # The caller goes on and commits: still nothing changed.
    with write_session(engine) as s, pytest.raises(board.WipLimitReached) as info:
        board.move_card(s, seed.ids["A"], seed.cols["In progress"], 0, now=NOW)
    assert (info.value.column, info.value.count, info.value.limit) == ("In progress", 2, 2)
    assert "3/2" in str(info.value)
    assert layout(engine, seed.p1) == before
    assert moves(engine) == []
    assert task(engine, seed.ids["A"]).status == "todo"
    # Reordering inside the full column is not a new card in it.
    move(engine, seed.ids["F"], seed.cols["In progress"], 0)
    assert layout(engine, seed.p1)["In progress"] == ["F", "E"]


def test_allow_over_limit_moves_into_a_full_column(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.update_column(s, seed.cols["In progress"], "In progress", 1)
    move(engine, seed.ids["A"], seed.cols["In progress"], 0, allow_over_limit=True)
    assert layout(engine, seed.p1)["In progress"] == ["A", "E", "F"]
    assert query(engine, seed.p1).columns[2].over_limit


def test_into_done_finishes_the_task_and_records_it(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        result = board.move_card(s, seed.ids["E"], seed.cols["Done"], 0, now=NOW)
    assert (result.task_title, result.from_column, result.to_column) == ("E", "In progress", "Done")
    assert result.rescheduled
    done = task(engine, seed.ids["E"])
    assert (done.status, done.percent_complete, done.actual_finish) == ("done", 100, TODAY)
    assert done.actual_start == TODAY  # it never had one: it started at the latest today
    assert done.column_entered_at == NOW
    assert moves(engine) == [("E", "In progress", "Done", True)]
    with read_session(engine) as s:
        (record,) = s.exec(select(CardMove))
    assert (record.from_column_id, record.to_column_id) == (
        seed.cols["In progress"],
        seed.cols["Done"],
    )
    assert record.moved_at == NOW


def test_out_of_done_reopens_the_task(seed: Seed, engine: Engine) -> None:
    move(engine, seed.ids["E"], seed.cols["Done"], 0)
    assert task(engine, seed.ids["E"]).percent_complete == 100
    later = NOW + timedelta(days=1)
    move(engine, seed.ids["E"], seed.cols["Review"], 0, now=later)
    reopened = task(engine, seed.ids["E"])
    assert (reopened.status, reopened.percent_complete) == ("review", 0)
    assert reopened.actual_finish is None
    assert reopened.actual_start == TODAY  # started stays started
    assert moves(engine)[-1] == ("E", "Done", "Review", False)


def test_out_of_done_keeps_a_partial_percent(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        g = get_task(s, seed.ids["G"])
        g.percent_complete = 60
        s.add(g)
    move(engine, seed.ids["G"], seed.cols["In progress"], 0)
    assert task(engine, seed.ids["G"]).percent_complete == 60


def test_into_a_started_column_sets_the_actual_start_once(seed: Seed, engine: Engine) -> None:
    assert task(engine, seed.ids["A"]).actual_start is None
    move(engine, seed.ids["A"], seed.cols["In progress"], 0)
    assert task(engine, seed.ids["A"]).actual_start == TODAY
    move(engine, seed.ids["A"], seed.cols["Review"], 0, now=NOW + timedelta(days=3))
    assert task(engine, seed.ids["A"]).actual_start == TODAY  # kept, not moved on
    move(engine, seed.ids["B"], seed.cols["Backlog"], 0)
    assert task(engine, seed.ids["B"]).actual_start is None  # not a started column


def test_every_move_between_columns_is_recorded_with_names(seed: Seed, engine: Engine) -> None:
    a = seed.ids["A"]
    move(engine, a, seed.cols["In progress"], 0)
    move(engine, a, seed.cols["In progress"], 2)  # a reorder: not recorded
    move(engine, a, seed.cols["Review"], 0)
    move(engine, a, seed.cols["Done"], 0)
    move(engine, a, seed.cols["To do"], 0)
    assert moves(engine) == [
        ("A", "To do", "In progress", False),
        ("A", "In progress", "Review", False),
        ("A", "Review", "Done", True),
        ("A", "Done", "To do", False),
    ]
    assert task(engine, a).status == "todo"


def test_a_card_moves_only_on_its_own_board(seed: Seed, engine: Engine) -> None:
    other = columns_of(engine, seed.p2)[1].id
    with pytest.raises(ItpmError, match="own project"), write_session(engine) as s:
        board.move_card(s, seed.ids["A"], other, 0)  # type: ignore[arg-type]
    with pytest.raises(NotFound), write_session(engine) as s:
        board.move_card(s, 9999, seed.cols["Done"], 0)
    assert moves(engine) == []


def test_move_to_status_goes_to_the_first_column_meaning_it(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.add_column(s, seed.p1, "QA", after_id=seed.cols["In progress"], status="review")
        result = board.move_to_status(s, seed.ids["A"], "review")
    assert result.to_column == "QA"
    assert layout(engine, seed.p1)["QA"] == ["A"]
    assert task(engine, seed.ids["A"]).status == "review"


def test_move_to_a_status_the_board_has_no_column_for_is_refused(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        board.delete_column(s, seed.cols["Review"], seed.cols["In progress"])
    before = layout(engine, seed.p1)
    with pytest.raises(ItpmError, match="no column"), write_session(engine) as s:
        board.move_to_status(s, seed.ids["A"], "review")
    assert layout(engine, seed.p1) == before  # not sent to the first column, Backlog
    assert task(engine, seed.ids["A"]).status == "todo"
    assert moves(engine) == []


def test_quick_add_puts_a_card_at_the_bottom_of_the_column(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        new = board.quick_add(s, seed.p1, seed.cols["In progress"], " Write the runbook ")
        review = board.quick_add(s, seed.p1, seed.cols["Review"], "Peer check")
    assert layout(engine, seed.p1)["In progress"] == ["E", "F", "Write the runbook"]
    assert layout(engine, seed.p1)["Review"] == ["Peer check"]
    assert task(engine, new.id).status == "in-progress"  # type: ignore[arg-type]
    assert task(engine, review.id).status == "review"  # type: ignore[arg-type]
    with write_session(engine) as s:  # a second column of the same meaning
        qa = board.add_column(s, seed.p1, "QA", after_id=seed.cols["Review"], status="review")
        added = board.quick_add(s, seed.p1, qa.id, "Load test")  # type: ignore[arg-type]
    assert layout(engine, seed.p1)["QA"] == ["Load test"]
    assert layout(engine, seed.p1)["Review"] == ["Peer check"]
    assert moves(engine) == []  # a new card has not moved
    assert task(engine, added.id).column_id == qa.id  # type: ignore[arg-type]


def test_quick_add_into_a_full_column_needs_allow_over_limit(seed: Seed, engine: Engine) -> None:
    doing = seed.cols["In progress"]
    with write_session(engine) as s:
        board.update_column(s, doing, "In progress", 2)
    with pytest.raises(board.WipLimitReached), write_session(engine) as s:
        board.quick_add(s, seed.p1, doing, "Over the limit")
    assert layout(engine, seed.p1)["In progress"] == ["E", "F"]
    with write_session(engine) as s:
        board.quick_add(s, seed.p1, doing, "Over the limit", allow_over_limit=True)
    assert layout(engine, seed.p1)["In progress"] == ["E", "F", "Over the limit"]


def test_quick_add_refuses_no_title_and_a_column_of_another_board(
    seed: Seed, engine: Engine
) -> None:
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        board.quick_add(s, seed.p1, seed.cols["To do"], "  ")
    assert "title" in info.value.errors
    other = columns_of(engine, seed.p2)[1].id
    with pytest.raises(ItpmError), write_session(engine) as s:
        board.quick_add(s, seed.p1, other, "Lost")  # type: ignore[arg-type]
    assert layout(engine, seed.p1)["To do"] == ["A", "B", "C", "D"]
    assert layout(engine, seed.p2)["To do"] == []


def test_toggle_blocked_flips_it(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        assert board.toggle_blocked(s, seed.ids["A"]) is True
    assert task(engine, seed.ids["A"]).blocked
    with write_session(engine) as s:
        assert board.toggle_blocked(s, seed.ids["A"]) is False
    assert not task(engine, seed.ids["A"]).blocked


def test_cycle_priority_goes_round_in_order(seed: Seed, engine: Engine) -> None:
    seen = []
    for _ in range(4):
        with write_session(engine) as s:
            seen.append(board.cycle_priority(s, seed.ids["A"]))
        assert task(engine, seed.ids["A"]).priority == seen[-1]
    assert seen == ["high", "critical", "low", "medium"]


def test_assign_sets_and_clears_and_refuses_a_missing_person(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        board.assign(s, seed.ids["A"], seed.bob)
    assert task(engine, seed.ids["A"]).assignee_id == seed.bob
    with pytest.raises(NotFound), write_session(engine) as s:
        board.assign(s, seed.ids["A"], 9999)
    assert task(engine, seed.ids["A"]).assignee_id == seed.bob
    with write_session(engine) as s:
        board.assign(s, seed.ids["A"], None)
    assert task(engine, seed.ids["A"]).assignee_id is None


def test_a_new_task_lands_at_the_bottom_of_the_column_for_its_status(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        create_task(s, seed.p1, TaskInput(title="H", status="todo"))
        create_task(s, seed.p1, TaskInput(title="I", status="backlog"))
        create_task(s, seed.p1, TaskInput(title="J", status="review"))
    got = layout(engine, seed.p1)
    assert got["To do"] == ["A", "B", "C", "D", "H"]
    assert got["Backlog"] == ["I"]
    assert got["Review"] == ["J"]


def test_a_status_change_in_the_task_form_moves_the_card(seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        b = get_task(s, seed.ids["B"])
    with write_session(engine) as s:
        update_task(s, b.id, TaskInput(title="B", status="in-progress"), b.version)  # type: ignore[arg-type]
    got = layout(engine, seed.p1)
    assert got["To do"] == ["A", "C", "D"]
    assert got["In progress"] == ["E", "F", "B"]
    assert moves(engine) == [("B", "To do", "In progress", False)]
    assert task(engine, b.id).actual_start is not None  # type: ignore[arg-type]
    # Another edit that keeps the status leaves the card where it is.
    b = task(engine, b.id)  # type: ignore[arg-type]
    with write_session(engine) as s:
        update_task(s, b.id, TaskInput(title="B2", status="in-progress"), b.version)  # type: ignore[arg-type]
    assert layout(engine, seed.p1)["In progress"] == ["E", "F", "B2"]
    assert len(moves(engine)) == 1


def test_sync_column_to_status_keeps_a_card_in_a_column_of_that_meaning(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        qa = board.add_column(s, seed.p1, "QA", status="in-progress")
        board.move_card(s, seed.ids["A"], qa.id, 0, now=NOW)  # type: ignore[arg-type]
        a = get_task(s, seed.ids["A"])
        board.sync_column_to_status(s, a)  # already in a column meaning in-progress
    assert layout(engine, seed.p1)["QA"] == ["A"]
    with write_session(engine) as s:
        a = get_task(s, seed.ids["A"])
        a.status = "done"
        board.sync_column_to_status(s, a)
    assert layout(engine, seed.p1)["Done"] == ["G", "A"]
    assert task(engine, seed.ids["A"]).percent_complete == 100


# --- sprints -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start", "finish", "fields"),
    [
        ("", date(2026, 11, 2), date(2026, 11, 13), {"name"}),
        ("S1", None, date(2026, 11, 13), {"start"}),
        ("S1", date(2026, 11, 2), None, {"finish"}),
        ("S1", date(2026, 11, 13), date(2026, 11, 12), {"finish"}),
        (" ", None, None, {"name", "start", "finish"}),
    ],
)
def test_save_sprint_refuses_bad_input(
    seed: Seed, engine: Engine, name: str, start: date | None, finish: date | None, fields: set
) -> None:
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        board.save_sprint(s, seed.p1, None, name, "", start, finish)
    assert set(info.value.errors) == fields
    with read_session(engine) as s:
        assert board.list_sprints(s, seed.p1) == []


def test_sprints_are_saved_edited_and_current_on_their_days(seed: Seed, engine: Engine) -> None:
    with write_session(engine) as s:
        two = board.save_sprint(
            s, seed.p1, None, "Sprint 2", "", date(2026, 11, 16), date(2026, 11, 27)
        )
        one = board.save_sprint(
            s, seed.p1, None, "Sprint 1", "go", date(2026, 11, 2), date(2026, 11, 13)
        )
        board.save_sprint(s, seed.p1, None, "Day", "", date(2026, 12, 1), date(2026, 12, 1))
    with read_session(engine) as s:
        assert [sp.name for sp in board.list_sprints(s, seed.p1)] == ["Sprint 1", "Sprint 2", "Day"]
        on = {
            day: board.current_sprint(s, seed.p1, day)
            for day in (
                date(2026, 11, 2),
                date(2026, 11, 13),
                date(2026, 11, 14),
                date(2026, 11, 16),
                date(2026, 11, 27),
                date(2026, 11, 28),
                date(2026, 12, 1),
            )
        }
        assert board.current_sprint(s, seed.p2, date(2026, 11, 18)) is None
    assert {d: sp.name if sp else None for d, sp in on.items()} == {
        date(2026, 11, 2): "Sprint 1",
        date(2026, 11, 13): "Sprint 1",
        date(2026, 11, 14): None,
        date(2026, 11, 16): "Sprint 2",
        date(2026, 11, 27): "Sprint 2",
        date(2026, 11, 28): None,
        date(2026, 12, 1): "Day",
    }
    with write_session(engine) as s:
        board.save_sprint(s, seed.p1, one.id, "Sprint 1b", "  ship it ", one.start, one.finish)
    with read_session(engine) as s:
        edited = s.get(Sprint, one.id)
        assert (edited.name, edited.goal) == ("Sprint 1b", "ship it")  # type: ignore[union-attr]
        assert len(board.list_sprints(s, seed.p1)) == 3
    assert two.id != one.id


def test_a_task_joins_a_sprint_of_its_own_project_and_leaves_with_its_deletion(
    seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        sprint = board.save_sprint(s, seed.p1, None, "S", "", TODAY, TODAY)
        elsewhere = board.save_sprint(s, seed.p2, None, "T", "", TODAY, TODAY)
        board.set_sprint(s, seed.ids["A"], sprint.id)
    assert task(engine, seed.ids["A"]).sprint_id == sprint.id
    with pytest.raises(ItpmError), write_session(engine) as s:
        board.set_sprint(s, seed.ids["B"], elsewhere.id)
    assert task(engine, seed.ids["B"]).sprint_id is None
    with write_session(engine) as s:
        board.delete_sprint(s, sprint.id)  # type: ignore[arg-type]
    assert task(engine, seed.ids["A"]).sprint_id is None
    assert layout(engine, seed.p1)["To do"] == ["A", "B", "C", "D"]


# --- reading the board ---------------------------------------------------------------------


@pytest.fixture
def rich_seed(seed: Seed, engine: Engine) -> Seed:
    """P1's cards get people, priorities, tags, a sprint; plus a summary and a milestone."""
    i = seed.ids
    with write_session(engine) as s:
        details = {
            "A": (seed.ada, "high", "net,infra"),
            "B": (seed.bob, "low", "infra"),
            "C": (None, "critical", ""),
            "D": (seed.ada, "medium", "docs"),
            "E": (seed.bob, "high", ""),
            "F": (None, "medium", "net"),
            "G": (seed.ada, "low", ""),
        }
        for title, (person, priority, tags) in details.items():
            t = get_task(s, i[title])
            t.assignee_id, t.priority, t.tags = person, priority, tags
            s.add(t)
        sprint = board.save_sprint(
            s, seed.p1, None, "Now", "", date(2026, 11, 16), date(2026, 11, 27)
        )
        board.save_sprint(s, seed.p1, None, "Later", "", date(2026, 12, 1), date(2026, 12, 12))
        for title in ("A", "E"):
            board.set_sprint(s, i[title], sprint.id)
        parent = create_task(s, seed.p1, TaskInput(title="Summary"))
        create_task(s, seed.p1, TaskInput(title="Child", parent_id=parent.id))
        create_task(s, seed.p1, TaskInput(title="Gate", is_milestone=True, start=TODAY))
    return seed


def test_summaries_and_milestones_are_not_cards(rich_seed: Seed, engine: Engine) -> None:
    data = query(engine, rich_seed.p1)
    assert titles(data) == {
        "Backlog": [],
        "To do": ["A", "B", "C", "D", "Child"],
        "In progress": ["E", "F"],
        "Review": [],
        "Done": ["G"],
    }
    assert [c.count for c in data.columns] == [0, 5, 2, 0, 1]
    assert len(data.lanes) == 1 and data.lanes[0].title == ""


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (BoardFilter(text="infra"), {"A", "B"}),  # a tag
        (BoardFilter(text="ADA net"), {"A"}),  # every word, any case: the assignee and a tag
        (BoardFilter(text="bob"), {"B", "E"}),
        (BoardFilter(text="critical"), {"C"}),
        (BoardFilter(text="nothing like it"), set()),
        (BoardFilter(assignee="Ada Lovelace"), {"A", "D", "G"}),
        (BoardFilter(assignee=""), {"C", "F", "Child"}),  # unassigned
        (BoardFilter(priority="high"), {"A", "E"}),
        (BoardFilter(tag="net"), {"A", "F"}),
        (BoardFilter(tag="NET"), {"A", "F"}),
        (BoardFilter(tag="ne"), set()),  # a whole tag, not a part of one
        (BoardFilter(sprint="current"), {"A", "E"}),
        (BoardFilter(sprint="all"), {"A", "B", "C", "D", "E", "F", "G", "Child"}),
        (BoardFilter(assignee="Bob Stone", priority="low"), {"B"}),
    ],
)
def test_filters_hide_cards_but_counts_keep_them(
    rich_seed: Seed, engine: Engine, flt: BoardFilter, expected: set[str]
) -> None:
    data = query(engine, rich_seed.p1, flt)
    shown = [t for names in titles(data).values() for t in names]
    assert set(shown) == expected and len(shown) == len(expected)
    assert [c.count for c in data.columns] == [0, 5, 2, 0, 1]


def test_the_sprint_filter_by_id_and_with_no_current_sprint(
    rich_seed: Seed, engine: Engine
) -> None:
    with read_session(engine) as s:
        later = next(sp for sp in board.list_sprints(s, rich_seed.p1) if sp.name == "Later")
        now_sprint = board.current_sprint(s, rich_seed.p1, TODAY)
    with write_session(engine) as s:
        board.set_sprint(s, rich_seed.ids["C"], later.id)
    shown = titles(query(engine, rich_seed.p1, BoardFilter(sprint=str(later.id))))
    assert [t for ts in shown.values() for t in ts] == ["C"]
    shown = titles(query(engine, rich_seed.p1, BoardFilter(sprint=str(now_sprint.id))))  # type: ignore[union-attr]
    assert [t for ts in shown.values() for t in ts] == ["A", "E"]
    with read_session(engine) as s:  # a day in no sprint: "current" shows nothing
        data = project_board(s, rich_seed.p1, date(2026, 11, 30), BoardFilter(sprint="current"))
    assert all(not ts for ts in titles(data).values())


def test_swimlanes_by_assignee_are_in_name_order_unassigned_last(
    rich_seed: Seed, engine: Engine
) -> None:
    data = query(engine, rich_seed.p1, lanes="assignee")
    assert [lane.title for lane in data.lanes] == ["Ada Lovelace", "Bob Stone", "Unassigned"]
    by_lane = {
        lane.title: [[c.title for c in cards] for cards in lane.cards] for lane in data.lanes
    }
    assert by_lane["Ada Lovelace"] == [[], ["A", "D"], [], [], ["G"]]
    assert by_lane["Bob Stone"] == [[], ["B"], ["E"], [], []]
    assert by_lane["Unassigned"] == [[], ["C", "Child"], ["F"], [], []]


def test_swimlanes_by_priority_run_from_critical_to_low(rich_seed: Seed, engine: Engine) -> None:
    data = query(engine, rich_seed.p1, lanes="priority")
    assert [lane.title for lane in data.lanes] == ["critical", "high", "medium", "low"]
    by_lane = {lane.title: [c.title for cs in lane.cards for c in cs] for lane in data.lanes}
    assert by_lane == {
        "critical": ["C"],
        "high": ["A", "E"],
        "medium": ["D", "Child", "F"],
        "low": ["B", "G"],
    }


def test_a_card_waits_while_a_predecessor_is_unfinished(seed: Seed, engine: Engine) -> None:
    i = seed.ids
    with write_session(engine) as s:
        add_dependency(s, i["A"], i["B"])  # A (to do) before B
        add_dependency(s, i["G"], i["C"])  # G (done) before C
        add_dependency(s, i["A"], i["G"])  # a done card is not waiting, whatever came before
    data = query(engine, seed.p1)
    assert {t for t in "ABCDEFG" if card(data, t).waiting} == {"B"}
    move(engine, i["A"], seed.cols["Done"], 0)
    assert not card(query(engine, seed.p1), "B").waiting


def test_overdue_and_days_in_column(seed: Seed, engine: Engine) -> None:
    i = seed.ids
    move(engine, i["C"], seed.cols["In progress"], 0, now=NOW - timedelta(days=3, hours=1))
    move(engine, i["D"], seed.cols["In progress"], 0, now=NOW - timedelta(hours=23))
    due = {"A": TODAY - timedelta(days=1), "B": TODAY, "G": date(2026, 1, 1)}
    with write_session(engine) as s:  # after the moves, which reschedule
        for title in "ABCDEFG":
            t = get_task(s, i[title])
            t.finish = due.get(title, TODAY + timedelta(days=5))
            s.add(t)
    data = query(engine, seed.p1)
    assert {t for t in "ABCDEFG" if card(data, t).overdue} == {"A"}  # G is done
    assert card(data, "C").days_in_column == 3
    assert card(data, "D").days_in_column == 0
    assert card(query(engine, seed.p1, now=NOW + timedelta(days=10)), "C").days_in_column == 13
    assert card(data, "B").due == TODAY


def test_the_flow_footer_reads_the_moves(seed: Seed, engine: Engine) -> None:
    assert query(engine, seed.p1).footer.startswith("cycle time - ")
    i = seed.ids
    move(engine, i["A"], seed.cols["In progress"], 0, now=NOW - timedelta(days=4))
    move(engine, i["A"], seed.cols["Done"], 0, now=NOW - timedelta(days=1))
    move(engine, i["B"], seed.cols["In progress"], 0, now=NOW - timedelta(days=2))
    move(engine, i["B"], seed.cols["Done"], 0, now=NOW - timedelta(days=1))
    footer = query(engine, seed.p1).footer
    assert footer == "cycle time 2.0 d avg | throughput 2 in 14 d"
    # Three weeks on, nothing finished in the last 14 days.
    assert "throughput 0" in query(engine, seed.p1, now=NOW + timedelta(days=21)).footer


def test_board_options_list_people_tags_and_sprints(rich_seed: Seed, engine: Engine) -> None:
    with read_session(engine) as s:
        options = board_options(s, rich_seed.p1)
    assert options["assignee"] == [
        ("Ada Lovelace", "Ada Lovelace"),
        ("Bob Stone", "Bob Stone"),
        ("(unassigned)", ""),
    ]
    assert options["tag"] == [("docs", "docs"), ("infra", "infra"), ("net", "net")]
    assert [label for label, _ in options["sprint"]] == ["current sprint", "Now", "Later"]


def test_the_portfolio_board_groups_by_project_or_person_in_status_columns(
    rich_seed: Seed, engine: Engine
) -> None:
    with write_session(engine) as s:
        create_task(
            s, rich_seed.p2, TaskInput(title="X", status="review", assignee_id=rich_seed.bob)
        )
        qa = board.add_column(s, rich_seed.p1, "QA", status="review")
        board.move_card(s, rich_seed.ids["D"], qa.id, 0, now=NOW)  # type: ignore[arg-type]
    with read_session(engine) as s:
        by_project = portfolio_board(s, TODAY, "project", now=NOW)
        by_person = portfolio_board(s, TODAY, "person", now=NOW)
        only_bob = portfolio_board(s, TODAY, "person", BoardFilter(assignee="Bob Stone"), now=NOW)
    assert [c.name for c in by_project.columns] == DEFAULT
    assert [c.id for c in by_project.columns] == [1, 2, 3, 4, 5]
    assert [c.count for c in by_project.columns] == [0, 4, 2, 2, 1]
    assert [lane.title for lane in by_project.lanes] == ["P1 One", "P2 Two"]
    assert titles(by_project)["Review"] == ["D", "X"]  # a column of its own board: by status
    # Lanes by project name the project; by person, each card carries its code.
    assert card(by_project, "X").project_code == ""
    assert card(by_person, "X").project_code == "P2"
    assert [lane.title for lane in by_person.lanes] == ["Ada Lovelace", "Bob Stone", "Unassigned"]
    bob = next(lane for lane in by_person.lanes if lane.title == "Bob Stone")
    assert [[c.title for c in cs] for cs in bob.cards] == [[], ["B"], ["E"], ["X"], []]
    assert [t for ts in titles(only_bob).values() for t in ts] == ["B", "E", "X"]
    assert [c.count for c in only_bob.columns] == [0, 4, 2, 2, 1]
    assert [status_of_portfolio_column(n) for n in range(1, 6)] == [
        "backlog",
        "todo",
        "in-progress",
        "review",
        "done",
    ]


# --- migration 0003 ------------------------------------------------------------------------


def _fill_at_0002(conn: sqlite3.Connection) -> None:
    """Two projects at the schema of 0002 with a task of every status, a link, a baseline."""
    stamp = "2026-01-05 09:00:00.000000"
    for pid, code in ((1, "OLD-1"), (2, "OLD-2")):
        conn.execute(
            "INSERT INTO project (id, code, name, project_type, methodology, phase, health,"
            " sponsor, description, created_at, updated_at, version)"
            " VALUES (?, ?, 'Old', 'other', 'waterfall', 'execution', 'green', '', '', ?, ?, 1)",
            (pid, code, stamp, stamp),
        )
    statuses = ["backlog", "todo", "in-progress", "review", "done"]
    rows = [(n + 1, 1, s) for n, s in enumerate(statuses)]  # P1: one of each
    rows += [(6, 2, "todo"), (7, 2, "done"), (8, 2, "todo")]  # P2: two in to do
    for tid, pid, status in rows:
        conn.execute(
            "INSERT INTO task (id, project_id, parent_id, position, title, description, status,"
            " priority, percent_complete, is_milestone, tags, created_at, updated_at, version)"
            " VALUES (?, ?, NULL, ?, ?, '', ?, 'medium', 0, 0, '', ?, ?, 1)",
            (tid, pid, tid, f"T{tid} {status}", status, stamp, stamp),
        )
    conn.execute(
        "INSERT INTO dependency (predecessor_id, successor_id, kind, lag_days, created_at)"
        " VALUES (2, 3, 'FS', 0, ?)",
        (stamp,),
    )
    conn.execute(
        "INSERT INTO baseline (id, project_id, name, created_at) VALUES (1, 1, 'B', ?)", (stamp,)
    )
    conn.execute(
        "INSERT INTO baselinetask (baseline_id, task_id, start, finish, duration_days)"
        " VALUES (1, 3, '2026-01-05', '2026-01-09', 5)"
    )
    conn.commit()


def test_migration_0003_puts_every_task_in_the_column_of_its_status(db_path: Path) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0002_schedule")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            _fill_at_0002(raw)

        assert db.upgrade(engine) == ("0002_schedule", HEAD_REVISION)

        with read_session(engine) as s:
            for pid in (1, 2):
                columns = board.list_columns(s, pid)
                assert [c.name for c in columns] == DEFAULT
                assert [c.position for c in columns] == [0, 1, 2, 3, 4]
                assert [c.is_done for c in columns] == [False] * 4 + [True]
                by_id = {c.id: c for c in columns}
                tasks = list(
                    s.exec(select(Task).where(Task.project_id == pid).order_by(col(Task.id)))
                )
                for t in tasks:
                    assert by_id[t.column_id].status == t.status, t.title
                    assert not t.blocked and t.sprint_id is None
            # Within a column the old order (by id) is kept.
            p2_todo = next(c for c in board.list_columns(s, 2) if c.status == "todo")
            assert [t.title for t in board._cards_in(s, p2_todo.id)] == ["T6 todo", "T8 todo"]  # type: ignore[arg-type]
            assert s.exec(select(CardMove)).all() == []
        with engine.connect() as conn:
            # Rebuilding `task` cascaded into nothing.
            assert conn.exec_driver_sql("SELECT count(*) FROM dependency").scalar() == 1
            assert conn.exec_driver_sql("SELECT count(*) FROM baselinetask").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        # The migrated board reads and moves like a new one.
        data = query(engine, 1)
        assert titles(data) == {
            "Backlog": ["T1 backlog"],
            "To do": ["T2 todo"],
            "In progress": ["T3 in-progress"],
            "Review": ["T4 review"],
            "Done": ["T5 done"],
        }
        assert card(data, "T3 in-progress").waiting  # T2 comes first and is not done
        with write_session(engine) as s:
            done = next(c for c in board.list_columns(s, 2) if c.is_done)
            board.move_card(s, 8, done.id, 0, now=NOW)  # type: ignore[arg-type]
        assert layout(engine, 2)["Done"] == ["T8 todo", "T7 done"]
        assert layout(engine, 2)["To do"] == ["T6 todo"]
    finally:
        engine.dispose()


# --- positions: sort keys with room between them -------------------------------------------


def positions(engine: Engine, column_id: int) -> dict[int, int]:
    with read_session(engine) as s:
        return {
            t.id: t.board_position
            for t in s.exec(select(Task).where(Task.column_id == column_id))
            if t.id is not None
        }


def test_a_move_rewrites_only_the_moved_card_while_there_is_room(
    seed: Seed, engine: Engine
) -> None:
    to_do, doing = seed.cols["To do"], seed.cols["In progress"]
    before = positions(engine, to_do) | positions(engine, doing)
    move(engine, seed.ids["B"], doing, 1)
    move(engine, seed.ids["D"], to_do, 0)
    after = positions(engine, to_do) | positions(engine, doing)
    changed = {card for card in before if before[card] != after[card]}
    assert changed == {seed.ids["B"], seed.ids["D"]}


def test_neighbours_with_no_room_between_them_spread_the_column(seed: Seed, engine: Engine) -> None:
    to_do = seed.cols["To do"]
    with write_session(engine) as s:
        for title, position in (("A", 5), ("B", 6), ("C", 6), ("D", 7)):
            card = s.get(Task, seed.ids[title])
            card.board_position = position  # type: ignore[union-attr]
    # B and C tie at 6 (ordered by id): layout() would refuse the column as it is.
    move(engine, seed.ids["D"], to_do, 1)  # between A (5) and B (6): no room
    assert layout(engine, seed.p1)["To do"] == ["A", "D", "B", "C"]
    move(engine, seed.ids["G"], to_do, 3)  # between B and C, once tied at 6
    assert layout(engine, seed.p1)["To do"] == ["A", "D", "B", "G", "C"]
    with read_session(engine) as s:
        assert board.card_position(s, seed.ids["G"]) == (to_do, 3)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from("ABCDEFG"), st.sampled_from(DEFAULT), st.integers(0, 8)),
        min_size=1,
        max_size=25,
    )
)
def test_any_sequence_of_moves_matches_a_list_model(
    seed: Seed, engine: Engine, steps: list[tuple[str, str, int]]
) -> None:
    with write_session(engine) as s:  # the seed's layout, reset for every example
        for name, titles in {
            "Backlog": "",
            "To do": "ABCD",
            "In progress": "EF",
            "Review": "",
            "Done": "G",
        }.items():
            for position, title in enumerate(titles):
                card = s.get(Task, seed.ids[title])
                card.column_id = seed.cols[name]  # type: ignore[union-attr]
                card.board_position = position  # type: ignore[union-attr]
    model = layout(engine, seed.p1)
    for title, column, index in steps:
        for cards in model.values():
            if title in cards:
                cards.remove(title)
        target = model[column]
        target.insert(min(index, len(target)), title)
        move(engine, seed.ids[title], seed.cols[column], index)
        assert layout(engine, seed.p1) == model
        with read_session(engine) as s:
            assert board.card_position(s, seed.ids[title]) == (
                seed.cols[column],
                model[column].index(title),
            )
