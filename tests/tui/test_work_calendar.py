"""The working calendar by keyboard: W from the chart, holidays and weekdays, the plan follows."""

from __future__ import annotations

from sqlalchemy import Engine
from textual.widgets import DataTable

from itpm_tui.screens.planning.calendar import WorkCalendarScreen
from itpm_tui.screens.planning.gantt import GanttScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.planning.calendar import WorkCalendar

from .helpers import column, field_error, fill, notices, press, screen_text, task_rows
from .test_gantt_screen import chart, open_gantt

TASK = "Install core switches"


def finish_of(engine: Engine) -> tuple:
    row = next(r for r in task_rows(engine, "NET-CORE") if r.title == TASK)
    return row.start, row.finish


async def test_w_on_the_chart_adds_a_holiday_and_the_chart_moves_round_it(
    demo_db, make_app
) -> None:
    start, finish = finish_of(demo_db)
    weekdays = WorkCalendar()
    closed = weekdays.add_working_days(start, 1)  # a working day inside the task
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "W")
        assert isinstance(app.screen, WorkCalendarScreen)
        assert "Working days mon-fri" in screen_text(pilot)

        # A rule that is no day of the year: refused beside the field, nothing saved.
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "name", "Bad day")
        await fill(pilot, "when", "yearly 13-45")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert "not a day of the year" in field_error(pilot, "when")
        await fill(pilot, "when", closed.isoformat())
        await fill(pilot, "name", "Data centre closed")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorkCalendarScreen)
        table = app.screen.query_one("#register", DataTable)
        assert column(table, 0) == ["Data centre closed"]
        assert column(table, 2) == [closed.isoformat()]
        assert finish_of(demo_db) == (start, weekdays.add_working_days(finish, 1))

        await press(pilot, "escape")
        assert isinstance(app.screen, GanttScreen)
        row = next(r for r in chart(pilot).rows if r.name == TASK)
        assert (row.start, row.finish) == finish_of(demo_db)


async def test_w_sets_the_working_days_and_u_takes_them_back(demo_db, make_app) -> None:
    start, finish = finish_of(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "W", "w")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "weekdays", "someday")
        await press(pilot, "enter")
        assert "not a weekday" in field_error(pilot, "weekdays")
        await fill(pilot, "weekdays", "mon-thu")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorkCalendarScreen)
        assert "Working days: mon-thu; the plan is rescheduled." in notices(app)
        assert "Working days mon-thu" in screen_text(pilot)
        four_days = WorkCalendar(weekdays=frozenset(range(4)))
        new_start, new_finish = finish_of(demo_db)
        assert four_days.is_working_day(new_start) and four_days.is_working_day(new_finish)
        assert new_finish > finish

        await press(pilot, "u")
        assert finish_of(demo_db) == (start, finish)
        assert "Working days mon-fri" in screen_text(pilot)
        assert "Undone: set the working days: mon-thu" in notices(app)
