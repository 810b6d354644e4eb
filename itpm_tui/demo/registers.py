"""Demo registers: RACI, risks, changes, the log, communication, quality and compliance."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from itpm_tui.models import ComplianceRequirement, Person, Project, RiskAssessment
from itpm_tui.models.ids import id_of
from itpm_tui.services.planning.tasks import list_task_rows
from itpm_tui.services.registers import change_records as changes
from itpm_tui.services.registers import communications, compliance, issue_log, quality
from itpm_tui.services.registers import raci_records as raci
from itpm_tui.services.registers import risk_records as risks

# ERP-S4's chart, row by WBS: person -> roles. Two rows are left broken on purpose
# (2.2 without an A, 4.2 with two), and Sara Novak has no role: the checks show them.
ERP_RACI: dict[str, dict[str, str]] = {
    "1": {"Maria Lopez": "A", "Jonas Berg": "R", "David Kim": "I"},
    "1.1": {"Jonas Berg": "AR", "Emma Clarke": "C"},
    "1.2": {"Maria Lopez": "A", "Jonas Berg": "R", "Peter Olsen": "I"},
    "2": {"Maria Lopez": "A", "Jonas Berg": "R"},
    "2.1": {"Jonas Berg": "AR", "Emma Clarke": "C"},
    "2.2": {"Jonas Berg": "R", "Li Wei": "C"},
    "2.3": {"Emma Clarke": "R", "Jonas Berg": "A", "David Kim": "I"},
    "3": {"Maria Lopez": "A", "David Kim": "R"},
    "3.1": {"David Kim": "AR", "Jonas Berg": "C"},
    "3.2": {"David Kim": "R", "Maria Lopez": "A", "Peter Olsen": "C"},
    "3.3": {"Maria Lopez": "A", "David Kim": "R"},
    "4": {"Maria Lopez": "A", "Jonas Berg": "R", "Peter Olsen": "I"},
    "4.1": {"Jonas Berg": "AR", "Emma Clarke": "C", "Peter Olsen": "I"},
    "4.2": {"Maria Lopez": "A", "Jonas Berg": "AR", "Peter Olsen": "I"},
    "4.3": {"Peter Olsen": "R", "Maria Lopez": "A", "David Kim": "C"},
}
ERP_MEMBERS = [
    "Maria Lopez",
    "Jonas Berg",
    "Emma Clarke",
    "David Kim",
    "Li Wei",
    "Peter Olsen",
    "Sara Novak",
]

# (project, title, category, P, I, owner, response, trigger, days to review, history)
# history: earlier (days ago, P, I) assessments, so the score over time shows a trend.
RISKS = [
    (
        "ERP-S4",
        "Bank interface certification slips",
        "integration",
        4,
        4,
        "Sara Novak",
        "mitigate",
        "Bank test slot not confirmed by week 47",
        -3,
        [(60, 3, 3), (30, 4, 3)],
    ),
    (
        "ERP-S4",
        "Key users unavailable for cutover weekend",
        "people",
        3,
        4,
        "Maria Lopez",
        "mitigate",
        "Fewer than 8 key users confirmed",
        5,
        [(45, 4, 4)],
    ),
    (
        "ERP-S4",
        "Data migration reconciliation gaps",
        "technical",
        2,
        5,
        "Emma Clarke",
        "mitigate",
        "Mock load differences above 0.1%",
        12,
        [(50, 4, 5), (20, 3, 5)],
    ),
    (
        "ERP-S4",
        "SOX control evidence incomplete at go-live",
        "compliance",
        3,
        3,
        "Li Wei",
        "avoid",
        "Audit checklist items open on 2026-11-30",
        -1,
        [],
    ),
    (
        "ERP-S4",
        "Licence true-up cost higher than budgeted",
        "budget",
        2,
        3,
        "Maria Lopez",
        "accept",
        "Vendor audit letter",
        40,
        [],
    ),
    (
        "ERP-S4",
        "Consultant rolls off before hypercare",
        "vendor",
        1,
        3,
        "Jonas Berg",
        "transfer",
        "Contract end date not extended",
        30,
        [],
    ),
    (
        "NET-CORE",
        "Switch delivery lead time over 8 weeks",
        "vendor",
        4,
        4,
        "Tom Becker",
        "mitigate",
        "Distributor confirms no stock",
        -5,
        [(20, 3, 4)],
    ),
    (
        "NET-CORE",
        "Unplanned outage during VLAN migration",
        "technical",
        2,
        5,
        "Tom Becker",
        "mitigate",
        "Rollback test fails",
        10,
        [],
    ),
    (
        "SEC-MFA",
        "Staff resist app-based MFA",
        "people",
        4,
        3,
        "Li Wei",
        "mitigate",
        "Pilot survey below 60% satisfaction",
        14,
        [],
    ),
    (
        "SEC-MFA",
        "Legacy VPN does not support MFA",
        "security",
        3,
        5,
        "Li Wei",
        "avoid",
        "Vendor confirms no RADIUS support",
        7,
        [],
    ),
    (
        "CRM-AZ",
        "Azure egress costs above estimate",
        "budget",
        3,
        2,
        "Aisha Khan",
        "accept",
        "First month bill over 2,000",
        20,
        [],
    ),
    (
        "APP-PORTAL",
        "Penetration test finds critical issues",
        "security",
        3,
        4,
        "Li Wei",
        "mitigate",
        "Any critical finding",
        2,
        [],
    ),
    (
        "CLD-BKP",
        "Branch bandwidth too low for first full backup",
        "technical",
        4,
        2,
        "Aisha Khan",
        "mitigate",
        "Pilot backup over 48 hours",
        -2,
        [],
    ),
]


def _people(session: Session) -> dict[str, int]:
    return {p.name: id_of(p) for p in session.exec(select(Person))}


def _projects(session: Session) -> dict[str, int]:
    return {p.code: id_of(p) for p in session.exec(select(Project))}


def _raci(session: Session, project_id: int, people: dict[str, int]) -> None:
    for name in ERP_MEMBERS:
        raci.add_member(session, project_id, people[name])
    by_wbs = {row.wbs: row.id for row in list_task_rows(session, project_id)}
    for wbs, cells in ERP_RACI.items():
        for name, roles in cells.items():
            raci.set_roles(session, project_id, by_wbs[wbs], people[name], roles)


def _risks(session: Session, projects: dict[str, int], people: dict[str, int], today: date) -> None:
    for code, title, category, p, i, owner, response, trigger, review, past in RISKS:
        first = past[0] if past else (0, p, i)
        opened = today - timedelta(days=first[0])
        risk = risks.create_risk(
            session,
            projects[code],
            risks.RiskInput(
                title=title,
                category=category,
                probability=first[1],
                impact=first[2],
                owner_id=people[owner],
                trigger=trigger,
                response=response,
                mitigation="Agreed in the risk workshop; tracked weekly.",
                next_review=today + timedelta(days=review),
            ),
            opened,
        )
        for days_ago, prob, imp in past[1:]:
            session.add(
                RiskAssessment(
                    risk_id=id_of(risk),
                    assessed_on=today - timedelta(days=days_ago),
                    probability=prob,
                    impact=imp,
                    note="weekly review",
                )
            )
        if past:
            # Today's score as last assessed; the review date stays as planned above.
            risk.probability, risk.impact = p, i
            session.add(
                RiskAssessment(
                    risk_id=id_of(risk),
                    assessed_on=today - timedelta(days=7),
                    probability=p,
                    impact=i,
                    note="re-assessed",
                )
            )
            session.add(risk)


def _changes(session: Session, project_id: int, today: date) -> None:
    specs = [
        ("Add a second bank (Nordea) interface", "Treasury", 5, 1_850_000, "4.2, 4.3", "approved"),
        ("Extra UAT cycle for payroll postings", "Finance controller", 3, 420_000, "", "assessed"),
        ("Drop custom report pack from scope", "Maria Lopez", 0, -300_000, "", "implemented"),
        ("Move go-live before year-end freeze", "CFO", -4, 0, "", "rejected"),
        ("Mobile approvals app", "Sales director", 15, 2_500_000, "", "proposed"),
    ]
    for title, requester, days, cost, tasks, status in specs:
        change = changes.create_change(
            session,
            project_id,
            changes.ChangeInput(
                title=title,
                requester=requester,
                reason="Raised at the steering committee",
                scope_impact=title,
                schedule_days=days,
                cost_cents=cost,
                affected_wbs=tasks,
            ),
            today - timedelta(days=20),
        )
        steps = {
            "proposed": [],
            "assessed": ["assessed"],
            "approved": ["assessed", "approved"],
            "rejected": ["assessed", "rejected"],
            "implemented": ["assessed", "approved"],
        }[status]
        assert change.id is not None  # created just now
        for step in steps:
            changes.advance(
                session, change.id, step, today - timedelta(days=10), "Steering committee"
            )
        if status == "implemented":
            changes.apply_change(session, change.id, today - timedelta(days=8))


def _log(session: Session, project_id: int, people: dict[str, int], today: date) -> None:
    entries = [
        ("issue", "Bank test system down for two days", "Sara Novak", 12, -2, "open", ""),
        (
            "issue",
            "Two cost centres missing in the mapping",
            "Emma Clarke",
            20,
            5,
            "in-progress",
            "",
        ),
        (
            "issue",
            "UAT defect backlog above 20",
            "David Kim",
            30,
            -20,
            "resolved",
            "Extra testers for a week; backlog at 4.",
        ),
        (
            "decision",
            "Go-live on a Monday, not a Friday",
            "Maria Lopez",
            25,
            None,
            "closed",
            "Hypercare staff are there the whole first week.",
        ),
        (
            "decision",
            "Keep legacy ledger read-only for 7 years",
            "Jonas Berg",
            40,
            None,
            "closed",
            "Retention rule of the finance audit.",
        ),
    ]
    for kind, text, owner, raised, due, status, resolution in entries:
        issue_log.create_entry(
            session,
            project_id,
            issue_log.LogEntryInput(
                kind=kind,
                description=text,
                owner_id=people[owner],
                raised=today - timedelta(days=raised),
                due=today + timedelta(days=due) if due is not None else None,
                status=status,
                resolution=resolution,
            ),
            today,
        )


def _comms(
    session: Session, project_id: int, people: dict[str, int], today: date, windows: bool
) -> None:
    plan = [
        (
            "Steering committee",
            "Status, risks, decisions",
            "meeting",
            "every 2 weeks on monday",
            "Maria Lopez",
        ),
        ("Key users", "What changes this week", "e-mail", "weekly on friday", "Jonas Berg"),
        (
            "All finance staff",
            "Go-live readiness",
            "intranet",
            "monthly on the first working day",
            "Maria Lopez",
        ),
        ("Service desk", "Known issues and workarounds", "Teams", "daily", "Peter Olsen"),
    ]
    for audience, info, channel, cadence, owner in plan:
        communications.save_item(
            session,
            project_id,
            None,
            communications.PlanItemInput(
                audience, info, channel, cadence, today - timedelta(days=60), people[owner]
            ),
            today,
        )
    for days_ago, audience, summary in [
        (3, "Steering committee", "Approved the Nordea interface change"),
        (5, "Key users", "Cutover rehearsal plan and roles"),
        (17, "All finance staff", "UAT complete; training dates"),
    ]:
        communications.save_log(
            session,
            project_id,
            None,
            communications.CommunicationLogInput(
                audience, summary, today - timedelta(days=days_ago)
            ),
            today,
        )
    if windows:
        start = datetime.combine(today + timedelta(days=10), time(22), tzinfo=UTC)
        communications.save_window(
            session,
            project_id,
            None,
            communications.MaintenanceWindowInput(
                systems="Core switches, data centre VLANs",
                starts=start,
                ends=start + timedelta(hours=6),
                downtime_minutes=90,
                pre_tests="Config diff reviewed; spare switch staged",
                rollback_plan="Re-patch to the old core; restore saved config",
                notified="All staff, service desk, branch managers",
            ),
        )


def _quality(session: Session, project_id: int, people: dict[str, int], today: date) -> None:
    for title, kind, due, owner, result in [
        ("System integration test exit review", "review", -15, "David Kim", "pass"),
        ("UAT sign-off criteria met", "test", -1, "David Kim", "partial"),
        ("SOX controls walkthrough", "audit", 7, "Li Wei", ""),
        ("Cutover rehearsal reconciliation", "test", -2, "Emma Clarke", ""),
    ]:
        quality.save_check(
            session,
            project_id,
            None,
            quality.CheckInput(title, kind, today + timedelta(days=due), people[owner], result),
        )
    tasks = {row.wbs: row.id for row in list_task_rows(session, project_id)}
    for title, severity, wbs, opened, resolved in [
        ("VAT rounding differs from legacy", "high", "3.1", 30, 24),
        ("Payment file rejected by bank", "critical", "2.2", 12, None),
        ("Cost centre text truncated", "low", "3.2", 10, 9),
        ("Approval e-mail missing for POs", "medium", "3.2", 6, None),
    ]:
        quality.save_defect(
            session,
            project_id,
            None,
            quality.DefectInput(
                title,
                severity,
                tasks.get(wbs),
                today - timedelta(days=opened),
                today - timedelta(days=resolved) if resolved is not None else None,
            ),
            today,
        )


def _compliance(
    session: Session,
    project_id: int,
    starter: str,
    audit: list[tuple[str, str, int | None]],
    today: date,
) -> None:
    framework = compliance.add_framework(session, project_id, "", starter=starter)
    requirements = session.exec(
        select(ComplianceRequirement).where(ComplianceRequirement.framework_id == framework.id)
    ).all()
    for requirement, (status, state, due) in zip(requirements, audit, strict=False):
        requirement.status = status
        requirement.current_state = state
        requirement.evidence = (
            "Screenshots and export in the audit folder" if status == "compliant" else ""
        )
        requirement.due = today + timedelta(days=due) if due is not None else None
        session.add(requirement)


def create_demo_registers(session: Session, today: date) -> None:
    """Fill the registers of the demo projects (the portfolio must exist)."""
    people, projects = _people(session), _projects(session)
    erp = projects["ERP-S4"]
    _raci(session, erp, people)
    _risks(session, projects, people, today)
    _changes(session, erp, today)
    _log(session, erp, people, today)
    _comms(session, erp, people, today, windows=False)
    _comms(session, projects["NET-CORE"], people, today, windows=True)
    _quality(session, erp, people, today)
    _compliance(
        session,
        erp,
        "SOX IT general controls",
        [
            ("compliant", "Quarterly access review in GRC tool", None),
            ("gap", "Leavers removed monthly, not within 24 hours", 10),
            ("compliant", "Firefighter IDs logged", None),
            ("gap", "Two transports moved without test evidence", -3),
            ("compliant", "Separate deploy role", None),
            ("n/a", "No batch interfaces in phase 1", None),
        ],
        today,
    )
    _compliance(
        session,
        projects["SEC-MFA"],
        "ISO/IEC 27001 (Annex A themes)",
        [
            ("compliant", "Policy v3 approved by the board", None),
            ("compliant", "Security roles in the RACI", None),
            ("gap", "MFA vendor security not assessed yet", 20),
        ],
        today,
    )
    session.flush()
