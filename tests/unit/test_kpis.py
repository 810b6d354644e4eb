"""KPIs with targets and health, worked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from itpm_tui.services.monitoring import kpis


def test_completion_against_plan() -> None:
    assert kpis.completion(50, 50, Decimal(0)).health == "green"
    assert kpis.completion(45, 50, Decimal(0)).health == "amber"
    late = kpis.completion(30, 50, Decimal(0))
    assert late.health == "red" and late.reason == "20 points behind plan"


def test_budget_adherence_by_cpi() -> None:
    assert kpis.budget_adherence(Decimal("1.02"), Decimal("0.95")).health == "green"
    assert kpis.budget_adherence(Decimal("0.92"), Decimal("0.95")).health == "amber"
    assert kpis.budget_adherence(Decimal("0.80"), Decimal("0.95")).health == "red"
    assert kpis.budget_adherence(None, Decimal("0.95")).health == "n/a"


def test_on_time_delivery_counts_only_due_milestones() -> None:
    d = date(2026, 11, 18)
    milestones = [
        (date(2026, 10, 1), date(2026, 9, 30)),  # met
        (date(2026, 10, 15), date(2026, 10, 20)),  # late
        (date(2026, 11, 1), None),  # missed
        (date(2026, 12, 1), None),  # not due yet
    ]
    kpi = kpis.on_time_delivery(milestones, d, Decimal(90))
    assert kpi.value == Decimal("33.3")
    assert kpi.shown == "1/3 met (33.3%)"
    assert kpi.health == "red"


def test_uptime_leaves_planned_maintenance_out_of_the_window() -> None:
    first = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
    last = first + timedelta(days=7)
    # Window 08-18 on weekdays: 5 x 10 h = 50 h. Planned 2 h, unplanned 1 h (half in window).
    downs = [
        (first + timedelta(hours=9), first + timedelta(hours=11), True),
        (
            first + timedelta(days=1, hours=17, minutes=30),
            first + timedelta(days=1, hours=18, minutes=30),
            False,
        ),
        (
            first + timedelta(days=5, hours=10),
            first + timedelta(days=5, hours=12),
            False,
        ),  # Saturday
    ]
    kpi = kpis.uptime(downs, first, last, 8, 18, frozenset(range(5)), Decimal("99.5"))
    # (48 h - 0.5 h) / 48 h = 98.958 %
    assert kpi.value == Decimal("98.96")
    assert kpi.health == "amber"
    assert kpi.reason == "0.5 h unplanned down"


def test_defects_and_satisfaction() -> None:
    assert kpis.defect_resolution([2, 4, 6], Decimal(5)).value == Decimal("4.0")
    assert kpis.defect_resolution([8, 14], Decimal(5)).health == "red"
    assert kpis.satisfaction([4, 5, 3], Decimal(4)).shown == "4.0/5"
    assert kpis.satisfaction([3, 3], Decimal(4)).health == "amber"


def test_overall_is_the_worst_known() -> None:
    g = kpis.satisfaction([5], Decimal(4))
    a = kpis.satisfaction([3], Decimal(4))
    r = kpis.satisfaction([1], Decimal(4))
    none = kpis.satisfaction([], Decimal(4))
    assert kpis.overall([g, none]) == "green"
    assert kpis.overall([g, a]) == "amber"
    assert kpis.overall([a, r, g]) == "red"
    assert kpis.overall([none]) == "n/a"


def test_a_window_across_midnight_counts_its_night_hours() -> None:
    # Monday to Friday, 22:00 to 06:00: five nights of 8 h in the week of Mon 2026-11-02.
    first = datetime(2026, 11, 2, tzinfo=UTC)
    last = datetime(2026, 11, 9, tzinfo=UTC)
    friday_night = datetime(2026, 11, 7, 1, tzinfo=UTC)  # Saturday 01:00, Friday's window
    downs = [(friday_night, friday_night + timedelta(hours=2), False)]
    kpi = kpis.uptime(downs, first, last, 22, 6, frozenset(range(5)), Decimal("99.5"))
    # 40 h of window, 2 h down: 95 %.
    assert kpi.value == Decimal("95.00")
    # Sunday night is no window (Sunday is not a window day): no downtime counts there.
    sunday_night = datetime(2026, 11, 8, 23, tzinfo=UTC)
    quiet = kpis.uptime(
        [(sunday_night, sunday_night + timedelta(hours=3), False)],
        first,
        last,
        22,
        6,
        frozenset(range(5)),
        Decimal("99.5"),
    )
    assert quiet.value == Decimal("100.00")
