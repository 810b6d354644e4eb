"""Earned value against textbook figures worked by hand, and the S-curve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.monitoring.evm import (
    Evm,
    PlannedTask,
    earned_value,
    planned_fraction,
    s_curve,
)
from itpm_tui.services.planning.calendar import WorkCalendar

CAL = WorkCalendar()


def test_textbook_example() -> None:
    # BAC 100,000; planned 50,000 by now, 40,000 earned, 45,000 spent.
    evm = Evm(date(2026, 11, 18), bac=10_000_000, pv=5_000_000, ev=4_000_000, ac=4_500_000)
    assert evm.sv == -1_000_000
    assert evm.cv == -500_000
    assert evm.spi == Decimal("0.800")
    assert evm.cpi == Decimal("0.889")
    # EAC = BAC / CPI = 100,000 * 45,000 / 40,000 = 112,500
    assert evm.eac == 11_250_000
    assert evm.etc == 6_750_000
    assert evm.vac == -1_250_000
    # TCPI = (100,000 - 40,000) / (100,000 - 45,000) = 1.0909...
    assert evm.tcpi == Decimal("1.091")
    assert evm.percent_complete == 40
    assert evm.percent_planned == 50


def test_undefined_indices_are_none_not_errors() -> None:
    evm = Evm(date(2026, 1, 5), bac=1000, pv=0, ev=0, ac=0)
    assert evm.spi is None and evm.cpi is None
    assert evm.eac == 1000  # nothing spent, all the work to do
    over = Evm(date(2026, 1, 5), bac=1000, pv=1000, ev=500, ac=1000)
    assert over.tcpi is None  # the budget is gone: no efficiency can finish on it


def test_planned_value_by_working_days() -> None:
    # Mon 2 Nov to Fri 13 Nov 2026: ten working days; by Fri 6 Nov five are planned done.
    start, finish = date(2026, 11, 2), date(2026, 11, 13)
    assert planned_fraction(start, finish, date(2026, 11, 6), CAL) == Fraction(1, 2)
    # The weekend adds nothing.
    assert planned_fraction(start, finish, date(2026, 11, 8), CAL) == Fraction(1, 2)
    assert planned_fraction(start, finish, date(2026, 11, 1), CAL) == 0
    assert planned_fraction(start, finish, date(2026, 11, 20), CAL) == 1
    holidays = WorkCalendar(holidays=frozenset({date(2026, 11, 3)}))
    # Nine working days; four planned by Friday.
    assert planned_fraction(start, finish, date(2026, 11, 6), holidays) == Fraction(4, 9)


def test_earned_value_of_two_tasks_worked_by_hand() -> None:
    tasks = [
        # 60,000 over two weeks, 50 % done; 40,000 in the week after, not started.
        PlannedTask(1, date(2026, 11, 2), date(2026, 11, 13), 6_000_000, 50),
        PlannedTask(2, date(2026, 11, 16), date(2026, 11, 20), 4_000_000, 0),
    ]
    evm = earned_value(tasks, date(2026, 11, 18), 3_500_000, CAL)
    assert evm.bac == 10_000_000
    # All of task 1 (60,000) and three of five days of task 2 (24,000).
    assert evm.pv == 8_400_000
    assert evm.ev == 3_000_000
    assert evm.ac == 3_500_000
    assert evm.spi == Decimal("0.357")
    assert evm.cpi == Decimal("0.857")


def test_s_curve_ends_on_the_status_date_figures() -> None:
    tasks = [
        PlannedTask(1, date(2026, 11, 2), date(2026, 11, 13), 6_000_000, 50, date(2026, 11, 2)),
        PlannedTask(2, date(2026, 11, 16), date(2026, 11, 27), 4_000_000, 0),
    ]
    costs = [(date(2026, 11, 3), 1_000_000), (date(2026, 11, 10), 2_500_000)]
    curve = s_curve(tasks, costs, date(2026, 11, 18), CAL)
    at_status = next(p for p in curve if p.day == date(2026, 11, 18))
    evm = earned_value(tasks, date(2026, 11, 18), 3_500_000, CAL)
    assert (at_status.pv, at_status.ev, at_status.ac) == (evm.pv, evm.ev, evm.ac)
    assert curve[-1].pv == 10_000_000  # the whole budget by the last baseline finish
    assert curve[-1].ev is None and curve[-1].ac is None  # the future is not known
    pvs = [p.pv for p in curve]
    assert pvs == sorted(pvs)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 40), st.integers(0, 30), st.integers(0, 10**9), st.integers(0, 100)
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 90),
)
def test_pv_and_ev_never_exceed_the_budget(spec, offset) -> None:
    base = date(2026, 1, 5)
    from datetime import timedelta

    tasks = [
        PlannedTask(i, base + timedelta(days=s), base + timedelta(days=s + d), b, p)
        for i, (s, d, b, p) in enumerate(spec)
    ]
    evm = earned_value(tasks, base + timedelta(days=offset), 0, CAL)
    assert 0 <= evm.pv <= evm.bac
    assert 0 <= evm.ev <= evm.bac
    assert evm.bac == sum(b for _, _, b, _ in spec)
