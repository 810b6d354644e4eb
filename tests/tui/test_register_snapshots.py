"""Snapshots of the RACI chart, the risk heat map and the working calendar, as people see them."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import known, open_code, press, settle

SIZES = [(80, 24), (120, 40)]


async def _planning(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "2")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_raci_snapshot(snap_compare, demo_db, make_app, size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _planning(pilot)
        await press(pilot, "a")

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_raci_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _planning(pilot)
        await press(pilot, "a")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_risk_heat_map_snapshot(snap_compare, demo_db, make_app, size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _planning(pilot)
        # The map focused on P4 x I4, where the critical risk is.
        await press(pilot, "k", "M", "down", "left")

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_risk_heat_map_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _planning(pilot)
        await press(pilot, "k")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_working_calendar_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    """ERP-S4's calendar with a one-off closure and two yearly holidays, in ASCII at 80x24."""
    from itpm_tui.db import write_session
    from itpm_tui.services.planning.calendar_records import HolidayInput, add_holiday
    from itpm_tui.services.portfolio.projects import find_project

    from .helpers import TODAY

    with write_session(demo_db) as session:
        project_id = known(find_project(session, "ERP-S4").id)
        for name, when in (
            ("Christmas Day", "yearly 12-25"),
            ("Year-end freeze", "2026-12-30"),
            ("New Year's Day", "yearly 01-01"),
        ):
            add_holiday(session, project_id, HolidayInput(name, when), TODAY)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _planning(pilot)
        await press(pilot, "W")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
