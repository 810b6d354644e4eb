"""A project whose every text field holds hostile text: markup, escapes, bidi, emoji, 10k."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from itpm_tui.db import write_session
from itpm_tui.models import Methodology, Phase, ProjectType
from itpm_tui.services import board
from itpm_tui.services.people import PersonInput, create_person
from itpm_tui.services.projects import ProjectInput, create_project
from itpm_tui.services.scheduling import add_dependency, reschedule, save_baseline
from itpm_tui.services.tasks import TaskInput, create_task

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
    return pid
