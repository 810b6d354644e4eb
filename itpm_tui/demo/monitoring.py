"""Demo monitoring data: baselines, budgets, expenses, time sheets, days off, uptime, surveys."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, select

from itpm_tui.models import (
    BaselineTask,
    BudgetLine,
    DayOff,
    Downtime,
    Expense,
    Person,
    Project,
    SatisfactionScore,
    ServiceWindow,
    Task,
    TaskStatus,
    TimeEntry,
)
from itpm_tui.models.ids import id_of
from itpm_tui.services.planning.schedule_records import save_baseline

# Non-labour lines per project type: (category, name, planned euros).
EXTRA_LINES = {
    "software-rollout": [
        ("software-licences", "S/4HANA licences", 180_000),
        ("services-contractors", "Implementation partner", 240_000),
        ("training", "Key-user training", 25_000),
    ],
    "network-upgrade": [
        ("hardware", "Core switches and optics", 160_000),
        ("services-contractors", "Cabling contractor", 30_000),
    ],
    "cloud-migration": [
        ("cloud", "Object storage and egress", 36_000),
        ("software-licences", "Backup software", 22_000),
    ],
    "custom-application": [
        ("cloud", "App hosting", 18_000),
        ("services-contractors", "UX agency", 40_000),
    ],
    "cybersecurity": [
        ("software-licences", "MFA licences", 28_000),
        ("hardware", "Hardware tokens", 9_000),
        ("training", "User awareness sessions", 6_000),
    ],
    "hardware-install": [
        ("hardware", "Laptops (420)", 420_000),
        ("services-contractors", "Imaging and delivery", 35_000),
    ],
}
# Projects whose plan has slipped since it was baselined: days the baseline is earlier.
SLIP_DAYS = {"amber": 6, "red": 14}
# Projects spending faster than planned: share of each line invoiced, and ordered on top.
SPEND = {"green": (45, 20), "amber": (70, 30), "red": (95, 25)}


def _euros(amount: int) -> int:
    return amount * 100


def _workdays(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def add_monitoring_demo(session: Session, today: date) -> None:
    """Monitoring data for every demo project, dated around `today`."""
    people = {p.id: p for p in session.exec(select(Person)) if p.id is not None}
    booked: dict[tuple[int, date], int] = {}
    for project in session.exec(select(Project).order_by(col(Project.id))).all():
        _baseline(session, project, today)
        tasks = list(session.exec(select(Task).where(Task.project_id == project.id)))
        _time_entries(session, project, tasks, people, booked, today)
        _budget(session, project, tasks, today)
        _surveys(session, project, today)
    _days_off(session, today)
    _uptime(session, today)
    session.flush()


def _baseline(session: Session, project: Project, today: date) -> None:
    # A plan is approved (baselined) when delivery starts: not yet in Initiation or Planning.
    if project.phase in ("initiation", "planning"):
        return
    baseline = save_baseline(session, id_of(project), "Approved plan", today)
    slip = SLIP_DAYS.get(project.health, 0)
    if not slip:
        return
    entries = session.exec(
        select(BaselineTask, Task)
        .join(Task, col(Task.id) == col(BaselineTask.task_id))
        .where(BaselineTask.baseline_id == baseline.id)
    ).all()
    for entry, task in entries:
        # The work still open was planned to end earlier than it now will.
        if task.status != TaskStatus.DONE.value and entry.finish and entry.start:
            entry.finish -= timedelta(days=slip)
            entry.start = min(entry.start, entry.finish)
            session.add(entry)


def _time_entries(
    session: Session,
    project: Project,
    tasks: list[Task],
    people: dict[int, Person],
    booked: dict[tuple[int, date], int],
    today: date,
) -> None:
    parents = {t.parent_id for t in tasks if t.parent_id}
    rows = []
    for task in tasks:
        if task.id in parents or task.is_milestone or task.assignee_id is None:
            continue
        if task.id is None or task.actual_start is None:
            continue
        last = min(task.actual_finish or today - timedelta(days=1), today - timedelta(days=1))
        for index, day in enumerate(_workdays(task.actual_start, last)):
            key = (task.assignee_id, day)
            minutes = 240 + 60 * ((task.id + index) % 4)  # 4 to 7 hours
            capacity = int(people[task.assignee_id].capacity_hours_per_day * 60)
            minutes = min(minutes, capacity - booked.get(key, 0))
            if minutes <= 0:
                continue
            booked[key] = booked.get(key, 0) + minutes
            rows.append(
                {
                    "project_id": project.id,
                    "task_id": task.id,
                    "person_id": task.assignee_id,
                    "worked_on": day,
                    "minutes": minutes,
                    "note": "",
                    "created_at": datetime.combine(day, datetime.min.time(), UTC),
                }
            )
    if rows:
        session.execute(insert(TimeEntry), rows)


def _budget(session: Session, project: Project, tasks: list[Task], today: date) -> None:
    parents = {t.parent_id for t in tasks if t.parent_id}
    effort = sum(t.estimate_days or 1 for t in tasks if t.id not in parents and not t.is_milestone)
    labour = round(effort * 8 * 90 / 1000 + 1) * 1000  # about 90 euros an hour
    lines = [("labour", "Project team", labour)] + EXTRA_LINES.get(project.project_type, [])
    total = sum(amount for _, _, amount in lines)
    lines.append(("contingency", "Contingency reserve", int(round(total / 10, -3))))
    spent_pct, committed_pct = SPEND.get(project.health, (40, 20))
    # How far the money has gone follows the phase: most invoices arrive during delivery.
    if project.phase in ("monitoring", "closure"):
        spent_pct, committed_pct = spent_pct + 45, 5
    elif project.phase == "planning":
        spent_pct, committed_pct = spent_pct // 4, committed_pct + 20
    started = project.start or today
    for index, (category, name, amount) in enumerate(lines):
        invoiced = category not in ("labour", "contingency") and project.phase != "initiation"
        spent = _euros(amount) * spent_pct // 100 if invoiced else 0
        # Committed is everything ordered: what is invoiced so far and what is still open.
        committed = 0
        if category not in ("labour", "contingency"):
            committed = spent + _euros(amount) * committed_pct // 100
        line = BudgetLine(
            project_id=id_of(project),
            category=category,
            name=name,
            planned_cents=_euros(amount),
            committed_cents=committed,
        )
        session.add(line)
        session.flush()
        if not invoiced:
            continue
        # Two invoices so far; the second ones of a red project overrun the line.
        first = spent * 3 // 5
        for number, (part, days) in enumerate(((first, 30), (spent - first, 9))):
            day = max(started, today - timedelta(days=days + index))
            session.add(
                Expense(
                    project_id=id_of(project),
                    line_id=id_of(line),
                    spent_on=day,
                    amount_cents=part,
                    vendor=name.split()[0] + (" GmbH" if number else " Ltd"),
                    note=f"Invoice {project.code}-{index}{number + 1}",
                )
            )


def _surveys(session: Session, project: Project, today: date) -> None:
    scores = {"green": (4, 5, 4), "amber": (4, 3, 3), "red": (3, 2, 3)}.get(project.health, (4,))
    for index, score in enumerate(scores):
        session.add(
            SatisfactionScore(
                project_id=id_of(project),
                taken_on=today - timedelta(days=14 * (len(scores) - index)),
                score=score,
                stakeholder=("Sponsor", "Key users", "Service desk")[index % 3],
            )
        )


def _days_off(session: Session, today: date) -> None:
    by_name = {p.name: p.id for p in session.exec(select(Person)) if p.id is not None}
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    for name, offsets in (("Tom Becker", (0, 1)), ("Sara Novak", (3, 4, 7))):
        if name in by_name:
            for offset in offsets:
                session.add(
                    DayOff(
                        person_id=by_name[name],
                        on=monday + timedelta(days=offset),
                        note="Leave",
                    )
                )


def _uptime(session: Session, today: date) -> None:
    for code, system in (("NET-CORE", "Campus network"), ("CLD-BKP", "Backup service")):
        project = session.exec(select(Project).where(Project.code == code)).first()
        if project is None:
            continue
        session.add(
            ServiceWindow(project_id=id_of(project), system=system, start_hour=6, end_hour=22)
        )
        base = datetime.combine(today, datetime.min.time(), UTC)
        for days_ago, hour, minutes, planned in (
            (20, 23, 120, True),
            (9, 10, 95, False),
            (3, 14, 40, False),
        ):
            start = base - timedelta(days=days_ago) + timedelta(hours=hour)
            session.add(
                Downtime(
                    project_id=id_of(project),
                    system=system,
                    planned=planned,
                    start=start,
                    end=start + timedelta(minutes=minutes),
                    note="Maintenance window" if planned else "Unplanned outage",
                )
            )
