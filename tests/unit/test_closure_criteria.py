"""Closing a project: open risks, open issues, unaccepted deliverables and the start date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Deliverable, HandoverItem, LogEntry, Project, Risk
from itpm_tui.services.lifecycle.closure import load_closure
from itpm_tui.services.lifecycle.documents import save_record
from itpm_tui.services.lifecycle.gates import (
    GateBlocked,
    GateFacts,
    advance_phase,
    check_gate,
    unmet_criteria,
)
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ValidationError

START = date(2026, 11, 2)
AFTER = date(2026, 12, 1)
BEFORE = date(2026, 10, 30)


def test_closure_rule_names_open_risks_issues_and_an_early_close() -> None:
    facts = GateFacts(
        phase="closure",
        deliverables=1,
        handover_items=1,
        risks_open=["Vendor late"],
        issues_open=["Rack power"],
        start=START,
        today=BEFORE,
    )
    assert unmet_criteria(facts) == [
        "risks still open: Vendor late",
        "issues not resolved: Rack power",
        "the project starts on 2026-11-02: closing it before it starts needs an override",
    ]
    on_start = GateFacts(phase="closure", deliverables=1, handover_items=1, start=START)
    assert unmet_criteria(GateFacts(**{**on_start.__dict__, "today": START})) == []


@pytest.fixture
def closing(engine: Engine) -> int:
    """A project in Closure from 2 November, everything accepted and handed over."""
    with write_session(engine) as s:
        project = create_project(
            s, ProjectInput(code="CL-1", name="Close", phase="closure", start=START), START
        )
        pid = int(project.id)  # type: ignore[arg-type]
        save_record(
            s,
            Deliverable,
            pid,
            None,
            {"name": "Switches", "state": "accepted", "accepted_by": "Ops", "accepted_on": START},
        )
        save_record(s, HandoverItem, pid, None, {"title": "Runbook", "owner": "Ops", "done": True})
    return pid


def add(engine: Engine, *rows: object) -> None:
    with write_session(engine) as s:
        for row in rows:
            s.add(row)


def test_open_risks_issues_and_deliverables_are_unmet_criteria(
    engine: Engine, closing: int
) -> None:
    add(
        engine,
        Risk(project_id=closing, title="Vendor late", status="monitoring"),
        Risk(project_id=closing, title="Gone", status="closed"),
        LogEntry(project_id=closing, description="Rack power", raised=START),
        LogEntry(project_id=closing, description="Fixed", raised=START, status="resolved"),
        LogEntry(project_id=closing, kind="decision", description="Use vendor B", raised=START),
        Deliverable(project_id=closing, name="Guide", state="open"),
    )
    with read_session(engine) as s:
        unmet = check_gate(s, closing, AFTER).unmet
        screen = load_closure(s, closing, AFTER).gate_unmet
    assert unmet == [
        "not accepted or waived: Guide",
        "risks still open: Vendor late",
        "issues not resolved: Rack power",
    ]
    assert screen == unmet
    with write_session(engine) as s, pytest.raises(GateBlocked, match="Vendor late"):
        advance_phase(s, closing, AFTER)


def test_closing_before_the_start_needs_a_typed_override(engine: Engine, closing: int) -> None:
    with write_session(engine) as s, pytest.raises(GateBlocked, match="starts on 2026-11-02"):
        advance_phase(s, closing, BEFORE)
    with write_session(engine) as s, pytest.raises(ValidationError):
        advance_phase(s, closing, BEFORE, "", override=True)
    with read_session(engine) as s:
        assert s.get(Project, closing).closed_on is None  # type: ignore[union-attr]
    with write_session(engine) as s:
        change = advance_phase(s, closing, BEFORE, "cancelled before it began", override=True)
    assert (change.to_phase, change.overridden) == ("closed", True)


def test_a_project_with_everything_settled_closes_after_its_start(
    engine: Engine, closing: int
) -> None:
    with write_session(engine) as s:
        change = advance_phase(s, closing, AFTER)
    assert (change.to_phase, change.overridden) == ("closed", False)
