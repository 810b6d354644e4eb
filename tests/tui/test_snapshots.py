"""Snapshots of the portfolio and the five phase screens at 80x24 and 120x40, and ASCII mode."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from itpm_tui.screens.lifecycle.workspace import ProjectScreen

from .helpers import open_code, press, settle

SIZES = [(80, 24), (120, 40)]
PHASE_KEYS = {
    "initiation": "1",
    "planning": "2",
    "execution": "3",
    "monitoring": "4",
    "closure": "5",
}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_portfolio_snapshot(snap_compare, demo_db, make_app, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=settle)


def test_portfolio_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    assert snap_compare(make_app(demo_db, ascii=True), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("phase", list(PHASE_KEYS))
def test_phase_screen_snapshot(snap_compare, demo_db, make_app, phase, size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, PHASE_KEYS[phase])
        screen = pilot.app.screen
        assert isinstance(screen, ProjectScreen)
        assert screen.PHASE.value == phase

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)
