"""Business case arithmetic against hand-computed values, and its properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.lifecycle.business_case import (
    BusinessCaseError,
    CaseLine,
    cash_flows,
    evaluate,
    npv,
    payback_months,
    roi_percent,
    verdict,
)

# 100,000 up front, 50,000 a year of benefit for 3 years, 5,000 a year of running cost.
LINES = [
    CaseLine(amount=10_000_000, is_benefit=False, first_year=0),
    CaseLine(amount=5_000_000, is_benefit=True, first_year=1, years=3),
    CaseLine(amount=500_000, is_benefit=False, first_year=1, years=3),
]


def test_cash_flows_per_year() -> None:
    assert cash_flows(LINES) == [-10_000_000, 4_500_000, 4_500_000, 4_500_000]


def test_npv_by_hand() -> None:
    # -100,000 + 45,000/1.08 + 45,000/1.1664 + 45,000/1.259712
    # = -100,000 + 41,666.667 + 38,580.247 + 35,722.451 = 15,969.364
    assert npv(cash_flows(LINES), 800) == 1_596_936


def test_npv_at_zero_is_the_plain_sum() -> None:
    assert npv([-100, 40, 40, 40], 0) == 20


def test_roi_by_hand() -> None:
    # benefits 150,000; costs 115,000 -> 35/115 = 30.4 %
    assert roi_percent(15_000_000, 11_500_000) == Decimal("30.4")
    assert roi_percent(100, 0) is None


def test_payback_by_hand() -> None:
    # After year 1: -55,000; year 2 brings 45,000 -> -10,000; year 3: 10/45 of 12 months = 2.67 -> 3
    assert payback_months([-10_000_000, 4_500_000, 4_500_000, 4_500_000]) == 27


def test_payback_never() -> None:
    assert payback_months([-100, 10, 10]) is None


def test_payback_at_once_when_never_negative() -> None:
    assert payback_months([0, 10]) == 0


def test_payback_counts_the_last_dip() -> None:
    # Above zero after year 1, below again after year 2 (a big upgrade), back half-way
    # through year 3: 2 years and 6 months.
    assert payback_months([-12, 24, -24, 24]) == 2 * 12 + 6


def test_evaluate_and_verdict() -> None:
    result = evaluate(LINES, 800, date(2026, 1, 31))
    assert result.payback is not None and str(result.payback) == "2 y 3 m"
    assert result.payback_on == date(2028, 4, 30)  # relativedelta keeps the month end sane
    assert verdict(result, 800, "EUR") == (
        "pays back in 2 y 3 m (2028-04-30); NPV 15,969 EUR at 8 %"
    )


def test_verdict_never() -> None:
    result = evaluate([CaseLine(100_00, False), CaseLine(10_00, True, 1, 2)], 825, None)
    # -100 + 10/1.0825 + 10/1.0825^2 = -100 + 9.238 + 8.534 = -82.23
    assert verdict(result, 825, "EUR") == "never pays back; NPV -82 EUR at 8.25 %"


def test_verdict_without_lines() -> None:
    assert verdict(evaluate([], 800, None), 800, "EUR") == "no costs or benefits entered yet"


@pytest.mark.parametrize("rate", [-1, 10_001])
def test_rate_out_of_range(rate: int) -> None:
    with pytest.raises(BusinessCaseError, match="between 0 % and 100 %"):
        evaluate(LINES, rate, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (CaseLine(1, False, first_year=31), "first year must be between 0 and 30"),
        (CaseLine(1, False, first_year=-1), "first year must be between 0 and 30"),
        (CaseLine(1, False, years=0), "number of years must be between 1 and 30"),
        (CaseLine(1, False, years=31), "number of years must be between 1 and 30"),
    ],
)
def test_years_out_of_range(line: CaseLine, message: str) -> None:
    with pytest.raises(BusinessCaseError, match=message):
        cash_flows([line])


flows_strategy = st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=12)


@given(flows_strategy)
def test_npv_at_zero_rate_is_sum(flows: list[int]) -> None:
    assert npv(flows, 0) == sum(flows)


@given(flows_strategy, st.integers(0, 10_000), st.integers(0, 10_000))
def test_npv_falls_with_rate_when_only_later_years_pay(
    flows: list[int], low: int, high: int
) -> None:
    later = [-abs(flows[0])] + [abs(f) for f in flows[1:]]
    low, high = sorted((low, high))
    assert npv(later, high) <= npv(later, low)


@given(flows_strategy)
def test_payback_is_when_the_total_stays_non_negative(flows: list[int]) -> None:
    months = payback_months(flows)
    totals = [sum(flows[: k + 1]) for k in range(len(flows))]
    if months is None:
        assert totals[-1] < 0
    else:
        # Every full year after the payback month ends at or above zero.
        assert all(total >= 0 for total in totals[-(-months // 12) :] or totals[-1:])
        assert 0 <= months <= 12 * (len(flows) - 1)
