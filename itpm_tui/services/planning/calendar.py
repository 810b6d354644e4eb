"""Working calendar: working weekdays, holidays and working-day arithmetic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.rrule import DAILY, rrule, rrulebase, rrulestr

from itpm_tui.services.planning.public_holidays import Region, public_holidays_between
from itpm_tui.services.shared.parsing import quoted

__all__ = ["WorkCalendar", "parse_duration"]

# Index 0 is the first working day on or after this date; fixing it keeps indexes
# comparable between equal calendars whatever order their tables were built in.
_ANCHOR = date(2000, 1, 1)
# Recurring rules without their own DTSTART start here, so that rules with an
# INTERVAL have one well-defined phase and historical dates get holidays too.
_RULE_START = datetime(1900, 1, 1)
# How far a holiday rule is tried for a first occurrence (leap days repeat within 8).
_PROBE_YEARS = 30
# Tables grow by at least this many years at a time so that growth is amortised.
_GROWTH_YEARS = 10
# Equal calendars share their tables: callers often rebuild a calendar per request.
_SHARED_MAX = 64

_DURATION = re.compile(r"([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)")
_UNIT_DAYS = {"": 1.0, "d": 1.0, "w": 5.0}
_HOURS_PER_DAY = 8.0


def parse_duration(text: str) -> float:
    """Working days in '3', '3d', '1.5d', '2w' (5 days a week) or '4h' (8 hours a day)."""
    shown = text.strip()
    match = _DURATION.fullmatch(shown.lower().replace(",", "."))
    if match is None or (match.group(3) not in _UNIT_DAYS and match.group(3) != "h"):
        raise ValueError(f"'{shown}' is not a duration: use e.g. 3d, 2w, 1.5d, 4h")
    sign, number, unit = match.groups()
    amount = float(number)
    if sign == "-" and amount:
        raise ValueError(f"'{shown}' is negative: a duration must be 0 or more")
    return amount / _HOURS_PER_DAY if unit == "h" else amount * _UNIT_DAYS[unit]


class _Store:
    """Holds the current tables; shared by equal calendars, swapped when they grow."""

    __slots__ = ("tables",)

    def __init__(self) -> None:
        self.tables = _Tables()


_shared: dict[object, _Store] = {}


class _Tables:
    """Lookup tables for a contiguous range of whole years; rebuilt when it must grow."""

    __slots__ = ("first_year", "last_year", "first_ordinal", "base", "rank", "working", "dates")

    def __init__(self) -> None:
        self.first_year = 0
        self.last_year = -1
        self.first_ordinal = 0
        # Absolute index of dates[0].
        self.base = 0
        # rank[k]: absolute index of the first working day on or after day first_ordinal + k
        # (it may lie past the range: date_table grows the tables to reach it).
        self.rank: list[int] = []
        self.working = bytearray()
        self.dates: list[date] = []


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked.

    `weekdays` are ints 0 (Monday) to 6 (Sunday); `holidays` are single dates;
    `recurring_holidays` are RFC 5545 rules such as "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"
    (a rule without DTSTART is anchored on 1900-01-01); `public` is a region whose public
    holidays are days off too, in every year. Sets and lists are accepted and frozen.
    Working days are numbered by a dense integer index (the working-day index) so that
    arithmetic is a table lookup; tables are built lazily per range of years.
    """

    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    holidays: frozenset[date] = frozenset()
    recurring_holidays: tuple[str, ...] = ()
    public: Region | None = None
    _rules: tuple[rrulebase, ...] = field(default=(), init=False, repr=False, compare=False)
    _store: _Store = field(default_factory=_Store, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weekdays = frozenset(self.weekdays)
        if not weekdays or not weekdays <= set(range(7)):
            raise ValueError("working weekdays must be a non-empty set of 0 (Mon) to 6 (Sun)")
        object.__setattr__(self, "weekdays", weekdays)
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        rules = tuple(self.recurring_holidays)
        object.__setattr__(self, "recurring_holidays", rules)
        object.__setattr__(self, "_rules", tuple(_parse_rule(rule) for rule in rules))
        key = (weekdays, self.holidays, rules, self.public)
        store = _shared.get(key)
        if store is None:
            if len(_shared) >= _SHARED_MAX:
                del _shared[next(iter(_shared))]
            store = _shared[key] = _Store()
        object.__setattr__(self, "_store", store)

    # -- day tests and snapping ------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True when `day` is a working weekday and not a holiday."""
        tables = self._covering(day.year)
        return bool(tables.working[day.toordinal() - tables.first_ordinal])

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is worked, else the first working day after it."""
        return self.date_of_index(self.working_day_index(day))

    def prev_working_day(self, day: date) -> date:
        """`day` itself when it is worked, else the last working day before it."""
        index = self.working_day_index(day)
        return self.date_of_index(index if self.is_working_day(day) else index - 1)

    # -- arithmetic ------------------------------------------------------------------

    def add_working_days(self, day: date, n: int) -> date:
        """Snap `day` forward to a working day, then move `n` working days (n may be < 0).

        So add_working_days(d, 0) is next_working_day(d), a Saturday plus 1 is the Tuesday
        after it and a Saturday minus 1 is the Friday before it. Steps compose:
        add(add(d, a), b) == add(d, a + b).
        """
        return self.date_of_index(self.working_day_index(day) + n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in [start, end) when start <= end, else minus those in [end, start).

        It is the inverse of add_working_days: working_days_between(d, add(d, n)) == n
        whenever d is a working day. A task from a to b inclusive lasts between(a, b) + 1.
        """
        return self.working_day_index(end) - self.working_day_index(start)

    # -- the working-day index (used by the scheduler) ----------------------------------

    def working_day_index(self, day: date) -> int:
        """Index of the first working day on or after `day` (0 is the first one in 2000)."""
        tables = self._covering(day.year)
        return tables.rank[day.toordinal() - tables.first_ordinal]

    def date_of_index(self, index: int) -> date:
        """The working day with this index."""
        table, offset = self.date_table(index, index)
        return table[index - offset]

    def date_table(self, first: int, last: int) -> tuple[Sequence[date], int]:
        """A table and offset with table[i - offset] the working day of index i, first..last.

        Lets callers turn many indexes into dates without a method call each.
        """
        tables = self._store.tables
        while tables.base > first or tables.base + len(tables.dates) <= last:
            self._grow(tables.first_year - 1 if tables.base > first else tables.last_year + 1)
            tables = self._store.tables
        return tables.dates, tables.base

    # -- table building ----------------------------------------------------------------

    def _covering(self, year: int) -> _Tables:
        tables = self._store.tables
        if not tables.first_year <= year <= tables.last_year:
            self._grow(year)
            tables = self._store.tables
        return tables

    def _grow(self, year: int) -> None:
        tables = self._store.tables
        if tables.first_year <= year <= tables.last_year:
            return
        # The last year is kept out so that the table can always see one day beyond.
        if not date.min.year <= year < date.max.year:
            raise OverflowError(f"year {year} is outside the supported range")
        # Grow by a margin so that walking day by day past the edge rebuilds rarely.
        if tables.last_year < tables.first_year:
            first = min(year, _ANCHOR.year)
            last = max(year, _ANCHOR.year) + _GROWTH_YEARS
        else:
            # Doubling keeps repeated growth linear overall.
            margin = max(_GROWTH_YEARS, tables.last_year - tables.first_year)
            first = min(tables.first_year, year - margin)
            last = max(tables.last_year, year + margin)
        self._build(max(first, date.min.year), min(last, date.max.year - 1))

    def _build(self, first_year: int, last_year: int) -> None:
        first_day, end_day = date(first_year, 1, 1), date(last_year + 1, 1, 1)
        off = {day.toordinal() for day in self._holidays_between(first_day, end_day)}
        # Day ordinals and a rolling weekday avoid a date object per calendar day.
        worked_weekday = [weekday in self.weekdays for weekday in range(7)]
        weekday = first_day.weekday()
        working = bytearray()
        dates: list[date] = []
        rank: list[int] = []
        for ordinal in range(first_day.toordinal(), end_day.toordinal()):
            rank.append(len(dates))
            is_worked = worked_weekday[weekday] and ordinal not in off
            working.append(is_worked)
            if is_worked:
                dates.append(date.fromordinal(ordinal))
            weekday = 0 if weekday == 6 else weekday + 1
        if not dates:
            raise ValueError("this calendar has no working days")
        base = -rank[_ANCHOR.toordinal() - first_day.toordinal()]
        tables = _Tables()
        tables.first_year, tables.last_year = first_year, last_year
        tables.first_ordinal, tables.base = first_day.toordinal(), base
        tables.rank = [k + base for k in rank]
        tables.working, tables.dates = working, dates
        self._store.tables = tables

    def _holidays_between(self, first: date, end: date) -> set[date]:
        off = {day for day in self.holidays if first <= day < end}
        if self.public is not None:
            off |= public_holidays_between(self.public, first, end)
        low = datetime.combine(first, datetime.min.time())
        high = datetime.combine(end, datetime.min.time()) - timedelta(microseconds=1)
        for rule in self._rules:
            off.update(moment.date() for moment in rule.between(low, high, inc=True))
        return off


def parse_holiday_rule(text: str) -> rrulebase:
    """An RFC 5545 rule of whole days that falls on some day; ValueError saying why not."""
    return _parse_rule(text)


def _parse_rule(text: str) -> rrulebase:
    try:
        rule = rrulestr(text, dtstart=_RULE_START)
    # dateutil raises more than ValueError on junk: "DTSTART:20260101" alone, an IndexError.
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError) as error:
        raise ValueError(
            f"'{quoted(text)}' is not a recurrence rule: {quoted(str(error), 80) or 'incomplete'}"
        ) from None
    if isinstance(rule, rrule):
        _check_holiday_rule(text, rule)
    return rule


def _check_holiday_rule(text: str, rule: rrule) -> None:
    """Refuse what dateutil would accept but never finish: holidays are whole days."""
    text = quoted(text)  # as the messages quote it
    # The parsed fields are private to dateutil (and left out of its stubs), but only they
    # tell what the rule repeats on.
    parsed: Any = rule
    if parsed._freq > DAILY:  # hourly, minutely, secondly
        raise ValueError(f"'{text}' is not a recurrence rule of days, weeks, months or years")
    if parsed._interval < 1:  # dateutil would repeat the same day for ever
        raise ValueError(f"'{text}' is not a recurrence rule: INTERVAL must be 1 or more")
    limits = (
        ("BYMONTHDAY", (*(parsed._bymonthday or ()), *(parsed._bynmonthday or ())), 31),
        ("BYYEARDAY", parsed._byyearday or (), 366),
        ("BYWEEKNO", parsed._byweekno or (), 53),
    )
    for name, values, most in limits:
        if any(not 1 <= abs(value) <= most for value in values):
            raise ValueError(f"'{text}' is not a recurrence rule: {name} runs from 1 to {most}")
    # A rule that never falls on a day (BYMONTHDAY=31 in February) sends dateutil looking
    # up to the year 9999 at every question; one that does repeats within a few years.
    start = parsed._dtstart or _RULE_START
    probe = rule.replace(count=None, until=start + timedelta(days=366 * _PROBE_YEARS))
    if probe.after(start, inc=True) is None:
        raise ValueError(
            f"'{text}' is not a recurrence rule that falls on any day in {_PROBE_YEARS} years"
        )
