"""Resource load: work spread over working days, holidays, days off, overlapping tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.resources.allocation import (
    Assignment,
    Capacity,
    daily_hours,
    monday,
    over_allocations,
    weekly_hours,
    weekly_load,
)

MON = date(2026, 11, 16)
ANA = Capacity(1, "Ana", 8.0)


def _a(
    task_id: int, start: date, finish: date, hours: int, cal: WorkCalendar | None = None
) -> Assignment:
    return Assignment(
        task_id, f"T{task_id}", "P", 1, start, finish, float(hours), cal or WorkCalendar()
    )


def test_work_is_spread_over_working_days_only() -> None:
    # Thu to Tue: Thu, Fri, Mon, Tue are worked; 32 h is 8 h a day.
    days = daily_hours(_a(1, date(2026, 11, 19), date(2026, 11, 24), 32), frozenset())
    assert days == {
        date(2026, 11, 19): 8,
        date(2026, 11, 20): 8,
        date(2026, 11, 23): 8,
        date(2026, 11, 24): 8,
    }


def test_weekly_hours_agree_with_daily_hours() -> None:
    task = _a(1, date(2026, 11, 19), date(2026, 12, 2), 45)
    off = frozenset({date(2026, 11, 24)})
    by_day = daily_hours(task, off)
    by_week: dict[date, float] = {}
    for day, hours in by_day.items():
        by_week[monday(day)] = by_week.get(monday(day), 0.0) + hours
    assert weekly_hours(task, off) == pytest.approx(by_week)


def test_holidays_and_days_off_move_the_work_to_the_other_days() -> None:
    cal = WorkCalendar(holidays=frozenset({MON}))
    days = daily_hours(
        _a(1, MON, MON + timedelta(days=4), 24, cal), frozenset({MON + timedelta(days=1)})
    )
    # Mon holiday, Tue off: 24 h over Wed, Thu, Fri.
    assert sorted(days) == [MON + timedelta(days=i) for i in (2, 3, 4)]
    assert set(days.values()) == {8}


def test_overlapping_tasks_over_allocate_with_their_causes() -> None:
    tasks = [
        _a(1, MON, MON + timedelta(days=4), 30),
        _a(2, MON + timedelta(days=2), MON + timedelta(days=4), 24),
    ]
    off = Capacity(1, "Ana", 8.0, frozenset({MON + timedelta(days=4)}))
    loads = weekly_load(tasks, [off], MON, 2)
    week = loads[1][0]
    assert week.load == 54
    assert week.capacity == 32  # four days of eight hours: Friday off
    assert week.over and week.percent == 169
    assert loads[1][1].load == 0 and loads[1][1].capacity == 40
    over = over_allocations(loads, [off], tasks)
    assert len(over) == 1
    assert [cause[0] for cause in over[0].tasks] == [1, 2]
    assert over[0].tasks[0][3] == 30


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 20), st.integers(0, 200)),
        min_size=1,
        max_size=10,
    ),
    st.sets(st.integers(0, 60), max_size=10),
)
def test_all_work_lands_somewhere_in_the_window(spec, off_days) -> None:
    tasks = [
        _a(i, MON + timedelta(days=s), MON + timedelta(days=s + d), h)
        for i, (s, d, h) in enumerate(spec)
    ]
    cap = Capacity(1, "Ana", 8.0, frozenset(MON + timedelta(days=d) for d in off_days))
    loads = weekly_load(tasks, [cap], MON, 10)  # 10 weeks cover every task
    assert sum(w.load for w in loads[1]) == pytest.approx(sum(h for _, _, h in spec))
    for week in loads[1]:
        assert week.load == pytest.approx(sum(week.tasks.values()))
        assert week.capacity == 8 * (
            5 - sum(1 for d in cap.days_off if monday(d) == week.week and d.weekday() < 5)
        )
