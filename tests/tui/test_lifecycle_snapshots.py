"""Snapshots of the Initiation and Closure sections at 80x24 and 120x40, and in ASCII."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import open_code, press, settle

SIZES = [(80, 24), (120, 40)]


def opener(code: str, sections: int):
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, code)
        for _ in range(sections):
            await press(pilot, "right_square_bracket")

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize(
    ("code", "sections"),
    [("SEC-MFA", 0), ("SEC-MFA", 4), ("SEC-MFA", 5), ("HW-LAPTOP", 0), ("HW-LAPTOP", 4)],
    ids=["charter", "business-case", "stakeholders", "closure-status", "closure-feedback"],
)
def test_lifecycle_snapshot(snap_compare, demo_db, make_app, code, sections, size) -> None:
    app = make_app(demo_db)
    assert snap_compare(app, terminal_size=size, run_before=opener(code, sections))


def test_stakeholder_grid_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opener("SEC-MFA", 5))
