"""Communication cadences as RFC 5545 rules (dateutil.rrule): read from words, shown in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

WORKING_DAYS = "MO,TU,WE,TH,FR"

# What a manager types most often -> the rule it means; `parse_cadence` reads many more.
PRESETS: dict[str, str] = {
    "daily": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "weekly on monday": "FREQ=WEEKLY;BYDAY=MO",
    "weekly on friday": "FREQ=WEEKLY;BYDAY=FR",
    "every 2 weeks on monday": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "monthly on the first working day": f"FREQ=MONTHLY;BYDAY={WORKING_DAYS};BYSETPOS=1",
    "monthly on the last working day": f"FREQ=MONTHLY;BYDAY={WORKING_DAYS};BYSETPOS=-1",
    "quarterly on the first working day": (
        f"FREQ=MONTHLY;INTERVAL=3;BYDAY={WORKING_DAYS};BYSETPOS=1"
    ),
}

_DAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
_DAY_NAMES = {code: name for name, code in _DAYS.items()}
_ORDER = list(_DAYS.values())
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_ORDINAL_NAMES = {n: word for word, n in _ORDINALS.items()}
_EXAMPLE = "e.g. 'weekly on monday', 'every 2 weeks on tuesday' or 'monthly on the 15th'"


def _day_code(word: str) -> str | None:
    word = word.rstrip("s") if word.endswith("days") else word  # "mondays"
    for name, code in _DAYS.items():
        if len(word) >= 2 and name.startswith(word) and (len(word) >= 3 or word in ("mo", "tu")):
            return code
    return None


def _weekdays(text: str) -> list[str] | None:
    """'monday', 'mon and thu', 'mon, wed, fri', 'mon-fri', 'working days' -> day codes."""
    text = text.strip()
    if text in ("working days", "weekdays", "every working day"):
        return WORKING_DAYS.split(",")
    codes: set[str] = set()
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", text):
        if not part:
            continue
        if "-" in part:
            first, _, last = (p.strip() for p in part.partition("-"))
            a, b = _day_code(first), _day_code(last)
            if a is None or b is None:
                return None
            i, j = _ORDER.index(a), _ORDER.index(b)
            span = _ORDER[i : j + 1] if i <= j else _ORDER[i:] + _ORDER[: j + 1]
            codes.update(span)
        else:
            code = _day_code(part)
            if code is None:
                return None
            codes.add(code)
    return [c for c in _ORDER if c in codes] or None


def _interval(word: str) -> int | None:
    if word.isdigit() and 0 < int(word) <= 366:
        return int(word)
    return {"other": 2, "two": 2, "three": 3, "four": 4, "six": 6}.get(word)


def _with_interval(freq: str, every: int, rest: str = "") -> str:
    parts = [f"FREQ={freq}"]
    if every > 1:
        parts.append(f"INTERVAL={every}")
    if rest:
        parts.append(rest)
    return ";".join(parts)


def _monthly_on(text: str) -> str | None:
    """'the first working day', 'the 15th', 'day 15', 'the last friday' -> the BY parts."""
    text = text.removeprefix("the ").strip()
    if text in ("first working day", "last working day"):
        position = 1 if text.startswith("first") else -1
        return f"BYDAY={WORKING_DAYS};BYSETPOS={position}"
    day = re.fullmatch(r"(?:day )?(\d{1,2})(?:st|nd|rd|th)?", text)
    if day and 1 <= int(day.group(1)) <= 31:
        return f"BYMONTHDAY={int(day.group(1))}"
    if text == "last day":
        return "BYMONTHDAY=-1"
    nth = re.fullmatch(r"(first|second|third|fourth|last) (\w+)", text)
    if nth and (code := _day_code(nth.group(2))):
        return f"BYDAY={_ORDINALS[nth.group(1)]:+d}{code}"
    return None


def _from_words(value: str) -> str | None:
    """The rule an everyday phrase means, or None when it is not one."""
    if value in PRESETS:
        return PRESETS[value]
    if value in ("every working day", "each working day", "working days", "weekdays"):
        return PRESETS["daily"]
    if value == "every day":
        return "FREQ=DAILY"
    if m := re.fullmatch(r"every (\w+) days?", value):
        every = _interval(m.group(1))
        return _with_interval("DAILY", every) if every else None
    if m := re.fullmatch(r"(?:the )?(first|last) working day of (?:the|each|every) month", value):
        return PRESETS[f"monthly on the {m.group(1)} working day"]
    if m := re.fullmatch(r"(?:the )?(first|last) working day of (?:the|each|every) quarter", value):
        return _with_interval("MONTHLY", 3, _monthly_on(f"{m.group(1)} working day") or "")
    weekly = re.fullmatch(
        r"(?:(weekly)|(fortnightly|biweekly)|every week|every (\w+) weeks?)(?: on (.+))?", value
    )
    if weekly:
        every = (
            2 if weekly.group(2) else 1 if weekly.group(1) else _interval(weekly.group(3) or "1")
        )
        if not every:
            return None
        if weekly.group(4) is None:
            return _with_interval("WEEKLY", every)
        days = _weekdays(weekly.group(4))
        return _with_interval("WEEKLY", every, f"BYDAY={','.join(days)}") if days else None
    if m := re.fullmatch(r"on (\w+(?:\s*(?:,|and|-)\s*\w+)*)", value):
        days = _weekdays(m.group(1))  # "on mondays"
        return _with_interval("WEEKLY", 1, f"BYDAY={','.join(days)}") if days else None
    monthly = re.fullmatch(
        r"(?:(monthly)|(quarterly)|every month|every (\w+) months?)(?: on (.+))?", value
    )
    if monthly:
        every = (
            3 if monthly.group(2) else 1 if monthly.group(1) else _interval(monthly.group(3) or "1")
        )
        if not every:
            return None
        if monthly.group(4) is None:
            return _with_interval("MONTHLY", every)
        rest = _monthly_on(monthly.group(4))
        return _with_interval("MONTHLY", every, rest) if rest else None
    if value in ("yearly", "annually", "every year"):
        return "FREQ=YEARLY"
    return None


def parse_cadence(text: str) -> str:
    """Everyday words ('every 2 weeks on tuesday') or an RRULE -> the rule; else ValueError."""
    value = " ".join(text.strip().lower().split())
    if not value:
        raise ValueError(f"a cadence is required, {_EXAMPLE}")
    rule = _from_words(value)
    if rule is not None:
        return rule
    rule = value.upper().removeprefix("RRULE:")
    if "=" not in rule:
        raise ValueError(f"'{text.strip()[:40]}' is not a cadence: {_EXAMPLE}, or an RRULE")
    if "DTSTART" in rule or "\n" in rule:
        raise ValueError("give the rule alone; the plan line's start date anchors it")
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError):
        raise ValueError(
            f"'{text.strip()[:40]}' is not a cadence: {_EXAMPLE}, or an RRULE"
        ) from None
    if "FREQ=" not in rule:
        raise ValueError("an RRULE needs FREQ=, e.g. FREQ=WEEKLY;BYDAY=MO")
    return rule


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def _day_list(codes: str) -> str:
    names = [_DAY_NAMES[c] for c in codes.split(",")]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _every(unit: str, n: int, adverb: str) -> str:
    return adverb if n == 1 else f"every {n} {unit}s"


def _describe_parts(p: dict[str, str]) -> str | None:
    freq, n = p.pop("FREQ", ""), int(p.pop("INTERVAL", "1") or 1)
    p.pop("WKST", None)
    if freq == "DAILY" and not p:
        return "every day" if n == 1 else f"every {n} days"
    if freq == "WEEKLY" and set(p) <= {"BYDAY"}:
        if "BYDAY" not in p:
            return _every("week", n, "weekly")
        if p["BYDAY"] == WORKING_DAYS and n == 1:
            return "every working day"
        if not all(code in _DAY_NAMES for code in p["BYDAY"].split(",")):
            return None
        return f"{_every('week', n, 'weekly')} on {_day_list(p['BYDAY'])}"
    if freq == "MONTHLY":
        head = "quarterly" if n == 3 else _every("month", n, "monthly")
        if not p:
            return head
        if p.get("BYDAY") == WORKING_DAYS and p.get("BYSETPOS") in ("1", "-1") and len(p) == 2:
            return f"{head} on the {'first' if p['BYSETPOS'] == '1' else 'last'} working day"
        if set(p) == {"BYMONTHDAY"} and p["BYMONTHDAY"].lstrip("-").isdigit():
            day = int(p["BYMONTHDAY"])
            if day == -1:
                return f"{head} on the last day"
            if 1 <= day <= 31:
                suffix = (
                    "th"
                    if 10 <= day % 100 <= 20
                    else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
                )
                return f"{head} on the {day}{suffix}"
        nth = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", p.get("BYDAY", ""))
        if set(p) == {"BYDAY"} and nth and int(nth.group(1)) in _ORDINAL_NAMES:
            return f"{head} on the {_ORDINAL_NAMES[int(nth.group(1))]} {_DAY_NAMES[nth.group(2)]}"
    if freq == "YEARLY" and not p and n == 1:
        return "yearly"
    return None


def describe(rule: str) -> str:
    """The rule in words ('every 2 weeks on tuesday'); the rule itself when it has no words."""
    for name, preset in PRESETS.items():
        if preset == rule and name != "daily":
            return name
    try:
        words = _describe_parts(_parts(rule))
    except ValueError:
        words = None
    return words or rule


def next_dates(
    rule: str,
    starts: date,
    after: date,
    count: int = 1,
    is_working_day: Callable[[date], bool] | None = None,
) -> list[date]:
    """The next `count` dates on or after `after` of a rule anchored on `starts`.

    The series begins at the rule's first occurrence on or after `starts`: "every 2 weeks
    on tuesday" from a Thursday is the coming Tuesday, then every other one. A date that
    falls on a non-working day (a holiday) moves to the next working day: "the first
    working day of the month" is the 2nd when the 1st is a holiday.
    """
    begin = datetime.combine(starts, time())
    recurrence = rrulestr(rule, dtstart=begin)
    first = recurrence.replace(interval=1).after(begin, inc=True)  # type: ignore[union-attr]
    if first is not None:
        recurrence = recurrence.replace(dtstart=first)  # type: ignore[union-attr]
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
