"""Project templates: six built in, more saved from any project; a new project from one
gets its WBS (milestones, finish-to-start links), starter risks and handover checklist.

A template's starter risks are titles; a project made from it gets them in its risk
register, open, to be assessed within two weeks (saving a project as a template keeps the
titles of its open risks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

from sqlmodel import Session, col, select

from itpm_tui.models import (
    Dependency,
    HandoverItem,
    ProjectTemplate,
    Task,
    TemplateLine,
)
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, get_project
from itpm_tui.services.registers.risk_records import RiskInput, create_risk, list_risks
from itpm_tui.services.shared.errors import NotFound, ValidationError
from itpm_tui.services.shared.text import clean_text

# A starter risk is assessed within this time of the project's creation.
STARTER_REVIEW = timedelta(days=14)
BUILTIN = "builtin:"
STORED = "db:"


@dataclass(frozen=True)
class Line:
    """A template line; `parent` and `after` are indexes of other lines of the template."""

    kind: str  # task / milestone / risk / handover
    title: str
    days: int = 0
    parent: int | None = None
    after: int | None = None


@dataclass(frozen=True)
class Template:
    ref: str
    name: str
    project_type: str
    methodology: str
    description: str
    lines: list[Line] = field(default_factory=list)

    @property
    def tasks(self) -> list[Line]:
        return [line for line in self.lines if line.kind in ("task", "milestone", "summary")]


HANDOVER_DEFAULT = [
    "Documentation",
    "Support runbook",
    "Access and credentials transfer",
    "Monitoring and alerting",
    "Warranty and vendor contacts",
    "Training",
]


def _build(
    phases: list[tuple[str, list[tuple[str, int]], str]],
    risks: list[str],
    handover: list[str] = HANDOVER_DEFAULT,
) -> list[Line]:
    """Summary per phase, its tasks chained finish-to-start, a milestone closing it."""
    lines: list[Line] = []
    previous: int | None = None
    for phase, tasks, milestone in phases:
        summary = len(lines)
        lines.append(Line("summary", phase))
        for title, days in tasks:
            lines.append(Line("task", title, days, summary, previous))
            previous = len(lines) - 1
        lines.append(Line("milestone", milestone, 0, summary, previous))
        previous = len(lines) - 1
    lines += [Line("risk", text) for text in risks]
    lines += [Line("handover", text) for text in handover]
    return lines


BUILTINS = [
    Template(
        BUILTIN + "software-rollout",
        "Enterprise software rollout",
        "software-rollout",
        "hybrid",
        "Select, configure, migrate and roll out a packaged application.",
        _build(
            [
                (
                    "Preparation",
                    [("Requirements and fit-gap", 10), ("Vendor contract", 5)],
                    "Design signed off",
                ),
                (
                    "Build",
                    [("Configuration", 20), ("Interfaces", 15), ("Data migration", 10)],
                    "Build complete",
                ),
                ("Test", [("System test", 10), ("User acceptance test", 10)], "UAT passed"),
                ("Deploy", [("Training", 5), ("Cut-over", 3)], "Go-live"),
            ],
            [
                "Key users not available for testing",
                "Data quality in the legacy system worse than expected",
                "Interfaces to other systems late",
            ],
        ),
    ),
    Template(
        BUILTIN + "network-upgrade",
        "Network / infrastructure upgrade",
        "network-upgrade",
        "waterfall",
        "Replace network or infrastructure equipment with planned maintenance windows.",
        _build(
            [
                ("Design", [("Site survey", 5), ("Low-level design", 10)], "Design approved"),
                ("Procure", [("Order hardware", 3), ("Delivery", 20)], "Hardware on site"),
                (
                    "Implement",
                    [("Staging and config", 10), ("Cut-over windows", 10)],
                    "Migration done",
                ),
                ("Close", [("Decommission old kit", 5)], "Old kit removed"),
            ],
            [
                "Long hardware lead times",
                "Outage during a cut-over window",
                "Undocumented legacy configuration",
            ],
        ),
    ),
    Template(
        BUILTIN + "cloud-migration",
        "Data migration to cloud",
        "cloud-migration",
        "hybrid",
        "Move data and workloads to a cloud platform.",
        _build(
            [
                (
                    "Assess",
                    [("Inventory and dependencies", 10), ("Target architecture", 10)],
                    "Architecture approved",
                ),
                ("Prepare", [("Landing zone", 10), ("Security controls", 5)], "Landing zone ready"),
                (
                    "Migrate",
                    [("Trial migration", 5), ("Reconciliation", 5), ("Final migration", 3)],
                    "Data migrated",
                ),
                ("Optimise", [("Cost and performance review", 5)], "Old platform retired"),
            ],
            [
                "Data volumes larger than estimated",
                "Egress and running costs above budget",
                "Compliance requirements on data location",
            ],
        ),
    ),
    Template(
        BUILTIN + "cybersecurity",
        "Cybersecurity initiative",
        "cybersecurity",
        "waterfall",
        "Introduce a security control across the organisation.",
        _build(
            [
                ("Assess", [("Risk assessment", 5), ("Policy draft", 5)], "Policy approved"),
                ("Pilot", [("Tool selection", 10), ("Pilot with IT staff", 10)], "Pilot complete"),
                (
                    "Roll out",
                    [("Communication campaign", 5), ("Company-wide rollout", 20)],
                    "Control enforced",
                ),
            ],
            [
                "User resistance to the new control",
                "Exceptions for legacy systems",
                "Help desk overloaded during rollout",
            ],
        ),
    ),
    Template(
        BUILTIN + "custom-application",
        "Custom application",
        "custom-application",
        "agile",
        "Build and launch an application in iterations.",
        _build(
            [
                (
                    "Discovery",
                    [("User research", 5), ("Backlog and architecture", 5)],
                    "Backlog ready",
                ),
                (
                    "Delivery",
                    [("Sprint 1", 10), ("Sprint 2", 10), ("Sprint 3", 10)],
                    "Feature complete",
                ),
                ("Launch", [("Security test", 5), ("Release", 2)], "Live"),
            ],
            [
                "Scope creep",
                "Security findings late in the project",
                "Team members pulled onto other work",
            ],
        ),
    ),
    Template(
        BUILTIN + "hardware-install",
        "Hardware installation",
        "hardware-install",
        "waterfall",
        "Buy, prepare and install devices for users or sites.",
        _build(
            [
                ("Plan", [("Requirements and quantities", 5), ("Order", 3)], "Order placed"),
                ("Prepare", [("Delivery", 15), ("Imaging", 10)], "Devices ready"),
                (
                    "Install",
                    [("Installation and swap", 15), ("Disposal of old devices", 5)],
                    "All devices installed",
                ),
            ],
            [
                "Supplier delivers late",
                "Users keep data on local disks",
                "Disposal without data destruction certificates",
            ],
        ),
    ),
]


def list_templates(session: Session) -> list[Template]:
    """The built-in templates, then the saved ones by name (their lines not loaded)."""
    stored = session.exec(select(ProjectTemplate).order_by(col(ProjectTemplate.name))).all()
    return BUILTINS + [
        Template(f"{STORED}{t.id}", t.name, t.project_type, t.methodology, t.description)
        for t in stored
    ]


def load_template(session: Session, ref: str) -> Template:
    for template in BUILTINS:
        if template.ref == ref:
            return template
    if ref.startswith(STORED) and ref[len(STORED) :].isdigit():
        stored = session.get(ProjectTemplate, int(ref[len(STORED) :]))
        if stored is not None:
            rows = session.exec(
                select(TemplateLine)
                .where(TemplateLine.template_id == stored.id)
                .order_by(col(TemplateLine.position))
            ).all()
            lines = [
                Line(r.kind, r.title, r.duration_days, r.parent_position, r.after_position)
                for r in rows
            ]
            return Template(
                ref,
                stored.name,
                stored.project_type,
                stored.methodology,
                stored.description,
                lines,
            )
    raise NotFound("That template no longer exists.")


def create_from_template(session: Session, ref: str, data: ProjectInput, today: date) -> int:
    """A new project from a template: its WBS, links, starter risks and handover items."""
    template = load_template(session, ref)
    if data.project_type == "other":
        data.project_type = template.project_type
    if data.start is None:
        data.start = today
    project = create_project(session, data, today=today)
    pid: int = project.id  # type: ignore[assignment]
    made: dict[int, Task] = {}
    for index, line in enumerate(template.lines):
        if line.kind not in ("task", "milestone", "summary"):
            continue
        parent = made.get(line.parent) if line.parent is not None else None
        task = create_task(
            session,
            pid,
            TaskInput(
                title=line.title,
                parent_id=parent.id if parent else None,
                is_milestone=line.kind == "milestone",
                estimate_days=float(line.days) if line.kind == "task" and line.days else None,
            ),
        )
        if line.kind == "task":
            task.duration_days = max(1, line.days)
        made[index] = task
    for index, line in enumerate(template.lines):
        if index in made and line.after is not None and line.after in made:
            add_dependency(session, made[line.after].id, made[index].id)  # type: ignore[arg-type]
    for line in template.lines:
        if line.kind == "handover":
            session.add(HandoverItem(project_id=pid, title=line.title))
    for line in template.lines:
        if line.kind == "risk":
            # Probability and impact are the register's middle values until assessed.
            starter = RiskInput(title=line.title, next_review=today + STARTER_REVIEW)
            create_risk(session, pid, starter, today)
    session.flush()
    if made:
        reschedule(session, pid, today)
    return pid


def save_as_template(session: Session, project_id: int, name: str, description: str = "") -> int:
    """Keep a project's WBS, first finish-to-start links, risks and handover as a template."""
    project = get_project(session, project_id)
    clean_name = clean_text(name)
    if not clean_name:
        raise ValidationError({"name": "a template needs a name"})
    taken = {t.name.lower() for t in list_templates(session)}
    if clean_name.lower() in taken:
        raise ValidationError({"name": f"there is already a template named '{clean_name}'"})
    template = ProjectTemplate(
        name=clean_name,
        description=clean_text(description),
        project_type=project.project_type,
        methodology=project.methodology,
    )
    session.add(template)
    session.flush()
    rows = list_task_rows(session, project_id)
    position = {row.id: index for index, row in enumerate(rows)}
    tasks = {t.id: t for t in session.exec(select(Task).where(Task.project_id == project_id))}
    links = session.exec(
        select(Dependency)
        .where(col(Dependency.successor_id).in_(list(position)), Dependency.kind == "FS")
        .order_by(col(Dependency.id))
    ).all()
    after: dict[int, int] = {}
    for link in links:
        if link.predecessor_id in position:
            after.setdefault(link.successor_id, position[link.predecessor_id])
    lines: list[TemplateLine] = []
    for index, row in enumerate(rows):
        task = tasks[row.id]
        kind = "milestone" if row.is_milestone else "summary" if row.is_summary else "task"
        days = 0
        if kind == "task":
            days = task.duration_days or ceil(task.estimate_days or 1)
        lines.append(
            TemplateLine(
                template_id=template.id,  # type: ignore[arg-type]
                position=index,
                kind=kind,
                title=row.title,
                duration_days=days,
                parent_position=position.get(row.parent_id) if row.parent_id else None,
                after_position=after.get(row.id),
            )
        )
    risks = [
        risk.title
        for risk in list_risks(session, project_id, date.today())
        if risk.status != "closed"
    ]
    handover = session.exec(
        select(HandoverItem.title)
        .where(HandoverItem.project_id == project_id)
        .order_by(col(HandoverItem.id))
    ).all()
    for kind, titles in (("risk", risks), ("handover", handover)):
        for title in titles:
            lines.append(
                TemplateLine(
                    template_id=template.id,  # type: ignore[arg-type]
                    position=len(lines),
                    kind=kind,
                    title=title,
                )
            )
    session.add_all(lines)
    session.flush()
    return int(template.id)  # type: ignore[arg-type]
