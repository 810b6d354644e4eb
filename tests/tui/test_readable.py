"""Readable at 80x24 in ASCII: glyphs that carry meaning, dialogs that fit, columns that read."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select
from textual.coordinate import Coordinate
from textual.widgets import Checkbox, DataTable, Input, Static

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Task
from itpm_tui.screens.kanban.execution import ExecutionScreen
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.monitoring.timesheet import TimesheetScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.registers.changes import ChangesScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.history import HistoryScreen
from itpm_tui.services.planning.schedule_records import predecessors_of
from itpm_tui.widgets.task_table import TaskTable

from .helpers import (
    column,
    field_error,
    fill,
    move_to_row,
    open_code,
    press,
    screen_text,
    settle,
    widget_text,
)


async def test_checkbox_reads_x_when_ticked_and_blank_when_not_in_ascii(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        assert isinstance(app.screen, PlanningScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        box = app.screen.query_one("#field-is_milestone", Checkbox)
        assert not box.value
        assert widget_text(box).startswith("[ ]")
        box.focus()
        await press(pilot, "space")
        assert box.value
        assert widget_text(box).startswith("[x]")


async def test_h_on_the_execution_task_list_is_task_history_and_c_opens_changes(
    demo_db, make_app
) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "3", "T")
        assert isinstance(app.screen, ExecutionScreen)
        row = app.screen.query_one(TaskTable).selected_row()
        assert row is not None
        title = row.title
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert title in app.screen.title_text
        # escape clears the item, then goes back.
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ExecutionScreen)
        await press(pilot, "C")
        assert isinstance(app.screen, ChangesScreen)


def waits_on(engine: Engine, title: str) -> set[tuple[str, str, int]]:
    """(predecessor title, kind, lag) of every link into the task called `title`."""
    with read_session(engine) as session:
        task = session.exec(select(Task).where(Task.title == title)).one()
        assert task.id is not None
        return {
            (pred.title, dep.kind, dep.lag_days) for dep, pred in predecessors_of(session, task.id)
        }


async def test_predecessors_are_shown_and_edited_in_the_task_form(demo_db, make_app) -> None:
    assert waits_on(demo_db, "Install core switches") == {("Order hardware", "FS", 0)}
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        table = app.screen.query_one(TaskTable)
        await move_to_row(pilot, table, "5", 0)  # 5 Install core switches
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-predecessors", Input).value == "4"
        # A bad entry and a cycle are refused beside the field; nothing is saved.
        await fill(pilot, "predecessors", "4XX")
        await press(pilot, "ctrl+s")
        assert "'4XX' is not a predecessor" in field_error(pilot, "predecessors")
        await fill(pilot, "predecessors", "4, 6")
        await press(pilot, "ctrl+s")
        error = field_error(pilot, "predecessors")
        assert "cycle" in error and "'Migrate VLANs and routing'" in error
        assert waits_on(demo_db, "Install core switches") == {("Order hardware", "FS", 0)}
        # A good one is saved with the task.
        await fill(pilot, "predecessors", "4FS+2d, 1SS")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanningScreen)
        assert waits_on(demo_db, "Install core switches") == {
            ("Order hardware", "FS", 2),
            ("Site survey and inventory", "SS", 0),
        }
        # The Planning list's Pred column reads them as MS Project writes them.
        table = app.screen.query_one(TaskTable)
        row = column(table, 0).index("5")
        assert str(table.get_row_at(row)[-1]) == "1SS, 4FS+2d"
        # One action: u puts the links back as they were.
        await press(pilot, "u")
        assert waits_on(demo_db, "Install core switches") == {("Order hardware", "FS", 0)}


async def test_time_entries_read_at_80_columns_with_the_selected_one_in_full(
    demo_db, make_app
) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "4", "t")
        assert isinstance(app.screen, TimesheetScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        rows = app.screen.rows
        # Short dates (this year), whole names, the task readable, all within 80 columns.
        for index, entry in enumerate(rows[:5]):
            cells = [str(cell) for cell in table.get_row_at(index)]
            assert cells[0] == entry.worked_on.strftime("%b %d")
            assert cells[1] == entry.person
            assert entry.task.startswith(cells[3].removesuffix("~")[:12])
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= 80
        detail = str(app.screen.query_one("#detail", Static).content)
        assert rows[0].task in detail and rows[0].person in detail


async def test_goals_fit_80_columns_and_wrap_instead_of_cutting(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        while app.screen.section.name != "goals":
            await press(pilot, "right_square_bracket")
        table = app.screen.records()
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= 80
        shown = screen_text(pilot)
        for goal in app.screen.data.goals:
            # Every word of what is measured is on the screen, wrapped if need be.
            for word in (goal.measure or "").split():
                assert word in shown, word


async def test_alert_lines_wrap_at_80_columns_instead_of_being_cut(demo_db, make_app) -> None:
    # ERP-S4's go-live slipped: give it the long name real milestones have.
    with write_session(demo_db, journal=False) as session:
        task = session.exec(select(Task).where(Task.title == "Go-live")).one()
        task.title = "Go-live of finance, controlling and procurement in all four company codes"
        session.add(task)
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "4")
        assert isinstance(app.screen, MonitoringScreen)
        table = app.screen.query_one("#alerts", DataTable)
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= 80
        dashboard = app.screen.dashboard
        assert dashboard is not None
        longest = max(dashboard.alerts, key=lambda a: len(a.text))
        assert len(longest.text) > 70  # the case at hand: longer than the screen is wide
        index = dashboard.alerts.index(longest)
        shown = widget_text(table)
        for word in longest.text.split():
            assert word in shown, word
        assert table.rows[table.coordinate_to_cell_key(Coordinate(index, 1)).row_key].height > 1


async def test_dashboard_reasons_fit_80_columns_marked_where_cut(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D")
        table = app.screen.query_one(DataTable)
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= 80
        reasons = [str(cell) for cell in column(table, 3)]
        by_code = {row.code: row.reason for row in app.screen.rows}
        codes = [str(cell) for cell in column(table, 0)]
        cut = [r for r, code in zip(reasons, codes, strict=True) if r != by_code[code]]
        assert cut and all(r.endswith("~") for r in cut)
        # The selected project's reasons are given whole below the table, dimension by dimension.
        detail = " ".join(widget_text(app.screen.query_one("#reason")).split())  # as wrapped
        selected = next(row for row in app.screen.rows if row.code == codes[0])
        given = [why for why in selected.reasons.values() if why]
        assert given and all(why in detail for why in given)
