"""What the registers say about each project's health, counted for every project at once.

Open critical risks, overdue issues, failed quality checks, open compliance gaps, open
defects and the peak load of the project's people: the indicators health_rules rates
beside the schedule and the money. Each is one grouped query over the portfolio.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from itpm_tui.models import (
    ComplianceFramework,
    ComplianceRequirement,
    Defect,
    LogEntry,
    Project,
    QualityCheck,
    Risk,
    Task,
    TaskStatus,
)
from itpm_tui.services.registers.issue_log import DONE as ISSUE_DONE
from itpm_tui.services.resources.load import resource_load

CRITICAL_SCORE = 15  # risk_rules.level: critical is 15-25 on the 5x5 matrix
DEFECT_TAGS = ("defect", "bug", "incident")
LOAD_WEEKS = 4  # the resource view the dashboard's alerts use


def _counts(session: Session, query: Any, project_id: int | None, column: Any) -> dict[int, int]:
    if project_id is not None:
        query = query.where(column == project_id)
    return {pid: int(n) for pid, n in session.exec(query.group_by(column)).all()}


def critical_risks(session: Session, project_id: int | None = None) -> dict[int, int]:
    """Risks not closed and scored 15 or more (probability x impact)."""
    query = select(Risk.project_id, func.count()).where(
        Risk.status != "closed", Risk.probability * Risk.impact >= CRITICAL_SCORE
    )
    return _counts(session, query, project_id, Risk.project_id)


def overdue_issues(session: Session, day: date, project_id: int | None = None) -> dict[int, int]:
    """Issues of the log still open after their due date (the same as the alert's)."""
    query = select(LogEntry.project_id, func.count()).where(
        LogEntry.kind == "issue",
        col(LogEntry.status).not_in(ISSUE_DONE),
        col(LogEntry.due).is_not(None),
        col(LogEntry.due) < day,
        LogEntry.raised <= day,
    )
    return _counts(session, query, project_id, LogEntry.project_id)


def failed_checks(session: Session, project_id: int | None = None) -> dict[int, int]:
    """Quality checks that failed or passed only in part."""
    query = select(QualityCheck.project_id, func.count()).where(
        col(QualityCheck.result).in_(("fail", "partial"))
    )
    return _counts(session, query, project_id, QualityCheck.project_id)


def compliance_gaps(session: Session, project_id: int | None = None) -> dict[int, int]:
    """Requirements audited as gaps."""
    query = (
        select(ComplianceFramework.project_id, func.count())
        .join(
            ComplianceRequirement,
            col(ComplianceRequirement.framework_id) == col(ComplianceFramework.id),
        )
        .where(ComplianceRequirement.status == "gap")
    )
    return _counts(session, query, project_id, ComplianceFramework.project_id)


def open_defects(session: Session, day: date, project_id: int | None = None) -> dict[int, int]:
    """Defects of the quality register open on `day`, and open tasks tagged defect, bug or
    incident that no logged defect names (the defect KPI counts the same ones)."""
    logged = select(Defect.project_id, func.count()).where(
        Defect.opened <= day, or_(col(Defect.resolved).is_(None), col(Defect.resolved) > day)
    )
    counts = _counts(session, logged, project_id, Defect.project_id)
    # Tags are a comma-separated list: compare whole tags, not parts of words.
    tags = "," + func.replace(func.lower(Task.tags), " ", "") + ","
    named = select(Defect.task_id).where(col(Defect.task_id).is_not(None))
    tagged = select(Task.project_id, func.count()).where(
        Task.status != TaskStatus.DONE.value,
        or_(*(tags.like(f"%,{tag},%") for tag in DEFECT_TAGS)),
        col(Task.id).not_in(named),
    )
    for pid, n in _counts(session, tagged, project_id, Task.project_id).items():
        counts[pid] = counts.get(pid, 0) + n
    return counts


class PeakLoad(Fraction):
    """A weekly load as a share of capacity, knowing whose and which week (for the reason)."""

    who: str = "a person"
    week: date | None = None

    @classmethod
    def of(cls, load: float, capacity: float, who: str, week: date) -> PeakLoad:
        share = cls(round(load * 100), round(capacity * 100))
        share.who, share.week = who, week
        return share


def peak_loads(session: Session, day: date, project_id: int | None = None) -> dict[int, Fraction]:
    """Per project, the highest weekly load (load / capacity) of a person over capacity in a
    week the project gives them work, over the next four weeks from `day`."""
    people = None
    if project_id is not None:
        people = {
            pid
            for pid in session.exec(
                select(Task.assignee_id)
                .where(
                    Task.project_id == project_id,
                    col(Task.assignee_id).is_not(None),
                    Task.status != TaskStatus.DONE.value,
                )
                .distinct()
            )
            if pid is not None
        }
        if not people:
            return {}
    load = resource_load(session, day, LOAD_WEEKS, people, as_of=day)
    codes = _codes(session, project_id)
    peaks: dict[int, Fraction] = {}
    for over in load.over:
        if over.capacity <= 0:
            continue
        share = PeakLoad.of(over.load, over.capacity, over.name, over.week)
        for code in {code for _, code, _, _ in over.tasks}:
            pid = codes.get(code)
            if pid is not None and (project_id is None or pid == project_id):
                peaks[pid] = max(peaks.get(pid, Fraction(0)), share)
    return peaks


def _codes(session: Session, project_id: int | None) -> dict[str, int]:
    query = select(Project.code, Project.id)
    if project_id is not None:
        query = query.where(Project.id == project_id)
    return {code: pid for code, pid in session.exec(query).all() if pid is not None}


def register_indicators(
    session: Session, day: date, project_id: int | None = None
) -> dict[int, dict[str, Any]]:
    """Every project's register indicators as of `day` (missing: nothing recorded)."""
    figures: dict[int, dict[str, Any]] = {}
    for name, counts in (
        ("critical_risks", critical_risks(session, project_id)),
        ("overdue_issues", overdue_issues(session, day, project_id)),
        ("failed_checks", failed_checks(session, project_id)),
        ("compliance_gaps", compliance_gaps(session, project_id)),
        ("open_defects", open_defects(session, day, project_id)),
        ("peak_load", peak_loads(session, day, project_id)),
    ):
        for pid, value in counts.items():
            figures.setdefault(pid, {})[name] = value
    return figures
