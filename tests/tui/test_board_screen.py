"""The Kanban board screens by keyboard on a real SQLite file: moves, WIP, edits, filters."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from itpm_tui.db import read_session, sqlite_path, write_session
from itpm_tui.models import CardMove, Person, Sprint, Task, WorkflowColumn
from itpm_tui.screens.kanban.board import BoardScreen, PortfolioBoardScreen
from itpm_tui.screens.kanban.sprints import SprintsScreen
from itpm_tui.screens.kanban.workflow import WorkflowScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.pickers import ChoiceScreen
from itpm_tui.services.kanban import board
from itpm_tui.services.kanban.board_query import project_board
from itpm_tui.services.kanban.board_view import BoardData
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.widgets.kanban import KanbanBoard

from .helpers import (
    TODAY,
    burst,
    choose,
    fill,
    known,
    notices,
    open_code,
    press,
    screen_text,
    settle,
    type_text,
    widget_text,
)

SIZES = [(80, 24), (120, 40)]
# NET-CORE (Planning) on the demo's TODAY: To do holds three cards, In progress one (of 3).
NET = "NET-CORE"
NET_START = {
    "Backlog": [],
    "To do": ["Order hardware", "Install core switches", "Migrate VLANs and routing"],
    "In progress": ["High-level design"],
    "Review": [],
    "Done": ["Site survey and inventory"],
}


# --- reading the database and the screen ---------------------------------------------------


def date_after(days: int) -> date:
    return TODAY + timedelta(days=days)


def project_id(engine: Engine, code: str) -> int:
    with read_session(engine) as s:
        return known(find_project(s, code).id)


def stored(engine: Engine, code: str) -> dict[str, list[str]]:
    """The board as the database holds it: card titles per column, in board order."""
    with read_session(engine) as s:
        data = project_board(s, project_id(engine, code), TODAY)
    return titles(data)


def titles(data: BoardData) -> dict[str, list[str]]:
    return {
        c.name: [card.title for lane in data.lanes for card in lane.cards[i]]
        for i, c in enumerate(data.columns)
    }


def task_named(engine: Engine, title: str) -> Task:
    with read_session(engine) as s:
        return s.exec(select(Task).where(Task.title == title)).one()


def card_moves(engine: Engine, title: str) -> list[tuple[str, str]]:
    with read_session(engine) as s:
        rows = s.exec(
            select(CardMove)
            .join(Task, col(Task.id) == col(CardMove.task_id))
            .where(Task.title == title)
            .order_by(col(CardMove.id))
        ).all()
    return [(m.from_name, m.to_name) for m in rows]


def column_named(engine: Engine, code: str, name: str) -> WorkflowColumn:
    with read_session(engine) as s:
        columns = board.list_columns(s, project_id(engine, code))
    return next(c for c in columns if c.name == name)


def kanban(pilot: Pilot[Any]) -> KanbanBoard:
    return pilot.app.screen.query_one(KanbanBoard)


def shown(pilot: Pilot[Any]) -> dict[str, list[str]]:
    """The board as the widget shows it now."""
    return titles(kanban(pilot).board)


def headers(pilot: Pilot[Any]) -> list[str]:
    return [c.header for c in kanban(pilot).board.columns]


def focused(pilot: Pilot[Any]) -> str:
    card = kanban(pilot).focused_card
    assert card is not None
    return card.title


def status_line(pilot: Pilot[Any]) -> str:
    return widget_text(pilot.app.screen.query_one("#board-status", Static))


async def focus_card(pilot: Pilot[Any], title: str) -> None:
    """Walk to a card by keys: along the columns, then down the column (across lanes)."""
    widget = kanban(pilot)
    data = widget.board
    target, row = next(
        (i, [c.title for lane in data.lanes for c in lane.cards[i]].index(title))
        for i in range(len(data.columns))
        if any(c.title == title for lane in data.lanes for c in lane.cards[i])
    )
    while widget.focus_position[1] != target:
        await pilot.press("right" if widget.focus_position[1] < target else "left")
    await pilot.press("home", *["down"] * row)
    assert focused(pilot) == title


async def open_board(pilot: Pilot[Any], code: str = NET) -> BoardScreen:
    """From the portfolio: open the project, press 3 (Execution), wait for the board."""
    await settle(pilot)
    await open_code(pilot, code)
    if not isinstance(pilot.app.screen, BoardScreen):
        await press(pilot, "3")
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    assert kanban(pilot).board.columns  # loaded
    return screen


@contextlib.contextmanager
def database_locked(engine: Engine) -> Iterator[None]:
    """Another process holds the write lock: the app's writes wait (busy timeout) until it ends."""
    path = sqlite_path(str(engine.url))
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("COMMIT")
    finally:
        other.close()


# --- opening -------------------------------------------------------------------------------


async def test_key_3_opens_the_board_with_the_flow_line(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, NET)
        assert isinstance(app.screen, PlanningScreen)
        await press(pilot, "3")
        assert isinstance(app.screen, BoardScreen)
        assert shown(pilot) == NET_START == stored(demo_db, NET)
        assert headers(pilot) == ["Backlog 0", "To do 3", "In progress 1/3", "Review 0", "Done 1"]
        assert focused(pilot) == "Order hardware"  # the top card of the first column with one
        text = "\n".join(kanban(pilot).visible_text())
        assert "Order hardwa" in text and "High-level d" in text  # cut to 15 cells
        # The flow line: what the service computes for the app's day.
        with read_session(demo_db) as s:
            expected = project_board(s, project_id(demo_db, NET), TODAY, now=app.now).footer
        assert expected.startswith("cycle time ") and "throughput 1 in 14 d" in expected
        assert expected in status_line(pilot)
        assert app.focused is kanban(pilot)


# --- moves ---------------------------------------------------------------------------------


async def test_shift_right_moves_the_card_at_once_and_saves_it_behind(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        with database_locked(demo_db):
            await pilot.press("shift+right")
            # Shown before the database has it (the write waits for the lock).
            # Beside the card on its row (the first), pushing the other down.
            assert shown(pilot)["In progress"] == ["Order hardware", "High-level design"]
            assert headers(pilot)[1:3] == ["To do 2", "In progress 2/3"]
            assert focused(pilot) == "Order hardware"
            assert stored(demo_db, NET) == NET_START
        await settle(pilot)
        assert stored(demo_db, NET)["In progress"] == ["Order hardware", "High-level design"]
        assert stored(demo_db, NET)["To do"] == NET_START["To do"][1:]
        assert card_moves(demo_db, "Order hardware") == [("To do", "In progress")]
        assert task_named(demo_db, "Order hardware").status == "in-progress"
        assert shown(pilot) == stored(demo_db, NET)


async def test_two_quick_presses_move_two_columns_in_order(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.press("L", "L")
        await settle(pilot)
        assert stored(demo_db, NET)["Review"] == ["Order hardware"]
        assert card_moves(demo_db, "Order hardware") == [
            ("To do", "In progress"),
            ("In progress", "Review"),
        ]
        assert shown(pilot)["Review"] == ["Order hardware"]
        # Typed ahead in one burst (a slow link): the second key can reach the board before
        # the screen has seen the first move; it still goes one column further.
        await burst(pilot, "H", "H")
        await settle(pilot)
        assert "Order hardware" in stored(demo_db, NET)["To do"]  # (at its end, not row 0)
        await burst(pilot, "L", "L")
        await settle(pilot)
        assert stored(demo_db, NET)["Review"] == ["Order hardware"]
        assert card_moves(demo_db, "Order hardware")[2:] == [
            ("Review", "In progress"),
            ("In progress", "To do"),
            ("To do", "In progress"),
            ("In progress", "Review"),
        ]
        # Faster than the database: both keys land while the first write still waits.
        with database_locked(demo_db):
            await pilot.press("H", "H")
            assert shown(pilot)["To do"][0] == "Order hardware"
        await settle(pilot)
        assert card_moves(demo_db, "Order hardware")[6:] == [
            ("Review", "In progress"),
            ("In progress", "To do"),
        ]
        assert stored(demo_db, NET) == NET_START
        assert shown(pilot) == NET_START


async def test_shift_up_and_down_reorder_the_column(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "shift+down")
        assert stored(demo_db, NET)["To do"] == [
            "Install core switches",
            "Order hardware",
            "Migrate VLANs and routing",
        ]
        await press(pilot, "J")
        assert stored(demo_db, NET)["To do"] == [
            "Install core switches",
            "Migrate VLANs and routing",
            "Order hardware",
        ]
        await press(pilot, "J")  # already the last: nothing happens
        await press(pilot, "shift+up", "K")
        assert stored(demo_db, NET)["To do"] == [
            "Order hardware",
            "Install core switches",
            "Migrate VLANs and routing",
        ]
        assert shown(pilot)["To do"] == stored(demo_db, NET)["To do"]
        assert focused(pilot) == "Order hardware"
        assert card_moves(demo_db, "Order hardware") == []  # reordering is not a move


async def test_u_undoes_the_last_move(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "u")
        assert "Nothing to undo." in notices(app)
        await focus_card(pilot, "Install core switches")
        await press(pilot, "shift+right")
        await press(pilot, "shift+right")
        assert stored(demo_db, NET)["Review"] == ["Install core switches"]
        await press(pilot, "u")
        assert stored(demo_db, NET)["In progress"] == ["High-level design", "Install core switches"]
        await press(pilot, "u")
        assert stored(demo_db, NET) == NET_START  # back in its place, second in To do
        assert shown(pilot) == NET_START
        messages = notices(app)
        assert "Undone: move 'Install core switches' to In progress" in messages
        # Undo puts the rows back as they were: the moves it undid are gone from the log.
        assert card_moves(demo_db, "Install core switches") == []
        await press(pilot, "ctrl+r")
        assert stored(demo_db, NET)["In progress"] == ["High-level design", "Install core switches"]
        assert shown(pilot)["In progress"] == ["High-level design", "Install core switches"]
        assert card_moves(demo_db, "Install core switches") == [("To do", "In progress")]
        assert "Redone: move 'Install core switches' to In progress" in notices(app)


async def test_a_move_into_a_full_column_asks_first(demo_db, make_app) -> None:
    doing = column_named(demo_db, NET, "In progress")
    with write_session(demo_db) as s:
        board.update_column(s, known(doing.id), doing.name, 1)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        assert headers(pilot)[2] == "In progress 1/1"
        await press(pilot, "L")
        assert isinstance(app.screen, ConfirmScreen)
        assert "WIP limit (1/1)" in app.screen.question
        await press(pilot, "n")
        assert isinstance(app.screen, BoardScreen)
        assert stored(demo_db, NET) == NET_START
        assert shown(pilot) == NET_START
        assert card_moves(demo_db, "Order hardware") == []
        await press(pilot, "L")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert stored(demo_db, NET)["In progress"] == ["Order hardware", "High-level design"]
        assert card_moves(demo_db, "Order hardware") == [("To do", "In progress")]
        assert headers(pilot)[2] == "In progress 2/1"


# --- card edits ----------------------------------------------------------------------------


async def test_n_quick_adds_a_card_in_the_focused_column(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "right")  # In progress
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Rack the spare switch")
        await press(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)
        assert stored(demo_db, NET)["In progress"] == ["High-level design", "Rack the spare switch"]
        assert task_named(demo_db, "Rack the spare switch").status == "in-progress"
        assert focused(pilot) == "Rack the spare switch"
        assert shown(pilot) == stored(demo_db, NET)


async def test_quick_add_into_a_full_column_asks_first(demo_db, make_app) -> None:
    doing = column_named(demo_db, NET, "In progress")
    with write_session(demo_db) as s:
        board.update_column(s, known(doing.id), doing.name, 1)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "right")  # In progress, 1/1
        await press(pilot, "n")
        assert isinstance(app.screen, ConfirmScreen)
        assert "WIP limit (1/1)" in app.screen.question
        await press(pilot, "n")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "n")
        await press(pilot, "y")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Rack the spare switch")
        await press(pilot, "enter")
        assert stored(demo_db, NET)["In progress"] == ["High-level design", "Rack the spare switch"]
        assert headers(pilot)[2] == "In progress 2/1"


async def test_b_toggles_blocked_and_p_cycles_the_priority(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "b")
        assert task_named(demo_db, "Order hardware").blocked
        assert known(kanban(pilot).focused_card).blocked
        assert "BLOCKED" in "\n".join(kanban(pilot).visible_text())
        await press(pilot, "b")
        assert not task_named(demo_db, "Order hardware").blocked
        priorities = []
        for _ in range(4):
            await press(pilot, "p")
            priorities.append(task_named(demo_db, "Order hardware").priority)
        assert priorities == ["high", "critical", "low", "medium"]
        assert known(kanban(pilot).focused_card).priority == "medium"


async def test_a_assigns_through_the_picker(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        assert known(kanban(pilot).focused_card).assignee == "Maria Lopez"
        await press(pilot, "a")
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "li wei")
        await press(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)
        with read_session(demo_db) as s:
            person = s.get(Person, task_named(demo_db, "Order hardware").assignee_id)
        assert person is not None and person.name == "Li Wei"
        assert known(kanban(pilot).focused_card).assignee == "Li Wei"
        await press(pilot, "a")
        await type_text(pilot, "nobody")
        await press(pilot, "enter")
        assert task_named(demo_db, "Order hardware").assignee_id is None
        await press(pilot, "a", "escape")  # cancelled: nothing changes
        assert task_named(demo_db, "Order hardware").assignee_id is None


async def test_d_then_y_deletes_the_card_and_n_keeps_it(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Order hardware" in app.screen.question
        await press(pilot, "n")
        assert stored(demo_db, NET) == NET_START
        await press(pilot, "d")
        await press(pilot, "y")
        assert stored(demo_db, NET)["To do"] == NET_START["To do"][1:]
        with read_session(demo_db) as s:
            assert s.exec(select(Task).where(Task.title == "Order hardware")).first() is None
        assert shown(pilot)["To do"] == NET_START["To do"][1:]


async def test_enter_opens_the_task_form_and_a_save_shows_on_the_board(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.raw_value("title") == "Order hardware"
        await fill(pilot, "title", "Order the hardware")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        assert stored(demo_db, NET)["To do"][0] == "Order the hardware"
        assert shown(pilot)["To do"][0] == "Order the hardware"


async def test_a_status_changed_in_the_task_form_moves_the_card(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        await choose(pilot, "status", "Review")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        assert stored(demo_db, NET)["Review"] == ["Order hardware"]
        assert card_moves(demo_db, "Order hardware") == [("To do", "Review")]
        assert shown(pilot)["Review"] == ["Order hardware"]


# --- filters, lanes, sprints ---------------------------------------------------------------


async def test_slash_filters_by_text_and_keeps_the_counts(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "slash")
        box = app.screen.query_one("#board-filter", Input)
        assert box.display and app.focused is box
        await type_text(pilot, "switch")
        await settle(pilot)
        assert shown(pilot) == {
            "Backlog": [],
            "To do": ["Install core switches"],
            "In progress": [],
            "Review": [],
            "Done": [],
        }
        assert headers(pilot) == ["Backlog 0", "To do 3", "In progress 1/3", "Review 0", "Done 1"]
        assert "filter: 'switch'" in status_line(pilot)
        await press(pilot, "enter")
        assert app.focused is kanban(pilot) and box.display
        assert focused(pilot) == "Install core switches"
        await press(pilot, "F")
        assert shown(pilot) == NET_START
        assert not box.display and "filter" not in status_line(pilot)


async def test_f_filters_by_form_and_F_clears(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "f")
        assert isinstance(app.screen, FormScreen)
        options = app.screen.query_one("#field-assignee", Select)
        # Only the people on this board, and "(unassigned)".
        labels = [str(label) for label, _ in options._options if label]
        assert "Tom Becker" in labels and "(unassigned)" in labels and "Li Wei" not in labels
        await choose(pilot, "assignee", "Tom Becker")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        assert shown(pilot) == {
            "Backlog": [],
            "To do": ["Install core switches", "Migrate VLANs and routing"],
            "In progress": ["High-level design"],
            "Review": [],
            "Done": ["Site survey and inventory"],
        }
        assert "who: Tom Becker" in status_line(pilot)
        assert headers(pilot)[1] == "To do 3"
        await press(pilot, "F")
        assert shown(pilot) == NET_START


async def test_s_cycles_swimlanes(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        assert [lane.title for lane in kanban(pilot).board.lanes] == [""]
        await press(pilot, "s")
        assert [lane.title for lane in kanban(pilot).board.lanes] == ["Maria Lopez", "Tom Becker"]
        assert "lanes: assignee" in status_line(pilot)
        assert "Maria Lopez (1)" in "\n".join(kanban(pilot).visible_text())
        await press(pilot, "s")
        assert [lane.title for lane in kanban(pilot).board.lanes] == ["medium"]
        assert "lanes: priority" in status_line(pilot)
        await press(pilot, "s")
        assert [lane.title for lane in kanban(pilot).board.lanes] == [""]
        assert "lanes" not in status_line(pilot)
        assert focused(pilot) == "Order hardware"  # the focus stayed on its card throughout


async def test_S_toggles_the_current_sprint(demo_db, make_app) -> None:
    pid = project_id(demo_db, NET)
    install = task_named(demo_db, "Install core switches").id
    with write_session(demo_db) as s:
        sprint = board.save_sprint(s, pid, None, "Sprint A", "", TODAY, TODAY)
        board.set_sprint(s, known(install), known(sprint.id))
        board.save_sprint(s, pid, None, "Sprint B", "", date_after(14), date_after(20))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "S")
        assert [t for ts in shown(pilot).values() for t in ts] == ["Install core switches"]
        assert "sprint: current" in status_line(pilot)
        assert headers(pilot)[1] == "To do 3"
        await press(pilot, "S")
        assert shown(pilot) == NET_START


# --- the workflow and sprint screens -------------------------------------------------------


def column_names(engine: Engine, code: str) -> list[str]:
    with read_session(engine) as s:
        return [c.name for c in board.list_columns(s, project_id(engine, code))]


async def test_w_edits_the_workflow(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "W")
        assert isinstance(app.screen, WorkflowScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        # n adds a column after the selected one (In progress), with a WIP limit.
        await press(pilot, "down", "down", "n")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "name", "Staging")
        await fill(pilot, "wip_limit", "2")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WorkflowScreen)
        assert column_names(demo_db, NET) == [
            "Backlog",
            "To do",
            "In progress",
            "Staging",
            "Review",
            "Done",
        ]
        staging = column_named(demo_db, NET, "Staging")
        assert (staging.wip_limit, staging.status, staging.is_done) == (2, "in-progress", False)
        assert table.cursor_row == 3  # the new column is selected
        # ] and [ move it right and back left.
        await press(pilot, "right_square_bracket")
        assert column_names(demo_db, NET)[3:5] == ["Review", "Staging"]
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert column_names(demo_db, NET)[2:4] == ["Staging", "In progress"]
        assert table.cursor_row == 2
        # x makes the selected column the done one.
        await press(pilot, "x")
        with read_session(demo_db) as s:
            done = [c.name for c in board.list_columns(s, project_id(demo_db, NET)) if c.is_done]
        assert done == ["Staging"]
        await press(pilot, "ctrl+end", "x")
        assert column_named(demo_db, NET, "Done").is_done
        assert not column_named(demo_db, NET, "Staging").is_done
        # d asks where the cards go, then to confirm.
        await press(pilot, "ctrl+home", "down")  # To do, three cards
        await press(pilot, "d")
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "review")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "'To do'" in app.screen.question and "'Review'" in app.screen.question
        await press(pilot, "y")
        assert isinstance(app.screen, WorkflowScreen)
        assert "To do" not in column_names(demo_db, NET)
        assert stored(demo_db, NET)["Review"] == NET_START["To do"]
        # Back on the board, which shows the new workflow.
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        assert [c.name for c in kanban(pilot).board.columns] == column_names(demo_db, NET)
        assert shown(pilot)["Review"] == NET_START["To do"]


async def test_w_refuses_to_delete_the_done_column(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "W")
        await press(pilot, "ctrl+end", "d")
        assert isinstance(app.screen, WorkflowScreen)
        assert any("done column" in text for text in notices(app))
        assert column_names(demo_db, NET) == list(NET_START)


async def test_i_creates_a_sprint(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "I")
        assert isinstance(app.screen, SprintsScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.raw_value("name") == "Sprint 1"
        await fill(pilot, "goal", "Hardware on site")
        await fill(pilot, "start", "2026-11-16")
        await fill(pilot, "finish", "2026-11-27")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SprintsScreen)
        with read_session(demo_db) as s:
            sprints = s.exec(select(Sprint).where(Sprint.project_id == project_id(demo_db, NET)))
            got = [(sp.name, sp.goal, sp.start, sp.finish) for sp in sprints]
        assert got == [("Sprint 1", "Hardware on site", date_after(-2), date_after(9))]
        assert app.screen.query_one(DataTable).row_count == 1
        # An end before the start is refused in the form, and nothing is saved.
        await press(pilot, "n")
        await fill(pilot, "start", "2026-11-30")
        await fill(pilot, "finish", "2026-11-27")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        # "+2w" ends two weeks after the start, not after today; junk is refused in place.
        await fill(pilot, "start", "2026-12-07")
        await fill(pilot, "finish", "+2w")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SprintsScreen)
        with read_session(demo_db) as s:
            second = board.list_sprints(s, project_id(demo_db, NET))[-1]
        assert (second.start, second.finish) == (date(2026, 12, 7), date(2026, 12, 21))
        await press(pilot, "n")
        await fill(pilot, "finish", "soon")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "not a date" in screen_text(pilot)
        await press(pilot, "escape")
        with read_session(demo_db) as s:
            assert len(board.list_sprints(s, project_id(demo_db, NET))) == 2


# --- the portfolio board -------------------------------------------------------------------


async def test_the_portfolio_board_shows_every_project_and_moves_by_status(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "K")
        assert isinstance(app.screen, PortfolioBoardScreen)
        data = kanban(pilot).board
        lanes = [lane.title for lane in data.lanes]
        assert len(lanes) == 7 and lanes[0].startswith("APP-PORTAL ")
        assert {"NET-CORE", "ERP-S4", "SEC-MFA"} <= {title.split()[0] for title in lanes}
        assert "lanes: by project" in status_line(pilot)
        await press(pilot, "s")
        lanes = [lane.title for lane in kanban(pilot).board.lanes]
        assert "Tom Becker" in lanes and "Maria Lopez" in lanes
        # By person, each card says which project it belongs to.
        data = kanban(pilot).board
        codes = {c.project_code for lane in data.lanes for cs in lane.cards for c in cs}
        assert {"NET-CORE", "ERP-S4", "SEC-MFA"} <= codes
        assert "lanes: by person" in status_line(pilot)
        # Move Order hardware (NET-CORE, To do) one column right: In progress on its board.
        await focus_card(pilot, "Order hardware")
        await press(pilot, "L")
        moved = task_named(demo_db, "Order hardware")
        assert moved.status == "in-progress"
        assert "Order hardware" in stored(demo_db, NET)["In progress"]
        assert card_moves(demo_db, "Order hardware") == [("To do", "In progress")]
        assert "Order hardware" in shown(pilot)["In progress"]
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


# --- snapshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("lanes", [False, True], ids=["plain", "lanes"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_board_snapshot(snap_compare, demo_db, make_app, size, lanes) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_board(pilot, NET)
        if lanes:
            await press(pilot, "s")

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_board_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_board(pilot, NET)

    assert snap_compare(
        make_app(demo_db, ascii=True), terminal_size=(80, 24), run_before=run_before
    )
