"""The company's public holidays from the working-calendar screen (W, then p), at 80x24."""

from __future__ import annotations

from sqlalchemy import Engine

from itpm_tui.db import read_session
from itpm_tui.screens.planning.calendar import WorkCalendarScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.planning import public_holiday_records as company
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.public_holidays import Region, public_holidays
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.widgets.tick_box import TickBox

from .helpers import field_error, fill, known, notices, press, screen_text, task_rows
from .test_gantt_screen import open_gantt

AUSTRIA = Region("AT")
# It runs over Tuesday 8 December (Immaculate Conception, Austria's) in the demo, dated
# around 2026-11-18. (Dates in Bavaria over Christmas are checked by hand in
# tests/unit/test_public_holidays.py.)
TASK = "Install core switches"


def span(engine: Engine) -> tuple:
    row = next(r for r in task_rows(engine, "NET-CORE") if r.title == TASK)
    return row.start, row.finish


def setting(engine: Engine, code: str) -> company.ProjectPublicHolidays:
    with read_session(engine) as session:
        return company.project_public_holidays(session, known(find_project(session, code).id))


async def open_calendar(pilot) -> None:
    await open_gantt(pilot)
    await press(pilot, "W")
    assert isinstance(pilot.app.screen, WorkCalendarScreen)


async def test_p_sets_the_company_calendar_refuses_unknown_codes_and_replans(
    demo_db, make_app
) -> None:
    start, finish = span(demo_db)
    holidays = {day for day, _ in public_holidays(AUSTRIA, 2026)}
    assert any(start <= day <= finish and day.weekday() < 5 for day in holidays)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_calendar(pilot)
        assert "no public holidays (p)" in screen_text(pilot)

        await press(pilot, "p")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "country", "Germany")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert "'Germany' is not a known country code" in field_error(pilot, "country")
        await fill(pilot, "country", "de")
        await fill(pilot, "subdivision", "Bavaria")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert "'Bavaria' is not a subdivision of DE" in field_error(pilot, "subdivision")
        assert field_error(pilot, "country") == ""
        assert setting(demo_db, "NET-CORE").company is None  # nothing saved yet
        assert span(demo_db) == (start, finish)

        await fill(pilot, "country", "at")
        await fill(pilot, "subdivision", "")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorkCalendarScreen)
        assert "Public holidays of AT; the plans are rescheduled." in notices(app)
        text = screen_text(pilot)
        assert "Working days mon-fri (w); public holidays AT (p)" in text
        assert "; next Dec 08 Immaculate Co..." in text  # cut to fit 80 columns

    # Every project follows; the task skips 8 December.
    assert setting(demo_db, "ERP-S4").region == AUSTRIA
    new_start, new_finish = span(demo_db)
    bavarian = WorkCalendar(public=AUSTRIA)
    assert bavarian.is_working_day(new_start) and bavarian.is_working_day(new_finish)
    assert new_finish > finish
    # As long in working days as before, counted without the public holidays.
    assert bavarian.working_days_between(new_start, new_finish) == (
        WorkCalendar().working_days_between(start, finish)
    )


async def test_a_project_opts_out_from_the_form_and_u_takes_it_back(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_calendar(pilot)
        await press(pilot, "p")
        await fill(pilot, "country", "AT")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorkCalendarScreen)
        followed = span(demo_db)

        await press(pilot, "p")
        assert isinstance(app.screen, FormScreen)
        box = app.screen.query_one("#field-follows", TickBox)
        box.focus()
        await press(pilot, "space", "enter")
        assert isinstance(app.screen, WorkCalendarScreen)
        assert "Company calendar AT; this project keeps its own only." in notices(app)
        assert "own calendar only (p)" in screen_text(pilot)
        assert (
            setting(demo_db, "NET-CORE").follows_company,
            setting(demo_db, "NET-CORE").region,
        ) == (
            False,
            None,
        )
        assert setting(demo_db, "ERP-S4").region == AUSTRIA  # the others still follow
        assert span(demo_db) != followed

        await press(pilot, "u")
        assert "public holidays AT (p)" in screen_text(pilot)
        assert setting(demo_db, "NET-CORE").follows_company
        assert span(demo_db) == followed
