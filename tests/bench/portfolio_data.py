"""Builds benchmark databases: the demo portfolio, or a generated large one."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from itpm_tui.db import open_database, write_session
from itpm_tui.demo.build import create_demo
from itpm_tui.models import Person, Phase, Project, Task


def build_demo(path: Path, today: date | None = None) -> Path:
    engine = open_database(str(path))
    with write_session(engine) as session:
        create_demo(session, today=today)
    engine.dispose()
    return path


def build_large(path: Path, projects: int = 200, tasks: int = 20_000, seed: int = 7) -> Path:
    """`projects` projects sharing `tasks` tasks (with WBS parents and milestones)."""
    rng = random.Random(seed)
    engine = open_database(str(path))
    now = datetime.now(UTC)
    today = date.today()
    phases = list(Phase)
    with write_session(engine) as session:
        session.execute(
            insert(Person),
            [
                {
                    "name": f"Person {n:03d}",
                    "role": "Engineer",
                    "email": "",
                    "team": "IT",
                    "cost_rate_cents": 9000,
                    "capacity_hours_per_day": 8.0,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for n in range(1, 101)
            ],
        )
        session.execute(
            insert(Project),
            [
                {
                    "code": f"P{n:04d}",
                    "name": f"Generated project {n}",
                    "project_type": "other",
                    "methodology": "waterfall",
                    "phase": phases[n % 5].value,
                    "health": "green",
                    "start": today - timedelta(days=60),
                    "target_finish": today + timedelta(days=120),
                    "sponsor": "",
                    "manager_id": 1 + n % 100,
                    "description": "",
                    "phase_entered_on": today - timedelta(days=n % 40),
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for n in range(1, projects + 1)
            ],
        )
        per_project = tasks // projects
        next_id = 1
        rows = []
        for project_id in range(1, projects + 1):
            parent = None
            for k in range(per_project):
                is_summary = k % 10 == 0
                start = today + timedelta(days=rng.randint(-60, 90))
                rows.append(
                    {
                        "id": next_id,
                        "project_id": project_id,
                        "parent_id": None if is_summary else parent,
                        "position": k,
                        "title": f"Task {k}",
                        "description": "",
                        "status": "todo",
                        "priority": "medium",
                        "assignee_id": 1 + k % 100,
                        "estimate_days": float(rng.randint(1, 10)),
                        "start": start,
                        "finish": start + timedelta(days=rng.randint(0, 20)),
                        "percent_complete": rng.choice((0, 25, 50, 100)),
                        "is_milestone": k % 10 == 9,
                        "phase": None,
                        "tags": "",
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                )
                if is_summary:
                    parent = next_id
                next_id += 1
        session.execute(insert(Task), rows)
    engine.dispose()
    return path
