"""Spreadsheet columns found by name (as Excel, MS Project and Jira head them); cells read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from math import ceil

from itpm_tui.models import Priority, TaskStatus
from itpm_tui.services.shared.parsing import EARLIEST_DATE, LATEST_DATE, parse_estimate, quoted

# field -> the header names that mean it, compared lower-case with single spaces.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "#", "task id", "row", "row id"),
    "title": ("title", "name", "task name", "task", "summary", "subject"),
    "wbs": ("wbs", "wbs code", "outline number"),
    "outline": ("outline level", "level", "outline"),
    "duration": ("duration", "duration (days)", "days"),
    "estimate": ("estimate", "estimate (days)", "effort", "work", "work (days)"),
    "estimate_seconds": ("original estimate", "time estimate", "σ original estimate"),
    "start": ("start", "start date", "begin", "planned start", "start (date)"),
    "finish": ("finish", "finish date", "end", "end date", "planned finish"),
    "due": ("due date", "due", "deadline"),
    "actual_start": ("actual start",),
    "actual_finish": ("actual finish",),
    "predecessors": ("predecessors", "predecessor", "depends on", "dependencies"),
    "external": ("external predecessors",),
    "assignee": ("assignee", "assigned to", "resource names", "resource", "owner", "responsible"),
    "percent": ("% complete", "%", "percent complete", "progress", "% done", "done %", "complete"),
    "status": ("status", "state", "column"),
    "priority": ("priority",),
    "tags": ("tags", "labels", "label", "tag"),
    "sprint": ("sprint", "iteration"),
    "milestone": ("milestone",),
    "notes": ("notes", "description", "note"),
    "key": ("issue key", "key"),
    "created": ("created", "created date"),
}
# Columns an export writes that an import computes again: left out without a word.
COMPUTED = frozenset({"total float (days)", "critical", "total slack", "free slack"})
_BY_NAME = {name: key for key, names in COLUMNS.items() for name in names}
# Values of a field that may repeat (Jira writes one Labels column per label, and one
# Sprint column per sprint an issue was in: the last is the one it is in now).
JOINED = frozenset({"tags"})
LAST = frozenset({"sprint"})


def header_key(text: str) -> str:
    """' Task  Name ' -> 'task name'; Jira's 'Custom field (Start date)' -> 'start date'."""
    value = " ".join(text.replace("\ufeff", "").strip().strip('"').lower().split())
    match = re.fullmatch(r"custom field \((.+)\)", value)
    return match[1].strip() if match else value


@dataclass
class ColumnMap:
    """Which columns hold which field (several for a repeated one) and which were left out."""

    fields: dict[str, list[int]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def value(self, cells: list[str], name: str) -> str:
        """The field's cell (the first non-blank of repeated columns; tags all joined)."""
        found = [_unguarded(cells[i]) for i in self.fields.get(name, ()) if i < len(cells)]
        if name in JOINED:
            return ",".join(v for v in found if v)
        if name in LAST:
            found.reverse()
        return next((v for v in found if v), "")

    def has(self, name: str) -> bool:
        return name in self.fields


def _unguarded(cell: str) -> str:
    """A cell without the apostrophe an export puts before `=`, `+`, `-` or `@` (see
    spreadsheet._csv_cell): there it only stopped a spreadsheet running it as a formula."""
    value = cell.strip()
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def map_columns(header: list[str]) -> ColumnMap:
    mapping = ColumnMap()
    for index, text in enumerate(header):
        key = header_key(text)
        name = _BY_NAME.get(key)
        if name is None:
            if key and key not in COMPUTED:
                mapping.unknown.append(text.strip())
            continue
        mapping.fields.setdefault(name, []).append(index)
    return mapping


# --- cells -----------------------------------------------------------------------------------

_STATUSES = {
    TaskStatus.BACKLOG.value: ("backlog", "new", "icebox", "funnel"),
    TaskStatus.TODO.value: (
        "to do",
        "todo",
        "open",
        "not started",
        "planned",
        "reopened",
        "selected for development",
        "ready",
    ),
    TaskStatus.IN_PROGRESS.value: (
        "in progress",
        "doing",
        "started",
        "active",
        "wip",
        "in development",
        "ongoing",
    ),
    TaskStatus.REVIEW.value: ("review", "in review", "code review", "testing", "in test", "qa"),
    TaskStatus.DONE.value: ("done", "closed", "resolved", "complete", "completed", "finished"),
}
_STATUS_OF = {word: status for status, words in _STATUSES.items() for word in words}

_PRIORITIES = {
    Priority.CRITICAL.value: ("critical", "highest", "blocker", "urgent", "very high", "p1"),
    Priority.HIGH.value: ("high", "major", "important", "p2"),
    Priority.MEDIUM.value: ("medium", "normal", "moderate", "p3"),
    Priority.LOW.value: ("low", "lowest", "minor", "trivial", "very low", "p4", "p5"),
}
_PRIORITY_OF = {word: value for value, words in _PRIORITIES.items() for word in words}


def words(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def read_status(text: str) -> str | None:
    """A status as Jira, Excel or itpm names it -> itpm's; None when it is none of them."""
    return _STATUS_OF.get(words(text))


def read_priority(text: str) -> str:
    """Jira's (Highest ... Lowest, Blocker ... Trivial), MS Project's 0-1000, or itpm's."""
    value = words(text)
    if value.isdigit() and len(value) <= 4:
        number = int(value)  # MS Project: 500 is medium, 1000 do not level
        return (
            Priority.CRITICAL.value
            if number >= 900
            else Priority.HIGH.value
            if number >= 600
            else Priority.MEDIUM.value
            if number >= 400
            else Priority.LOW.value
        )
    found = _PRIORITY_OF.get(value)
    if found is None:
        raise ValueError(f"'{quoted(text)}' is not a priority: use low, medium, high or critical")
    return found


def read_percent(text: str) -> int:
    value = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{quoted(text)}' is not a percentage") from None
    if not 0 <= number <= 100:
        raise ValueError(f"'{quoted(text)}': a percentage is from 0 to 100")
    return round(number)


def read_flag(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "x", "ja", "oui", "si", "sí"):
        return True
    if value in ("no", "n", "false", "0", "", "nein", "non"):
        return False
    raise ValueError(f"'{quoted(text)}' is not yes or no")


_DURATION_UNITS = (
    (r"(?:edays?|emins?|ehrs?|ewks?|emons?|e[dhwm])", None),
    (r"(?:days?|dys?|d)", "d"),
    (r"(?:weeks?|wks?|w)", "w"),
    (r"(?:hours?|hrs?|h)", "h"),
)


def read_days(text: str) -> float:
    """'5', '5d', '5 days', '5 days?' (MS Project's estimated), '1w', '4h' -> working days."""
    value = text.strip().lower().rstrip("?").strip()
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s*([a-z]*)", value)
    if match is None:
        raise ValueError(f"'{quoted(text)}' is not a duration: use e.g. 3d, 2w, 1.5d or 4h")
    number, unit = match.groups()
    for pattern, short in _DURATION_UNITS:
        if re.fullmatch(pattern, unit or "d"):
            if short is None:
                raise ValueError(f"'{quoted(text)}': elapsed time is not in working days")
            amount = parse_estimate(f"{number}{short}")
            assert amount is not None  # not blank
            return amount
    raise ValueError(f"'{quoted(text)}' is not a duration: use e.g. 3d, 2w, 1.5d or 4h")


def read_whole_days(text: str) -> int:
    """A task's length in whole working days (1.5 days is 2, as a task takes whole days)."""
    return ceil(read_days(text))


def read_seconds(text: str) -> float:
    """Jira's estimates, in seconds of work, as working days of 8 hours."""
    value = text.strip()
    if not value.isdigit() or len(value) > 12:
        raise ValueError(f"'{quoted(text)}' is not an estimate in seconds")
    return round(int(value) / 28800, 3)


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "jän", "jänner"),
            ("feb", "february", "febr"),
            ("mar", "march", "mär", "märz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "dez", "dezember"),
        ),
        1,
    )
    for name in names
}
_TIME = r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = re.compile(rf"{_WEEKDAY}(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}")
_NAMED = re.compile(rf"{_WEEKDAY}(\d{{1,2}})[/ .-]([a-zäé]+)\.?[/ .-](\d{{2}}|\d{{4}}){_TIME}")
_NAMED_FIRST = re.compile(rf"{_WEEKDAY}([a-zäé]+)\.? (\d{{1,2}}),? (\d{{4}}){_TIME}")
_NUMERIC = re.compile(rf"{_WEEKDAY}(\d{{1,2}})([/.])(\d{{1,2}})[/.](\d{{2}}|\d{{4}}){_TIME}")


def slash_order(values: list[str]) -> tuple[str, bool]:
    """Whether a file writes 03/04/2026 month first ('mdy') or day first ('dmy').

    A value with a first part over 12 decides day first, a second part over 12 month
    first. Returns (order, guessed): guessed when no value decides it (then month first,
    as Excel in the United States and MS Project write it).
    """
    for value in values:
        match = _NUMERIC.fullmatch(value.strip().lower())
        if match is None or match[2] != "/":
            continue
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            return "dmy", False
        if second > 12 >= first:
            return "mdy", False
    return "mdy", True


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def read_date(text: str, order: str = "mdy") -> date | None:
    """A date as spreadsheets write it: 2026-11-21, 21/Nov/26 5:00 PM (Jira), Nov 21, 2026,
    21.11.2026, Mon 11/21/26 (MS Project); `order` for 11/03/2026. Blank is None."""
    value = text.strip().lower()
    if not value:
        return None
    try:
        day = _parse_date(value, order)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{quoted(text)}' is not a date: use YYYY-MM-DD")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"'{quoted(text, 24)}' is out of range: "
            f"use {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
        )
    return day


def _parse_date(value: str, order: str) -> date | None:
    if match := _ISO.fullmatch(value):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if (match := _NAMED.fullmatch(value)) and match[2] in _MONTHS:
        return date(_year(match[3]), _MONTHS[match[2]], int(match[1]))
    if (match := _NAMED_FIRST.fullmatch(value)) and match[1] in _MONTHS:
        return date(int(match[3]), _MONTHS[match[1]], int(match[2]))
    if match := _NUMERIC.fullmatch(value):
        first, second, year = int(match[1]), int(match[3]), _year(match[4])
        # A dotted date is day first wherever it is written (21.11.2026).
        if match[2] == "." or order == "dmy":
            return date(year, second, first)
        return date(year, first, second)
    return None
