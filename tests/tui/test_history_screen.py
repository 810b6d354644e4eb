"""The history screen by keyboard: per project, per item, filtered, undo from it; snapshots."""

from __future__ import annotations

import time
from typing import Any

import pytest
from rich.text import Text
from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Project, Task, WorkflowColumn
from itpm_tui.screens.kanban.board import BoardScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.history import HistoryScreen
from itpm_tui.services.kanban import board
from itpm_tui.services.resources import people

from .helpers import (
    column,
    known,
    move_to_row,
    notices,
    open_code,
    press,
    screen_text,
    settle,
    type_text,
)

NET = "NET-CORE"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Times are shown in local time: the tests run in UTC so they read the same anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _task(engine: Engine, title: str) -> Task:
    with read_session(engine) as session:
        return session.exec(select(Task).where(Task.title == title)).one()


def edits(engine: Engine) -> None:
    """Three actions on NET-CORE and one elsewhere, at fixed times."""
    with read_session(engine) as session:
        net = session.exec(select(Project).where(Project.code == NET)).one()
        done = session.exec(
            select(WorkflowColumn).where(
                WorkflowColumn.project_id == net.id, WorkflowColumn.name == "Done"
            )
        ).one()
    card = _task(engine, "Order hardware")
    with write_session(engine) as session:
        board.move_card(session, known(card.id), known(done.id), 0, allow_over_limit=True)
    with write_session(engine, "block 'Install core switches'") as session:
        board.toggle_blocked(session, known(_task(engine, "Install core switches").id))
    with write_session(engine, "priority of 'Order hardware'") as session:
        board.cycle_priority(session, known(card.id))
    with write_session(engine, "add person Ada Lovelace") as session:
        people.create_person(session, people.PersonInput(name="Ada Lovelace"))
    with engine.connect() as conn:
        conn.exec_driver_sql(
            "UPDATE action SET created_at = printf('2026-11-18 09:%02d:00.000000', id * 5)"
        )
        conn.commit()


def table(pilot: Pilot[Any]) -> DataTable[Text]:
    return pilot.app.screen.query_one("#history", DataTable)


def actions_shown(pilot: Pilot[Any]) -> list[str]:
    return [a for a in column(table(pilot), 1) if a]


def changes_shown(pilot: Pilot[Any]) -> list[str]:
    return column(table(pilot), 2)


async def test_capital_h_on_the_portfolio_shows_every_change(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "H")
        assert isinstance(app.screen, HistoryScreen)
        shown = actions_shown(pilot)
        assert shown[0] == "add person Ada Lovelace"
        assert "priority of 'Order hardware'" in shown
        assert "itpm - History: all projects" in screen_text(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_a_projects_history_enter_narrows_to_an_item_escape_widens(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_code(pilot, NET)
        await press(pilot, "H")
        assert isinstance(app.screen, HistoryScreen)
        shown = actions_shown(pilot)
        # Newest first, only this project's (no person, no other project).
        assert shown[:2] == ["priority of 'Order hardware'", "block 'Install core switches'"]
        assert shown[-1].startswith("move 'Order hardware' to Do")
        assert "add person Ada Lovelace" not in shown
        text = screen_text(pilot)
        assert "11-18 09:15" in text
        await press(pilot, "down")  # the block of 'Install core switches'
        # The detail line under the table, in full.
        assert "task 'Install core switches': blocked: 0 \u2192 1" in screen_text(pilot)
        await press(pilot, "enter")
        # Its own block, and the move that shifted it up in To do.
        assert actions_shown(pilot) == [
            "block 'Install core switches'",
            "move 'Order hardware' to Done",
        ]
        assert all(c.startswith("task 'Install core switches'") for c in changes_shown(pilot))
        assert "item: task 'Install core switches' (esc: all)" in screen_text(pilot)
        await press(pilot, "escape")
        assert len(actions_shown(pilot)) == 3
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanningScreen)


async def test_slash_filters_by_what_is_shown(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "H", "slash")
        await type_text(pilot, "priority")
        await settle(pilot)
        assert actions_shown(pilot) == ["priority of 'Order hardware'"]
        assert all("priority" in c for c in changes_shown(pilot))
        await press(pilot, "enter")  # back to the table, the filter stays
        assert "filter: priority" in screen_text(pilot)
        await press(pilot, "escape")  # clears the filter
        assert len(actions_shown(pilot)) == 4
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_h_on_a_task_row_shows_that_tasks_history(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_code(pilot, NET)
        tasks = app.screen.query_one("#tasks", DataTable)
        titles = column(tasks, 1)
        title_col = 1 if "Order hardware" in titles else 0
        await move_to_row(pilot, tasks, "Order hardware", title_col)
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert actions_shown(pilot) == [
            "priority of 'Order hardware'",
            "move 'Order hardware' to Done",
        ]
        assert any(c.startswith("card move") for c in changes_shown(pilot))


async def test_u_and_ctrl_r_on_the_history_screen(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "H", "u")
        assert actions_shown(pilot)[0] == "(undone) add person Ada Lovelace"
        assert "Undone: add person Ada Lovelace" in notices(app)
        await press(pilot, "ctrl+r")
        assert actions_shown(pilot)[0] == "add person Ada Lovelace"


async def test_y_opens_the_history_from_the_board(demo_db, make_app) -> None:
    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_code(pilot, NET)
        await press(pilot, "3")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "Y")
        assert isinstance(app.screen, HistoryScreen)
        assert actions_shown(pilot)[0] == "priority of 'Order hardware'"


@pytest.mark.parametrize("ascii", [True, False], ids=["ascii", "unicode"])
def test_history_snapshot(snap_compare, demo_db, make_app, ascii) -> None:
    edits(demo_db)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, NET)
        await press(pilot, "H")
        await press(pilot, "down")

    app = make_app(demo_db, ascii=ascii)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_help_lists_undo_redo_and_history(demo_db, make_app) -> None:
    from itpm_tui.screens.shared.help import HelpScreen

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_code(pilot, NET)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_table = app.screen.query_one(DataTable)
        rows = dict(zip(column(help_table, 1), column(help_table, 0), strict=True))
        assert rows["Undo"] == "u" and rows["Redo"] == "ctrl+r"
        assert rows["History"] in ("H", "Y") and rows["Task history"] == "h"


async def test_the_palette_runs_undo_and_opens_the_history(demo_db, make_app) -> None:
    from textual.command import CommandPalette

    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Undo")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert "Undone: add person Ada Lovelace" in notices(app)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "History")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert actions_shown(pilot)[0] == "(undone) add person Ada Lovelace"


async def test_u_under_a_question_undoes_nothing(demo_db, make_app) -> None:
    from itpm_tui.screens.shared.confirm import ConfirmScreen

    edits(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "u", "ctrl+r")
        assert isinstance(app.screen, ConfirmScreen)
        assert not [text for text in notices(app) if text.startswith("Undone")]
        await press(pilot, "n", "H")
        assert actions_shown(pilot)[0] == "add person Ada Lovelace"
