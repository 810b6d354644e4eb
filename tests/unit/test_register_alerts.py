"""Alerts from the registers and the board: failed quality checks, blocked cards, late issues."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services.kanban.board import toggle_blocked
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers.issue_log import LogEntryInput, create_entry
from itpm_tui.services.registers.quality import CheckInput, save_check

DAY = date(2026, 11, 18)


@pytest.fixture
def project_id(engine: Engine) -> int:
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="QA", name="QA", start=date(2026, 11, 2)))
        return int(project.id)  # type: ignore[arg-type]


def alerts(engine: Engine, project_id: int, day: date = DAY) -> list[tuple[str, str, str, str]]:
    with read_session(engine) as s:
        board = project_dashboard(s, project_id, day)
    return [(a.source, a.severity, a.text, a.target) for a in board.alerts]


def test_a_failed_check_is_high_and_a_partial_one_medium(engine: Engine, project_id: int) -> None:
    with write_session(engine, "checks") as s:
        save_check(s, project_id, None, CheckInput("Load test", result="fail"))
        save_check(s, project_id, None, CheckInput("Code review", result="partial"))
        save_check(s, project_id, None, CheckInput("Pen test", result="pass"))
    quality = [a for a in alerts(engine, project_id) if a[0] == "quality"]
    assert quality == [
        ("quality", "high", "Quality check failed: Load test", "quality"),
        ("quality", "medium", "Quality check passed in part: Code review", "quality"),
    ]


def test_a_blocked_card_raises_an_alert_until_it_is_unblocked(
    engine: Engine, project_id: int
) -> None:
    with write_session(engine, "task") as s:
        task_id = int(create_task(s, project_id, TaskInput("Order switches")).id)  # type: ignore[arg-type]
    assert not [a for a in alerts(engine, project_id) if a[0] == "blocked"]
    with write_session(engine, "block") as s:
        toggle_blocked(s, task_id)
    assert [a for a in alerts(engine, project_id) if a[0] == "blocked"] == [
        ("blocked", "medium", "Blocked: Order switches", "task")
    ]


def test_an_issue_past_its_due_date_is_an_alert_as_of_the_status_date(
    engine: Engine, project_id: int
) -> None:
    with write_session(engine, "issues") as s:
        for text, due in (
            ("Vendor late", date(2026, 11, 16)),
            ("No rack space", date(2026, 11, 5)),
        ):
            create_entry(
                s, project_id, LogEntryInput("issue", text, raised=date(2026, 11, 3), due=due), DAY
            )
        create_entry(
            s,
            project_id,
            LogEntryInput(
                "issue",
                "Fixed",
                raised=date(2026, 11, 3),
                due=date(2026, 11, 4),
                status="resolved",
                resolution="Re-sent the order",
            ),
            DAY,
        )
    issues = [a for a in alerts(engine, project_id) if a[0] == "issue"]
    assert issues == [
        ("issue", "high", "Issue overdue 13 d: No rack space", "log"),
        ("issue", "medium", "Issue overdue 2 d: Vendor late", "log"),
    ]
    # On the 10th only the first was late.
    earlier = [a for a in alerts(engine, project_id, date(2026, 11, 10)) if a[0] == "issue"]
    assert earlier == [("issue", "medium", "Issue overdue 5 d: No rack space", "log")]
