"""Health thresholds by keys: a project's own limits from Monitoring, the portfolio's from
its dashboard, bad limits refused in place, a stale save refused."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import HealthThreshold
from itpm_tui.screens.monitoring.health_thresholds import HealthThresholdsScreen
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.portfolio.dashboard import PortfolioDashboardScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.monitoring.health_thresholds import set_threshold

from .helpers import burst, field_error, open_code, press, screen_text, settle


def limits(engine: Engine) -> dict[tuple[int | None, str], tuple[str | None, str | None]]:
    with read_session(engine) as session:
        return {
            (r.project_id, r.indicator): (r.amber, r.red)
            for r in session.exec(select(HealthThreshold))
        }


def row_index(screen: HealthThresholdsScreen, indicator: str) -> int:
    return [r.indicator for r in screen.rows].index(indicator)


async def test_a_projects_own_limit_typed_in_one_burst_recolours_it(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "4")
        monitoring = app.screen
        assert isinstance(monitoring, MonitoringScreen) and monitoring.dashboard is not None
        assert monitoring.dashboard.health == "amber"
        pid = monitoring.project_id
        await press(pilot, "T")
        screen = app.screen
        assert isinstance(screen, HealthThresholdsScreen)
        downs = ["down"] * row_index(screen, "peak_load")
        # Over a slow link: the row, enter, both limits and enter in one go.
        await burst(pilot, *downs, "enter", "ctrl+u", *"120", "tab", "ctrl+u", *"150%", "enter")
        await settle(pilot)
        assert limits(demo_db) == {(pid, "peak_load"): ("1.2", "1.5")}
        assert isinstance(app.screen, HealthThresholdsScreen)
        assert "> 120%      > 150%    project" in screen_text(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is monitoring and monitoring.dashboard is not None
        # Peter Olsen at 267 % is now beyond this project's red limit.
        assert monitoring.dashboard.health == "red"
        assert "Peter Olsen loaded 267% (week of 2026-12-07)" in monitoring.dashboard.health_reason


async def test_a_red_limit_short_of_amber_is_refused_beside_the_field(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D")
        assert isinstance(app.screen, PortfolioDashboardScreen)
        await press(pilot, "T")
        assert isinstance(app.screen, HealthThresholdsScreen)
        await burst(pilot, "enter", "ctrl+u", *"5", "tab", "ctrl+u", *"2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert field_error(pilot, "red") == "^ red must be at or above amber (5 d)"
        await burst(pilot, "ctrl+u", *"1.5", "enter")
        await settle(pilot)
        assert field_error(pilot, "red") == "^ '1.5': a whole number"
        assert limits(demo_db) == {}
        await burst(pilot, "ctrl+u", *"20", "enter")
        await settle(pilot)
        assert limits(demo_db) == {(None, "slip_days"): ("5", "20")}
        assert "portfolio" in screen_text(pilot)


async def test_a_limit_changed_in_another_window_is_not_saved_over(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D", "T")
        assert isinstance(app.screen, HealthThresholdsScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        # Meanwhile, another window sets the same limit.
        with write_session(demo_db, "elsewhere") as session:
            set_threshold(session, None, "slip_days", Decimal(3), Decimal(30))
        await burst(pilot, "ctrl+u", *"7", "enter")
        await settle(pilot)
        assert "changed elsewhere" in screen_text(pilot)
        assert limits(demo_db) == {(None, "slip_days"): ("3", "30")}
