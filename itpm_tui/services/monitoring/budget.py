"""Budget arithmetic: line totals, forecast at completion, burn against plan, overruns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction


def open_commitment(committed: int, actual: int) -> int:
    """What is ordered and not yet paid: actuals on a line draw down its commitment first."""
    return max(0, committed - actual)


def line_forecast(planned: int, committed: int, actual: int) -> int:
    """Forecast at completion: actual + open commitment + the rest of the plan, if any.

    The remaining estimate is what the plan still holds beyond actual and open commitment
    (never below zero), so the forecast is never under the plan, and an invoice recorded
    against an order already committed does not count twice.
    """
    return max(planned, actual + open_commitment(committed, actual))


@dataclass(frozen=True)
class LineFigures:
    """One budget line in minor units: spent (actual) is the opening actual plus what was booked.

    `committed` is the total ordered on the line; `open_committed` what of it is not yet paid.
    """

    line_id: int
    category: str
    name: str
    planned: int
    committed: int
    spent: int

    @property
    def open_committed(self) -> int:
        return open_commitment(self.committed, self.spent)

    @property
    def forecast(self) -> int:
        return line_forecast(self.planned, self.committed, self.spent)

    @property
    def variance(self) -> int:
        """Planned minus forecast: negative is an overrun."""
        return self.planned - self.forecast

    @property
    def over_budget(self) -> bool:
        return self.forecast > self.planned


@dataclass(frozen=True)
class BudgetSummary:
    lines: list[LineFigures]
    planned_to_date: int  # the plan spread evenly from start to target finish
    status_date: date

    @property
    def planned(self) -> int:
        return sum(line.planned for line in self.lines)

    @property
    def committed(self) -> int:
        return sum(line.committed for line in self.lines)

    @property
    def open_committed(self) -> int:
        return sum(line.open_committed for line in self.lines)

    @property
    def spent(self) -> int:
        return sum(line.spent for line in self.lines)

    @property
    def forecast(self) -> int:
        return sum(line.forecast for line in self.lines)

    @property
    def remaining(self) -> int:
        return self.planned - self.spent - self.open_committed

    @property
    def over_budget(self) -> list[LineFigures]:
        return [line for line in self.lines if line.over_budget]

    @property
    def burn_percent(self) -> int:
        """Spent as a share of what the plan expected to be spent by now."""
        if not self.planned_to_date:
            return 0
        return round(Fraction(100 * self.spent, self.planned_to_date))


def add_amounts(amounts: Iterable[int]) -> int:
    """Sum minor units (exact: Python integers do not round)."""
    total = 0
    for amount in amounts:
        total += amount
    return total


def labour_cost(minutes_by_rate: Iterable[tuple[int, int]]) -> int:
    """Hours at hourly rates (minor units), summed exactly, rounded once to a minor unit."""
    total = Fraction(0)
    for minutes, rate_cents in minutes_by_rate:
        total += Fraction(minutes * rate_cents, 60)
    return round(total)


def planned_to_date(planned: int, start: date | None, finish: date | None, day: date) -> int:
    """The plan spread evenly by calendar day over the project's span, up to `day`."""
    if start is None or finish is None or finish <= start:
        return planned if start is not None and day >= start else 0
    if day < start:
        return 0
    if day >= finish:
        return planned
    return round(Fraction(planned * ((day - start).days + 1), (finish - start).days + 1))


def summarise(
    lines: Sequence[LineFigures],
    start: date | None,
    finish: date | None,
    status_date: date,
) -> BudgetSummary:
    total = sum(line.planned for line in lines)
    return BudgetSummary(
        list(lines), planned_to_date(total, start, finish, status_date), status_date
    )
