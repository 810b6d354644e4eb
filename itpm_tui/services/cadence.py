"""Communication cadences as RFC 5545 rules (dateutil.rrule), and the next dates they give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

# What a manager types -> the rule it means. Anything else must be an RRULE itself.
PRESETS: dict[str, str] = {
    "daily": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekly on monday": "FREQ=WEEKLY;BYDAY=MO",
    "weekly on friday": "FREQ=WEEKLY;BYDAY=FR",
    "every 2 weeks on monday": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "monthly on the first working day": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
    "monthly on the last working day": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "quarterly on the first working day": (
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1"
    ),
}
_NAMES = {rule: name for name, rule in PRESETS.items()}


def parse_cadence(text: str) -> str:
    """A preset name or an RRULE ('FREQ=WEEKLY;BYDAY=TU') -> the rule; ValueError if neither."""
    value = " ".join(text.strip().lower().split())
    if not value:
        raise ValueError("a cadence is required, e.g. 'weekly on monday' or FREQ=WEEKLY;BYDAY=TU")
    if value in PRESETS:
        return PRESETS[value]
    rule = value.upper().removeprefix("RRULE:")
    if "DTSTART" in rule or "\n" in rule:
        raise ValueError("give the rule alone; the plan line's start date anchors it")
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError):
        raise ValueError(
            f"'{text.strip()[:40]}' is not a cadence: use e.g. 'weekly on monday' or an RRULE"
        ) from None
    if "FREQ=" not in rule:
        raise ValueError("an RRULE needs FREQ=, e.g. FREQ=WEEKLY;BYDAY=MO")
    return rule


def describe(rule: str) -> str:
    """The preset name of a rule, or the rule itself."""
    return _NAMES.get(rule, rule)


def next_dates(
    rule: str,
    starts: date,
    after: date,
    count: int = 1,
    is_working_day: Callable[[date], bool] | None = None,
) -> list[date]:
    """The next `count` dates on or after `after` of a rule anchored on `starts`.

    A date that falls on a non-working day (a holiday) moves to the next working day:
    "the first working day of the month" is the 2nd when the 1st is a holiday.
    """
    recurrence = rrulestr(rule, dtstart=datetime.combine(starts, time()))
    found: list[date] = []
    # Look back a little: an occurrence before `after` may roll forward onto it.
    cursor = datetime.combine(after, time()).replace(day=1)
    cursor = cursor.replace(year=cursor.year - 1) if cursor.month == 1 else cursor
    for guard, occurrence in enumerate(recurrence.xafter(cursor, inc=True)):
        day = occurrence.date()
        if is_working_day is not None:
            steps = 0
            while not is_working_day(day) and steps < 366:
                day = date.fromordinal(day.toordinal() + 1)
                steps += 1
        if day >= after and (not found or day > found[-1]):
            found.append(day)
            if len(found) == count:
                break
        if guard > 10_000:  # a rule that never reaches `after` must not hang the screen
            break
    return found
