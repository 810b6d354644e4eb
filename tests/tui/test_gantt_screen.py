"""The Gantt screen by keyboard on a real SQLite file: edits, undo/redo, links, baselines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Baseline, BaselineTask, Dependency, Phase, Task
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.screens.planning.gantt import GanttScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.pickers import ChoiceScreen, LinkScreen, TextScreen
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.schedule_records import add_dependency, save_baseline
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.widgets.gantt import GanttView

from .helpers import (
    TODAY,
    choose,
    field_error,
    fill,
    known,
    notices,
    open_code,
    press,
    screen_text,
    settle,
    task_rows,
    type_text,
    widget_text,
)

CODE = "NET-CORE"
# NET-CORE on TODAY (Wed 18 Nov 2026): a chain of finish-to-start links, Monday to Friday.
NET_CORE = [
    "Site survey and inventory",
    "High-level design",
    "Design approved",
    "Order hardware",
    "Install core switches",
    "Migrate VLANs and routing",
    "Cutover complete",
]
WEEKDAYS = WorkCalendar()


# --- reading the database ------------------------------------------------------------------


def project_id(engine: Engine, code: str = CODE) -> int:
    with read_session(engine) as session:
        return known(find_project(session, code).id)


def tasks_by_title(engine: Engine, code: str = CODE) -> dict[str, dict[str, Any]]:
    """Every task row of the project in full, by title."""
    pid = project_id(engine, code)
    with read_session(engine) as session:
        rows = session.exec(select(Task).where(Task.project_id == pid)).all()
        return {t.title: t.model_dump() for t in rows}


def spans(engine: Engine, code: str = CODE) -> dict[str, tuple[date, date]]:
    return {
        title: (row["start"], row["finish"]) for title, row in tasks_by_title(engine, code).items()
    }


def links(engine: Engine, code: str = CODE) -> set[tuple[str, str, str, int]]:
    """(predecessor, successor, kind, lag) of every link touching the project, by title."""
    pid = project_id(engine, code)
    with read_session(engine) as session:
        titles = {t.id: t.title for t in session.exec(select(Task))}
        mine = set(session.exec(select(Task.id).where(Task.project_id == pid)))
        return {
            (titles[x.predecessor_id], titles[x.successor_id], x.kind, x.lag_days)
            for x in session.exec(select(Dependency))
            if x.predecessor_id in mine or x.successor_id in mine
        }


def wbs(engine: Engine, code: str = CODE) -> dict[str, str]:
    return {row.title: row.wbs for row in task_rows(engine, code)}


def state(engine: Engine) -> tuple[dict[str, dict[str, Any]], set[tuple[str, str, str, int]]]:
    # Not the version: undo and redo are new changes, numbered anew by the database.
    tasks = {
        title: {k: v for k, v in row.items() if k != "version"}
        for title, row in tasks_by_title(engine).items()
    }
    return tasks, links(engine)


def task_id(engine: Engine, title: str) -> int:
    return int(tasks_by_title(engine)[title]["id"])


# --- driving the screen --------------------------------------------------------------------


async def open_gantt(pilot: Pilot[Any], code: str = CODE) -> GanttScreen:
    """From the portfolio: open the project, press G, wait for the chart's rows."""
    await settle(pilot)
    await open_code(pilot, code)
    await press(pilot, "G")
    screen = pilot.app.screen
    assert isinstance(screen, GanttScreen)
    assert screen.view is not None
    return screen


def chart(pilot: Pilot[Any]) -> GanttView:
    return pilot.app.screen.query_one(GanttView)


def status_line(pilot: Pilot[Any]) -> str:
    return widget_text(pilot.app.screen.query_one("#task-line", Static)).strip()


async def select_task(pilot: Pilot[Any], name: str) -> None:
    """Move the chart's selection by arrow keys to the row called `name`."""
    view = chart(pilot)
    target = [row.name for row in view.rows].index(name)
    key = "down" if target > view.cursor_row else "up"
    await pilot.press(*[key] * abs(target - view.cursor_row))
    await pilot.pause()
    assert view.selected_row is not None and view.selected_row.name == name


def later(day: date, n: int = 1) -> date:
    return WEEKDAYS.add_working_days(day, n)


# --- opening and leaving -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_g_opens_the_gantt_with_the_projects_rows(demo_db, make_app, size) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_gantt(pilot)
        rows = chart(pilot).rows
        assert [row.name for row in rows] == NET_CORE
        assert [row.wbs for row in rows] == [str(n) for n in range(1, 8)]
        stored = spans(demo_db)
        assert [(row.start, row.finish) for row in rows] == [stored[name] for name in NET_CORE]
        assert screen.project_id == project_id(demo_db)
        assert "NET-CORE" in widget_text(screen.query_one("#project-title", Static))
        text = screen_text(pilot)
        assert "Order hardw" in text and "day zoom" in text  # cut to 12 at 80 columns
        assert status_line(pilot).startswith("1 Site survey and inventory")


async def test_keys_1_to_5_leave_the_chart_for_the_phase_screens(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, phase in zip("12345", Phase, strict=True):
            await open_gantt(pilot)
            await press(pilot, key)
            # The phase's own screen (whichever class shows it), not the chart.
            assert isinstance(app.screen, ProjectScreen)
            assert not isinstance(app.screen, GanttScreen)
            assert app.screen.PHASE is phase
            assert app.screen.project_id == project_id(demo_db)
            # Switching replaced the chart: one escape is back on the portfolio.
            await press(pilot, "escape")
            assert isinstance(app.screen, PortfolioScreen)
            assert len(app.screen_stack) == 2


@pytest.mark.parametrize("phase", list(Phase), ids=[p.value for p in Phase])
async def test_capital_g_opens_the_chart_from_every_phase_screen(
    demo_db, make_app, phase: Phase
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, str(list(Phase).index(phase) + 1))
        assert app.screen.PHASE is phase and not isinstance(app.screen, GanttScreen)
        await press(pilot, "G")
        assert isinstance(app.screen, GanttScreen)
        assert [row.name for row in chart(pilot).rows] == NET_CORE


async def test_escape_goes_back_to_the_portfolio(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


# --- edits, undo and redo ------------------------------------------------------------------


async def test_shift_later_moves_the_task_and_its_successors_then_undo_and_redo(
    demo_db, make_app
) -> None:
    original = state(demo_db)
    before = spans(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "greater_than_sign")
        after = spans(demo_db)
        for name in NET_CORE[3:]:
            assert after[name] == (later(before[name][0]), later(before[name][1])), name
        for name in NET_CORE[:3]:
            assert after[name] == before[name], name
        assert after["Order hardware"] == (date(2026, 11, 26), date(2026, 11, 30))
        assert tasks_by_title(demo_db)["Order hardware"]["constraint_kind"] == "SNET"
        row = chart(pilot).selected_row
        assert row is not None and (row.start, row.finish) == after["Order hardware"]
        edited = state(demo_db)

        await press(pilot, "u")
        assert state(demo_db) == original
        assert (chart(pilot).rows[3].start, chart(pilot).rows[3].finish) == before["Order hardware"]

        await press(pilot, "ctrl+r")
        assert state(demo_db) == edited
        await press(pilot, "u")
        assert state(demo_db) == original


async def test_shift_earlier_undoes_a_shift_later_in_the_chart(demo_db, make_app) -> None:
    before = spans(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Install core switches")
        await press(pilot, "greater_than_sign")
        await press(pilot, "greater_than_sign")
        assert spans(demo_db)["Install core switches"][0] == later(
            before["Install core switches"][0], 2
        )
        await press(pilot, "less_than_sign")
        after = spans(demo_db)
        assert after["Install core switches"][0] == later(before["Install core switches"][0])
        assert after["Cutover complete"][0] == later(before["Cutover complete"][0])


async def test_shifting_a_started_task_shows_why_and_changes_nothing(demo_db, make_app) -> None:
    original = state(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "High-level design")
        await press(pilot, "greater_than_sign")
        assert any("'High-level design' started on" in m for m in notices(pilot.app, "error"))
        assert state(demo_db) == original


async def test_lengthen_adds_a_working_day_and_the_successors_follow(demo_db, make_app) -> None:
    before = spans(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "right_square_bracket")
        assert tasks_by_title(demo_db)["Order hardware"]["duration_days"] == 4
        after = spans(demo_db)
        assert after["Order hardware"] == (
            before["Order hardware"][0],
            later(before["Order hardware"][1]),
        )
        assert after["Install core switches"][0] == later(before["Install core switches"][0])
        assert known(chart(pilot).selected_row).duration == 4
        await press(pilot, "left_square_bracket")
        assert spans(demo_db) == before


async def test_m_toggles_a_milestone(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "m")
        stored = tasks_by_title(demo_db)["Order hardware"]
        assert stored["is_milestone"] is True and stored["start"] == stored["finish"]
        row = chart(pilot).selected_row
        assert row is not None and row.milestone and row.duration == 0
        await press(pilot, "m")
        assert tasks_by_title(demo_db)["Order hardware"]["is_milestone"] is False
        assert known(chart(pilot).selected_row).milestone is False


async def test_capital_i_indents_and_capital_o_outdents(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Install core switches")
        await press(pilot, "I")
        codes = wbs(demo_db)
        assert (codes["Order hardware"], codes["Install core switches"]) == ("4", "4.1")
        assert codes["Migrate VLANs and routing"] == "5"
        assert ("Order hardware", "Install core switches", "FS", 0) not in links(demo_db)
        assert [row.wbs for row in chart(pilot).rows][3:5] == ["4", "4.1"]
        assert chart(pilot).rows[3].summary
        await press(pilot, "O")
        codes = wbs(demo_db)
        assert (codes["Install core switches"], codes["Migrate VLANs and routing"]) == ("5", "6")
        assert tasks_by_title(demo_db)["Install core switches"]["parent_id"] is None


async def test_indent_under_a_milestone_is_refused_with_a_message(demo_db, make_app) -> None:
    original = state(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "I")
        assert any("'Design approved' is a milestone" in m for m in notices(pilot.app, "error"))
        assert state(demo_db) == original


async def test_n_adds_a_task_below_the_selected_one(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Rack cabling")
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        codes = wbs(demo_db)
        assert (codes["Order hardware"], codes["Rack cabling"]) == ("4", "5")
        assert codes["Install core switches"] == "6"
        assert ("Order hardware", "Rack cabling", "FS", 0) in links(demo_db)
        added = spans(demo_db)["Rack cabling"]
        assert added[0] == later(spans(demo_db)["Order hardware"][1])
        # The new task is selected.
        assert known(chart(pilot).selected_row).name == "Rack cabling"
        await press(pilot, "u")
        assert "Rack cabling" not in tasks_by_title(demo_db)


async def test_d_then_y_deletes_and_u_brings_the_task_and_its_links_back(demo_db, make_app) -> None:
    original = state(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Install core switches")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, GanttScreen)
        assert state(demo_db) == original
        await press(pilot, "d")
        await press(pilot, "y")
        assert "Install core switches" not in tasks_by_title(demo_db)
        assert all("Install core switches" not in link[:2] for link in links(demo_db))
        assert "Install core switches" not in [row.name for row in chart(pilot).rows]
        await press(pilot, "u")
        assert state(demo_db) == original
        assert [row.name for row in chart(pilot).rows] == NET_CORE


async def test_percent_key_sets_the_percent_complete(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "percent_sign")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "percent", "150")
        await press(pilot, "enter")
        assert "between 0 and 100" in field_error(pilot, "percent")
        assert tasks_by_title(demo_db)["Order hardware"]["percent_complete"] == 0
        await fill(pilot, "percent", "40")
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        assert tasks_by_title(demo_db)["Order hardware"]["percent_complete"] == 40
        assert known(chart(pilot).selected_row).percent == 40


async def test_c_sets_a_date_constraint_a_missed_one_shows_and_u_takes_it_back(
    demo_db, make_app
) -> None:
    before = tasks_by_title(demo_db)["Cutover complete"]
    too_early = before["finish"].replace(day=1)  # the first of its month: out of reach
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Cutover complete")
        await press(pilot, "c")
        assert isinstance(app.screen, FormScreen)
        await choose(pilot, "kind", "finish no later than")
        await fill(pilot, "day", "")
        await press(pilot, "enter")
        assert "'finish no later than' needs a date" in field_error(pilot, "day")
        await fill(pilot, "day", too_early.isoformat())
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        after = tasks_by_title(demo_db)["Cutover complete"]
        assert (after["constraint_kind"], after["constraint_date"]) == ("FNLT", too_early)
        assert after["finish"] == before["finish"]  # reported, not moved
        row = chart(pilot).selected_row
        assert row is not None and row.total_float is not None and row.total_float < 0
        line = status_line(pilot)
        assert f"finish no later than {too_early.isoformat()}" in line
        assert "conflict(s): C" in line

        await press(pilot, "u")
        undone = tasks_by_title(demo_db)["Cutover complete"]
        assert (undone["constraint_kind"], undone["constraint_date"]) == (
            before["constraint_kind"],
            before["constraint_date"],
        )
        assert "finish no later than" not in status_line(pilot)


# --- links ---------------------------------------------------------------------------------


def option_labels(pilot: Pilot[Any]) -> list[str]:
    options = pilot.app.screen.query_one("#choices", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_l_opens_the_link_picker_typing_narrows_and_enter_links(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "L")
        assert isinstance(app.screen, LinkScreen)
        labels = option_labels(pilot)
        # This project's other tasks first, in WBS order, then the other projects'.
        assert labels[:6] == [
            "1 Site survey and inventory",
            "2 High-level design",
            "3 Design approved",
            "5 Install core switches",
            "6 Migrate VLANs and routing",
            "7 Cutover complete",
        ]
        assert any(label.startswith("ERP-S4: ") for label in labels)
        await type_text(pilot, "site surv")
        await pilot.pause()
        assert option_labels(pilot) == ["1 Site survey and inventory"]
        # enter in the search box moves to the list and links nothing yet.
        before = links(demo_db)
        await press(pilot, "enter")
        assert isinstance(app.screen, LinkScreen)
        assert app.screen.focused is app.screen.query_one("#choices", OptionList)
        assert links(demo_db) == before
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        assert ("Site survey and inventory", "Order hardware", "FS", 0) in links(demo_db)
        assert any("link 'Order hardware' (FS)" in m for m in notices(pilot.app, "information"))


async def test_tab_then_enter_from_the_link_search_links_nothing_not_picked(
    demo_db, make_app
) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        before = links(demo_db)
        await press(pilot, "L")
        assert isinstance(app.screen, LinkScreen)
        # No row is highlighted until the person moves to one.
        assert app.screen.query_one("#choices", OptionList).highlighted is None
        await press(pilot, "tab", "enter")
        assert isinstance(app.screen, LinkScreen)
        assert links(demo_db) == before
        assert "up/down" in str(app.screen.query_one("#link-error", Static).content)
        # down picks the first row; enter links it.
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, GanttScreen)
        assert ("Site survey and inventory", "Order hardware", "FS", 0) in links(demo_db)


async def test_link_picker_takes_a_lag_and_another_link_type(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Cutover complete")
        await press(pilot, "L")
        # shift+tab twice: from the search to the lag, then to the link type.
        await pilot.press("shift+tab")
        lag = app.screen.query_one("#lag", Input)
        assert app.screen.focused is lag
        await pilot.press("end", "backspace", "2", "shift+tab", "enter", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab")
        assert app.screen.focused is app.screen.query_one("#search", Input)
        await type_text(pilot, "order")
        await press(pilot, "enter", "enter")
        assert ("Order hardware", "Cutover complete", "SS", 2) in links(demo_db)


async def test_a_link_that_makes_a_cycle_shows_an_error_and_saves_nothing(
    demo_db, make_app
) -> None:
    original = state(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "L")
        await type_text(pilot, "migrate")
        await press(pilot, "enter", "enter")
        errors = notices(pilot.app, "error")
        assert any(
            "would create a cycle" in m and "'Migrate VLANs and routing'" in m for m in errors
        ), errors
        assert state(demo_db) == original
        # Nothing happened, so there is nothing to undo.
        await press(pilot, "u")
        assert "Nothing to undo." in notices(pilot.app, "warning")


async def test_capital_u_lists_the_predecessors_and_removes_the_chosen_one(
    demo_db, make_app
) -> None:
    with write_session(demo_db) as session:
        add_dependency(
            session,
            task_id(demo_db, "Site survey and inventory"),
            task_id(demo_db, "Order hardware"),
        )
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "U")
        assert isinstance(app.screen, ChoiceScreen)
        assert sorted(option_labels(pilot)) == [
            "1 Site survey and inventory (FS)",
            "3 Design approved (FS)",
        ]
        await type_text(pilot, "design")
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        into_order = {link[0] for link in links(demo_db) if link[1] == "Order hardware"}
        assert into_order == {"Site survey and inventory"}


# --- baselines, conflicts, legend, task form -----------------------------------------------


async def test_b_saves_a_baseline_and_the_status_line_shows_the_slip(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "B")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-name", Input).value == "Baseline 1"
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        with read_session(demo_db) as session:
            # The demo's projects in delivery have an approved baseline of their own.
            saved = session.exec(
                select(Baseline).where(Baseline.project_id == project_id(demo_db))
            ).one()
            entries = session.exec(
                select(BaselineTask).where(BaselineTask.baseline_id == saved.id)
            ).all()
        assert (saved.name, saved.project_id) == ("Baseline 1", project_id(demo_db))
        assert len(entries) == 7
        assert chart(pilot).show_baseline
        assert "vs Baseline 1: start +0 d, finish +0 d" in status_line(pilot)
        await press(pilot, "greater_than_sign")
        assert "vs Baseline 1: start +1 d, finish +1 d" in status_line(pilot)
        await press(pilot, "down")
        assert "Install core switches" in status_line(pilot)
        assert "vs Baseline 1: start +1 d, finish +1 d" in status_line(pilot)


async def test_at_80_columns_the_name_gives_way_to_the_slip(demo_db, make_app) -> None:
    with write_session(demo_db) as session:
        save_baseline(session, project_id(demo_db), "Approved plan")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "V")
        await press(pilot, "enter")
        await select_task(pilot, "Install core switches")
        await press(pilot, "greater_than_sign")
        line = screen_text(pilot).splitlines()[-2]  # above the footer, as the terminal shows it
        assert "critical 0 d · vs Approved plan: start +1 d, finish +1 d" in line
        assert " 5 Install core s… · critical" in line  # the name, cut to what is left
        assert line.rstrip().endswith("…")  # the links run on past the edge


async def test_capital_v_picks_a_saved_baseline(demo_db, make_app) -> None:
    with write_session(demo_db) as session:
        save_baseline(session, project_id(demo_db), "Approved")
        save_baseline(session, project_id(demo_db), "Re-plan")
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gantt(pilot)
        # The latest baseline is compared with by default; V picks another.
        assert not chart(pilot).show_baseline
        assert "vs Re-plan: start +0 d, finish +0 d" in status_line(pilot)
        await press(pilot, "V")
        assert isinstance(app.screen, ChoiceScreen)
        assert option_labels(pilot) == ["Approved", "Re-plan"]
        await type_text(pilot, "approved")
        await press(pilot, "enter")
        assert chart(pilot).show_baseline
        assert "vs Approved: start +0 d, finish +0 d" in status_line(pilot)


async def test_b_draws_the_latest_baseline_without_picking_one(demo_db, make_app) -> None:
    with write_session(demo_db) as session:
        save_baseline(session, project_id(demo_db), "Approved")
        save_baseline(session, project_id(demo_db), "Re-plan")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        view = chart(pilot)
        assert not view.show_baseline
        await press(pilot, "b")
        assert view.show_baseline
        assert all(row.baseline_start is not None for row in view.rows)
        assert "baseline" in screen_text(pilot)
        assert "vs Re-plan" in status_line(pilot)


async def test_u_capital_u_and_capital_v_with_nothing_to_act_on_warn(demo_db, make_app) -> None:
    original = state(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        for key in ("u", "ctrl+r", "U", "V"):
            await press(pilot, key)
            assert isinstance(app.screen, GanttScreen), key
        assert notices(pilot.app, "warning") == [
            "Nothing to undo.",
            "Nothing to redo.",
            "This task waits on nothing.",
            "No baseline yet: press B to save one.",
        ]
        assert state(demo_db) == original


async def test_capital_c_lists_the_schedule_conflicts(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "C")
        assert isinstance(app.screen, TextScreen)
        assert "None: every constraint is met." in screen_text(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, GanttScreen)


async def test_i_opens_the_legend_and_escape_closes_it(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "i")
        assert isinstance(app.screen, TextScreen)
        text = screen_text(pilot)
        assert "Legend" in text and "milestone" in text and "critical" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, GanttScreen)


async def test_back_from_a_dialog_the_plan_is_read_again_only_after_a_change(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gantt(pilot)
        first = screen.view
        await press(pilot, "i")
        await press(pilot, "escape")
        assert screen.view is first  # nothing changed: the plan shown is the one read

        # A change committed while the legend is open (here; another process's is the
        # live refresh's) is read when the chart shows again.
        await press(pilot, "i")
        with write_session(demo_db) as session:
            task = session.get(Task, task_id(demo_db, "Order hardware"))
            assert task is not None
            task.title = "Order core hardware"
        await press(pilot, "escape")
        assert screen.view is not first
        assert "Order core hardware" in [row.name for row in chart(pilot).rows]

        # So is a new day: today's line and what is late move with it.
        second = screen.view
        await press(pilot, "i")
        app._today = date(2026, 11, 19)
        await press(pilot, "escape")
        assert screen.view is not second


async def test_enter_opens_the_task_form_of_the_selected_task(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-title", Input).value == "Order hardware"
        await press(pilot, "escape")
        assert isinstance(app.screen, GanttScreen)


async def test_undo_takes_back_the_form_edit_first_then_the_chart_edit(demo_db, make_app) -> None:
    before = spans(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "greater_than_sign")
        moved = spans(demo_db)
        await press(pilot, "enter")
        await fill(pilot, "title", "Order switches")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, GanttScreen)
        assert "Order switches" in [row.name for row in chart(pilot).rows]
        # One history for the whole app: the form's save is the latest action.
        await press(pilot, "u")
        assert "Undone: edit task 'Order switches'" in notices(pilot.app, "information")
        assert spans(demo_db) == moved
        assert "Order hardware" in [row.name for row in chart(pilot).rows]
        await press(pilot, "u")
        assert spans(demo_db) == before
        await press(pilot, "ctrl+r", "ctrl+r")
        assert "Order switches" in [row.name for row in chart(pilot).rows]
        assert spans(demo_db) == {
            ("Order switches" if k == "Order hardware" else k): v for k, v in moved.items()
        }


async def test_a_project_without_tasks_says_how_to_add_one(demo_db, make_app) -> None:
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project

    with write_session(demo_db) as session:
        create_project(session, ProjectInput(code="AAA-EMPTY", name="Nothing yet", start=TODAY))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot, "AAA-EMPTY")
        assert chart(pilot).rows == []
        assert status_line(pilot).startswith("No tasks yet: press n")
        await press(pilot, "n")
        await type_text(pilot, "First step")
        await press(pilot, "enter")
        assert [row.name for row in chart(pilot).rows] == ["First step"]
        assert list(tasks_by_title(demo_db, "AAA-EMPTY")) == ["First step"]


# --- snapshots -----------------------------------------------------------------------------


async def _gantt_of_net_core(pilot: Pilot[Any]) -> None:
    await open_gantt(pilot)
    await select_task(pilot, "Order hardware")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_gantt_screen_snapshot(snap_compare, demo_db, make_app, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_gantt_of_net_core)


def test_gantt_screen_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    assert snap_compare(
        make_app(demo_db, ascii=True), terminal_size=(80, 24), run_before=_gantt_of_net_core
    )


async def test_ascii_mode_draws_the_chart_with_ascii_only(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        body = widget_text(chart(pilot))
        assert body.isascii(), {ch for ch in body if not ch.isascii()}
        assert "Order hardw" in body  # the name column is 12 wide at 80 columns
