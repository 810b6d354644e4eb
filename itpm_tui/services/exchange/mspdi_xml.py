"""MS Project XML (MSPDI) as plain data: a plan written to bytes and read back, no database.

Written and read with lxml (in C); defusedxml first checks the prolog, where a DTD (hence
any entity bomb or external entity) would have to be.
Times follow MS Project's standard calendar (08:00 to 17:00, 8 working hours a day): a
task starts at 08:00 of its first day and finishes at 17:00 of its last. Durations are
ISO 8601 periods of working hours, link lags tenths of a minute.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree.ElementTree import Element

from lxml import etree

from itpm_tui.services.exchange.formats import FileProblem
from itpm_tui.services.shared.parsing import EARLIEST_DATE, LATEST_DATE, MAX_DURATION_DAYS

NAMESPACE = "http://schemas.microsoft.com/project"
DAY_START = time(8, 0)
DAY_FINISH = time(17, 0)
# Longer names are a broken or hostile file, not a plan (MS Project itself keeps 255).
MAX_NAME = 255
MAX_NOTES = 100_000
MAX_LAG_DAYS = 999
# A summary spans at most the dates itpm accepts: 1970 to 2199 in working days, with room.
_SUMMARY_LIMIT = 100_000_000.0

# MSPDI's numbers for link types and constraints.
LINK_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
LINK_KINDS = {number: kind for kind, number in LINK_TYPES.items()}
CONSTRAINT_TYPES = {"ASAP": 0, "MSO": 2, "MFO": 3, "SNET": 4, "FNLT": 7}
CONSTRAINT_KINDS = {number: kind for kind, number in CONSTRAINT_TYPES.items()}
UNSUPPORTED_CONSTRAINTS = {
    1: "as late as possible",
    5: "start no later than",
    6: "finish no earlier than",
}
# Lag formats in elapsed time (continuous days, hours ...) and in percent of the predecessor.
_ELAPSED_LAGS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
_PERCENT_LAGS = {19, 20, 51, 52}


@dataclass
class Link:
    predecessor_uid: int
    kind: str = "FS"
    lag_days: int = 0


@dataclass
class PlanTask:
    uid: int
    name: str
    outline_level: int = 1
    wbs: str = ""
    start: date | None = None
    finish: date | None = None
    duration_days: int = 0
    work_days: float | None = None
    milestone: bool = False
    summary: bool = False
    percent_complete: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    constraint_kind: str = "ASAP"
    constraint_date: date | None = None
    notes: str = ""
    links: list[Link] = field(default_factory=list)
    baseline: tuple[date, date, int] | None = None  # start, finish, duration in days
    # Computed by the scheduler; written for readers, ignored when read.
    total_float: int | None = None
    free_float: int | None = None
    critical: bool = False
    milestone_at_end: bool = False  # a milestone after a finish happens at 17:00


@dataclass
class Resource:
    uid: int
    name: str
    email: str = ""
    group: str = ""


@dataclass
class Assignment:
    task_uid: int
    resource_uid: int
    units: float = 1.0


@dataclass
class Exception_:
    """Days the project does not work, first to last inclusive."""

    name: str
    first: date
    last: date


@dataclass
class Plan:
    name: str
    start: date | None = None
    finish: date | None = None
    status_date: date | None = None
    manager: str = ""
    notes: str = ""
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # 0 = Monday
    exceptions: list[Exception_] = field(default_factory=list)
    tasks: list[PlanTask] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    minutes_per_day: int = 480


# --- writing -------------------------------------------------------------------------------


def _day_type(weekday: int) -> int:
    """itpm's weekday (0 = Monday) -> MSPDI's DayType (1 = Sunday ... 7 = Saturday)."""
    return (weekday + 1) % 7 + 1


def _moment(day: date, at: time) -> str:
    return f"{day.isoformat()}T{at.isoformat()}"


def _hours(days: float) -> str:
    minutes = round(days * 8 * 60)
    return f"PT{minutes // 60}H{minutes % 60}M0S"


def _sub(parent: Any, tag: str) -> Any:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")


def _add(parent: Any, tag: str, value: object) -> Any:
    child = _sub(parent, tag)
    if isinstance(value, bool):
        child.text = "1" if value else "0"
    else:
        child.text = str(value)
    return child


def _xml_text(value: str) -> str:
    """Only characters XML 1.0 can carry: other control characters cannot be written at all."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value)


def _working_times(day: Any) -> None:
    times = _sub(day, "WorkingTimes")
    for start, finish in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
        period = _sub(times, "WorkingTime")
        _add(period, "FromTime", start)
        _add(period, "ToTime", finish)


def _calendar(parent: Any, plan: Plan) -> None:
    calendars = _sub(parent, "Calendars")
    calendar = _sub(calendars, "Calendar")
    _add(calendar, "UID", 1)
    _add(calendar, "Name", "Standard")
    _add(calendar, "IsBaseCalendar", True)
    _add(calendar, "BaseCalendarUID", -1)
    weekdays = _sub(calendar, "WeekDays")
    for day_type in range(1, 8):
        weekday = (day_type + 5) % 7  # back to 0 = Monday
        day = _sub(weekdays, "WeekDay")
        _add(day, "DayType", day_type)
        working = weekday in plan.weekdays
        _add(day, "DayWorking", working)
        if working:
            _working_times(day)
    if plan.exceptions:
        exceptions = _sub(calendar, "Exceptions")
        for item in plan.exceptions:
            exception = _sub(exceptions, "Exception")
            _add(exception, "EnteredByOccurrences", False)
            period = _sub(exception, "TimePeriod")
            _add(period, "FromDate", _moment(item.first, time(0, 0)))
            _add(period, "ToDate", _moment(item.last, time(23, 59)))
            _add(exception, "Occurrences", 1)
            _add(exception, "Name", _xml_text(item.name) or "Holiday")
            _add(exception, "Type", 1)
            _add(exception, "DayWorking", False)


def _task(parent: Any, task: PlanTask, position: int) -> None:
    node = _sub(parent, "Task")
    _add(node, "UID", task.uid)
    _add(node, "ID", position)
    _add(node, "Name", _xml_text(task.name))
    # Fixed duration: the file's durations are what the plan says, whoever is assigned.
    _add(node, "Type", 1)
    if task.wbs:
        _add(node, "WBS", task.wbs)
        _add(node, "OutlineNumber", task.wbs)
    _add(node, "OutlineLevel", task.outline_level)
    if task.start and task.finish:
        if task.milestone:
            at = DAY_FINISH if task.milestone_at_end else DAY_START
            _add(node, "Start", _moment(task.start, at))
            _add(node, "Finish", _moment(task.finish, at))
        else:
            _add(node, "Start", _moment(task.start, DAY_START))
            _add(node, "Finish", _moment(task.finish, DAY_FINISH))
    _add(node, "Duration", _hours(task.duration_days))
    _add(node, "DurationFormat", 7)  # days
    if task.work_days is not None:
        _add(node, "Work", _hours(task.work_days))
    _add(node, "Milestone", task.milestone)
    _add(node, "Summary", task.summary)
    _add(node, "Critical", task.critical)
    if task.free_float is not None:
        _add(node, "FreeSlack", task.free_float * 4800)
    if task.total_float is not None:
        _add(node, "TotalSlack", task.total_float * 4800)
    _add(node, "PercentComplete", task.percent_complete)
    if task.actual_start:
        _add(node, "ActualStart", _moment(task.actual_start, DAY_START))
    if task.actual_finish:
        _add(node, "ActualFinish", _moment(task.actual_finish, DAY_FINISH))
    _add(node, "ConstraintType", CONSTRAINT_TYPES.get(task.constraint_kind, 0))
    if task.constraint_kind != "ASAP" and task.constraint_date:
        at = DAY_FINISH if task.constraint_kind in ("MFO", "FNLT") else DAY_START
        _add(node, "ConstraintDate", _moment(task.constraint_date, at))
    if task.notes:
        _add(node, "Notes", _xml_text(task.notes))
    for link in task.links:
        entry = _sub(node, "PredecessorLink")
        _add(entry, "PredecessorUID", link.predecessor_uid)
        _add(entry, "Type", LINK_TYPES[link.kind])
        _add(entry, "CrossProject", False)
        _add(entry, "LinkLag", link.lag_days * 4800)
        _add(entry, "LagFormat", 7)
    if task.baseline is not None:
        start, finish, days = task.baseline
        baseline = _sub(node, "Baseline")
        _add(baseline, "Number", 0)
        _add(baseline, "Start", _moment(start, DAY_START))
        _add(baseline, "Finish", _moment(finish, DAY_FINISH))
        _add(baseline, "Duration", _hours(days))
        _add(baseline, "DurationFormat", 7)


def write_plan(plan: Plan) -> bytes:
    """The plan as an MSPDI document (UTF-8, elements in the schema's order)."""
    root = etree.Element(f"{{{NAMESPACE}}}Project", nsmap={None: NAMESPACE})
    _add(root, "SaveVersion", 14)
    _add(root, "Name", _xml_text(plan.name))
    _add(root, "Title", _xml_text(plan.name))
    if plan.manager:
        _add(root, "Manager", _xml_text(plan.manager))
    _add(root, "ScheduleFromStart", True)
    if plan.start:
        _add(root, "StartDate", _moment(plan.start, DAY_START))
    if plan.finish:
        _add(root, "FinishDate", _moment(plan.finish, DAY_FINISH))
    _add(root, "CalendarUID", 1)
    _add(root, "DefaultStartTime", "08:00:00")
    _add(root, "DefaultFinishTime", "17:00:00")
    _add(root, "MinutesPerDay", 480)
    _add(root, "MinutesPerWeek", 480 * max(1, len(plan.weekdays)))
    _add(root, "DaysPerMonth", 20)
    _add(root, "DefaultTaskType", 1)
    _add(root, "DurationFormat", 7)
    _add(root, "HonorConstraints", True)
    if plan.status_date:
        _add(root, "StatusDate", _moment(plan.status_date, DAY_FINISH))
    _calendar(root, plan)
    tasks = _sub(root, "Tasks")
    summary = PlanTask(uid=0, name=plan.name, outline_level=0, summary=True, notes=plan.notes)
    summary.start, summary.finish = plan.start, plan.finish
    _task(tasks, summary, 0)
    for position, task in enumerate(plan.tasks, 1):
        _task(tasks, task, position)
    resources = _sub(root, "Resources")
    for position, resource in enumerate(plan.resources, 1):
        node = _sub(resources, "Resource")
        _add(node, "UID", resource.uid)
        _add(node, "ID", position)
        _add(node, "Name", _xml_text(resource.name))
        _add(node, "Type", 1)  # work (a person)
        if resource.group:
            _add(node, "Group", _xml_text(resource.group))
        if resource.email:
            _add(node, "EmailAddress", _xml_text(resource.email))
        _add(node, "MaxUnits", "1.00")
    assignments = _sub(root, "Assignments")
    for uid, assignment in enumerate(plan.assignments, 1):
        node = _sub(assignments, "Assignment")
        _add(node, "UID", uid)
        _add(node, "TaskUID", assignment.task_uid)
        _add(node, "ResourceUID", assignment.resource_uid)
        _add(node, "Units", f"{assignment.units:.2f}")
    body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


# --- reading -------------------------------------------------------------------------------

_PERIOD = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


class _Reader:
    """One file being read: the place being read is named in every problem."""

    def __init__(self) -> None:
        self.minutes_per_day = 480
        self.warnings: list[str] = []

    @staticmethod
    def problem(place: str, message: str) -> FileProblem:
        return FileProblem(f"{place}: {message}")

    @staticmethod
    def text(node: Element | dict[str, Any] | None, tag: str) -> str | None:
        # A task's fields come as a dict of its children: lxml's find() per field is slow.
        if isinstance(node, dict):
            child = node.get(tag)
        else:
            child = node.find(tag) if node is not None else None
        if child is None or child.text is None:
            return None
        return str(child.text).strip()

    def int_(self, node: Element | dict[str, Any], tag: str, place: str, default: int = 0) -> int:
        value = self.text(node, tag)
        if value is None or value == "":
            return default
        try:
            number = float(value)
        except ValueError:
            raise self.problem(place, f"{tag} '{value[:30]}' is not a number") from None
        if not -1e12 < number < 1e12:
            raise self.problem(place, f"{tag} '{value[:30]}' is out of range")
        return int(number)

    def float_(self, node: Element | dict[str, Any], tag: str, place: str) -> float | None:
        value = self.text(node, tag)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except ValueError:
            raise self.problem(place, f"{tag} '{value[:30]}' is not a number") from None
        if not -1e12 < number < 1e12:
            raise self.problem(place, f"{tag} '{value[:30]}' is out of range")
        return number

    def bool_(self, node: Element | dict[str, Any], tag: str) -> bool:
        return (self.text(node, tag) or "0").lower() in ("1", "true")

    def moment(self, node: Element | dict[str, Any], tag: str, place: str) -> datetime | None:
        value = self.text(node, tag)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.problem(place, f"{tag} '{value[:30]}' is not a date and time") from None
        if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
            raise self.problem(
                place,
                f"{tag} {moment.date().isoformat()} is out of range: "
                f"use {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}",
            )
        return moment

    def day(self, node: Element | dict[str, Any], tag: str, place: str) -> date | None:
        moment = self.moment(node, tag, place)
        return None if moment is None else moment.date()

    def end_day(self, node: Element | dict[str, Any], tag: str, place: str) -> date | None:
        """A finish: midnight belongs to the day before (some tools write the end that way)."""
        moment = self.moment(node, tag, place)
        if moment is None:
            return None
        if moment.time() == time(0, 0):
            return (moment - timedelta(days=1)).date()
        return moment.date()

    def days(
        self, node: Element | dict[str, Any], tag: str, place: str, limit: float = MAX_DURATION_DAYS
    ) -> float | None:
        """An ISO 8601 period of working time, in working days (at most `limit`)."""
        value = self.text(node, tag)
        if not value:
            return None
        match = _PERIOD.match(value)
        if match is None:
            raise self.problem(place, f"{tag} '{value[:30]}' is not a duration (PT8H0M0S)")
        sign, years, months, days, hours, minutes, seconds = match.groups()
        total_minutes = (
            float(hours or 0) * 60
            + float(minutes or 0)
            + float(seconds or 0) / 60
            + (float(days or 0) + float(months or 0) * 20 + float(years or 0) * 240)
            * self.minutes_per_day
        )
        result = total_minutes / self.minutes_per_day
        if sign:
            raise self.problem(place, f"{tag} '{value[:30]}' is negative")
        if result > limit:
            raise self.problem(place, f"{tag} is {result:,.0f} working days: at most {limit:,}")
        return result

    def name(
        self, node: Element | dict[str, Any], tag: str, place: str, limit: int = MAX_NAME
    ) -> str:
        value = self.text(node, tag) or ""
        if len(value) > limit:
            raise self.problem(place, f"{tag} is {len(value):,} characters long: at most {limit:,}")
        return value


def _strip_namespaces(root: Element) -> None:
    for node in root.iter():
        if isinstance(node.tag, str) and "}" in node.tag:
            node.tag = node.tag.split("}", 1)[1]


class _RootSeen(Exception):
    """The prolog is over: the root element starts."""


class _PrologOnly:
    """A parser target that stops at the root element: only the prolog can hold a DTD."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootSeen

    def end(self, tag: str) -> None:
        return None

    def data(self, data: str) -> None:
        return None

    def close(self) -> None:
        return None


def _check_prolog(data: bytes) -> None:
    """defusedxml reads the prolog: a DTD, entity or external reference there is refused."""
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_PrologOnly(), forbid_dtd=True)
    try:
        for offset in range(0, len(data), 65536):
            parser.feed(data[offset : offset + 65536])
        parser.close()
    except _RootSeen:
        return


_DEFAULT_NAMESPACE = f' xmlns="{NAMESPACE}"'.encode()


def _without_default_namespace(data: bytes) -> bytes:
    """The document with MS Project's default namespace declaration taken off its root.

    Every element then has its plain name: renaming 350,000 elements after parsing takes
    seconds. A file in another encoding keeps it, and _strip_namespaces does the work.
    """
    at = data.find(_DEFAULT_NAMESPACE, 0, 65536)
    if at < 0:
        return data
    return data[:at] + data[at + len(_DEFAULT_NAMESPACE) :]


def parse_xml(data: bytes) -> Element:
    """The document's root, read safely; FileProblem for anything but well-formed, safe XML.

    defusedxml's own parser is pure Python and takes seconds over a large plan, so it reads
    the prolog only (where XML allows a DTD, hence any entity) and refuses what it finds
    there; the body, which can then hold no entity but XML's five, is read by the standard
    parser in C (lxml's, entities and network off).
    """
    import defusedxml

    # Entities off and no network as well: a second guard, should the first ever miss one.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        _check_prolog(data)
        root: Element = etree.fromstring(_without_default_namespace(data), parser)
    except defusedxml.DTDForbidden:
        raise FileProblem(
            "the file declares a DTD (<!DOCTYPE>): refused, as it can hide entity bombs "
            "and external entities; MS Project files have none"
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise FileProblem(
            "the file declares entities: refused (MS Project files have none)"
        ) from None
    except ET.ParseError as exc:
        raise FileProblem(f"not well-formed XML: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise FileProblem(f"not well-formed XML: {exc}") from None
    if isinstance(root.tag, str) and root.tag.startswith("{"):
        _strip_namespaces(root)
    if root.tag != "Project":
        raise FileProblem(
            f"the root element is <{root.tag[:40]}>, not <Project>: not an MSPDI file"
        )
    return root


def _weekdays(
    reader: _Reader, calendar: Element, place: str
) -> tuple[dict[int, bool], list[Exception_]]:
    """Working or not per weekday (0 = Monday) as this calendar says, and its days off."""
    days: dict[int, bool] = {}
    exceptions: list[Exception_] = []
    for node in calendar.findall("WeekDays/WeekDay"):
        day_type = reader.int_(node, "DayType", place)
        working = reader.bool_(node, "DayWorking")
        if 1 <= day_type <= 7:
            days[(day_type + 5) % 7] = working
        elif day_type == 0:
            # Project 2003 writes exceptions as a WeekDay of type 0 with a period.
            first = reader.day(node, "TimePeriod/FromDate", place)
            last = reader.end_day(node, "TimePeriod/ToDate", place)
            if first and last and not working:
                exceptions.append(Exception_("Holiday", first, max(first, last)))
    for node in calendar.findall("Exceptions/Exception"):
        where = f"{place}, exception"
        first = reader.day(node, "TimePeriod/FromDate", where)
        last = reader.end_day(node, "TimePeriod/ToDate", where)
        name = reader.name(node, "Name", where) or "Holiday"
        if first is None or last is None:
            continue
        if reader.bool_(node, "DayWorking"):
            continue  # working time added on a day off: reported by the caller
        if (last - first).days > 3660:
            raise reader.problem(f"{where} '{name}'", "spans more than ten years")
        exceptions.append(Exception_(name, first, max(first, last)))
    return days, exceptions


def _read_calendar(reader: _Reader, root: Element, plan: Plan) -> None:
    calendars = {
        reader.int_(node, "UID", "Calendar"): node for node in root.findall("Calendars/Calendar")
    }
    uid = reader.int_(root, "CalendarUID", "Project", default=-1)
    calendar = calendars.get(uid)
    if calendar is None:
        calendar = next((c for c in calendars.values() if reader.bool_(c, "IsBaseCalendar")), None)
    if calendar is None:
        plan.warnings.append("the file has no project calendar: Monday to Friday is used")
        return
    place = f"Calendar UID {reader.text(calendar, 'UID')}"
    days, exceptions = _weekdays(reader, calendar, place)
    base = calendars.get(reader.int_(calendar, "BaseCalendarUID", place, default=-1))
    if base is not None and base is not calendar:
        base_days, base_exceptions = _weekdays(reader, base, place)
        days = {**base_days, **days}
        exceptions = base_exceptions + exceptions
    weekdays = frozenset(d for d, working in days.items() if working) if days else plan.weekdays
    if days and len(days) < 7:
        weekdays = frozenset(
            d for d in range(7) if days.get(d, d < 5)
        )  # a day the calendar does not mention works as in the standard calendar
    if not weekdays:
        raise reader.problem(place, "no day of the week is a working day")
    if any(reader.bool_(e, "DayWorking") for e in calendar.findall("Exceptions/Exception")):
        plan.warnings.append(
            f"{place}: working time added on days off is not carried (itpm has days off only)"
        )
    plan.weekdays = weekdays
    plan.exceptions = exceptions


def _read_links(reader: _Reader, entries: list[Element], place: str, task: PlanTask) -> None:
    for element in entries:
        entry = {child.tag: child for child in element}
        uid = reader.int_(entry, "PredecessorUID", place, default=-1)
        where = f"{place}, predecessor UID {uid}"
        if reader.bool_(entry, "CrossProject"):
            reader.warnings.append(f"{where}: a link to another file is not carried")
            continue
        number = reader.int_(entry, "Type", where, default=1)
        if number not in LINK_KINDS:
            raise reader.problem(where, f"Type {number} is not a link type (0 to 3)")
        lag_format = reader.int_(entry, "LagFormat", where, default=7)
        lag = reader.int_(entry, "LinkLag", where)
        days = lag / 10 / reader.minutes_per_day
        if lag and lag_format in _PERCENT_LAGS:
            reader.warnings.append(f"{where}: a lag in percent is not carried (taken as 0)")
            days = 0
        elif lag and lag_format in _ELAPSED_LAGS:
            # Elapsed time runs over days off too: 24 hours a day, 7 days a week.
            days = lag / 10 / (24 * 60) * 5 / 7
            reader.warnings.append(f"{where}: an elapsed lag is taken as working days")
        whole = round(days)
        if abs(whole) > MAX_LAG_DAYS:
            raise reader.problem(where, f"a lag of {whole:,} working days: at most {MAX_LAG_DAYS}")
        task.links.append(Link(uid, LINK_KINDS[number], whole))


def _read_task(reader: _Reader, element: Element) -> PlanTask | None:
    node: dict[str, Any] = {}
    links: list[Element] = []
    baselines: list[Element] = []
    for child in element:
        if child.tag == "PredecessorLink":
            links.append(child)
        elif child.tag == "Baseline":
            baselines.append(child)
        else:
            node[child.tag] = child
    uid = reader.int_(node, "UID", "Task")
    name_text = reader.text(node, "Name") or ""
    place = f"Task UID {uid}" + (f" '{name_text[:40]}'" if name_text else "")
    name = reader.name(node, "Name", place)
    if reader.bool_(node, "IsNull"):
        return None
    level = reader.int_(node, "OutlineLevel", place, default=1)
    if not 0 <= level <= 100:
        raise reader.problem(place, f"OutlineLevel {level} is out of range")
    task = PlanTask(uid=uid, name=name, outline_level=level)
    task.wbs = reader.text(node, "OutlineNumber") or reader.text(node, "WBS") or ""
    task.start = reader.day(node, "Start", place)
    task.finish = reader.end_day(node, "Finish", place)
    task.milestone = reader.bool_(node, "Milestone")
    task.summary = reader.bool_(node, "Summary")
    # A summary's duration and work are its tasks' span and sum, however long: itpm
    # computes them and ignores the file's; a task's own are held to itpm's limit.
    limit = _SUMMARY_LIMIT if task.summary else MAX_DURATION_DAYS
    duration = reader.days(node, "Duration", place, limit)
    task.duration_days = 0 if duration is None else round(duration)
    if duration and not task.milestone:
        task.duration_days = max(1, task.duration_days)
    work = reader.days(node, "Work", place, limit)
    task.work_days = None if work is None else round(work, 2)
    percent = reader.int_(node, "PercentComplete", place)
    if not 0 <= percent <= 100:
        raise reader.problem(place, f"PercentComplete {percent} is not between 0 and 100")
    task.percent_complete = percent
    task.actual_start = reader.day(node, "ActualStart", place)
    task.actual_finish = reader.end_day(node, "ActualFinish", place)
    if task.actual_start and task.actual_finish and task.actual_finish < task.actual_start:
        raise reader.problem(place, "ActualFinish is before ActualStart")
    if task.start and task.finish and task.finish < task.start:
        if task.milestone:
            task.finish = task.start
        else:
            raise reader.problem(place, "Finish is before Start")
    constraint = reader.int_(node, "ConstraintType", place)
    constraint_date = reader.day(node, "ConstraintDate", place)
    if constraint in (3, 7):
        constraint_date = reader.end_day(node, "ConstraintDate", place)
    if constraint in UNSUPPORTED_CONSTRAINTS:
        reader.warnings.append(
            f"{place}: the constraint '{UNSUPPORTED_CONSTRAINTS[constraint]}' is not carried "
            "(scheduled as soon as possible)"
        )
    elif constraint not in CONSTRAINT_KINDS:
        raise reader.problem(place, f"ConstraintType {constraint} is not a constraint (0 to 7)")
    elif constraint and constraint_date is None:
        raise reader.problem(place, "a ConstraintType without its ConstraintDate")
    else:
        task.constraint_kind = CONSTRAINT_KINDS[constraint]
        task.constraint_date = constraint_date if constraint else None
    task.notes = reader.name(node, "Notes", place, MAX_NOTES)
    _read_links(reader, links, place, task)
    for baseline in baselines:
        if reader.int_(baseline, "Number", place) != 0:
            continue
        start = reader.day(baseline, "Start", f"{place}, baseline")
        finish = reader.end_day(baseline, "Finish", f"{place}, baseline")
        days = reader.days(baseline, "Duration", f"{place}, baseline", limit)
        if start and finish:
            task.baseline = (start, max(start, finish), round(days or 0))
    return task


def read_plan(data: bytes) -> Plan:
    """An MSPDI document as a plan; FileProblem names the element of the first fault."""
    root = parse_xml(data)
    reader = _Reader()
    minutes = reader.int_(root, "MinutesPerDay", "Project", default=480)
    if not 60 <= minutes <= 1440:
        raise reader.problem("Project", f"MinutesPerDay {minutes} is out of range (60 to 1440)")
    reader.minutes_per_day = minutes
    plan = Plan(name=reader.name(root, "Name", "Project") or reader.name(root, "Title", "Project"))
    plan.minutes_per_day = minutes
    plan.start = reader.day(root, "StartDate", "Project")
    plan.finish = reader.end_day(root, "FinishDate", "Project")
    plan.status_date = reader.day(root, "StatusDate", "Project")
    plan.manager = reader.name(root, "Manager", "Project")
    _read_calendar(reader, root, plan)
    seen: set[int] = set()
    for node in root.findall("Tasks/Task"):
        task = _read_task(reader, node)
        if task is None:
            continue
        if task.uid in seen:
            raise reader.problem(f"Task UID {task.uid}", "a second task has this UID")
        seen.add(task.uid)
        if task.outline_level == 0:
            # The project's own summary row: its notes are the project's.
            plan.notes = task.notes
            if not plan.name:
                plan.name = task.name
            continue
        plan.tasks.append(task)
    for node in root.findall("Resources/Resource"):
        uid = reader.int_(node, "UID", "Resource")
        place = f"Resource UID {uid}"
        name = reader.name(node, "Name", place)
        if uid == 0 or not name or reader.bool_(node, "IsNull"):
            continue  # MS Project's unnamed placeholder resource
        plan.resources.append(
            Resource(
                uid,
                name,
                email=reader.name(node, "EmailAddress", place),
                group=reader.name(node, "Group", place),
            )
        )
    for node in root.findall("Assignments/Assignment"):
        place = f"Assignment UID {reader.text(node, 'UID')}"
        units = reader.float_(node, "Units", place)
        plan.assignments.append(
            Assignment(
                reader.int_(node, "TaskUID", place),
                reader.int_(node, "ResourceUID", place, default=-1),
                1.0 if units is None else units,
            )
        )
    plan.warnings.extend(reader.warnings)
    return plan
