"""Writes of the time, resources and monitoring screens are named for undo after what was done."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select
from textual.pilot import Pilot

from itpm_tui.db import read_session
from itpm_tui.models import DayOff, TimeEntry
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.monitoring.timesheet import TimesheetScreen
from itpm_tui.screens.resources.load import ResourcesScreen
from itpm_tui.services.monitoring.timesheet import format_minutes

from .helpers import fill, notices, open_code, press, record_notices, settle


def count(engine: Engine, model: Any) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


async def open_monitoring(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, MonitoringScreen)
    await settle(pilot)


async def undo_says(pilot: Pilot[Any], label: str) -> None:
    await press(pilot, "u")
    await settle(pilot)
    assert f"Undone: {label}" in notices(pilot.app)


async def test_deleting_a_time_entry_is_named_for_undo(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "t")
        screen = app.screen
        assert isinstance(screen, TimesheetScreen)
        await settle(pilot)
        row = screen.selected()
        assert row is not None
        entries = count(demo_db, TimeEntry)
        await press(pilot, "d", "y")
        await settle(pilot)
        assert count(demo_db, TimeEntry) == entries - 1
        hours = format_minutes(row.minutes)
        await undo_says(pilot, f"delete {hours} h of {row.person} on {row.worked_on.isoformat()}")
        assert count(demo_db, TimeEntry) == entries


async def test_a_day_off_added_on_the_resources_screen_is_named_for_undo(
    demo_db: Engine, make_app
) -> None:
    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "L")
        screen = app.screen
        assert isinstance(screen, ResourcesScreen)
        await settle(pilot)
        assert screen.data is not None
        person = screen.data.people[0]
        day = screen.data.loads[person.person_id][1].week
        before = count(demo_db, DayOff)
        await press(pilot, "o")
        await fill(pilot, "on", day.isoformat())
        await press(pilot, "enter")
        await settle(pilot)
        assert count(demo_db, DayOff) == before + 1
        await undo_says(pilot, f"add a day off of {person.name} on {day.isoformat()}")
        assert count(demo_db, DayOff) == before
