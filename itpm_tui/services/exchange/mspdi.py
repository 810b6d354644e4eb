"""MS Project XML (MSPDI): a plan exported with its schedule, and a file imported as a project.

The export writes what the scheduler computes (dates, floats) beside what drives it
(durations, links, constraints, actual dates, the calendar); the import stores the
drivers through the planning services and lets the same scheduler compute the dates,
so a plan exported and imported again is scheduled the same, task by task.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, func, insert, update
from sqlmodel import Session, col, select

from itpm_tui.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Holiday,
    Person,
    Project,
    Task,
    TaskStatus,
)
from itpm_tui.services.exchange.formats import (
    EXPORTS,
    IMPORTS,
    ExportFormat,
    ExportOptions,
    FileProblem,
    ImportFormat,
    ImportOptions,
    ImportReport,
)
from itpm_tui.services.exchange.mspdi_xml import (
    Assignment,
    Exception_,
    Link,
    Plan,
    PlanTask,
    Resource,
    read_plan,
    write_plan,
)
from itpm_tui.services.planning.schedule import ScheduleResult
from itpm_tui.services.planning.wbs import wbs_order
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.parsing import MAX_DURATION_DAYS

# Recurring holidays are written as the days they fall on, this many years around the plan.
_YEARS_BEFORE, _YEARS_AFTER = 1, 3
# More days off than this in one file is not a calendar but a broken or hostile file.
MAX_HOLIDAYS = 20_000
MAX_TASKS = 200_000


# --- export --------------------------------------------------------------------------------


def _holiday_days(holidays: list[Holiday], first: date, last: date) -> list[Exception_]:
    from itpm_tui.services.planning.calendar import parse_holiday_rule

    found: dict[date, str] = {}
    for holiday in holidays:
        if holiday.on is not None:
            found.setdefault(holiday.on, holiday.name)
        elif holiday.rrule:
            rule = parse_holiday_rule(holiday.rrule)
            start = datetime.combine(date(first.year - _YEARS_BEFORE, 1, 1), time())
            end = datetime.combine(date(last.year + _YEARS_AFTER, 12, 31), time())
            for moment in rule.between(start, end, inc=True):
                found.setdefault(moment.date(), holiday.name)
    return [Exception_(name, day, day) for day, name in sorted(found.items())]


def export_mspdi(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """The project's plan as an MSPDI document, dates as the scheduler computes them."""
    from itpm_tui.services.planning.schedule_records import compute, list_baselines, weekdays_of
    from itpm_tui.services.portfolio.projects import get_project

    project = get_project(session, project_id)
    plan_data, result = compute(session, project_id, options.today, to_show=True)
    tasks = {tid: t for tid, t in plan_data.tasks.items() if t.project_id == project_id}
    order = wbs_order((tid, t.parent_id, t.position) for tid, t in tasks.items())
    links: dict[int, list[Link]] = defaultdict(list)
    driven_by_finish: set[int] = set()
    for dep in plan_data.dependencies:
        if dep.successor_id in tasks and dep.predecessor_id in tasks:
            links[dep.successor_id].append(Link(dep.predecessor_id, dep.kind, dep.lag_days))
            if dep.kind in ("FS", "FF"):
                driven_by_finish.add(dep.successor_id)
    baselines = list_baselines(session, project_id)
    baseline_rows: dict[int, BaselineTask] = {}
    if baselines:
        baseline_rows = {
            row.task_id: row
            for row in session.exec(
                select(BaselineTask).where(BaselineTask.baseline_id == baselines[-1].id)
            )
        }
    people = {
        p.id: p
        for p in session.exec(
            select(Person).where(
                col(Person.id).in_({t.assignee_id for t in tasks.values() if t.assignee_id})
            )
        )
    }
    plan = Plan(
        name=project.name,
        status_date=project.status_date,
        notes=project.description,
        weekdays=weekdays_of(project),
    )
    own = [result.tasks[e.id] for e in order if e.id in result.tasks]
    if own:
        plan.start = min(s.start for s in own)
        plan.finish = max(s.finish for s in own)
    else:
        plan.start = plan.finish = project.start or options.today
    if project.manager_id is not None:
        manager = session.get(Person, project.manager_id)
        plan.manager = manager.name if manager else ""
    holidays = list(session.exec(select(Holiday).where(Holiday.project_id == project_id)))
    assert plan.start is not None and plan.finish is not None
    plan.exceptions = _holiday_days(holidays, plan.start, plan.finish)
    for entry in order:
        task = tasks[entry.id]
        computed = result.tasks.get(entry.id)
        item = PlanTask(
            uid=entry.id,
            name=task.title,
            outline_level=entry.depth + 1,
            wbs=entry.code,
            milestone=bool(task.is_milestone),
            summary=entry.has_children,
            notes=task.description,
            work_days=task.estimate_days,
            links=links.get(entry.id, []),
            milestone_at_end=entry.id in driven_by_finish,
        )
        if computed is not None:
            item.start, item.finish = computed.start, computed.finish
            item.duration_days = computed.duration
            item.total_float, item.free_float = computed.total_float, computed.free_float
            item.critical = computed.critical
            item.percent_complete = round(computed.percent_complete)
            if entry.has_children:
                item.work_days = computed.work
        if not entry.has_children:
            item.percent_complete = task.percent_complete
            item.actual_start, item.actual_finish = task.actual_start, task.actual_finish
        if task.constraint_date is not None and task.constraint_kind != "ASAP":
            item.constraint_kind, item.constraint_date = task.constraint_kind, task.constraint_date
        saved = baseline_rows.get(entry.id)
        if saved is not None and saved.start and saved.finish:
            item.baseline = (saved.start, saved.finish, saved.duration_days)
        plan.tasks.append(item)
        if task.assignee_id in people:
            plan.assignments.append(Assignment(entry.id, task.assignee_id))  # type: ignore[arg-type]
    for person_id, person in sorted(people.items()):
        plan.resources.append(Resource(person_id, person.name, person.email, person.team))  # type: ignore[arg-type]
    return write_plan(plan)


# --- import --------------------------------------------------------------------------------


def sniff_mspdi(head: bytes) -> bool:
    """An XML document whose root is MS Project's <Project> (in its namespace)."""
    text = head[:4096].decode("utf-8", "replace")
    return "<Project" in text and "schemas.microsoft.com/project" in text


def code_from_name(name: str) -> str:
    """A project code made from a plan's name: 'ERP rollout 2027' -> 'ERP-ROLLOUT-2027'."""
    code = re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")[:20].strip("-")
    return code or "IMPORTED"


def _parents(tasks: list[PlanTask]) -> dict[int, int | None]:
    """Each task's parent UID from the outline levels, in file order."""
    parents: dict[int, int | None] = {}
    stack: list[PlanTask] = []
    for task in tasks:
        while stack and stack[-1].outline_level >= task.outline_level:
            stack.pop()
        expected = stack[-1].outline_level + 1 if stack else 1
        if task.outline_level > expected:
            raise FileProblem(
                f"Task UID {task.uid}: OutlineLevel {task.outline_level} follows level "
                f"{expected - 1}: a level is skipped"
            )
        parents[task.uid] = stack[-1].uid if stack else None
        stack.append(task)
    return parents


def _check_links(plan: Plan, report: ImportReport) -> None:
    uids = {t.uid for t in plan.tasks}
    for task in plan.tasks:
        seen: set[int] = set()
        kept: list[Link] = []
        for link in task.links:
            place = f"Task UID {task.uid} '{task.name[:40]}'"
            if link.predecessor_uid not in uids:
                raise FileProblem(
                    f"{place}: its predecessor UID {link.predecessor_uid} is not a task of the file"
                )
            if link.predecessor_uid == task.uid:
                raise FileProblem(f"{place}: the task is its own predecessor")
            if link.predecessor_uid in seen:
                report.warnings.append(
                    f"{place}: a second link from UID {link.predecessor_uid} is left out"
                )
                continue
            seen.add(link.predecessor_uid)
            kept.append(link)
        task.links = kept


def _status(percent: int) -> str:
    if percent >= 100:
        return TaskStatus.DONE.value
    return TaskStatus.IN_PROGRESS.value if percent else TaskStatus.TODO.value


def _make_room(session: Session, code: str, options: ImportOptions) -> None:
    from itpm_tui.services.portfolio.projects import delete_project

    existing = session.exec(select(Project).where(Project.code == code)).first()
    if existing is None:
        return
    if not options.replace:
        raise ItpmError(
            f"{code} is already the code of a project: give another code (--code), "
            "or replace it (--replace)"
        )
    delete_project(session, existing.id)  # type: ignore[arg-type]


def _people(session: Session, plan: Plan, report: ImportReport) -> dict[int, int]:
    """Resource UID -> person id: people found by e-mail or name, else created."""
    from itpm_tui.services.resources.people import PersonInput, create_person

    by_name = {p.name.casefold(): p.id for p in session.exec(select(Person))}
    by_email = {p.email.casefold(): p.id for p in session.exec(select(Person)) if p.email}
    found: dict[int, int] = {}
    created = 0
    for resource in plan.resources:
        place = f"Resource UID {resource.uid} '{resource.name[:40]}'"
        person_id = by_email.get(resource.email.casefold()) if resource.email else None
        person_id = person_id or by_name.get(resource.name.casefold())
        if person_id is None:
            email = resource.email
            try:
                person = create_person(
                    session, PersonInput(name=resource.name, email=email, team=resource.group)
                )
            except ValidationError as exc:
                if "email" not in exc.errors:
                    raise FileProblem(f"{place}: {exc}") from None
                report.warnings.append(
                    f"{place}: '{email[:40]}' is not an e-mail address: left out"
                )
                person = create_person(
                    session, PersonInput(name=resource.name, team=resource.group)
                )
            person_id = person.id
            by_name[resource.name.casefold()] = person_id
            created += 1
        found[resource.uid] = person_id  # type: ignore[assignment]
    report.created["people"] = created
    return found


def _assignees(plan: Plan, people: dict[int, int], report: ImportReport) -> dict[int, int]:
    """Task UID -> the person doing it: the assignment with the most units."""
    best: dict[int, Assignment] = {}
    for assignment in plan.assignments:
        if assignment.resource_uid not in people:
            continue
        current = best.get(assignment.task_uid)
        if current is None or assignment.units > current.units:
            if current is not None:
                report.warnings.append(
                    f"Task UID {assignment.task_uid}: only one person is kept of its assignments"
                )
            best[assignment.task_uid] = assignment
        else:
            report.warnings.append(
                f"Task UID {assignment.task_uid}: only one person is kept of its assignments"
            )
    return {uid: people[a.resource_uid] for uid, a in best.items()}


def _holidays(session: Session, project_id: int, plan: Plan) -> int:
    count = 0
    seen: set[date] = set()
    rows: list[dict[str, object]] = []
    for exception in plan.exceptions:
        day = exception.first
        while day <= exception.last:
            if day not in seen:
                seen.add(day)
                count += 1
                if count > MAX_HOLIDAYS:
                    raise FileProblem(
                        f"the calendar has more than {MAX_HOLIDAYS:,} days off: not a calendar"
                    )
                rows.append({"project_id": project_id, "name": exception.name[:255], "on": day})
            day += timedelta(days=1)
    if rows:
        session.execute(insert(Holiday.__table__), rows)  # type: ignore[attr-defined]
    return count


def import_mspdi(session: Session, data: bytes, options: ImportOptions) -> ImportReport:
    """A new project from an MSPDI file, in the caller's transaction; FileProblem on a fault."""
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project
    from itpm_tui.services.shared.text import clean_text

    if options.into_project:
        raise FileProblem(
            "an MS Project file comes in as a project of its own: leave out --project"
        )
    plan = read_plan(data)
    if len(plan.tasks) > MAX_TASKS:
        raise FileProblem(f"the file has {len(plan.tasks):,} tasks: at most {MAX_TASKS:,}")
    name = clean_text(plan.name) or "Imported plan"
    code = (options.code or code_from_name(name)).strip().upper()
    report = ImportReport(project_code=code, warnings=list(plan.warnings))
    parents = _parents(plan.tasks)
    _check_links(plan, report)
    _make_room(session, code, options)
    try:
        project = create_project(
            session,
            ProjectInput(code=code, name=name, start=plan.start, description=plan.notes),
            options.today,
        )
    except ValidationError as exc:
        raise FileProblem(f"Project: {exc}") from None
    project_id: int = project.id  # type: ignore[assignment]
    project.working_weekdays = ",".join(str(d) for d in sorted(plan.weekdays))
    project.status_date = plan.status_date
    if plan.manager:
        manager = session.exec(select(Person).where(Person.name == plan.manager)).first()
        project.manager_id = manager.id if manager else None
    session.add(project)
    holidays = _holidays(session, project_id, plan)
    people = _people(session, plan, report)
    assignees = _assignees(plan, people, report)
    ids = _insert_tasks(session, project_id, plan, parents, assignees, options.today)
    links = _insert_links(session, plan, ids)
    session.flush()
    try:
        # One run of the scheduler checks every link at once: cycles, links a summary
        # cannot take, and links between a summary and its own tasks, each by name.
        result = _schedule(session, project_id, options.today)
    except ItpmError as exc:
        raise FileProblem(f"the file's links cannot be scheduled: {exc}") from None
    pinned = _pin_later_starts(session, plan, ids, result)
    if pinned:
        result = _schedule(session, project_id, options.today)
        report.warnings.append(
            f"{pinned} task(s) start later in the file than their links say: each keeps its "
            "start as a start-no-earlier-than constraint"
        )
    _report_moved(plan, ids, result, report)
    baselines = _baseline(session, project_id, plan, ids)
    _roll_up_summaries(session, project_id)
    session.flush()
    report.created = {
        "projects": 1,
        "tasks": len(ids),
        "links": links,
        "people": report.created.get("people", 0),
        "holidays": holidays,
        "baselines": baselines,
    }
    return report


def _task_rows(
    session: Session,
    project_id: int,
    plan: Plan,
    parents: dict[int, int | None],
    assignees: dict[int, int],
    today: date,
) -> tuple[dict[int, int], list[dict[str, object]]]:
    """Each task's row as create_task would make it: progress settled, on the board."""
    from itpm_tui.models.base import utcnow
    from itpm_tui.services.kanban.board import POSITION_GAP, column_for_status
    from itpm_tui.services.shared.text import clean_text

    first_id = (session.exec(select(func.max(Task.id))).one() or 0) + 1
    ids = {item.uid: first_id + n for n, item in enumerate(plan.tasks)}
    has_children = {p for p in parents.values() if p is not None}
    positions: dict[int | None, int] = defaultdict(int)
    columns: dict[str, int] = {}
    board_positions: dict[int, int] = defaultdict(int)
    now = utcnow()
    rows: list[dict[str, object]] = []
    for item in plan.tasks:
        summary = item.uid in has_children
        percent = 0 if summary else item.percent_complete
        status = _status(percent)
        # A summary keeps the flag as the file has it (the scheduler ignores it there).
        milestone = item.milestone
        finish = item.start if milestone else item.finish
        actual_start, actual_finish = _actual_dates(item, percent, finish, today)
        if not summary and max(item.duration_days, item.work_days or 0) > MAX_DURATION_DAYS:
            # Only a summary may be that long (marked one in the file, but with no tasks).
            raise FileProblem(
                f"Task UID {item.uid}: its Duration or Work is over {MAX_DURATION_DAYS:,} "
                "working days"
            )
        if status not in columns:
            columns[status] = column_for_status(session, project_id, status).id  # type: ignore[assignment]
        column = columns[status]
        parent = parents[item.uid]
        has_constraint = item.constraint_kind != "ASAP" and item.constraint_date is not None
        rows.append(
            {
                "id": ids[item.uid],
                "project_id": project_id,
                "parent_id": ids[parent] if parent is not None else None,
                "position": positions[parent],
                "title": clean_text(item.name) or f"Task {item.uid}",
                "description": clean_text(item.notes, multiline=True),
                "status": status,
                "assignee_id": assignees.get(item.uid),
                "estimate_days": None if summary else item.work_days,
                "start": item.start,
                "finish": finish,
                "percent_complete": percent,
                "is_milestone": milestone,
                "duration_days": None
                if summary
                else (0 if milestone else max(1, item.duration_days)),
                "constraint_kind": item.constraint_kind if has_constraint else "ASAP",
                "constraint_date": item.constraint_date if has_constraint else None,
                "actual_start": None if summary else actual_start,
                "actual_finish": None if summary else actual_finish,
                "column_id": column,
                "board_position": board_positions[column],
                "column_entered_at": now,
                "created_at": now,
                "updated_at": now,
            }
        )
        positions[parent] += 1
        board_positions[column] += POSITION_GAP
    return ids, rows


def _actual_dates(
    item: PlanTask, percent: int, finish: date | None, today: date
) -> tuple[date | None, date | None]:
    """As a new task's progress settles: done has both dates, started has its start."""
    start, end = item.actual_start, item.actual_finish
    if percent == 100:
        end = end or finish or today
        start = start or min(item.start or end, end)
    elif percent:
        start = start or (min(item.start, today) if item.start else today)
        end = None
    else:
        end = None
    return start, end


def _insert_tasks(
    session: Session,
    project_id: int,
    plan: Plan,
    parents: dict[int, int | None],
    assignees: dict[int, int],
    today: date,
) -> dict[int, int]:
    """All tasks in one statement: one create_task each would take minutes for 10,000."""
    ids, rows = _task_rows(session, project_id, plan, parents, assignees, today)
    if rows:
        session.execute(insert(Task.__table__), rows)  # type: ignore[attr-defined]
    return ids


def _insert_links(session: Session, plan: Plan, ids: dict[int, int]) -> int:
    rows = [
        {
            "predecessor_id": ids[link.predecessor_uid],
            "successor_id": ids[item.uid],
            "kind": link.kind,
            "lag_days": link.lag_days,
        }
        for item in plan.tasks
        for link in item.links
    ]
    if rows:
        session.execute(insert(Dependency.__table__), rows)  # type: ignore[attr-defined]
    return len(rows)


def _schedule(session: Session, project_id: int, today: date) -> ScheduleResult:
    """reschedule() for a plan just inserted: dates written back in one statement.

    reschedule() builds an ORM object per task and link, most of an import's time at
    10,000 tasks; plain rows and one UPDATE of the dates that moved do the same.
    """
    from itpm_tui.services.planning.schedule_records import compute

    plan, result = compute(session, project_id, today, to_show=True)
    moved = [
        {"b_id": task_id, "b_start": done.start, "b_finish": done.finish}
        for task_id, done in result.tasks.items()
        if (plan.tasks[task_id].start, plan.tasks[task_id].finish) != (done.start, done.finish)
    ]
    if moved:
        table = Task.__table__  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(start=bindparam("b_start"), finish=bindparam("b_finish")),
            moved,
        )
    return result


def _roll_up_summaries(session: Session, project_id: int) -> None:
    """roll_up_summaries() over plain rows: each summary's status and % from its tasks."""
    from itpm_tui.services.planning.tasks import _roll_up

    table = Task.__table__  # type: ignore[attr-defined]
    rows = {
        row.id: row
        for row in session.execute(select(table).where(table.c.project_id == project_id))
    }
    order = wbs_order((tid, row.parent_id, row.position) for tid, row in rows.items())
    changed = [
        {"b_id": tid, "b_percent": percent, "b_status": status}
        for tid, (_, _, percent, status) in _roll_up(order, rows).items()  # type: ignore[arg-type]
        if (rows[tid].percent_complete, rows[tid].status) != (percent, status)
    ]
    if changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(percent_complete=bindparam("b_percent"), status=bindparam("b_status")),
            changed,
        )


def _pin_later_starts(
    session: Session, plan: Plan, ids: dict[int, int], result: ScheduleResult
) -> int:
    """A task the file starts later than its links allow keeps its start, as MS Project would
    for a date typed in: a start-no-earlier-than constraint."""
    computed = result.tasks
    pinned = 0
    for item in plan.tasks:
        mine = computed.get(ids[item.uid])
        if (
            mine is None
            or mine.is_summary
            or item.start is None
            or item.actual_start is not None
            or item.percent_complete
            or item.constraint_kind != "ASAP"
            or mine.start >= item.start
        ):
            continue
        task = session.get(Task, ids[item.uid])
        if task is not None:
            task.constraint_kind, task.constraint_date = "SNET", item.start
            session.add(task)
            pinned += 1
    return pinned


def _report_moved(
    plan: Plan, ids: dict[int, int], result: ScheduleResult, report: ImportReport
) -> None:
    computed = result.tasks
    moved = [
        item
        for item in plan.tasks
        if item.start is not None
        and (mine := computed.get(ids[item.uid])) is not None
        and (mine.start, mine.finish) != (item.start, item.finish or item.start)
    ]
    if moved:
        first = moved[0]
        mine = computed[ids[first.uid]]
        report.warnings.append(
            f"{len(moved)} task(s) are scheduled on other dates than the file gives, e.g. "
            f"Task UID {first.uid}: {mine.start} to {mine.finish} "
            f"(the file: {first.start} to {first.finish})"
        )


def _baseline(session: Session, project_id: int, plan: Plan, ids: dict[int, int]) -> int:
    saved = [t for t in plan.tasks if t.baseline is not None]
    if not saved:
        return 0
    baseline = Baseline(project_id=project_id, name="Baseline (imported)")
    session.add(baseline)
    session.flush()
    rows = [
        {
            "baseline_id": baseline.id,
            "task_id": ids[item.uid],
            "start": item.baseline[0],
            "finish": item.baseline[1],
            "duration_days": item.baseline[2],
        }
        for item in saved
        if item.baseline is not None
    ]
    session.execute(insert(BaselineTask.__table__), rows)  # type: ignore[attr-defined]
    return 1


EXPORTS["mspdi"] = ExportFormat(
    name="mspdi",
    suffix=".xml",
    description="MS Project XML (MSPDI): MS Project, ProjectLibre, GanttProject",
    write=export_mspdi,
)
IMPORTS["mspdi"] = ImportFormat(
    name="mspdi",
    suffixes=(".xml",),
    description="MS Project XML (MSPDI): a new project",
    sniff=sniff_mspdi,
    read=import_mspdi,
)
