"""A project's health from its indicators: one table of thresholds per area, and the rule
that the overall colour is the worst area's (README, "How health is rated").

Add a row to THRESHOLDS to rate a new indicator; an area appears as soon as a row names it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

GREEN, AMBER, RED = "green", "amber", "red"
RANK = {GREEN: 0, AMBER: 1, RED: 2}

Number = int | Fraction | Decimal


@dataclass(frozen=True)
class Threshold:
    """Amber when the indicator is beyond `amber`, red when beyond `red` (strictly).

    `worse` says which way is beyond: "above" (more is worse) or "below" (less is worse).
    """

    area: str
    indicator: str
    worse: str
    amber: Number | None
    red: Number | None
    says: Callable[[Number], str]


def _pct(value: Number) -> str:
    return f"{round(Fraction(value) * 100)}"


def _s(value: Number) -> str:
    return "" if value == 1 else "s"


def _two(value: Number) -> str:
    return f"{Decimal(str(float(value))).quantize(Decimal('0.01'))}"


THRESHOLDS: list[Threshold] = [
    Threshold("schedule", "slip_days", "above", 0, 10, lambda v: f"finish {v} d past target"),
    Threshold(
        "schedule", "slipped_milestones", "above", 0, 1, lambda v: f"{v} milestone{_s(v)} slipped"
    ),
    Threshold("schedule", "overdue_tasks", "above", 0, None, lambda v: f"{v} tasks overdue"),
    Threshold(
        "schedule", "spi", "below", Decimal("0.95"), Decimal("0.80"), lambda v: f"SPI {_two(v)}"
    ),
    Threshold(
        "cost",
        "forecast_over",
        "above",
        0,
        Fraction(1, 10),
        lambda v: f"forecast {_pct(v)}% over budget",
    ),
    Threshold("cost", "unbudgeted_spend", "above", 0, None, lambda v: "spending without a budget"),
    Threshold("cost", "cpi", "below", Decimal("0.95"), Decimal("0.80"), lambda v: f"CPI {_two(v)}"),
    Threshold(
        "risk",
        "manager_rating",
        "above",
        0,
        1,
        lambda v: f"rated {'red' if v == 2 else 'amber'} by the manager",
    ),
    Threshold("risk", "blocked_tasks", "above", 2, None, lambda v: f"{v} blocked tasks"),
    Threshold("quality", "open_defects", "above", 2, 7, lambda v: f"{v} open defects"),
    Threshold(
        "quality",
        "satisfaction",
        "below",
        Fraction(7, 2),
        3,
        lambda v: f"satisfaction {_two(v)}/5",
    ),
    Threshold("kpis", "kpis_red", "above", 0, 1, lambda v: f"{v} KPI{_s(v)} red"),
]

AREAS = ["schedule", "cost", "risk", "quality", "kpis"]
ON_TRACK = {
    "schedule": "on schedule",
    "cost": "within budget",
    "risk": "no risk raised",
    "quality": "no quality concern",
    "kpis": "no KPI red",
}


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


def area_rule(area: str, indicators: Mapping[str, Number | None]) -> Rule:
    """An area's colour: the worst of its indicators; the reason names those of that colour."""
    rated = [
        (rate(t, indicators.get(t.indicator)), t)
        for t in THRESHOLDS
        if t.area == area and t.indicator in indicators
    ]
    worst = max((health for health, _ in rated), key=RANK.__getitem__, default=GREEN)
    if worst == GREEN:
        return Rule(area, GREEN, ON_TRACK.get(area, "no concern"))
    reasons = [t.says(indicators[t.indicator]) for health, t in rated if health == worst]  # type: ignore[arg-type]
    return Rule(area, worst, ", ".join(reasons))


def rate_areas(indicators: Mapping[str, Number | None]) -> list[Rule]:
    """Every area, in AREAS order (then any new ones), each rated on the indicators given."""
    areas = AREAS + [t.area for t in THRESHOLDS if t.area not in AREAS]
    return [area_rule(area, indicators) for area in dict.fromkeys(areas)]


def combine(rules: list[Rule]) -> tuple[str, str]:
    """The overall colour is the worst area's; the reason lists every area of that colour."""
    worst = max(rules, key=lambda r: RANK[r.health])
    if worst.health == GREEN:
        return GREEN, "on track"
    reasons = [f"{r.area}: {r.reason}" for r in rules if r.health == worst.health]
    return worst.health, "; ".join(reasons)
