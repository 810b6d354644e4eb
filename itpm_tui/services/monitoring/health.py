"""A project's health from its indicators: one table of thresholds per area, and the rule
that the overall colour is the worst area's (README, "How health is rated").

Add a row to THRESHOLDS to rate a new indicator; an area appears as soon as a row names it.
A manager may set their own limits per indicator (portfolio-wide or per project): Limits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

GREEN, AMBER, RED = "green", "amber", "red"
RANK = {GREEN: 0, AMBER: 1, RED: 2}

Number = int | Fraction | Decimal


@dataclass(frozen=True)
class Threshold:
    """Amber when the indicator is beyond `amber`, red when beyond `red` (strictly).

    `worse` says which way is beyond: "above" (more is worse) or "below" (less is worse).
    `unit` says how the limits are typed and shown (days, count, ratio, percent, score);
    `editable` is False for an indicator whose limits are the rule itself.
    """

    area: str
    indicator: str
    worse: str
    amber: Number | None
    red: Number | None
    says: Callable[[Number], str]
    label: str = ""
    unit: str = "count"
    editable: bool = True


def _pct(value: Number) -> str:
    return f"{round(Fraction(value) * 100)}"


def _s(value: Number) -> str:
    return "" if value == 1 else "s"


def _two(value: Number) -> str:
    return f"{Decimal(str(float(value))).quantize(Decimal('0.01'))}"


def _load(value: Number) -> str:
    # A register_health.PeakLoad knows whose load it is and which week.
    who = getattr(value, "who", "a person")
    week = getattr(value, "week", None)
    when = f" (week of {week.isoformat()})" if week else ""
    return f"{who} loaded {_pct(value)}%{when}"


THRESHOLDS: list[Threshold] = [
    Threshold(
        "schedule",
        "slip_days",
        "above",
        0,
        10,
        lambda v: f"finish {v} d past target",
        "finish past target finish",
        "days",
    ),
    Threshold(
        "schedule",
        "slipped_milestones",
        "above",
        0,
        1,
        lambda v: f"{v} milestone{_s(v)} slipped",
        "milestones late vs baseline",
    ),
    Threshold(
        "schedule",
        "overdue_tasks",
        "above",
        0,
        None,
        lambda v: f"{v} task{_s(v)} overdue",
        "tasks overdue",
    ),
    Threshold(
        "schedule",
        "spi",
        "below",
        Decimal("0.95"),
        Decimal("0.80"),
        lambda v: f"SPI {_two(v)}",
        "SPI (earned value)",
        "ratio",
    ),
    Threshold(
        "cost",
        "forecast_over",
        "above",
        0,
        Fraction(1, 10),
        lambda v: f"forecast {_pct(v)}% over budget",
        "forecast over budget",
        "percent",
    ),
    Threshold(
        "cost",
        "unbudgeted_spend",
        "above",
        0,
        None,
        lambda v: "spending without a budget",
        "spending with no budget",
        "amount",
        editable=False,
    ),
    Threshold(
        "cost",
        "cpi",
        "below",
        Decimal("0.95"),
        Decimal("0.80"),
        lambda v: f"CPI {_two(v)}",
        "CPI (earned value)",
        "ratio",
    ),
    Threshold(
        "risk",
        "manager_rating",
        "above",
        0,
        1,
        lambda v: f"rated {'red' if v == 2 else 'amber'} by the manager",
        "the manager's own rating",
        "rating",
        editable=False,
    ),
    Threshold(
        "risk",
        "critical_risks",
        "above",
        0,
        2,
        lambda v: f"{v} critical risk{_s(v)} open",
        "critical risks open (15+)",
    ),
    Threshold(
        "risk",
        "overdue_issues",
        "above",
        0,
        2,
        lambda v: f"{v} issue{_s(v)} overdue",
        "issues overdue",
    ),
    Threshold(
        "risk",
        "peak_load",
        "above",
        1,
        # Amber only by default: over-allocation is the manager's to level, not yet a
        # failure of the project; a red limit can be set.
        None,
        _load,
        "peak weekly load of its people",
        "percent",
    ),
    Threshold(
        "risk",
        "blocked_tasks",
        "above",
        2,
        None,
        lambda v: f"{v} blocked task{_s(v)}",
        "blocked tasks",
    ),
    Threshold(
        "quality",
        "open_defects",
        "above",
        2,
        7,
        lambda v: f"{v} open defect{_s(v)}",
        "open defects",
    ),
    Threshold(
        "quality",
        "failed_checks",
        "above",
        0,
        2,
        lambda v: f"{v} quality check{_s(v)} failed or partial",
        "checks failed or partial",
    ),
    Threshold(
        "quality",
        "compliance_gaps",
        "above",
        0,
        2,
        lambda v: f"{v} compliance gap{_s(v)}",
        "compliance gaps",
    ),
    Threshold(
        "quality",
        "satisfaction",
        "below",
        Fraction(7, 2),
        3,
        lambda v: f"satisfaction {_two(v)}/5",
        "satisfaction (of 5)",
        "score",
    ),
    Threshold(
        "kpis",
        "kpis_red",
        "above",
        0,
        1,
        lambda v: f"{v} KPI{_s(v)} red",
        "KPIs red",
    ),
]
BY_INDICATOR = {t.indicator: t for t in THRESHOLDS}

# A manager's own limits per indicator, (amber, red); None: that colour is never given.
Limits = Mapping[str, tuple[Number | None, Number | None]]

AREAS = ["schedule", "cost", "risk", "quality", "kpis"]
ON_TRACK = {
    "schedule": "on schedule",
    "cost": "within budget",
    "risk": "no risk raised",
    "quality": "no quality concern",
    "kpis": "no KPI red",
}


def with_limits(limits: Limits | None) -> list[Threshold]:
    """The thresholds with the manager's limits in place of the defaults they set."""
    if not limits:
        return THRESHOLDS
    return [
        replace(t, amber=limits[t.indicator][0], red=limits[t.indicator][1])
        if t.indicator in limits and t.editable
        else t
        for t in THRESHOLDS
    ]


@dataclass(frozen=True)
class Rule:
    """One area's colour and why."""

    area: str
    health: str
    reason: str


def _beyond(value: Number, limit: Number | None, worse: str) -> bool:
    if limit is None:
        return False
    return value > limit if worse == "above" else value < limit


def rate(threshold: Threshold, value: Number | None) -> str:
    """The colour one indicator gives: green when it is unknown (None)."""
    if value is None:
        return GREEN
    if _beyond(value, threshold.red, threshold.worse):
        return RED
    if _beyond(value, threshold.amber, threshold.worse):
        return AMBER
    return GREEN


def area_rule(
    area: str, indicators: Mapping[str, Number | None], limits: Limits | None = None
) -> Rule:
    """An area's colour: the worst of its indicators; the reason names those of that colour."""
    rated = [
        (rate(t, indicators.get(t.indicator)), t)
        for t in with_limits(limits)
        if t.area == area and t.indicator in indicators
    ]
    worst = max((health for health, _ in rated), key=RANK.__getitem__, default=GREEN)
    if worst == GREEN:
        return Rule(area, GREEN, ON_TRACK.get(area, "no concern"))
    reasons = [t.says(indicators[t.indicator]) for health, t in rated if health == worst]  # type: ignore[arg-type]
    return Rule(area, worst, ", ".join(reasons))


def rate_areas(indicators: Mapping[str, Number | None], limits: Limits | None = None) -> list[Rule]:
    """Every area, in AREAS order (then any new ones), each rated on the indicators given."""
    areas = AREAS + [t.area for t in THRESHOLDS if t.area not in AREAS]
    return [area_rule(area, indicators, limits) for area in dict.fromkeys(areas)]


def combine(rules: list[Rule]) -> tuple[str, str]:
    """The overall colour is the worst area's; the reason lists every area of that colour."""
    worst = max(rules, key=lambda r: RANK[r.health])
    if worst.health == GREEN:
        return GREEN, "on track"
    reasons = [f"{r.area}: {r.reason}" for r in rules if r.health == worst.health]
    return worst.health, "; ".join(reasons)
