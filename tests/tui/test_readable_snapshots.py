"""Snapshots at 80x24 in ASCII of the screens made readable there: dialogs, forms, tables."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from .helpers import open_code, press, settle
from .test_gantt_screen import open_gantt, select_task


def test_link_dialog_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await pilot.press("L", *"inst", "enter")
        await settle(pilot)

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_time_entries_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "4", "t")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_task_form_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "down", "down", "down", "down", "e")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_goals_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await press(pilot, "right_square_bracket")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_portfolio_dashboard_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "D")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_planning_task_list_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_gantt_screen_ascii_snapshot(snap_compare, demo_db, make_app) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_gantt(pilot)

    app = make_app(demo_db, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
