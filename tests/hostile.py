"""A project whose every text field holds hostile text: markup, escapes, bidi, emoji, 10k."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from itpm_tui.db import write_session
from itpm_tui.models import Methodology, Phase, ProjectType
from itpm_tui.services.kanban import board
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule, save_baseline
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.resources.people import PersonInput, create_person

CODE = "HOSTILE"
LONG = "long " + "x" * 9_990 + " end"  # 10,000 characters

# Each would do harm if it were parsed as markup or reached the terminal raw.
HOSTILE = [
    "[/] closing nothing",
    "[/ half a tag",
    "[bold]x not bold",
    "[link=http://x]a link[/link]",
    "[@click=app.quit]quit[/]",
    "path C:\\",
    "clear \x1b[2J screen",
    "title \x1b]0;x\x07 set",
    "zero\u200bwidth\u200d join\ufeff",
    "rtl \u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "emoji \U0001f680\U0001f525 \U0001f468\u200d\U0001f469\u200d\U0001f467"
    " flag \U0001f1e9\U0001f1ea",
    LONG,
]
# What must be on screen for each (after control characters are stripped), literally.
LITERAL = ["[/] closing", "[/ half", "[bold]x", "[link=http://x]", "[@click=app.quit]", "C:\\"]


def fill_hostile(engine: Engine, today: date) -> int:
    """Create the hostile project (people, tasks, sprints, columns, baselines); its id."""
    with write_session(engine) as session:
        people = [
            create_person(
                session,
                PersonInput(name=f"{text[:60]} {n}", role=text[:80], team=text[:40]),
            )
            for n, text in enumerate(HOSTILE)
        ]
        project = create_project(
            session,
            ProjectInput(
                code=CODE,
                name="[bold]x [/] [/ [@click=app.quit]q \x1b[2J\u202eE \U0001f680 C:\\",
                project_type=ProjectType.NETWORK_UPGRADE.value,
                methodology=Methodology.HYBRID.value,
                phase=Phase.EXECUTION.value,
                sponsor="[link=http://x]sponsor[/link] C:\\",
                manager_id=people[0].id,
                description="\n".join(HOSTILE),
                start=today - timedelta(days=20),
                target_finish=today + timedelta(days=60),
            ),
            today=today,
        )
        pid = int(project.id)  # type: ignore[arg-type]
        start = today - timedelta(days=10)
        sprint = board.save_sprint(
            session, pid, None, "[/] sprint \x1b[2J", LONG, start, start + timedelta(days=13)
        )
        summary = create_task(
            session,
            pid,
            TaskInput(title="[bold]summary[/] C:\\", tags="[/],[bold]x,C:\\", start=start),
        )
        tasks = []
        for n, text in enumerate(HOSTILE):
            task = create_task(
                session,
                pid,
                TaskInput(
                    title=text,
                    description=LONG if n % 2 else "\n".join(HOSTILE),
                    status=["backlog", "todo", "in-progress", "review", "done"][n % 5],
                    assignee_id=people[n].id,
                    parent_id=summary.id if n % 3 == 0 else None,
                    estimate_days=float(n % 4 + 1),
                    start=start + timedelta(days=n),
                    finish=start + timedelta(days=n + 3),
                    percent_complete=(n * 10) % 100,
                    is_milestone=n == 7,
                    tags=f"{text[:30]},emoji \U0001f680,[link=http://x]",
                    sprint_id=sprint.id if n % 2 else None,
                ),
            )
            tasks.append(task)
        for before, after in zip(tasks[1:6], tasks[2:7], strict=True):
            add_dependency(session, before.id, after.id)  # type: ignore[arg-type]
        columns = board.list_columns(session, pid)
        board.update_column(session, columns[1].id, "[@click=app.quit]todo \x1b]0;x\x07", 9)  # type: ignore[arg-type]
        board.add_column(session, pid, "[/] QA \u202eRTL\u202c \U0001f525", after_id=columns[2].id)
        reschedule(session, pid, today)
        save_baseline(session, pid, "[bold]base[/] \x1b[2J C:\\", today)
        _fill_lifecycle(session, pid, people)
        _fill_registers(session, pid, people, tasks, today)
        _fill_monitoring(session, pid, today)
    return pid


def _fill_lifecycle(session: Session, pid: int, people: list[Any]) -> None:
    from itpm_tui.models import Deliverable, Goal, HandoverItem, Lesson, Stakeholder
    from itpm_tui.services.lifecycle.documents import save_charter, save_record

    texts = {name: "\n".join(HOSTILE) for name in ("business_need", "scope_in", "scope_out")}
    save_charter(session, pid, {**texts, "known_problems": LONG})
    for text in HOSTILE:
        save_record(session, Goal, pid, None, {"title": text, "target": text, "measure": text})
    save_record(session, Deliverable, pid, None, {"name": HOSTILE[4], "acceptance_criteria": LONG})
    save_record(
        session,
        Stakeholder,
        pid,
        None,
        {"person_id": people[1].id, "role": HOSTILE[3], "organisation": HOSTILE[6]},
    )
    save_record(session, HandoverItem, pid, None, {"title": HOSTILE[0], "owner": HOSTILE[7]})
    save_record(
        session,
        Lesson,
        pid,
        None,
        {"category": HOSTILE[2], "went_well": HOSTILE[4], "went_badly": LONG},
    )


def _fill_registers(
    session: Session, pid: int, people: list[Any], tasks: list[Any], today: date
) -> None:
    from itpm_tui.services.registers.change_records import ChangeInput, create_change
    from itpm_tui.services.registers.issue_log import LogEntryInput, create_entry
    from itpm_tui.services.registers.raci_records import add_member, set_roles
    from itpm_tui.services.registers.risk_records import RiskInput, create_risk

    for n, text in enumerate(HOSTILE):
        create_risk(session, pid, RiskInput(title=text, trigger=LONG, mitigation=text), today)
        create_entry(session, pid, LogEntryInput(kind="issue", description=text), today)
        if n < 4:
            create_change(session, pid, ChangeInput(title=text, description=LONG), today)
            add_member(session, pid, people[n].id)
            set_roles(session, pid, tasks[n].id, people[n].id, "A" if n else "R")


def _fill_monitoring(session: Session, pid: int, today: date) -> None:
    from itpm_tui.services.monitoring.budget_records import (
        ExpenseInput,
        LineInput,
        add_expense,
        add_line,
    )

    line = add_line(
        session, pid, LineInput(category="labour", name=HOSTILE[4], planned_cents=10**6)
    )
    for text in HOSTILE[:6]:
        add_expense(session, pid, ExpenseInput(line.id, today, 12_345, vendor=text, note=LONG))
    _fill_uptime(session, pid, today)


def _fill_uptime(session: Session, pid: int, today: date) -> None:
    from datetime import UTC, datetime, timedelta

    from itpm_tui.services.monitoring.kpi_records import (
        DowntimeInput,
        ServiceWindowInput,
        add_downtime,
        save_window,
    )

    save_window(session, pid, ServiceWindowInput(HOSTILE[4], 0, 24, "mon-sun"))
    start = datetime.combine(today, datetime.min.time(), UTC) - timedelta(days=2)
    for n, text in enumerate(HOSTILE):
        moment = start + timedelta(hours=n)
        add_downtime(
            session, pid, DowntimeInput(moment, moment + timedelta(minutes=30), False, text, text)
        )
