"""KPIs and uptime by keys: targets, the service window and downtime, and the dashboard after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from itpm_tui.db import read_session
from itpm_tui.models import Downtime, KpiTarget, ServiceWindow
from itpm_tui.screens.monitoring.kpis import KpisScreen
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.help import HelpScreen

from .helpers import column, field_error, fill, known, open_code, press, settle, type_text


def count(engine: Engine, model) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def window_of(engine: Engine):
    with read_session(engine) as session:
        return session.exec(select(ServiceWindow)).all()


async def open_kpis(pilot: Pilot[Any], code: str = "NET-CORE") -> KpisScreen:
    await settle(pilot)
    await open_code(pilot, code)
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, MonitoringScreen)
    await press(pilot, "k")
    screen = pilot.app.screen
    assert isinstance(screen, KpisScreen)
    assert screen.overview is not None
    return screen


def uptime_line(screen: Screen[Any]) -> str:
    return str(screen.query_one("#uptime", Static).content)


def dashboard_kpi(pilot: Pilot[Any], key: str):
    screen = pilot.app.screen
    assert isinstance(screen, MonitoringScreen) and screen.dashboard is not None
    return next((k for k in screen.dashboard.kpis if k.key == key), None)


async def test_a_target_set_on_the_kpi_screen_is_the_dashboards(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        table = screen.query_one("#kpi-table", DataTable)
        assert column(table, 0) == [
            "Completion rate",
            "Budget adherence",
            "On-time delivery",
            "System uptime",
            "Defect resolution",
            "Stakeholder satisfaction",
        ]
        assert column(table, 3) == ["default"] * 6
        assert "Uptime 99.53 % in the service window, target 99.50 %" in uptime_line(screen)
        await press(pilot, "down", "down", "down", "enter")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Target: System uptime (default 99.50%)"
        for bad, message in (("100.5", "between 0 and 100"), ("99.1234", "at most 2 decimals")):
            await fill(pilot, "target", bad)
            await press(pilot, "enter")
            assert message in field_error(pilot, "target")
            assert count(demo_db, KpiTarget) == 0
        await fill(pilot, "target", "99.9")
        await press(pilot, "enter")
        assert app.screen is screen
        assert count(demo_db, KpiTarget) == 1
        assert column(table, 2)[3] == "99.90%" and column(table, 3)[3] == "project"
        assert "target 99.90 %  AMBER" in uptime_line(screen)
        await press(pilot, "escape")
        up = dashboard_kpi(pilot, "uptime")
        assert up.target == Decimal("99.9") and up.health == "amber"
        # Below its target: an alert, and enter on it opens this screen again.
        assert isinstance(app.screen, MonitoringScreen)
        alerts = known(app.screen.dashboard).alerts
        index = next(i for i, a in enumerate(alerts) if a.target == "kpis")
        assert "Uptime 99.53% below its target 99.90%" in alerts[index].text
        await press(pilot, *["down"] * index, "enter")
        assert isinstance(app.screen, KpisScreen)
        await press(pilot, "down", "down", "down", "x")
        assert count(demo_db, KpiTarget) == 0
        assert column(app.screen.query_one("#kpi-table", DataTable), 3)[3] == "default"
        await press(pilot, "escape")
        assert dashboard_kpi(pilot, "uptime").target == Decimal("99.5")


async def test_downtime_is_added_edited_and_deleted_by_keys(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        downs = screen.query_one("#downtime", DataTable)
        before = count(demo_db, Downtime)
        assert downs.row_count == 3  # NET-CORE's; CLD-BKP has its own
        await press(pilot, "tab", "n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-system", Input).value == "Campus network"
        await fill(pilot, "start", "yesterday 10:00")
        await fill(pilot, "end", "2026-11-17 09:00")
        await press(pilot, "enter")
        assert "is not a date and time" in field_error(pilot, "start")
        await fill(pilot, "start", "-1d 10:00")
        await press(pilot, "enter")
        assert field_error(pilot, "end") == "^ must be after the start"
        assert count(demo_db, Downtime) == before
        await fill(pilot, "end", "2026-11-17 16:00")
        await fill(pilot, "note", "[b]fibre[/b] cut [/]")
        await press(pilot, "enter")
        assert app.screen is screen
        assert count(demo_db, Downtime) == before + 1
        # Newest first; the note shown as typed, not as markup.
        assert column(downs, 0)[0] == "2026-11-17 10:00"
        assert column(downs, 1)[0] == "16:00"
        assert column(downs, 2)[0] == "6 h 00 min"
        assert column(downs, 3)[0] == "UNPLANNED"
        assert column(downs, 5)[0] == "[b]fibre[/b] cut [/]"
        assert "Uptime 98.28 %" in uptime_line(screen)
        # Edit it: planned maintenance after all, so it does not count against uptime.
        assert downs.cursor_row == 0  # on the record just added
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "tab", "tab", "space")
        await fill(pilot, "note", "Maintenance")
        await press(pilot, "enter")
        assert app.screen is screen
        with read_session(demo_db) as session:
            edited = session.exec(select(Downtime).where(Downtime.note == "Maintenance")).one()
        assert edited.planned is True
        assert column(downs, 3)[0] == "planned"
        assert "Uptime 99.53 %" in uptime_line(screen)
        # Delete: n keeps it, y deletes it.
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "2026-11-17 10:00" in app.screen.question
        await press(pilot, "n")
        assert count(demo_db, Downtime) == before + 1
        await press(pilot, "d", "y")
        assert count(demo_db, Downtime) == before
        assert downs.row_count == 3
        # d in the KPI table deletes nothing.
        await press(pilot, "shift+tab", "d")
        assert not isinstance(app.screen, ConfirmScreen)
        assert count(demo_db, Downtime) == before


async def test_a_service_window_set_by_keys_measures_uptime(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "4")
        assert dashboard_kpi(pilot, "uptime") is None
        await press(pilot, "k")
        screen = app.screen
        assert isinstance(screen, KpisScreen)
        assert "none set (w sets one)" in uptime_line(screen)
        await press(pilot, "w")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "system", "SAP [prod]")
        await fill(pilot, "start_hour", "18")
        await fill(pilot, "end_hour", "18")
        await fill(pilot, "weekdays", "mon-funday")
        await press(pilot, "enter")
        assert "'funday' is not a weekday" in field_error(pilot, "weekdays")
        await fill(pilot, "weekdays", "mon-fri")
        await press(pilot, "enter")
        assert field_error(pilot, "end_hour") == (
            "^ must differ from the start hour (0 to 24 is the whole day)"
        )
        await fill(pilot, "end_hour", "25")
        await press(pilot, "enter")
        assert "0 to 24" in field_error(pilot, "end_hour")
        assert len(window_of(demo_db)) == 2  # the demo's two, no third
        await fill(pilot, "start_hour", "7")
        await fill(pilot, "end_hour", "19")
        await press(pilot, "enter")
        assert app.screen is screen
        assert len(window_of(demo_db)) == 3
        assert "SAP [prod], 07:00-19:00 UTC, mon-fri" in uptime_line(screen)
        assert "Uptime 100.00 % in the service window" in uptime_line(screen)
        await press(pilot, "w")
        await fill(pilot, "weekdays", "0,2,4")
        await press(pilot, "enter")
        assert "mon,wed,fri" in uptime_line(screen)
        await press(pilot, "escape")
        up = dashboard_kpi(pilot, "uptime")
        assert up is not None and up.value == Decimal("100.00")
        # W removes the window after asking: uptime is no longer measured.
        await press(pilot, "k", "W")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert len(window_of(demo_db)) == 3
        await press(pilot, "W", "y")
        assert len(window_of(demo_db)) == 2
        assert "none set (w sets one)" in uptime_line(app.screen)
        await press(pilot, "escape")
        assert dashboard_kpi(pilot, "uptime") is None


async def test_the_keys_are_in_help_and_in_the_palette(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "4", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("k", "KPIs") in app.screen.rows()
        await press(pilot, "escape", "ctrl+p")
        await type_text(pilot, "KPIs")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, KpisScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows()
        for row in (
            ("e", "Edit"),
            ("x", "Reset target"),
            ("w", "Service window"),
            ("n", "Add downtime"),
            ("d", "Delete"),
            ("esc", "Back"),
        ):
            assert row in rows, row
