"""Earned value as of a status date: PV, EV, AC and the indices, and the S-curve series."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from itpm_tui.services.planning.calendar import WorkCalendar


@dataclass(frozen=True)
class PlannedTask:
    """A baselined task: its baseline dates, its share of the budget, its progress."""

    task_id: int
    start: date
    finish: date
    budget_cents: Fraction | int
    percent: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    # (day recorded, % complete), oldest first; None where no history is kept: then the
    # past is estimated from the actual dates (see earned_fraction).
    history: tuple[tuple[date, int], ...] | None = None
    # Its planned work in working days: what % complete is weighted by when there is no money.
    weight: Fraction | int | None = None

    def percent_on(self, day: date) -> int:
        """% complete as recorded by the end of `day` (0 before the first record)."""
        assert self.history is not None
        found = 0
        for recorded, percent in self.history:
            if recorded > day:
                break
            found = percent
        return found


@dataclass(frozen=True)
class Evm:
    """Earned value figures; money in minor units, indices as Decimal (None: undefined)."""

    status_date: date
    bac: int
    pv: int
    ev: int
    ac: int
    # Shares of the planned work (by work-days) done and planned by the status date: the
    # measure of % complete when there is no budget to weight by (None: no work weighed).
    work_done: Fraction | None = None
    work_planned: Fraction | None = None

    @property
    def sv(self) -> int:
        return self.ev - self.pv

    @property
    def cv(self) -> int:
        return self.ev - self.ac

    @property
    def spi(self) -> Decimal | None:
        return _ratio(self.ev, self.pv)

    @property
    def cpi(self) -> Decimal | None:
        return _ratio(self.ev, self.ac)

    @property
    def eac(self) -> int:
        """Estimate at completion, assuming today's cost efficiency holds (BAC / CPI)."""
        if self.ev <= 0 or self.ac <= 0:
            # No efficiency measured yet: what is spent plus the work still to do.
            return self.ac + (self.bac - self.ev)
        return _round(Fraction(self.bac) * self.ac / self.ev)

    @property
    def etc(self) -> int:
        return self.eac - self.ac

    @property
    def vac(self) -> int:
        return self.bac - self.eac

    @property
    def tcpi(self) -> Decimal | None:
        """Efficiency needed on the remaining work to finish on budget."""
        return _ratio(self.bac - self.ev, self.bac - self.ac)

    @property
    def percent_complete(self) -> int:
        """EV / BAC; with no budget, the work done weighted by planned work-days."""
        if self.bac:
            return int(_round(Fraction(100 * self.ev, self.bac)))
        return int(_round(100 * self.work_done)) if self.work_done is not None else 0

    @property
    def percent_planned(self) -> int:
        """PV / BAC; with no budget, the work planned by now weighted by planned work-days."""
        if self.bac:
            return int(_round(Fraction(100 * self.pv, self.bac)))
        return int(_round(100 * self.work_planned)) if self.work_planned is not None else 0


def _round(value: Fraction) -> int:
    """Round half to even to a whole minor unit."""
    return round(value)


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if denominator <= 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_EVEN
    )


def planned_fraction(start: date, finish: date, day: date, calendar: WorkCalendar) -> Fraction:
    """Share of a task planned to be done by the end of `day`, by working days."""
    if day < start:
        return Fraction(0)
    if day >= finish:
        return Fraction(1)
    length = calendar.working_days_between(start, finish + timedelta(days=1))
    if length <= 0:
        return Fraction(1)
    done = calendar.working_days_between(start, day + timedelta(days=1))
    return Fraction(max(0, min(done, length)), length)


def earned_fraction(task: PlannedTask, day: date, status_date: date) -> Fraction:
    """Share earned by the end of `day` (on or before the status date).

    With a progress history, what had been recorded by then. Without one, progress is
    only known as of the status date; before it, a finished task counts from its actual
    finish, and one in progress is taken to have progressed evenly since it started.
    """
    if task.history is not None:
        return Fraction(task.percent_on(min(day, status_date)), 100)
    percent = Fraction(task.percent, 100)
    if task.actual_finish is not None and task.percent >= 100:
        return Fraction(1) if day >= task.actual_finish else _partial(task, day, Fraction(1))
    if day >= status_date:
        return percent
    return _partial(task, day, percent, status_date)


def _partial(task: PlannedTask, day: date, reached: Fraction, by: date | None = None) -> Fraction:
    began = task.actual_start or task.start
    end = by or task.actual_finish or day
    if day < began:
        return Fraction(0)
    span = (end - began).days + 1
    if span <= 0:
        return reached
    return reached * Fraction(min((day - began).days + 1, span), span)


def earned_value(
    tasks: Sequence[PlannedTask],
    status_date: date,
    actual_cost_cents: int,
    calendar: WorkCalendar,
    bac_cents: int | None = None,
) -> Evm:
    """PV from the baseline to the status date, EV from % complete, AC as given."""
    bac = (
        bac_cents
        if bac_cents is not None
        else _round(sum((Fraction(t.budget_cents) for t in tasks), Fraction(0)))
    )
    pv = sum(
        (Fraction(t.budget_cents) * planned_fraction(t.start, t.finish, status_date, calendar))
        for t in tasks
    )
    ev = sum(Fraction(t.budget_cents) * Fraction(t.percent, 100) for t in tasks)
    weighed = [(Fraction(t.weight), t) for t in tasks if t.weight]
    total = sum((w for w, _ in weighed), Fraction(0))
    work_done = work_planned = None
    if total:
        work_done = sum((w * Fraction(t.percent, 100) for w, t in weighed), Fraction(0)) / total
        planned_work = (
            w * planned_fraction(t.start, t.finish, status_date, calendar) for w, t in weighed
        )
        work_planned = sum(planned_work, Fraction(0)) / total
    return Evm(
        status_date,
        bac,
        _round(Fraction(pv)),
        _round(Fraction(ev)),
        actual_cost_cents,
        work_done,
        work_planned,
    )


@dataclass(frozen=True)
class CurvePoint:
    day: date
    pv: int
    ev: int | None  # None after the status date: not known yet
    ac: int | None


def s_curve(
    tasks: Sequence[PlannedTask],
    costs: Iterable[tuple[date, int]],
    status_date: date,
    calendar: WorkCalendar,
    step_days: int = 7,
) -> list[CurvePoint]:
    """Cumulative PV over the whole baseline, EV and AC up to the status date, every step."""
    if not tasks:
        return []
    first = min(t.start for t in tasks)
    last = max(max(t.finish for t in tasks), status_date)
    spent = sorted(costs)
    points: list[CurvePoint] = []
    day = first
    index = 0
    running = 0
    while True:
        day = min(day, last)
        while index < len(spent) and spent[index][0] <= day:
            running += spent[index][1]
            index += 1
        pv = _round(
            sum(
                (Fraction(t.budget_cents) * planned_fraction(t.start, t.finish, day, calendar))
                for t in tasks
            )
            or Fraction(0)
        )
        known = day <= status_date
        ev = (
            _round(
                sum(
                    (Fraction(t.budget_cents) * earned_fraction(t, day, status_date)) for t in tasks
                )
                or Fraction(0)
            )
            if known
            else None
        )
        points.append(CurvePoint(day, pv, ev, running if known else None))
        if day >= last:
            break
        # Put a point on the status date itself so that the curve ends on today's figures.
        nxt = day + timedelta(days=step_days)
        day = status_date if day < status_date < nxt else nxt
    return points
