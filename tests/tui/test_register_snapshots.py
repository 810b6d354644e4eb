"""Snapshots of the RACI chart and the risk heat map at 80x24 and 120x40, and in ASCII."""

from __future__ import annotations

import pytest

from .helpers import open_code, press, settle

SIZES = [(80, 24), (120, 40)]


async def _planning(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "2")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_raci_snapshot(snap_compare, demo_db, make_app, size) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _planning(pilot)
        await press(pilot, "a")

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_raci_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _planning(pilot)
        await press(pilot, "a")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_risk_heat_map_snapshot(snap_compare, demo_db, make_app, size) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _planning(pilot)
        # The map focused on P4 x I4, where the critical risk is.
        await press(pilot, "k", "M", "down", "left")

    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_risk_heat_map_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _planning(pilot)
        await press(pilot, "k")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
