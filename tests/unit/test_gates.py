"""Phase gate rules on plain facts, and moving a real project through its gates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import (
    Baseline,
    Deliverable,
    HandoverItem,
    PhaseChange,
    Project,
    Task,
)
from itpm_tui.services.lifecycle.documents import ProjectClosed, save_charter, save_record
from itpm_tui.services.lifecycle.gates import (
    GateBlocked,
    GateFacts,
    advance_phase,
    check_gate,
    reopen_project,
    unmet_criteria,
)
from itpm_tui.services.lifecycle.stakeholders import record_approval
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, update_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 18)


def test_initiation_gate_lists_everything_missing() -> None:
    unmet = unmet_criteria(GateFacts(phase="initiation", missing_approvals=["Ann"]))
    assert unmet == [
        "the charter states no business need",
        "the charter has no goals",
        "no stakeholder's approval is required (mark the sponsor's)",
        "approval missing from Ann",
    ]
    ok = GateFacts(phase="initiation", has_business_need=True, goals=1, approvers=1)
    assert unmet_criteria(ok) == []


def test_planning_gate_needs_baseline_and_budget() -> None:
    assert len(unmet_criteria(GateFacts(phase="planning"))) == 2
    assert unmet_criteria(GateFacts(phase="planning", has_baseline=True, has_budget=True)) == []
    assert unmet_criteria(GateFacts(phase="planning", has_baseline=True)) == [
        "there is no budget (no budget line with a planned amount)"
    ]


def test_execution_gate_per_methodology() -> None:
    assert unmet_criteria(GateFacts(phase="execution", tasks_started=1)) == []
    agile = GateFacts(phase="execution", methodology="agile", tasks_started=1)
    assert unmet_criteria(agile) == ["no sprint has been planned"]


def test_monitoring_gate_per_methodology() -> None:
    assert unmet_criteria(GateFacts(phase="monitoring", tasks_open=2)) == [
        "2 task(s) or milestone(s) not done"
    ]
    # Agile: a left-over backlog may go to operations, work in flight may not.
    agile = GateFacts(phase="monitoring", methodology="agile", tasks_open=5, tasks_done=3)
    assert unmet_criteria(agile) == []
    busy = GateFacts(phase="monitoring", methodology="agile", tasks_active=1, tasks_done=3)
    assert unmet_criteria(busy) == ["1 task(s) still in progress or in review"]


def test_closure_gate_needs_deliverables_and_handover_done() -> None:
    facts = GateFacts(
        phase="closure",
        deliverables=2,
        deliverables_open=["Guide"],
        handover_items=2,
        handover_open=["Training"],
    )
    assert unmet_criteria(facts) == [
        "not accepted or waived: Guide",
        "handover not done: Training",
    ]
    assert unmet_criteria(GateFacts(phase="closure", deliverables=1, handover_items=1)) == []


def _project(engine, phase: str = "initiation") -> int:
    with write_session(engine) as session:
        project = create_project(
            session, ProjectInput(code="GATE-1", name="Gates", phase=phase), today=DAY
        )
        return int(project.id)  # type: ignore[arg-type]


def test_blocked_gate_needs_an_override_with_a_reason(engine) -> None:
    pid = _project(engine)
    with write_session(engine) as session, pytest.raises(GateBlocked) as blocked:
        advance_phase(session, pid, DAY)
    assert "the charter has no goals" in blocked.value.check.unmet
    with write_session(engine) as session, pytest.raises(ValidationError) as refused:
        advance_phase(session, pid, DAY, "   ", override=True)
    assert refused.value.errors == {"reason": "an override needs a written reason"}
    with read_session(engine) as session:
        assert session.get(Project, pid).phase == "initiation"  # type: ignore[union-attr]
        assert session.exec(select(PhaseChange)).all() == []
    with write_session(engine) as session:
        advance_phase(session, pid, date(2026, 11, 20), "sponsor said go", override=True)
    with read_session(engine) as session:
        project = session.get(Project, pid)
        assert project.phase == "planning" and project.phase_entered_on == date(2026, 11, 20)  # type: ignore[union-attr]
        change = session.exec(select(PhaseChange)).one()
        assert (change.from_phase, change.to_phase, change.reason, change.overridden) == (
            "initiation",
            "planning",
            "sponsor said go",
            True,
        )


def test_initiation_gate_passes_with_charter_goal_and_approval(engine) -> None:
    pid = _project(engine)
    with write_session(engine) as session:
        ann = create_person(session, PersonInput("Ann Frey"))
        save_charter(session, pid, {"business_need": "Old system out of support"})
        from itpm_tui.models import Goal, Stakeholder

        save_record(session, Goal, pid, None, {"title": "Faster", "target": "2 s"})
        save_record(
            session, Stakeholder, pid, None, {"person_id": ann.id, "approval_required": True}
        )
        assert check_gate(session, pid).unmet == ["approval missing from Ann Frey"]
        record_approval(session, pid, ann.id, "approve", "", DAY)
        assert check_gate(session, pid).unmet == []
        change = advance_phase(session, pid, DAY)
        assert (change.to_phase, change.overridden) == ("planning", False)


def test_closing_makes_the_project_read_only_until_reopened(engine) -> None:
    pid = _project(engine, phase="closure")
    with write_session(engine) as session:
        save_record(
            session,
            Deliverable,
            pid,
            None,
            {"name": "Laptops", "state": "accepted", "accepted_by": "Ops", "accepted_on": DAY},
        )
        save_record(
            session, HandoverItem, pid, None, {"title": "Runbook", "owner": "Ops", "done": True}
        )
        assert check_gate(session, pid).unmet == []
        change = advance_phase(session, pid, DAY)
        assert change.to_phase == "closed"
    with write_session(engine) as session, pytest.raises(ProjectClosed, match="read-only"):
        save_record(session, HandoverItem, pid, None, {"title": "More"})
    with write_session(engine) as session, pytest.raises(ProjectClosed):
        update_project(session, pid, ProjectInput(code="GATE-1", name="Renamed", phase="closure"))
    with write_session(engine) as session, pytest.raises(ValidationError):
        reopen_project(session, pid, DAY, "")
    with write_session(engine) as session:
        reopen_project(session, pid, DAY, "warranty claim needs a fix")
        save_record(session, HandoverItem, pid, None, {"title": "More"})
    with read_session(engine) as session:
        moves = [(c.from_phase, c.to_phase) for c in session.exec(select(PhaseChange))]
        assert moves == [("closure", "closed"), ("closed", "closure")]


def test_planning_gate_reads_baseline_and_budget_lines(engine) -> None:
    from itpm_tui.models import BudgetLine

    pid = _project(engine, phase="planning")
    with write_session(engine) as session:
        assert len(check_gate(session, pid).unmet) == 2
        session.add(Baseline(project_id=pid, name="v1"))
        session.add(BudgetLine(project_id=pid, name="Licences", planned_cents=0))
        session.flush()
        # A line with nothing planned is not a budget.
        assert check_gate(session, pid).unmet == [
            "there is no budget (no budget line with a planned amount)"
        ]
        session.add(BudgetLine(project_id=pid, name="Licences", planned_cents=100))
        session.flush()
        assert check_gate(session, pid).unmet == []


def test_monitoring_gate_counts_open_tasks(engine) -> None:
    pid = _project(engine, phase="monitoring")
    with write_session(engine) as session:
        session.add(Task(project_id=pid, title="A", status="done"))
        session.add(Task(project_id=pid, title="B", status="todo"))
        session.flush()
        assert check_gate(session, pid).unmet == ["1 task(s) or milestone(s) not done"]


def test_a_phase_set_in_the_form_is_recorded(engine) -> None:
    pid = _project(engine)
    with write_session(engine) as session:
        update_project(
            session, pid, ProjectInput(code="GATE-1", name="Gates", phase="execution"), today=DAY
        )
    with read_session(engine) as session:
        change = session.exec(select(PhaseChange)).one()
        assert (change.from_phase, change.to_phase, change.overridden) == (
            "initiation",
            "execution",
            True,
        )


def test_tasks_cards_and_baselines_of_a_closed_project_are_refused(engine) -> None:
    from itpm_tui.services.kanban.board import toggle_blocked
    from itpm_tui.services.planning.schedule_records import save_baseline
    from itpm_tui.services.planning.tasks import TaskInput, create_task, delete_task, update_task

    pid = _project(engine, phase="closure")
    with write_session(engine) as session:
        task = create_task(session, pid, TaskInput(title="Last job"))
        session.get(Project, pid).closed_on = DAY  # type: ignore[union-attr]
    assert task.id is not None
    task_id = task.id
    for write in (
        lambda s: create_task(s, pid, TaskInput(title="More")),
        lambda s: update_task(s, task_id, TaskInput(title="Renamed")),
        lambda s: delete_task(s, task_id),
        lambda s: toggle_blocked(s, task_id),
        lambda s: save_baseline(s, pid, "late"),
    ):
        with write_session(engine) as session, pytest.raises(ProjectClosed):
            write(session)
    with read_session(engine) as session:
        assert [t.title for t in session.exec(select(Task))] == ["Last job"]
