"""Demo charters, business cases, stakeholders, approvals, phase history and closure records."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from itpm_tui.models import (
    Approval,
    BusinessCaseLine,
    Charter,
    Deliverable,
    Feedback,
    Goal,
    HandoverItem,
    Lesson,
    Person,
    PhaseChange,
    Project,
    Requirement,
    Stakeholder,
)
from itpm_tui.models.ids import id_of
from itpm_tui.models.project import Phase

ORDER = [p.value for p in Phase]

# code -> business need, in scope, out of scope, constraints, assumptions, known problems
CHARTERS = {
    "SEC-MFA": (
        "Phishing led to two account takeovers this year; the cyber insurer requires MFA "
        "for all staff by the next renewal.",
        "All staff accounts, VPN, Microsoft 365, the HR and finance SaaS applications.",
        "Customer accounts; service accounts (handled by the PAM project).",
        "Renewal date of the cyber insurance; no extra service desk staff.",
        "Staff accept the authenticator app on their phones; hardware tokens for the rest.",
        "About 40 shop-floor staff share kiosks without personal phones.",
    ),
    "HW-LAPTOP": (
        "450 laptops are older than four years: slow, out of warranty, failing batteries.",
        "Purchase, imaging, data transfer and disposal of the old devices.",
        "Desktop PCs in the plants; mobile phones.",
        "Budget fixed for the fiscal year; no downtime during month-end close.",
        "The supplier delivers in three batches.",
        "Some users keep data on the local disk only.",
    ),
    "ERP-S4": (
        "The legacy finance system goes out of support in 2027.",
        "Finance and controlling for three company codes; data migration; training.",
        "Logistics modules; the HR system.",
        "Go-live at a quarter start; audit trail kept for ten years.",
        "Key users are freed for 50 % of their time.",
        "Chart of accounts differs between company codes.",
    ),
}

GOALS = {
    "SEC-MFA": [
        ("Staff accounts protected by MFA", "100 % by the renewal date", "Entra ID MFA report"),
        ("Fewer phishing takeovers", "0 in the 6 months after rollout", "Incident register"),
    ],
    "HW-LAPTOP": [
        ("Replace old laptops", "450 devices replaced", "Asset register"),
        ("Faster start-up", "under 30 s on average", "Endpoint analytics"),
        ("Little disruption", "under 2 h lost per user", "User survey"),
    ],
    "ERP-S4": [("Close the books faster", "month-end close in 5 days", "Close calendar")],
}

REQUIREMENTS = {
    "SEC-MFA": [
        ("must", "Number matching in the authenticator app"),
        ("must", "Hardware tokens for staff without a company phone"),
        ("should", "Self-service enrolment with a help page"),
    ],
}

# code -> (name, criteria, due offset in days, state, accepted by, notes)
DELIVERABLES = {
    "SEC-MFA": [
        ("MFA policy", "Approved by the CISO", 30, "open", "", ""),
        ("Enrolment of all staff", "100 % in the MFA report", 90, "open", "", ""),
    ],
    "HW-LAPTOP": [
        (
            "450 laptops in use",
            "Asset register shows 450 new devices",
            -20,
            "accepted",
            "Peter Olsen",
            "Checked against the register",
        ),
        (
            "Old devices wiped",
            "Certificates of data destruction",
            -10,
            "accepted",
            "Li Wei",
            "All certificates received",
        ),
        (
            "User guide",
            "Published on the intranet",
            -5,
            "waived",
            "",
            "Replaced by the supplier's quick start card",
        ),
        ("Asset register updated", "Serial numbers of new devices recorded", 3, "open", "", ""),
    ],
}

# code -> (description, kind, recurring, amount in cents, first year, years)
CASE_LINES = {
    "SEC-MFA": [
        ("Licences and tokens", "cost", False, 6_000_000, 0, 1),
        ("Rollout and support", "cost", False, 4_000_000, 0, 1),
        ("Licences per year", "cost", True, 1_500_000, 1, 5),
        ("Lower insurance premium", "benefit", True, 3_500_000, 1, 5),
        ("Avoided incident costs", "benefit", True, 2_500_000, 1, 5),
    ],
    "HW-LAPTOP": [
        ("450 laptops", "cost", False, 49_500_000, 0, 1),
        ("Imaging and transfer", "cost", False, 4_500_000, 0, 1),
        ("Repairs avoided", "benefit", True, 9_000_000, 1, 4),
        ("Productivity regained", "benefit", True, 12_000_000, 1, 4),
    ],
    "NET-CORE": [("Switches and optics", "cost", False, 38_000_000, 0, 1)],
    "CLD-BKP": [
        ("Cloud storage", "cost", True, 1_800_000, 1, 5),
        ("Tape library retired", "benefit", True, 2_600_000, 1, 5),
    ],
}

# code -> (person, role, organisation, influence, interest, communication, must approve, decision)
STAKEHOLDERS = {
    "SEC-MFA": [
        ("Li Wei", "Security lead", "Security", 4, 5, "weekly stand-up", True, "approve"),
        ("Maria Lopez", "PMO head", "PMO", 5, 3, "monthly report", True, ""),
        ("Peter Olsen", "Service desk", "Operations", 2, 5, "weekly e-mail", False, ""),
        ("Sara Novak", "App owner", "Digital", 2, 2, "release notes", False, ""),
    ],
    "HW-LAPTOP": [
        ("Peter Olsen", "Operations owner", "Operations", 4, 5, "weekly", True, "approve"),
        ("Maria Lopez", "PMO head", "PMO", 5, 3, "monthly report", True, "approve"),
        ("Li Wei", "Security", "Security", 3, 2, "on request", False, ""),
    ],
    "ERP-S4": [
        ("Jonas Berg", "Lead consultant", "Business applications", 4, 5, "daily", True, "approve"),
        ("Maria Lopez", "PMO head", "PMO", 5, 3, "steering committee", True, "approve"),
    ],
}

HANDOVER = {
    "HW-LAPTOP": [
        ("Documentation", "Peter Olsen", True),
        ("Support runbook", "Peter Olsen", True),
        ("Access and credentials transfer", "Li Wei", True),
        ("Monitoring and alerting", "Peter Olsen", False),
        ("Warranty and vendor contacts", "Peter Olsen", True),
        ("Training", "", False),
    ],
}

FEEDBACK = {
    "HW-LAPTOP": [
        ("Peter Olsen", 4, "Smooth, but the last batch came late."),
        ("Maria Lopez", 5, "On budget and on time."),
        ("Li Wei", 3, "Wiping certificates took chasing."),
    ],
}

# (code, category, went well, did not, recommendation)
LESSONS = [
    (
        "HW-LAPTOP",
        "vendor",
        "Batch deliveries kept the imaging bench busy.",
        "The third batch arrived two weeks late.",
        "Put delivery dates with penalties in the order.",
    ),
    (
        "HW-LAPTOP",
        "communication",
        "A booking page let users pick their swap slot.",
        "Local data was found on 30 old disks.",
        "Ask users to move local files a week before.",
    ),
    (
        "CRM-AZ",
        "data",
        "Trial migrations every sprint found mapping errors early.",
        "Report owners were found late.",
        "List every report and its owner in Initiation.",
    ),
]


def _person_ids(session: Session) -> dict[str, int]:
    return {p.name: id_of(p) for p in session.exec(select(Person))}


def add_lifecycle_demo(session: Session, today: date) -> None:
    """Add lifecycle records to the demo projects (they must exist already)."""
    people = _person_ids(session)
    projects = {p.code: p for p in session.exec(select(Project))}
    for code, project in projects.items():
        pid = project.id
        assert pid is not None  # read from the database
        texts = CHARTERS.get(code)
        if texts or project.phase != Phase.INITIATION.value:
            need, scope_in, scope_out, constraints, assumptions, problems = texts or (
                project.description,
                "",
                "",
                "",
                "",
                "",
            )
            session.add(
                Charter(
                    project_id=pid,
                    business_need=need,
                    scope_in=scope_in,
                    scope_out=scope_out,
                    constraints=constraints,
                    assumptions=assumptions,
                    known_problems=problems,
                )
            )
        for title, target, measure in GOALS.get(code, []):
            result, evidence = "", ""
            if project.phase == Phase.CLOSURE.value:
                result, evidence = ("met", "Register and analytics, see closure report")
                if title == "Little disruption":
                    result, evidence = "partly", "Survey: 2.5 h on average"
            session.add(
                Goal(
                    project_id=pid,
                    title=title,
                    target=target,
                    measure=measure,
                    result=result,
                    evidence=evidence,
                )
            )
        for priority, text in REQUIREMENTS.get(code, []):
            session.add(Requirement(project_id=pid, text=text, priority=priority))
        for name, criteria, due, state, by, notes in DELIVERABLES.get(code, []):
            session.add(
                Deliverable(
                    project_id=pid,
                    name=name,
                    acceptance_criteria=criteria,
                    due=today + timedelta(days=due),
                    state=state,
                    accepted_by=by,
                    accepted_on=today + timedelta(days=due) if state == "accepted" else None,
                    notes=notes,
                )
            )
        for description, kind, recurring, amount, first, years in CASE_LINES.get(code, []):
            session.add(
                BusinessCaseLine(
                    project_id=pid,
                    description=description,
                    kind=kind,
                    recurring=recurring,
                    amount_cents=amount,
                    first_year=first,
                    years=years,
                )
            )
        holders: dict[str, Stakeholder] = {}
        for name, role, org, influence, interest, comms, must, decision in STAKEHOLDERS.get(
            code, []
        ):
            holder = Stakeholder(
                project_id=pid,
                person_id=people[name],
                role=role,
                organisation=org,
                influence=influence,
                interest=interest,
                communication=comms,
                approval_required=must,
            )
            session.add(holder)
            session.flush()
            holders[name] = holder
            if decision:
                session.add(
                    Approval(
                        project_id=pid,
                        stakeholder_id=id_of(holder),
                        decision=decision,
                        comment="Charter reviewed in the steering meeting",
                        decided_on=(project.start or today) - timedelta(days=3),
                    )
                )
        for title, owner, done in HANDOVER.get(code, []):
            session.add(HandoverItem(project_id=pid, title=title, owner=owner, done=done))
        for name, score, comment in FEEDBACK.get(code, []):
            holder_id = holders[name].id if name in holders else None
            session.add(
                Feedback(project_id=pid, stakeholder_id=holder_id, score=score, comment=comment)
            )
        _history(session, project, today)
    for code, category, well, badly, advice in LESSONS:
        if code in projects:
            session.add(
                Lesson(
                    project_id=id_of(projects[code]),
                    category=category,
                    went_well=well,
                    went_badly=badly,
                    recommendation=advice,
                    recorded_on=today - timedelta(days=7),
                )
            )
    session.flush()


def _history(session: Session, project: Project, today: date) -> None:
    """One change per phase passed, spread between the start and entering the current phase."""
    reached = ORDER.index(project.phase)
    if reached == 0:
        return
    start = project.start or today
    entered = project.phase_entered_on or today
    step = max(1, (entered - start).days // reached)
    for index in range(reached):
        day = entered if index == reached - 1 else start + timedelta(days=step * (index + 1))
        session.add(
            PhaseChange(
                project_id=id_of(project),
                from_phase=ORDER[index],
                to_phase=ORDER[index + 1],
                changed_on=min(day, entered),
                reason="gate review passed",
            )
        )
