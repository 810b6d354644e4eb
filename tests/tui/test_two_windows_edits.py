"""Two windows on one file, the other a real process: the chart, KPI, RACI, calendar, status
date and change-request edits refuse a save over a change made since they opened."""

from __future__ import annotations

from itpm_tui.screens.forms import FormScreen
from sqlalchemy import Engine

from itpm_tui.db import read_session

from .helpers import fill, press
from .test_two_windows import _app, other_window, wait_for
from .test_two_windows_rows import _refused, _reloads


def _one(engine: Engine, sql: str) -> tuple:  # type: ignore[type-arg]
    with read_session(engine) as session:
        return tuple(session.connection().exec_driver_sql(sql).one())


async def test_a_kpi_target_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.kpis import KpisScreen

    from .test_kpis import open_kpis

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        row = screen.selected_target()
        assert row is not None
        (pid,) = _one(demo_db, "SELECT id FROM project WHERE code = 'NET-CORE'")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        theirs = "98.00" if f"{row.target:.2f}" != "98.00" else "97.00"

        other_window(
            demo_db,
            f"""
            from decimal import Decimal
            from itpm_tui.services import kpi_records
            with write_session(engine, "target") as s:
                kpi_records.set_target(s, {pid}, "{row.kpi}", Decimal("{theirs}"))
            """,
        )
        await fill(pilot, "target", "96.5")
        await _refused(pilot, form, f"Target: {row.target:.2f} -> {theirs}")
        again = await _reloads(pilot, form)
        assert again.raw_value("target") == theirs
        await fill(pilot, "target", "96.5")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, KpisScreen))
        assert _one(
            demo_db, f"SELECT target FROM kpi_target WHERE project_id = {pid} AND kpi = '{row.kpi}'"
        ) == (9650,)
