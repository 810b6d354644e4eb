"""Register services on a real SQLite file: RACI, risks, changes, log, comms, quality."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import (
    BudgetLine,
    ChangeTask,
    ComplianceRequirement,
    RaciAssignment,
    Task,
)
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers import change_records as changes
from itpm_tui.services.registers import communications, compliance, issue_log, quality
from itpm_tui.services.registers import raci_records as raci
from itpm_tui.services.registers import risk_records as risks
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.export import export_view

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 2, 25)


@pytest.fixture
def proj(engine: Engine) -> dict[str, int]:
    """Project P from Monday 2 March 2026: tasks A (3 d) -> B (2 d) -> C (1 d); Ann, Bob, Cy."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="P", name="Plan", start=MONDAY))
        ids = {"project": int(project.id)}  # type: ignore[arg-type]
        for name in ("Ann", "Bob", "Cy"):
            ids[name] = int(create_person(session, PersonInput(name)).id)  # type: ignore[arg-type]
        for title, days in (("A", 3), ("B", 2), ("C", 1)):
            task = create_task(session, ids["project"], TaskInput(title=title))
            task.duration_days = days
            session.add(task)
            session.flush()
            ids[title] = int(task.id)  # type: ignore[arg-type]
        add_dependency(session, ids["A"], ids["B"])
        add_dependency(session, ids["B"], ids["C"])
        reschedule(session, ids["project"], TODAY)
    return ids


def write(engine: Engine):
    return write_session(engine)


# --- RACI ----------------------------------------------------------------------------------


def test_raci_matrix_roles_and_checks(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        raci.add_member(s, pid, proj["Cy"])
        raci.set_roles(s, pid, proj["A"], proj["Ann"], "a/r")
        raci.set_roles(s, pid, proj["B"], proj["Ann"], "A")
        raci.set_roles(s, pid, proj["B"], proj["Bob"], "A")
        assert raci.cycle_roles(s, pid, proj["C"], proj["Bob"]) == "R"
    with read_session(engine) as s:
        matrix = raci.load_matrix(s, pid)
    assert [p.short for p in matrix.people] == ["C", "A", "B"]
    assert {r.title: r.problems for r in matrix.rows} == {
        "A": [],
        "B": ["2 A", "no R"],
        "C": ["no A"],
    }
    assert matrix.idle == [proj["Cy"]]
    headers, rows = raci.matrix_table(matrix)
    assert headers == ["WBS", "Task", "C", "A", "B", "Check"]
    assert rows[0] == ["1", "A", "", "A/R", "", "ok"]
    # Blank clears the cell; a bad role is a field error and changes nothing.
    with write(engine) as s:
        raci.set_roles(s, pid, proj["A"], proj["Ann"], "")
    with pytest.raises(ValidationError) as err, write(engine) as s:
        raci.set_roles(s, pid, proj["B"], proj["Bob"], "Q")
    assert "roles" in err.value.errors
    with read_session(engine) as s:
        assert len(s.exec(select(RaciAssignment)).all()) == 3


def test_raci_remove_member_takes_their_roles(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        raci.set_roles(s, pid, proj["A"], proj["Ann"], "AR")
        raci.set_roles(s, pid, proj["B"], proj["Ann"], "C")
        assert raci.remove_member(s, pid, proj["Ann"]) == 2
    with read_session(engine) as s:
        assert raci.load_matrix(s, pid).people == []


def test_short_names_are_unique() -> None:
    taken: set[str] = set()
    assert [raci.short_name(n, taken) for n in ("Ann Lee", "Al Lu", "Bob")] == ["AL", "AL2", "B"]


# --- risks ---------------------------------------------------------------------------------


def test_risk_scores_history_and_review(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        risk = risks.create_risk(
            s, pid, risks.RiskInput("Vendor late", "vendor", 4, 4, proj["Ann"]), TODAY
        )
        rid = int(risk.id)  # type: ignore[arg-type]
        assert risk.next_review == date(2026, 3, 4)  # critical (16): a week
    with write(engine) as s:
        risks.reassess(s, rid, 2, 3, date(2026, 3, 10), "contract signed")
    with read_session(engine) as s:
        history = risks.history(s, rid)
        rows = risks.list_risks(s, pid, date(2026, 3, 10))
    assert [(a.assessed_on, a.score, a.note) for a in history] == [
        (TODAY, 16, "first assessment"),
        (date(2026, 3, 10), 6, "contract signed"),
    ]
    assert rows[0].score == 6 and rows[0].level == "medium"
    assert rows[0].next_review == date(2026, 4, 9)
    with read_session(engine) as s:
        late = risks.risks_past_review(s, pid, date(2026, 4, 12))
    assert [(r.id, r.days_late, r.owner) for r in late] == [(rid, 3, "Ann")]


def test_risk_edit_keeps_a_changed_score_and_refuses_bad_fields(
    engine: Engine, proj: dict[str, int]
) -> None:
    pid = proj["project"]
    with write(engine) as s:
        rid = int(risks.create_risk(s, pid, risks.RiskInput("R1"), TODAY).id)  # type: ignore[arg-type]
    with write(engine) as s:
        risks.update_risk(s, rid, risks.RiskInput("R1", impact=5), TODAY)
    with pytest.raises(ValidationError) as err, write(engine) as s:
        risks.update_risk(s, rid, risks.RiskInput("", probability=9, category="weather"), TODAY)
    assert set(err.value.errors) == {"title", "probability", "category"}
    with read_session(engine) as s:
        assert [a.score for a in risks.history(s, rid)] == [9, 15]


# --- change requests -----------------------------------------------------------------------


def test_change_flow_and_apply_moves_tasks(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with read_session(engine) as s:
        before = {r.title: r.finish for r in list_task_rows(s, pid)}
    with write(engine) as s:
        cid = int(
            changes.create_change(
                s,
                pid,
                changes.ChangeInput(
                    "More tests", schedule_days=2, cost_cents=150_000, affected_wbs="2"
                ),
                TODAY,
            ).id  # type: ignore[arg-type]
        )
    with pytest.raises(ItpmError), write(engine) as s:
        changes.apply_change(s, cid, TODAY)  # still proposed
    with pytest.raises(ValidationError), write(engine) as s:
        changes.advance(s, cid, "assessed", TODAY)
        changes.advance(s, cid, "approved", TODAY, "  ")  # who decided is required
    with write(engine) as s:
        changes.advance(s, cid, "assessed", TODAY)
        changes.advance(s, cid, "approved", TODAY, "Sponsor")
    with read_session(engine) as s:
        assert [a.title for a in changes.approved_changes(s, pid)] == ["More tests"]
    with write(engine) as s:
        moved = changes.apply_change(s, cid, TODAY)
    assert [(m.task_title, m.shifted_days) for m in moved] == [("B", 2)]
    with read_session(engine) as s:
        after = {r.title: r.finish for r in list_task_rows(s, pid)}
        change = changes.get_change(s, cid)
        record = s.exec(select(ChangeTask)).one()
    # B moves two working days later (Thu 5 -> Tue 10 March over the weekend); C follows it.
    assert before["B"] == date(2026, 3, 6) and after["B"] == date(2026, 3, 10)
    assert after["C"] == date(2026, 3, 11) and after["A"] == before["A"]
    assert (record.finish_before, record.finish_after) == (before["B"], after["B"])
    assert change.status == "implemented" and change.implemented_on == TODAY
    approved = changes.approved_changes(s, pid)
    assert approved[0].cost_cents == 150_000 and approved[0].schedule_days == 2
    with read_session(engine) as s:
        lines = s.exec(select(BudgetLine).where(BudgetLine.project_id == pid)).all()
    assert [(line.name, line.planned_cents) for line in lines] == [
        (f"Change #{cid}: More tests", 150_000)
    ]
    with pytest.raises(ItpmError), write(engine) as s:
        changes.delete_change(s, cid)


def test_change_refuses_unknown_wbs_and_a_failed_apply_changes_nothing(
    engine: Engine, proj: dict[str, int]
) -> None:
    pid = proj["project"]
    with pytest.raises(ValidationError) as err, write(engine) as s:
        changes.create_change(s, pid, changes.ChangeInput("X", affected_wbs="1, 9"), TODAY)
    assert err.value.errors["affected_wbs"] == "no task has WBS 9"
    with write(engine) as s:
        change = changes.create_change(
            s, pid, changes.ChangeInput("X", schedule_days=3, affected_wbs="1, 3"), TODAY
        )
        assert change.id is not None
        cid = change.id
        changes.advance(s, cid, "assessed", TODAY)
        changes.advance(s, cid, "approved", TODAY, "Sponsor")
        # A finished task cannot take a change (a started one takes it in its remaining work).
        finished = s.get(Task, proj["C"])
        finished.actual_start = finished.actual_finish = MONDAY
    with read_session(engine) as s:
        before = {r.title: r.finish for r in list_task_rows(s, pid)}
    with pytest.raises(ItpmError, match="finished on"), write(engine) as s:
        changes.apply_change(s, cid, TODAY)
    with read_session(engine) as s:
        assert {r.title: r.finish for r in list_task_rows(s, pid)} == before
        assert changes.get_change(s, cid).status == "approved"


# --- issues and decisions ----------------------------------------------------------------


def test_log_rules_and_open_issues(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        issue_log.create_entry(
            s,
            pid,
            issue_log.LogEntryInput(
                "issue", "Late", due=date(2026, 2, 20), raised=date(2026, 2, 1)
            ),
            TODAY,
        )
        issue_log.create_entry(
            s, pid, issue_log.LogEntryInput("issue", "Soon", due=date(2026, 3, 1)), TODAY
        )
        issue_log.create_entry(
            s,
            pid,
            issue_log.LogEntryInput("decision", "Go", status="closed", resolution="why"),
            TODAY,
        )
    with pytest.raises(ValidationError) as err, write(engine) as s:
        issue_log.create_entry(
            s,
            pid,
            issue_log.LogEntryInput("issue", "", status="resolved", due=date(2026, 1, 1)),
            TODAY,
        )
    assert set(err.value.errors) == {"description", "resolution", "due"}
    with read_session(engine) as s:
        found = issue_log.open_issues(s, pid, TODAY)
    assert [(i.description, i.overdue) for i in found] == [("Late", True), ("Soon", False)]


# --- communication ----------------------------------------------------------------------


def test_plan_next_due_log_and_windows(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        communications.save_item(
            s,
            pid,
            None,
            communications.PlanItemInput(
                "Board", cadence="weekly on monday", starts=date(2026, 1, 1)
            ),
            TODAY,
        )
        with pytest.raises(ValidationError) as err:
            communications.save_item(
                s, pid, None, communications.PlanItemInput("", cadence="often"), TODAY
            )
        assert set(err.value.errors) == {"audience", "cadence"}
    with read_session(engine) as s:
        plan = communications.list_plan(s, pid, TODAY)
        due = communications.upcoming(s, pid, TODAY, 14)
    assert plan[0].next_due == date(2026, 3, 2) and plan[0].cadence == "weekly on monday"
    assert [d.on for d in due] == [date(2026, 3, 2), date(2026, 3, 9)]
    with pytest.raises(ValidationError) as err, write(engine) as s:
        communications.save_log(
            s,
            pid,
            None,
            communications.CommunicationLogInput("Board", "x", date(2026, 3, 1)),
            TODAY,
        )
    assert "sent_on" in err.value.errors
    start = datetime(2026, 3, 7, 22, tzinfo=UTC)
    with pytest.raises(ValidationError) as err, write(engine) as s:
        communications.save_window(
            s, pid, None, communications.MaintenanceWindowInput("Core", start, start, 10)
        )
    assert "ends" in err.value.errors
    assert communications.parse_window_time("2026-03-07 22:00") == start
    with pytest.raises(ValueError):
        communications.parse_window_time("tonight")


# --- quality -----------------------------------------------------------------------------


def test_checks_and_defects(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        quality.save_check(s, pid, None, quality.CheckInput("UAT", "test", date(2026, 2, 20)))
        quality.save_defect(
            s,
            pid,
            None,
            quality.DefectInput("Crash", "high", proj["A"], date(2026, 2, 10), date(2026, 2, 13)),
            TODAY,
        )
        quality.save_defect(
            s, pid, None, quality.DefectInput("Typo", "low", None, date(2026, 2, 20)), TODAY
        )
    with pytest.raises(ValidationError) as err, write(engine) as s:
        quality.save_defect(
            s,
            pid,
            None,
            quality.DefectInput("Bad", "urgent", None, date(2026, 2, 20), date(2026, 2, 1)),
            TODAY,
        )
    assert set(err.value.errors) == {"severity", "resolved"}
    with read_session(engine) as s:
        checks = quality.list_checks(s, pid, TODAY)
        defects = {d.title: d for d in quality.list_defects(s, pid, TODAY)}
    assert checks[0].late
    assert defects["Crash"].resolution_days == 3 and defects["Crash"].task == "A"
    assert defects["Typo"].resolution_days is None and defects["Typo"].age_days == 5


# --- compliance ----------------------------------------------------------------------------


def test_framework_audit_remediation_and_gaps(engine: Engine, proj: dict[str, int]) -> None:
    pid = proj["project"]
    with write(engine) as s:
        fid = int(compliance.add_framework(s, pid, "", starter="GDPR").id)  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            compliance.add_framework(s, pid, "GDPR")
        reqs = s.exec(
            select(ComplianceRequirement).where(ComplianceRequirement.framework_id == fid)
        ).all()
        assert len(reqs) == 9
        first = int(reqs[0].id)
        with pytest.raises(ValidationError) as err:
            compliance.save_requirement(
                s, pid, first, compliance.RequirementInput(fid, reqs[0].title, status="gap")
            )
        assert "current_state" in err.value.errors
        compliance.save_requirement(
            s,
            pid,
            first,
            compliance.RequirementInput(
                fid, reqs[0].title, "Art.5", "No retention rule", "gap", due=date(2026, 3, 20)
            ),
        )
    with write(engine) as s:
        task = compliance.create_remediation_task(s, first, TODAY)
        assert task.title.startswith("Remediate GDPR Art.5") and task.tags == "compliance"
        with pytest.raises(ItpmError, match="already"):
            compliance.create_remediation_task(s, first, TODAY)
    with read_session(engine) as s:
        gaps = compliance.open_compliance_gaps(s, pid)
        summary = compliance.framework_summaries(s, pid, TODAY)[0]
    assert [(g.ref, g.remediation_task_id) for g in gaps] == [("Art.5", task.id)]
    assert (summary.total, summary.gaps_open, summary.unassessed) == (9, 1, 8)
    assert summary.next_remediation_due == date(2026, 3, 20)


# --- export --------------------------------------------------------------------------------


def test_export_is_written_private(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_view(path, "csv", ["A"], [["0"]], "t")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a new export is private
    path.chmod(0o644)  # shared by its owner: written over, it keeps that mode
    export_view(path, "csv", ["A"], [["1"]], "t")
    assert path.read_text() == "A\n1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    with pytest.raises(ItpmError, match="does not exist"):
        export_view(tmp_path / "nope" / "x.md", "markdown", ["A"], [], "t")


def test_demo_fills_the_registers(demo_engine: Engine) -> None:
    from itpm_tui.services.portfolio.projects import find_project

    with read_session(demo_engine) as s:
        erp = int(find_project(s, "ERP-S4").id)  # type: ignore[arg-type]
        matrix = raci.load_matrix(s, erp)
        assert {r.wbs: r.problems for r in matrix.rows if r.problems} == {
            "2.2": ["no A"],
            "4.2": ["2 A"],
        }
        assert risks.list_risks(s, erp, date.today())
        assert changes.approved_changes(s, erp)
        assert compliance.open_compliance_gaps(s, erp)
        assert issue_log.open_issues(s, erp, date.today())


def test_dashboard_feeds_return_plain_data(demo_engine: Engine) -> None:
    from dataclasses import is_dataclass

    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.registers.change_records import approved_changes
    from itpm_tui.services.registers.compliance import open_compliance_gaps
    from itpm_tui.services.registers.issue_log import open_issues

    today = date.today()
    with read_session(demo_engine) as s:
        erp = int(find_project(s, "ERP-S4").id)  # type: ignore[arg-type]
        results: list[list[Any]] = [
            risks.risks_past_review(s, erp, today),
            open_compliance_gaps(s, erp),
            open_issues(s, erp, today),
            approved_changes(s, erp),
        ]
    assert [len(r) for r in results] == [2, 2, 2, 2]
    assert all(is_dataclass(item) for found in results for item in found)
    assert results[0][0].title == "Bank interface certification slips"
    assert results[3][0].cost_cents == 1_850_000
