"""A realistic demo portfolio: seven IT projects across the five phases, dated around today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, func, select

from itpm_tui.demo.lifecycle import add_lifecycle_demo
from itpm_tui.demo.monitoring import add_monitoring_demo
from itpm_tui.demo.registers import create_demo_registers
from itpm_tui.models import CardMove, Phase, Project, Sprint, Task, WorkflowColumn
from itpm_tui.models.ids import id_of
from itpm_tui.services.kanban.board import ensure_columns
from itpm_tui.services.planning.completion import roll_up_summaries
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ItpmError

PEOPLE = [
    # name, role, team, hourly rate in cents, hours a day
    ("Maria Lopez", "IT project manager", "PMO", 9500, 8.0),
    ("Tom Becker", "Network engineer", "Infrastructure", 8000, 8.0),
    ("Aisha Khan", "Cloud architect", "Infrastructure", 11000, 8.0),
    ("Jonas Berg", "ERP consultant", "Business applications", 12000, 8.0),
    ("Li Wei", "Security analyst", "Security", 9000, 8.0),
    ("Sara Novak", "Developer", "Digital", 8500, 8.0),
    ("Peter Olsen", "Service desk lead", "Operations", 6000, 6.0),
    ("Emma Clarke", "Data engineer", "Data", 9500, 8.0),
    ("David Kim", "QA lead", "Digital", 7500, 8.0),
]


@dataclass(frozen=True)
class DemoTask:
    title: str
    days: int  # working days; 0 = milestone
    owner: str | None = None
    children: tuple[DemoTask, ...] = ()


def _t(title: str, days: int, owner: str | None = None, *children: DemoTask) -> DemoTask:
    return DemoTask(title, days, owner, children)


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    project_type: str
    methodology: str
    phase: Phase
    health: str
    manager: str
    sponsor: str
    description: str
    # working days between the project start and today: how far along it is
    elapsed: int
    tasks: tuple[DemoTask, ...]


PROJECTS = [
    DemoProject(
        "ERP-S4",
        "SAP S/4HANA finance rollout",
        "software-rollout",
        "hybrid",
        Phase.EXECUTION,
        "amber",
        "Maria Lopez",
        "CFO Helen Ward",
        "Replace the legacy finance system with S/4HANA for three company codes.",
        70,
        (
            _t(
                "Blueprint",
                0,
                None,
                _t("Fit-gap workshops", 10, "Jonas Berg"),
                _t("Solution design sign-off", 0),
            ),
            _t(
                "Build",
                0,
                None,
                _t("Configure general ledger", 15, "Jonas Berg"),
                _t("Interfaces to banking", 12, "Sara Novak"),
                _t("Data migration mock load", 8, "Emma Clarke"),
            ),
            _t(
                "Test",
                0,
                None,
                _t("System integration test", 15, "David Kim"),
                _t("User acceptance test", 10, "David Kim"),
                _t("UAT sign-off", 0),
            ),
            _t(
                "Deploy",
                0,
                None,
                _t("Cutover rehearsal", 5, "Jonas Berg"),
                _t("Go-live", 0),
                _t("Hypercare", 15, "Peter Olsen"),
            ),
        ),
    ),
    DemoProject(
        "NET-CORE",
        "Core network switch refresh",
        "network-upgrade",
        "waterfall",
        Phase.PLANNING,
        "green",
        "Maria Lopez",
        "CIO Mark Evans",
        "Replace end-of-life core and distribution switches in both data centres.",
        8,
        (
            _t("Site survey and inventory", 5, "Tom Becker"),
            _t("High-level design", 8, "Tom Becker"),
            _t("Design approved", 0),
            _t("Order hardware", 3, "Maria Lopez"),
            _t("Install core switches", 10, "Tom Becker"),
            _t("Migrate VLANs and routing", 8, "Tom Becker"),
            _t("Cutover complete", 0),
        ),
    ),
    DemoProject(
        "CRM-AZ",
        "CRM data migration to Azure",
        "data-migration",
        "agile",
        Phase.MONITORING,
        "green",
        "Aisha Khan",
        "Sales director Ann Frey",
        "Move the on-premises CRM database and its reports to Azure SQL.",
        35,
        (
            _t("Sprint 1: landing zone", 10, "Aisha Khan"),
            _t("Sprint 2: schema and pipelines", 10, "Emma Clarke"),
            _t("Sprint 3: reconciliation reports", 10, "Emma Clarke"),
            _t("Migration dress rehearsal", 0),
            _t("Sprint 4: cutover and decommission", 10, "Aisha Khan"),
            _t("On-premises server retired", 0),
        ),
    ),
    DemoProject(
        "SEC-MFA",
        "Multi-factor authentication for all staff",
        "cybersecurity",
        "waterfall",
        Phase.INITIATION,
        "green",
        "Li Wei",
        "CISO Omar Haddad",
        "Enforce MFA for every staff account, VPN and cloud application.",
        3,
        (
            _t("Business case", 5, "Li Wei"),
            _t("Charter approved", 0),
            _t("Vendor selection", 10, "Li Wei"),
            _t("Pilot with IT staff", 10, "Peter Olsen"),
            _t("Company-wide rollout", 20, "Peter Olsen"),
            _t("MFA enforced", 0),
        ),
    ),
    DemoProject(
        "APP-PORTAL",
        "Customer self-service portal",
        "custom-application",
        "agile",
        Phase.EXECUTION,
        "red",
        "Maria Lopez",
        "COO Rita Moreno",
        "A web portal where customers track orders, invoices and support tickets.",
        40,
        (
            _t("Discovery and UX research", 8, "Sara Novak"),
            _t("MVP scope agreed", 0),
            _t("Sprint 1: accounts and login", 10, "Sara Novak"),
            _t("Sprint 2: orders and invoices", 10, "Sara Novak"),
            _t("Sprint 3: support tickets", 10, "Sara Novak"),
            _t("Security penetration test", 5, "Li Wei"),
            _t("Public launch", 0),
        ),
    ),
    DemoProject(
        "HW-LAPTOP",
        "Laptop fleet refresh 2026",
        "hardware-install",
        "waterfall",
        Phase.CLOSURE,
        "green",
        "Peter Olsen",
        "CFO Helen Ward",
        "Replace 450 laptops older than four years, with imaging and data transfer.",
        56,
        (
            _t("Procurement", 10, "Peter Olsen"),
            _t("Golden image build", 8, "Peter Olsen"),
            _t("Wave 1: head office", 15, "Peter Olsen"),
            _t("Wave 2: branches", 20, "Peter Olsen"),
            _t("All devices delivered", 0),
            _t("Old devices wiped and recycled", 5, "Peter Olsen"),
        ),
    ),
    DemoProject(
        "CLD-BKP",
        "Cloud backup for branch offices",
        "cloud-migration",
        "hybrid",
        Phase.PLANNING,
        "amber",
        "Aisha Khan",
        "CIO Mark Evans",
        "Move branch file-server backups from tape to immutable cloud storage.",
        12,
        (
            _t("Requirements and retention policy", 6, "Aisha Khan"),
            _t("Storage design", 5, "Aisha Khan"),
            _t("Pilot branch", 8, "Tom Becker"),
            _t("Pilot accepted", 0),
            _t("Roll out to 12 branches", 20, "Tom Becker"),
            _t("Tape retired", 0),
        ),
    ),
]


def _add_workdays(start: date, days: int) -> date:
    """The date `days` working days (Mon-Fri) after `start`; negative goes back."""
    step = 1 if days >= 0 else -1
    current = start
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if current.weekday() < 5:
            remaining -= 1
    return current


def _snap(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _progress(start: date, finish: date, today: date) -> tuple[int, str]:
    if finish < today:
        return 100, "done"
    if start > today:
        return 0, "todo"
    span = max(1, (finish - start).days + 1)
    return min(95, round(100 * ((today - start).days + 1) / span)), "in-progress"


@dataclass
class _Chain:
    """Where the next task starts, and the task it waits on (finish-to-start)."""

    cursor: date
    previous: int | None = None


def _follow(session: Session, chain: _Chain, task: Task) -> None:
    if chain.previous is not None:
        add_dependency(session, chain.previous, id_of(task))
    chain.previous = task.id


def _add_tasks(
    session: Session,
    project_id: int,
    items: tuple[DemoTask, ...],
    chain: _Chain,
    people: dict[str, int],
    today: date,
    parent_id: int | None = None,
) -> None:
    """Create tasks one after another, each waiting on the one before it."""
    for item in items:
        cursor = chain.cursor
        if item.children:
            summary = create_task(
                session, project_id, TaskInput(title=item.title, parent_id=parent_id)
            )
            _add_tasks(session, project_id, item.children, chain, people, today, summary.id)
            continue
        if item.days == 0:
            # A milestone marks the end of the work before it.
            on = _add_workdays(cursor, -1)
            percent, status = (100, "done") if on < today else (0, "todo")
            milestone = create_task(
                session,
                project_id,
                TaskInput(
                    title=item.title,
                    parent_id=parent_id,
                    start=on,
                    finish=on,
                    is_milestone=True,
                    status=status,
                    percent_complete=percent,
                ),
            )
            _mark_actuals(milestone, on, on, status)
            _follow(session, chain, milestone)
            continue
        start = _snap(cursor)
        finish = _add_workdays(start, item.days - 1)
        percent, status = _progress(start, finish, today)
        task = create_task(
            session,
            project_id,
            TaskInput(
                title=item.title,
                parent_id=parent_id,
                assignee_id=people.get(item.owner or ""),
                estimate_days=float(item.days),
                start=start,
                finish=finish,
                percent_complete=percent,
                status=status,
                priority="high" if item.days >= 15 else "medium",
            ),
        )
        task.duration_days = item.days
        _mark_actuals(task, start, finish, status)
        _follow(session, chain, task)
        chain.cursor = _add_workdays(finish, 1)


def _mark_actuals(task: Task, start: date, finish: date, status: str) -> None:
    """Work that has begun keeps its actual dates, so rescheduling leaves it in place."""
    if status in ("in-progress", "done"):
        task.actual_start = start
    if status == "done":
        task.actual_finish = finish


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _board_history(session: Session, project_id: int, spec: DemoProject, today: date) -> None:
    """Moves on the board as the work went, so flow metrics have a history to read."""
    columns = {c.status: c for c in ensure_columns(session, project_id)}
    columns["in-progress"].wip_limit = 3
    tasks = session.exec(select(Task).where(Task.project_id == project_id)).all()
    for task in tasks:
        if task.start is None:
            continue
        task.created_at = _at(_add_workdays(task.start, -5), 9)
        task.updated_at = task.created_at
        task.column_entered_at = task.created_at
        if task.actual_start is not None and not task.is_milestone:
            _move(session, task, columns["todo"], columns["in-progress"], _at(task.actual_start, 9))
        if task.actual_finish is not None:
            origin = columns["todo"] if task.is_milestone else columns["in-progress"]
            _move(session, task, origin, columns["done"], _at(task.actual_finish, 17))
    if spec.methodology == "agile":
        for number, task in enumerate(
            (t for t in tasks if t.title.startswith("Sprint ") and t.start), 1
        ):
            sprint = Sprint(
                project_id=project_id,
                name=f"Sprint {number}",
                goal=task.title.split(": ", 1)[-1],
                start=task.start,
                finish=task.finish,
            )
            session.add(sprint)
            session.flush()
            task.sprint_id = sprint.id
    blocked = next((t for t in tasks if t.status == "todo" and not t.is_milestone), None)
    if blocked is not None and spec.health == "red":
        blocked.blocked = True
    session.flush()
    _progress_history(session, tasks, today)


def _progress_history(session: Session, tasks: Sequence[Task], today: date) -> None:
    """Progress as it was recorded week by week, so earned value has a past to read.

    The triggers recorded each task's progress as of the day the demo was made; the demo
    replaces that with a weekly record from each task's actual start.
    """
    from sqlalchemy import delete

    from itpm_tui.models import ProgressRecord

    ids = [t.id for t in tasks]
    session.execute(
        delete(ProgressRecord).where(
            col(ProgressRecord.task_id).in_(ids), col(ProgressRecord.recorded_on).is_(None)
        )
    )
    for task in tasks:
        began = task.actual_start
        if began is None or task.id is None:
            continue
        done = task.actual_finish if task.status == "done" else None
        until = done or today
        span = (until - began).days + 1
        final = 100 if done else task.percent_complete
        day = began
        while day < until:
            part = round(final * ((day - began).days + 1) / span)
            session.add(
                ProgressRecord(task_id=task.id, percent=part, actual_start=began, recorded_on=day)
            )
            day += timedelta(days=7)
        session.add(
            ProgressRecord(
                task_id=task.id,
                percent=final,
                actual_start=began,
                actual_finish=done,
                recorded_on=until,
            )
        )
    session.flush()


def _move(
    session: Session, task: Task, source: WorkflowColumn, target: WorkflowColumn, at: datetime
) -> None:
    session.add(
        CardMove(
            task_id=id_of(task),
            from_column_id=source.id,
            to_column_id=target.id,
            from_name=source.name,
            to_name=target.name,
            to_done=target.is_done,
            to_status=target.status,
            moved_at=at,
        )
    )
    task.column_entered_at = at


def create_demo(session: Session, today: date | None = None) -> int:
    """Fill an empty database with the demo portfolio; returns the number of projects."""
    today = today or date.today()
    existing = session.exec(select(func.count()).select_from(Project)).one()
    if existing:
        raise ItpmError(
            f"the database already holds {existing} project(s); "
            "the demo goes into an empty database (choose one with --db)"
        )
    people: dict[str, int] = {}
    for name, role, team, rate, hours in PEOPLE:
        email = name.lower().replace(" ", ".") + "@example.com"
        person = create_person(session, PersonInput(name, role, email, team, rate, hours))
        people[name] = id_of(person)
    for spec in PROJECTS:
        start = _add_workdays(_snap(today), -spec.elapsed)
        project = create_project(
            session,
            ProjectInput(
                code=spec.code,
                name=spec.name,
                project_type=spec.project_type,
                methodology=spec.methodology,
                phase=spec.phase.value,
                health=spec.health,
                start=start,
                sponsor=spec.sponsor,
                manager_id=people[spec.manager],
                description=spec.description,
            ),
            today=_add_workdays(today, -max(1, spec.elapsed // 4)),
        )
        chain = _Chain(cursor=start)
        _add_tasks(session, id_of(project), spec.tasks, chain, people, today)
        project.target_finish = _add_workdays(chain.cursor, 10)
        reschedule(session, id_of(project), today)
        roll_up_summaries(session, id_of(project))
        _board_history(session, id_of(project), spec, today)
    create_demo_registers(session, today)
    session.flush()
    add_lifecycle_demo(session, today)
    add_monitoring_demo(session, today)
    return len(PROJECTS)
