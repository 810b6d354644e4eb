"""Keys typed ahead in one burst go to what the key before them opened, never to the screen behind.

Over ssh, keys arrive in bursts: a key that opens a form, a picker, a question or another
screen arrives together with the keys meant for it. Each test sends the opener and its keys
as one burst with no pause and checks where every key landed and what was saved.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable

from itpm_tui import typeahead
from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import read_session, write_session
from itpm_tui.models import Person, Task
from itpm_tui.screens.kanban.board import BoardScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.registers.risks import RisksScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.services.resources.people import delete_person
from itpm_tui.widgets.gantt import GanttView
from itpm_tui.widgets.kanban import KanbanBoard

from .helpers import (
    TODAY,
    delivered,
    known,
    move_to_row,
    notices,
    open_code,
    people_names,
    portfolio_table,
    record_notices,
    settle,
)

NET = "NET-CORE"


def typed(text: str) -> list[tuple[str, str]]:
    """The keys of `text`, as the terminal sends them: (key name, character)."""
    return [(char if char.isalnum() else _character_to_key(char), char) for char in text]


async def send(pilot: Pilot[Any], *parts: str | list[tuple[str, str]]) -> None:
    """Named keys and typed text, all sent at once with no pause; then wait for the app."""
    driver = pilot.app._driver
    assert driver is not None
    for part in parts:
        keys = part if isinstance(part, list) else [(part, part if len(part) == 1 else None)]
        for key, char in keys:
            event = events.Key(key, char)
            event.set_sender(pilot.app)
            driver.send_message(event)
    await delivered(pilot)
    await settle(pilot)


def stack(app: Any) -> list[str]:
    """The screens open, bottom to top (the default screen left out)."""
    return [type(screen).__name__ for screen in app.screen_stack[1:]]


def people(engine: Engine) -> dict[str, str]:
    """name -> role of everybody stored."""
    with read_session(engine) as session:
        return {p.name: p.role for p in session.exec(select(Person)).all()}


def task(engine: Engine, title: str) -> Task | None:
    with read_session(engine) as session:
        return session.exec(select(Task).where(Task.title == title)).first()


def project_id(engine: Engine, code: str = NET) -> int:
    with read_session(engine) as session:
        return known(find_project(session, code).id)


async def open_people(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await send(pilot, "P")
    assert stack(pilot.app) == ["PortfolioScreen", "PeopleScreen"]


async def open_net_core(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, NET)
    assert isinstance(pilot.app.screen, PlanningScreen)


# --- forms -------------------------------------------------------------------------------


async def test_n_with_a_new_persons_fields_saves_that_person(demo_db, make_app) -> None:
    before = people(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await send(pilot, "n", typed("Ben Keller"), "tab", typed("Architect"), "enter")
        # The letters e and d of the text opened nothing behind the form.
        assert stack(app) == ["PortfolioScreen", "PeopleScreen"]
        assert people(demo_db) == {**before, "Ben Keller": "Architect"}
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(table.cursor_row)[0]) == "Ben Keller"


async def test_e_with_a_new_name_renames_the_selected_person(demo_db, make_app) -> None:
    before = people(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        table = app.screen.query_one(DataTable)
        await move_to_row(pilot, table, "Li Wei")
        await send(pilot, "e", "ctrl+u", typed("Dan Ortiz"), "enter")
        assert stack(app) == ["PortfolioScreen", "PeopleScreen"]
        after = dict(before)
        after["Dan Ortiz"] = after.pop("Li Wei")
        assert people(demo_db) == after


async def test_keys_after_a_form_is_saved_go_to_the_screen_below(demo_db, make_app) -> None:
    # enter saves (a database write), then the list reloads with the new person selected:
    # up and e act on the fresh list, never on the form or the list before it.
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await send(pilot, "n", typed("Zoe Adams"), "enter", "up", "e")
        assert stack(app) == ["PortfolioScreen", "PeopleScreen", "FormScreen"]
        names = sorted(people_names(demo_db))
        assert names[-1] == "Zoe Adams"
        assert app.screen.form_title == f"Edit person: {names[-2]}"


# --- a question, a picker ----------------------------------------------------------------


async def test_d_then_y_on_the_chart_deletes_the_selected_task(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        await send(pilot, "G")
        chart = app.screen.query_one(GanttView)
        rows = [row.name for row in chart.rows]
        target = "Order hardware"
        await send(pilot, *["down"] * (rows.index(target) - chart.cursor_row))
        assert chart.selected_row is not None and chart.selected_row.name == target
        await send(pilot, "d", "y")
        assert stack(app) == ["PortfolioScreen", "GanttScreen"]
        assert task(demo_db, target) is None
        assert [row.name for row in chart.rows] == [name for name in rows if name != target]


async def test_a_on_the_board_with_a_name_assigns_the_card(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        await send(pilot, "3")
        card = app.screen.query_one(KanbanBoard).focused_card
        assert card is not None and card.title == "Order hardware"
        before = task(demo_db, "Order hardware")
        # The picker reads the people first; "Sara" narrows it to one name.
        await send(pilot, "a", typed("Sara"), "enter")
        assert stack(app) == ["PortfolioScreen", "BoardScreen"]
        with read_session(demo_db) as session:
            sara = session.exec(select(Person).where(Person.name == "Sara Novak")).one()
        after = task(demo_db, "Order hardware")
        assert after is not None and before is not None
        assert after.assignee_id == sara.id != before.assignee_id
        # No letter of the name reached the board (L or l would have moved the card).
        assert after.column_id == before.column_id


# --- other screens -----------------------------------------------------------------------


async def test_a_phase_key_then_keys_for_that_phase(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        before = task(demo_db, "Order hardware")
        # 3 opens the board (it reads the cards); L moves the focused card right.
        await send(pilot, "3", "L")
        assert isinstance(app.screen, BoardScreen)
        after = task(demo_db, "Order hardware")
        assert before is not None and after is not None
        assert after.column_id != before.column_id
        shown = {c.name: c for c in app.screen.query_one(KanbanBoard).board.columns}
        assert after.column_id == shown["In progress"].id


async def test_g_then_chart_keys_act_on_the_chart(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        # The chart reads its plan first; j moves down it and % edits the selected task.
        await send(pilot, "G", "j", "j", "j", "percent_sign", "ctrl+u", "5", "0", "enter")
        assert stack(app) == ["PortfolioScreen", "GanttScreen"]
        chart = app.screen.query_one(GanttView)
        assert chart.cursor_row == 3
        selected = chart.selected_row
        assert selected is not None and selected.percent == 50
        saved = task(demo_db, selected.name)
        assert saved is not None and saved.percent_complete == 50


async def test_percent_on_the_chart_then_100_sets_the_task_done(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        await send(pilot, "G")
        chart = app.screen.query_one(GanttView)
        rows = [row.name for row in chart.rows]
        await send(pilot, *["down"] * (rows.index("Order hardware") - chart.cursor_row))
        await send(pilot, "percent_sign", "ctrl+u", "1", "0", "0", "enter")
        # 1 did not switch to Initiation: it was typed into the form.
        assert stack(app) == ["PortfolioScreen", "GanttScreen"]
        done = task(demo_db, "Order hardware")
        assert done is not None and done.percent_complete == 100


async def test_r_then_a_register_and_its_keys(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_net_core(pilot)
        await send(pilot, "R", typed("Risk"), "enter", "n")
        assert stack(app) == ["PortfolioScreen", "PlanningScreen", "RisksScreen", "FormScreen"]
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title == "New risk"
        assert isinstance(app.screen_stack[-2], RisksScreen)


async def test_enter_on_a_project_then_a_phase_key(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await move_to_row(pilot, portfolio_table(pilot), NET)
        # enter reads the project before its screen opens; 3 is meant for that screen.
        await send(pilot, "enter", "3")
        assert stack(app) == ["PortfolioScreen", "BoardScreen"]
        assert app.screen.project_id == project_id(demo_db)


async def test_ctrl_p_then_a_query_and_enter_runs_the_command(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await send(pilot, "ctrl+p", typed("Go to project NET"), "enter")
        assert stack(app) == ["PortfolioScreen", "PlanningScreen"]
        assert app.screen.project_id == project_id(demo_db)


# --- never held for ever -----------------------------------------------------------------


async def test_keys_go_to_the_screen_behind_when_the_open_fails(demo_db) -> None:
    # The person is deleted by another itpm; this one has not reloaded (no live refresh).
    app = ItpmApp(demo_db, display=Display(), today=TODAY, live_refresh=None)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        table = app.screen.query_one(DataTable)
        await move_to_row(pilot, table, "Li Wei")
        row = table.cursor_row
        with write_session(demo_db, journal=False) as session:
            li = session.exec(select(Person).where(Person.name == "Li Wei")).one()
            delete_person(session, known(li.id))
        # e reads the person before its form opens; the read fails, the keys still arrive.
        await send(pilot, "e", "down", "down")
        assert stack(app) == ["PortfolioScreen", "PeopleScreen"]
        assert notices(app, "error")
        assert table.cursor_row == row + 2


async def test_a_read_that_never_ends_holds_keys_only_for_a_while(
    demo_db, make_app, monkeypatch
) -> None:
    monkeypatch.setattr(typeahead, "HOLD_LIMIT", 0.3)
    app = make_app(demo_db)
    release = threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        try:
            app.run_db(lambda _engine: release.wait(30), lambda _: None)
            await send_only(pilot, "down", "down")
            await delivered(pilot)
            assert portfolio_table(pilot).cursor_row == 2
        finally:
            release.set()
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)


async def send_only(pilot: Pilot[Any], *keys: str) -> None:
    """Keys sent at once, without waiting for the database."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        driver.send_message(event)


async def test_text_typed_into_the_palette_waits_for_no_search_but_enter_does(
    demo_db, make_app, monkeypatch
) -> None:
    import asyncio

    from textual.command import CommandInput, CommandPalette

    from itpm_tui.commands import ItpmCommands

    # Long enough that only a key handed on by the hold itself (not its time limit) counts.
    monkeypatch.setattr(typeahead, "HOLD_LIMIT", 60.0)
    searching = asyncio.Event()
    search = ItpmCommands.search

    async def slow_search(self, query):
        await searching.wait()  # a search that takes its time, as on a slow machine
        async for hit in search(self, query):
            yield hit

    monkeypatch.setattr(ItpmCommands, "search", slow_search)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await send_only(pilot, "1")
        await settle(pilot)
        assert stack(app) == ["PortfolioScreen", "InitiationScreen"]
        # From SEC-MFA's own screen, to SEC-MFA again, and 3 for the screen it opens.
        driver = app._driver
        for key, char in [("ctrl+p", None), *typed("Go to project SEC"), ("enter", None)]:
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await send_only(pilot, "3")
        # Every letter reaches the palette's box while searches are still running...
        for _ in range(400):
            await pilot.pause()
            palette = app.screen
            if isinstance(palette, CommandPalette) and palette.query_one(CommandInput).value == (
                "Go to project SEC"
            ):
                break
        else:
            raise AssertionError("the typed text did not reach the palette")
        # ... but enter waits for the search of the whole text, and 3 after it.
        assert isinstance(app.screen, CommandPalette)
        searching.set()
        await delivered(pilot)
        await settle(pilot)
        assert stack(app) == ["PortfolioScreen", "BoardScreen"]
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.project_id == project_id(demo_db, "SEC-MFA")
