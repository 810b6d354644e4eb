"""Risk scoring on plain values: score, level, review interval, review due, heat map counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

CATEGORIES = (
    "technical",
    "schedule",
    "budget",
    "security",
    "compliance",
    "vendor",
    "people",
    "integration",
)
RESPONSES = ("avoid", "mitigate", "transfer", "accept")
STATUSES = ("open", "monitoring", "occurred", "closed")
# Words for the 1-5 scales, so a form and a heat map can say what a number means.
PROBABILITY_WORDS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT_WORDS = {1: "minimal", 2: "minor", 3: "moderate", 4: "major", 5: "severe"}


def score(probability: int, impact: int) -> int:
    """Probability x impact, both 1-5."""
    if not (1 <= probability <= 5 and 1 <= impact <= 5):
        raise ValueError("probability and impact run from 1 to 5")
    return probability * impact


def level(value: int) -> str:
    """low 1-4, medium 5-9, high 10-14, critical 15-25 (the usual 5x5 bands)."""
    if value >= 15:
        return "critical"
    if value >= 10:
        return "high"
    if value >= 5:
        return "medium"
    return "low"


# Higher risks are looked at more often.
REVIEW_DAYS = {"critical": 7, "high": 14, "medium": 30, "low": 60}


def next_review_after(assessed_on: date, value: int) -> date:
    """When a risk assessed on a day with this score should be looked at again."""
    return assessed_on + timedelta(days=REVIEW_DAYS[level(value)])


def review_due(next_review: date | None, status: str, today: date) -> bool:
    """A risk still open whose review date has passed (a risk with no date is never late)."""
    return status != "closed" and next_review is not None and next_review < today


def heat_counts(cells: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Counts per cell: grid[probability-1][impact-1] from (probability, impact) pairs."""
    grid = [[0] * 5 for _ in range(5)]
    for probability, impact in cells:
        grid[probability - 1][impact - 1] += 1
    return grid
