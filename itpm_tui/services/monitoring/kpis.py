"""Project KPIs with targets and a health each: completion, budget, on time, uptime, ..."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

GREEN, AMBER, RED, UNKNOWN = "green", "amber", "red", "n/a"

# Uptime is measured over this many days up to the status date.
UPTIME_DAYS = 30


def uptime_period(status_date: date) -> tuple[datetime, datetime]:
    """The UPTIME_DAYS that end with the status date, from midnight to midnight UTC."""
    last = datetime.combine(status_date + timedelta(days=1), time(0), UTC)
    return last - timedelta(days=UPTIME_DAYS), last


# Default targets; a project may set its own (KpiTarget, in hundredths of the unit).
DEFAULT_TARGETS = {
    "completion": Decimal("0"),  # percentage points behind plan allowed
    "budget": Decimal("0.95"),  # CPI at least
    "on_time": Decimal("90"),  # % of due milestones met
    "uptime": Decimal("99.5"),  # % of the service window
    "defects": Decimal("5"),  # days to resolve, at most
    "satisfaction": Decimal("4.0"),  # average score out of 5
}
KPI_NAMES = {
    "completion": "Completion rate",
    "budget": "Budget adherence",
    "on_time": "On-time delivery",
    "uptime": "System uptime",
    "defects": "Defect resolution",
    "satisfaction": "Stakeholder satisfaction",
}


@dataclass(frozen=True)
class Kpi:
    key: str
    value: Decimal | None
    target: Decimal
    health: str
    shown: str  # the value with its unit, e.g. "72% (plan 80%)"
    reason: str

    @property
    def name(self) -> str:
        return KPI_NAMES[self.key]


def _q(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_EVEN)


def completion(percent_done: int, percent_planned: int, allowed_behind: Decimal) -> Kpi:
    """Work done against work planned by now; amber within 10 points behind the allowance."""
    behind = Decimal(percent_planned - percent_done)
    if behind <= allowed_behind:
        health = GREEN
    elif behind <= allowed_behind + 10:
        health = AMBER
    else:
        health = RED
    reason = f"{behind} points behind plan" if behind > 0 else "on or ahead of plan"
    return Kpi(
        "completion",
        Decimal(percent_done),
        allowed_behind,
        health,
        f"{percent_done}% (plan {percent_planned}%)",
        reason,
    )


def budget_adherence(cpi: Decimal | None, target: Decimal) -> Kpi:
    """Cost performance index against its target; amber within 0.05 under it."""
    if cpi is None:
        return Kpi("budget", None, target, UNKNOWN, "-", "no cost or earned value yet")
    health = GREEN if cpi >= target else AMBER if cpi >= target - Decimal("0.05") else RED
    return Kpi("budget", cpi, target, health, f"CPI {cpi:.2f}", f"target {target:.2f}")


def on_time_delivery(
    milestones: Iterable[tuple[date, date | None]], status_date: date, target: Decimal
) -> Kpi:
    """Share of milestones due by the status date (baseline) that were met by their date."""
    due = [(planned, done) for planned, done in milestones if planned <= status_date]
    if not due:
        return Kpi("on_time", None, target, UNKNOWN, "-", "no milestone due yet")
    met = sum(1 for planned, done in due if done is not None and done <= planned)
    value = _q(Decimal(100 * met) / len(due))
    health = GREEN if value >= target else AMBER if value >= target - 20 else RED
    return Kpi(
        "on_time", value, target, health, f"{met}/{len(due)} met ({value}%)", f"target {target}%"
    )


def _window_minutes(
    first: datetime, last: datetime, start_hour: int, end_hour: int, weekdays: frozenset[int]
) -> list[tuple[datetime, datetime]]:
    """The window's spans between `first` and `last`.

    A window whose end hour is before its start (22 to 6) crosses midnight: it belongs to
    the weekday it opens on and runs into the next day.
    """
    spans: list[tuple[datetime, datetime]] = []
    hours = end_hour - start_hour if end_hour > start_hour else end_hour + 24 - start_hour
    day = first.date() - timedelta(days=1)  # last night's window may run into `first`
    while day <= last.date():
        if day.weekday() in weekdays:
            base = datetime.combine(day, datetime.min.time(), first.tzinfo)
            begin = max(base + timedelta(hours=start_hour), first)
            end = min(base + timedelta(hours=start_hour + hours), last)
            if end > begin:
                spans.append((begin, end))
        day += timedelta(days=1)
    return spans


def _overlap(spans: Sequence[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    return sum(max(0.0, (min(e, end) - max(s, start)).total_seconds()) for s, e in spans)


def uptime(
    downtimes: Iterable[tuple[datetime, datetime, bool]],
    first: datetime,
    last: datetime,
    start_hour: int,
    end_hour: int,
    weekdays: frozenset[int],
    target: Decimal,
) -> Kpi:
    """Up share of the service window, planned downtime (maintenance) left out of it."""
    spans = _window_minutes(first, last, start_hour, end_hour, weekdays)
    window = sum((e - s).total_seconds() for s, e in spans)
    planned = unplanned = 0.0
    for start, end, is_planned in downtimes:
        seconds = _overlap(spans, start, end)
        if is_planned:
            planned += seconds
        else:
            unplanned += seconds
    scheduled = window - planned
    if scheduled <= 0:
        return Kpi("uptime", None, target, UNKNOWN, "-", "no service window in the period")
    value = _q(Decimal(str(100 * (scheduled - unplanned) / scheduled)), "0.01")
    health = GREEN if value >= target else AMBER if value >= target - 1 else RED
    hours = _q(Decimal(str(unplanned / 3600)))
    return Kpi("uptime", value, target, health, f"{value}%", f"{hours} h unplanned down")


def defect_resolution(durations_days: Sequence[int], target: Decimal, open_count: int = 0) -> Kpi:
    """Average days from a defect being raised to it being resolved."""
    still_open = f", {open_count} open" if open_count else ""
    if not durations_days:
        reason = f"no defect resolved yet{still_open}" if open_count else "no defect logged"
        return Kpi("defects", None, target, UNKNOWN, "-", reason)
    value = _q(Decimal(sum(durations_days)) / len(durations_days))
    health = GREEN if value <= target else AMBER if value <= target * 2 else RED
    return Kpi(
        "defects",
        value,
        target,
        health,
        f"{value} d avg",
        f"{len(durations_days)} resolved{still_open}, target {target} d",
    )


def satisfaction(scores: Sequence[int], target: Decimal) -> Kpi:
    if not scores:
        return Kpi("satisfaction", None, target, UNKNOWN, "-", "no survey yet")
    value = _q(Decimal(sum(scores)) / len(scores))
    health = GREEN if value >= target else AMBER if value >= target - 1 else RED
    return Kpi("satisfaction", value, target, health, f"{value}/5", f"{len(scores)} answers")


def overall(kpis: Sequence[Kpi]) -> str:
    """The worst known health."""
    known = [k.health for k in kpis if k.health != UNKNOWN]
    if RED in known:
        return RED
    if AMBER in known:
        return AMBER
    return GREEN if known else UNKNOWN
