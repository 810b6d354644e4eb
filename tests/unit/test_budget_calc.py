"""Budget arithmetic: forecasts, overruns, burn, and exact money over many entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.monitoring.budget import (
    LineFigures,
    add_amounts,
    labour_cost,
    line_forecast,
    open_commitment,
    planned_to_date,
    summarise,
)


def test_forecast_and_overrun_per_line() -> None:
    # Committed is the total ordered; what is spent draws it down first.
    on_plan = LineFigures(1, "hardware", "Switches", 100_000, 70_000, 50_000)
    over = LineFigures(2, "cloud", "Hosting", 10_000, 13_000, 9_000)
    assert on_plan.open_committed == 20_000
    assert on_plan.forecast == 100_000 and not on_plan.over_budget
    assert over.open_committed == 4_000
    assert over.forecast == 13_000 and over.over_budget and over.variance == -3_000
    summary = summarise([on_plan, over], date(2026, 1, 1), date(2026, 1, 10), date(2026, 1, 5))
    assert summary.planned == 110_000
    assert summary.spent == 59_000
    assert summary.forecast == 113_000
    assert summary.committed == 83_000 and summary.open_committed == 24_000
    assert summary.remaining == 110_000 - 59_000 - 24_000
    assert summary.over_budget == [over]
    # Five of ten days: 55,000 planned by now; 59,000 spent is a 107 % burn.
    assert summary.planned_to_date == 55_000
    assert summary.burn_percent == 107


@pytest.mark.parametrize(
    ("planned", "committed", "actual", "open_", "forecast"),
    [
        (85_000, 85_000, 0, 85_000, 85_000),  # ordered, nothing invoiced
        (85_000, 85_000, 85_000, 0, 85_000),  # the invoice consumes the order
        (85_000, 85_000, 90_000, 0, 90_000),  # invoiced beyond the order: an overrun
        (85_000, 40_000, 10_000, 30_000, 85_000),  # the rest of the plan still to come
        (85_000, 0, 60_000, 0, 85_000),  # spent without an order
        (85_000, 100_000, 30_000, 70_000, 100_000),  # ordered beyond the plan
        (0, 5_000, 2_000, 3_000, 5_000),  # no plan at all
    ],
)
def test_open_commitment_and_forecast_by_hand(
    planned: int, committed: int, actual: int, open_: int, forecast: int
) -> None:
    line = LineFigures(1, "hardware", "Switches", planned, committed, actual)
    assert open_commitment(committed, actual) == open_ == line.open_committed
    assert line_forecast(planned, committed, actual) == forecast == line.forecast
    assert line.over_budget == (forecast > planned)


AMOUNTS = st.integers(0, 10**12)


@given(AMOUNTS, AMOUNTS, AMOUNTS, st.data())
def test_an_expense_within_the_open_commitment_never_changes_the_forecast(
    planned: int, committed: int, actual: int, data: st.DataObject
) -> None:
    open_ = open_commitment(committed, actual)
    expense = data.draw(st.integers(0, open_))
    before = line_forecast(planned, committed, actual)
    assert line_forecast(planned, committed, actual + expense) == before
    assert open_commitment(committed, actual + expense) == open_ - expense


@given(AMOUNTS, AMOUNTS, AMOUNTS, st.integers(1, 10**12))
def test_an_expense_beyond_the_open_commitment_raises_the_forecast_at_most_by_the_excess(
    planned: int, committed: int, actual: int, beyond: int
) -> None:
    expense = open_commitment(committed, actual) + beyond
    before = line_forecast(planned, committed, actual)
    after = line_forecast(planned, committed, actual + expense)
    assert before <= after <= before + beyond


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
