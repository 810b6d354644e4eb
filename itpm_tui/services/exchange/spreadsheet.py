"""Task tables in and out: CSV from Excel, MS Project or Jira imported; CSV and XLSX written.

The import reads the whole file and decides every refusal first (sheet_plan), then adds the
rows through the task services inside the importer's one transaction, and schedules the
project once: a start date in the file becomes a start-no-earlier-than constraint only where
the links alone would start the task sooner, as MS Project treats a typed start.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from math import ceil
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from itpm_tui.models import Dependency, Person, Project, Sprint, Task, TaskStatus
from itpm_tui.models.base import utcnow
from itpm_tui.services.exchange.csv_columns import map_columns
from itpm_tui.services.exchange.csv_text import decode, read_table, sniff_delimiter
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
from itpm_tui.services.exchange.predecessor_text import SheetLink, format_links
from itpm_tui.services.exchange.sheet_plan import Lookups, SheetPlan, SheetTask, build_plan
from itpm_tui.services.shared.parsing import format_estimate

# --- import ----------------------------------------------------------------------------------


def sniff_csv(head: bytes) -> bool:
    """The first bytes are text whose first line names a title column among others."""
    try:
        text, _ = decode(head)
    except FileProblem:
        return False
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = next(csv.reader([first], delimiter=sniff_delimiter(first)), [])
    return len(header) > 1 and map_columns(header).has("title")


def read_csv(session: Session, data: bytes, options: ImportOptions) -> ImportReport:
    """Add the file's tasks to a new project (options.code) or an existing one (into_project)."""
    table = read_table(data)
    cmap = map_columns(table.header)
    if not cmap.has("title"):
        raise FileProblem(
            f"line {table.header_line}: no title column: head one Title, Name, Task Name or Summary"
        )
    project = _target(session, options, jira=cmap.has("key"))
    project_id = int(project.id)  # type: ignore[arg-type]
    plan = build_plan(table, cmap, _lookups(session, project_id))
    report = ImportReport(project.code, refused=list(plan.refused), warnings=list(plan.warnings))
    if cmap.unknown:
        shown = ", ".join(cmap.unknown[:8]) + (" ..." if len(cmap.unknown) > 8 else "")
        report.warnings.append(f"columns left out: {shown}")
    if options.into_project is None and project.start is None:
        starts = [d for t in plan.tasks for d in (t.actual_start, t.start) if d]
        project.start = min(starts) if starts else None
        session.add(project)
    report.created = _create(session, project_id, plan, options.today, report.warnings)
    return report


def _target(session: Session, options: ImportOptions, *, jira: bool) -> Project:
    from itpm_tui.services.lifecycle.documents import ensure_open
    from itpm_tui.services.portfolio.projects import (
        ProjectInput,
        create_project,
        delete_project,
        find_project,
    )

    if options.into_project:
        project = find_project(session, options.into_project)
        ensure_open(session, int(project.id))  # type: ignore[arg-type]
        return project
    if not options.code:
        raise FileProblem(
            "a spreadsheet names no project: give the code of a new project, "
            "or of the project to add the tasks to"
        )
    code = options.code.strip().upper()
    existing = session.exec(select(Project).where(Project.code == code)).first()
    if existing is not None:
        if not options.replace:
            raise FileProblem(
                f"{code} is already a project: add the tasks to it, or choose another code"
            )
        delete_project(session, int(existing.id))  # type: ignore[arg-type]
        session.flush()
    methodology = "agile" if jira else "waterfall"
    return create_project(
        session, ProjectInput(code=code, name=code, methodology=methodology), options.today
    )


def _lookups(session: Session, project_id: int) -> Lookups:
    from itpm_tui.services.kanban.board import ensure_columns

    people: dict[str, list[int]] = defaultdict(list)
    for person in session.exec(select(Person)):
        for key in {person.name.strip().lower(), person.email.strip().lower()}:
            if key:
                people[key].append(int(person.id))  # type: ignore[arg-type]
    columns: dict[str, tuple[int, str]] = {}
    for column in ensure_columns(session, project_id):
        columns.setdefault(column.name.strip().lower(), (int(column.id), column.status))  # type: ignore[arg-type]
    return Lookups(dict(people), columns)


def _status_of(task: SheetTask) -> str:
    if task.status is not None:
        return task.status
    if task.percent == 100:
        return TaskStatus.DONE.value
    return TaskStatus.IN_PROGRESS.value if task.percent else TaskStatus.TODO.value


def _create(
    session: Session, project_id: int, plan: SheetPlan, today: date, warnings: list[str]
) -> dict[str, int]:
    """Insert the plan's tasks and links in bulk, then schedule the project.

    Row by row through create_task, a 10,000-task plan takes minutes (each row queries its
    position, column and calendar). The rows were checked as the task service checks them
    (sheet_plan); here they get what create_task gives a new task: a position under their
    parent, a card at the bottom of the column for their status, and status, % complete
    and actual dates that agree (completion.settle's rule for a new task).
    """
    from itpm_tui.services.kanban.board import ensure_columns
    from itpm_tui.services.planning.completion import roll_up_summaries
    from itpm_tui.services.planning.schedule_records import project_calendar, reschedule

    calendar = project_calendar(session, project_id)
    project = session.get(Project, project_id)
    project_start = project.start if project is not None else None
    sprints, new_sprints = _sprints(session, project_id, plan, today, warnings)
    columns = ensure_columns(session, project_id)
    bottoms = dict(
        session.exec(
            select(Task.column_id, func.max(Task.board_position))
            .where(Task.project_id == project_id)
            .group_by(col(Task.column_id))
        ).all()
    )
    first_root = session.exec(
        select(func.max(Task.position)).where(
            Task.project_id == project_id, col(Task.parent_id).is_(None)
        )
    ).one()
    next_id = int(session.exec(select(func.max(Task.id))).one() or 0) + 1
    now = utcnow()
    positions: dict[int | None, int] = {None: 0 if first_root is None else int(first_root) + 1}
    # Plain rows read like tasks (building 10,000 models costs more than inserting them).
    template = Task(project_id=project_id, title="").model_dump()
    made: list[Any] = []
    for index, row in enumerate(plan.tasks):
        summary = row.is_summary
        parent_id = made[row.parent].id if row.parent is not None else None
        position = positions.get(parent_id, 0)
        positions[parent_id] = position + 1
        task = SimpleNamespace(**template)
        task.__dict__.update(
            id=next_id + index,
            project_id=project_id,
            parent_id=parent_id,
            position=position,
            title=row.title,
            description=row.notes,
            status=TaskStatus.TODO.value if summary else _status_of(row),
            priority=row.priority or "medium",
            assignee_id=row.assignee_id,
            estimate_days=0.0 if row.milestone and row.estimate is None else row.estimate,
            percent_complete=0 if summary else row.percent or 0,
            is_milestone=row.milestone and not summary,
            tags=row.tags,
            sprint_id=sprints.get(row.sprint.lower()) if row.sprint else None,
            created_at=datetime.combine(row.created, time(), UTC) if row.created else now,
            updated_at=now,
            column_entered_at=now,
        )
        _settle_new(task, today, calendar, project_start)
        if not summary:
            _actual_dates(task, row, today)
            _length(task, row, calendar)
        if row.due is not None:
            task.constraint_kind, task.constraint_date = "FNLT", row.due
        column_id = row.column_id
        if column_id is None:
            column = next((c for c in columns if c.status == task.status), columns[0])
            column_id = int(column.id)  # type: ignore[arg-type]
        bottom = bottoms.get(column_id)
        task.column_id, task.board_position = column_id, 0 if bottom is None else bottom + 1
        bottoms[column_id] = task.board_position
        made.append(task)
    if made:
        # Core inserts: the ORM's bulk path costs as much again, row by row, in Python.
        session.execute(insert(Task.__table__), [vars(task) for task in made])  # type: ignore[attr-defined]
    if plan.links:
        session.execute(
            insert(Dependency.__table__),  # type: ignore[attr-defined]
            [
                {
                    "predecessor_id": made[link.predecessor].id,
                    "successor_id": made[link.successor].id,
                    "kind": link.kind,
                    "lag_days": link.lag,
                    "created_at": now,
                }
                for link in plan.links
            ],
        )
    session.flush()
    _pin_starts(session, project_id, plan, made, today, warnings)
    roll_up_summaries(session, project_id)
    reschedule(session, project_id, today)
    created = {"tasks": len(made), "links": len(plan.links)}
    if new_sprints:
        created["sprints"] = new_sprints
    return created


def _settle_new(task: Any, today: date, calendar: Any, project_start: date | None) -> None:
    """completion.settle for a task just created: done when its status or % says so."""
    from itpm_tui.services.planning.completion import NOT_STARTED, STARTED, done_dates

    if task.status == TaskStatus.DONE.value or task.percent_complete == 100:
        task.status, task.percent_complete = TaskStatus.DONE.value, 100
        task.actual_start, task.actual_finish = done_dates(task, today, calendar, project_start)
        return
    if task.percent_complete and task.status in NOT_STARTED:
        task.status = TaskStatus.IN_PROGRESS.value
    if task.percent_complete:
        task.actual_start = min(task.start, today) if task.start else today
    elif task.status in STARTED:
        task.actual_start = today


def _actual_dates(task: Any, row: SheetTask, today: date) -> None:
    """The file's actual dates, else its planned ones for work done or under way."""
    if task.status == TaskStatus.DONE.value:
        finish = row.actual_finish or row.finish or task.actual_finish
        start = row.actual_start or row.start or task.actual_start
        if finish is not None and start is not None and start <= finish:
            task.actual_start, task.actual_finish = start, finish
        elif finish is not None:
            task.actual_start, task.actual_finish = finish, finish
    elif task.actual_start is not None:
        start = row.actual_start or row.start
        if start is not None and start <= today:
            task.actual_start = start


def _length(task: Any, row: SheetTask, calendar: Any) -> None:
    if task.is_milestone:
        task.duration_days = 0
    elif row.duration is not None:
        task.duration_days = max(1, row.duration)
    elif row.start and row.finish:
        task.duration_days = max(1, calendar.working_days_between(row.start, row.finish) + 1)
    elif row.estimate:
        task.duration_days = max(1, ceil(row.estimate))


def _sprints(
    session: Session, project_id: int, plan: SheetPlan, today: date, warnings: list[str]
) -> tuple[dict[str, int], int]:
    """The project's sprints by lower-case name; a sprint the file names anew is created,
    spanning its tasks' dates (or two weeks from the import when they have none)."""
    from itpm_tui.services.kanban.board import save_sprint

    known = {
        s.name.strip().lower(): int(s.id)  # type: ignore[arg-type]
        for s in session.exec(select(Sprint).where(Sprint.project_id == project_id))
    }
    wanted: dict[str, list[SheetTask]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in plan.tasks:
        if row.sprint and row.sprint.lower() not in known:
            wanted[row.sprint.lower()].append(row)
            names.setdefault(row.sprint.lower(), row.sprint)
    for key, rows in wanted.items():
        starts = [d for r in rows for d in (r.start, r.created) if d]
        finishes = [d for r in rows for d in (r.finish, r.due) if d]
        start = min(starts) if starts else today
        finish = max([*finishes, start]) if finishes else start + timedelta(days=13)
        sprint = save_sprint(session, project_id, None, names[key], "", start, finish)
        known[key] = int(sprint.id)  # type: ignore[arg-type]
    if wanted:
        listed = ", ".join(names[k] for k in wanted)
        warnings.append(f"sprints added (check their dates): {listed}")
    return known, len(wanted)


def _pin_starts(
    session: Session,
    project_id: int,
    plan: SheetPlan,
    made: list[Any],
    today: date,
    warnings: list[str],
) -> None:
    """Where the links alone would start a task before the file's date, that date holds it.

    The plan is scheduled once without writing (plain rows: loading 10,000 models twice is
    most of an import's time), then those tasks get their start-no-earlier-than.
    """
    from sqlalchemy import bindparam, update

    from itpm_tui.services.planning.schedule_records import compute, project_calendar

    _, result = compute(session, project_id, today, to_show=True)
    calendar = project_calendar(session, project_id)
    later = []
    pins: list[dict[str, Any]] = []
    for row, task in zip(plan.tasks, made, strict=True):
        if row.is_summary or task.actual_start is not None:
            continue
        wanted = row.start
        if wanted is None and row.finish is not None and task.duration_days:
            wanted = calendar.add_working_days(row.finish, -(task.duration_days - 1))
        computed = result.tasks.get(int(task.id))
        if wanted is None or computed is None or computed.start is None:
            continue
        if wanted > computed.start:
            pins.append({"task": task.id, "day": wanted})
        elif wanted < computed.start:
            later.append(row.ref)
    if pins:
        table = Task.__table__  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("task"))
            .values(constraint_kind="SNET", constraint_date=bindparam("day")),
            pins,
        )
    if later:
        shown = ", ".join(later[:10]) + (" ..." if len(later) > 10 else "")
        warnings.append(
            f"{len(later)} task(s) start later than the file says, after their predecessors: "
            f"{shown}"
        )


# --- export ----------------------------------------------------------------------------------

HEADERS = [
    "WBS",
    "Title",
    "Start",
    "Finish",
    "Duration (days)",
    "Estimate (days)",
    "% Complete",
    "Predecessors",
    "External predecessors",
    "Assignee",
    "Status",
    "Priority",
    "Milestone",
    "Tags",
    "Sprint",
    "Actual start",
    "Actual finish",
    "Total float (days)",
    "Critical",
    "Notes",
]


def task_table(session: Session, project_id: int, today: date) -> list[list[object]]:
    """The task table a sponsor reads: one row per task in WBS order, values as they are
    (dates as dates, numbers as numbers); HEADERS names the columns."""
    from itpm_tui.services.planning.plan_view import plan_view
    from itpm_tui.services.planning.predecessors import Predecessor, entry_order, format_entry
    from itpm_tui.services.planning.tasks import list_task_rows

    view = plan_view(session, project_id, today)
    rows = {r.id: r for r in list_task_rows(session, project_id)}
    table_ = Task.__table__  # type: ignore[attr-defined]
    # Plain rows, the columns the table shows: building models is most of an export's time.
    tasks = {
        t.id: t
        for t in session.execute(
            sa_select(
                table_.c.id,
                table_.c.estimate_days,
                table_.c.priority,
                table_.c.tags,
                table_.c.sprint_id,
                table_.c.actual_start,
                table_.c.actual_finish,
                table_.c.description,
            ).where(table_.c.project_id == project_id)
        )
    }
    sprints = {
        s.id: s.name for s in session.exec(select(Sprint).where(Sprint.project_id == project_id))
    }
    wbs = {r.id: r.wbs for r in view.rows}
    mine: dict[int, list[SheetLink]] = defaultdict(list)
    other: dict[int, list[Predecessor]] = defaultdict(list)
    links = session.exec(
        select(Dependency, Task.project_id, Project.code)
        .join(Task, col(Task.id) == col(Dependency.predecessor_id))
        .join(Project, col(Project.id) == col(Task.project_id))
        .where(col(Dependency.successor_id).in_(list(wbs)))
    ).all()
    codes_elsewhere: dict[int, dict[int, str]] = {}
    for link, pred_project, code in links:
        if link.predecessor_id in wbs:
            mine[link.successor_id].append(
                SheetLink(wbs[link.predecessor_id], link.kind, link.lag_days)
            )
        else:
            if pred_project not in codes_elsewhere:
                from itpm_tui.services.planning.predecessors import wbs_codes

                codes_elsewhere[pred_project] = wbs_codes(session, pred_project)
            where = codes_elsewhere[pred_project].get(link.predecessor_id, "?")
            other[link.successor_id].append(Predecessor(where, link.kind, link.lag_days, code))
    table: list[list[object]] = []
    for row in view.rows:
        task, listed = tasks[row.id], rows[row.id]
        own = sorted(mine.get(row.id, []), key=lambda x: [int(p) for p in x.ref.split(".")])
        table.append(
            [
                row.wbs,
                row.name,
                row.start,
                row.finish,
                int(row.duration),
                None if task.estimate_days is None else float(task.estimate_days),
                row.percent,
                format_links(own),
                ";".join(format_entry(p) for p in sorted(other.get(row.id, []), key=entry_order)),
                listed.assignee,
                listed.status,
                task.priority,
                "yes" if row.milestone else "no",
                task.tags,
                sprints.get(task.sprint_id, "") if task.sprint_id else "",
                task.actual_start,
                task.actual_finish,
                row.total_float,
                "yes" if row.critical else "no",
                task.description,
            ]
        )
    return table


# A cell starting with one of these is a formula to Excel (or LibreOffice): an apostrophe
# before it keeps it text. Tab and carriage return start formulas in some readers too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_estimate(value)[:-1]
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """The task table as CSV, UTF-8 with a BOM so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in task_table(session, project_id, options.today):
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """The task table as an Excel workbook: dates as dates, numbers as numbers, text as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    project = session.get(Project, project_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(task_table(session, project_id, options.today), 2):
        for column, value in enumerate(values, 1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(number, column, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    widths = [8, 40, 11, 11, 9, 9, 9, 16, 16, 18, 12, 9, 9, 16, 12, 11, 11, 9, 8, 40]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if project is not None:
        workbook.properties.title = f"{project.code} tasks"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTS["csv"] = ExportFormat(
    "csv", ".csv", "the task table as CSV (Excel, MS Project, Jira)", write_csv
)
EXPORTS["xlsx"] = ExportFormat("xlsx", ".xlsx", "the task table as an Excel workbook", write_xlsx)
IMPORTS["csv"] = ImportFormat(
    "csv",
    (".csv", ".tsv", ".txt"),
    "a task table from Excel, MS Project or Jira (CSV with a header row)",
    sniff_csv,
    read_csv,
)
