"""Snapshots of the monitoring dashboard (80x24, 120x40, ASCII) and the portfolio dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import open_code, press, settle

SIZES = [(80, 24), (120, 40)]


async def _dashboard(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "4")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_monitoring_dashboard_snapshot(snap_compare, demo_db, make_app, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_dashboard)


def test_monitoring_dashboard_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def scrolled(pilot: Pilot[Any]) -> None:
        await _dashboard(pilot)
        await press(pilot, "tab", "pagedown")  # down to the S-curve

    assert snap_compare(make_app(demo_db, ascii=True), terminal_size=(80, 24), run_before=scrolled)


def test_portfolio_dashboard_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "D")

    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=run_before)


def test_kpis_and_uptime_snapshot(snap_compare, demo_db, make_app) -> None:
    """NET-CORE: its service window, three downtimes and the six KPIs, in ASCII at 80x24."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "4", "k")

    assert snap_compare(
        make_app(demo_db, ascii=True), terminal_size=(80, 24), run_before=run_before
    )
