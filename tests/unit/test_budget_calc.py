"""Budget arithmetic: forecasts, overruns, burn, and exact money over many entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.budget import (
    LineFigures,
    add_amounts,
    labour_cost,
    planned_to_date,
    summarise,
)


def test_forecast_and_overrun_per_line() -> None:
    on_plan = LineFigures(1, "hardware", "Switches", 100_000, 20_000, 50_000)
    over = LineFigures(2, "cloud", "Hosting", 10_000, 4_000, 9_000)
    assert on_plan.forecast == 100_000 and not on_plan.over_budget
    assert over.forecast == 13_000 and over.over_budget and over.variance == -3_000
    summary = summarise([on_plan, over], date(2026, 1, 1), date(2026, 1, 10), date(2026, 1, 5))
    assert summary.planned == 110_000
    assert summary.spent == 59_000
    assert summary.forecast == 113_000
    assert summary.over_budget == [over]
    # Five of ten days: 55,000 planned by now; 59,000 spent is a 107 % burn.
    assert summary.planned_to_date == 55_000
    assert summary.burn_percent == 107


def test_planned_to_date_edges() -> None:
    assert planned_to_date(1000, date(2026, 1, 1), date(2026, 1, 10), date(2025, 12, 31)) == 0
    assert planned_to_date(1000, date(2026, 1, 1), date(2026, 1, 10), date(2026, 2, 1)) == 1000
    assert planned_to_date(1000, None, None, date(2026, 1, 1)) == 0


def test_labour_cost_rounds_once() -> None:
    # 20 minutes at 0.10/h is 3.33 cents each time; three of them are 10 cents, not 9.
    assert labour_cost([(20, 10)] * 3) == 10
    assert labour_cost([(90, 9500)]) == 14250  # 1.5 h at 95.00


@given(st.lists(st.integers(0, 10**12), max_size=500))
def test_money_sums_are_exact(amounts: list[int]) -> None:
    total = add_amounts(amounts)
    assert Decimal(total) == sum((Decimal(a) for a in amounts), Decimal(0))


@given(st.lists(st.tuples(st.integers(1, 1440), st.integers(0, 10**6)), max_size=300))
def test_labour_cost_is_the_exact_sum_rounded_once(entries: list[tuple[int, int]]) -> None:
    # Worked in whole numbers: the sum of minutes x rate, then one division by 60.
    numerator = sum(m * r for m, r in entries)
    cost = labour_cost(entries)
    assert abs(cost * 60 - numerator) <= 30  # within half a minor unit: rounded once
