"""The burn-up and cumulative flow on Monitoring: counts in whole numbers, scope as it grew."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Engine

from itpm_tui.app import ItpmApp
from itpm_tui.widgets.plots import LineChart

from .helpers import open_code, press, settle, widget_text

Y_LABEL = re.compile(r"^\s*(-?[\d.]+)\s*[┤|+]")


async def test_card_charts_count_whole_cards(
    demo_db: Engine, make_app: Callable[..., ItpmApp]
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await open_code(pilot, "APP-PORTAL")
        await press(pilot, "4")
        await settle(pilot)
        for name in ("burn", "flow"):
            chart = app.screen.query_one(f"#{name}", LineChart)
            assert chart.display
            labels = [
                m.group(1) for line in widget_text(chart).splitlines() if (m := Y_LABEL.match(line))
            ]
            assert labels, widget_text(chart)
            assert all(label.lstrip("-").isdigit() for label in labels), labels
