"""Projects: create, edit, delete, and read one project with its manager."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session, col, func, select

from itpm_tui.models import Health, Methodology, Person, Phase, Project, ProjectType, Task
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,19}$")


@dataclass
class ProjectInput:
    code: str
    name: str
    project_type: str = ProjectType.OTHER.value
    methodology: str = Methodology.WATERFALL.value
    phase: str = Phase.INITIATION.value
    health: str = Health.GREEN.value
    start: date | None = None
    target_finish: date | None = None
    sponsor: str = ""
    manager_id: int | None = None
    description: str = ""


def _validated(session: Session, data: ProjectInput, project_id: int | None) -> ProjectInput:
    clean = ProjectInput(**{f.name: getattr(data, f.name) for f in fields(ProjectInput)})
    clean.code = clean_text(data.code).upper()
    clean.name = clean_text(data.name)
    clean.sponsor = clean_text(data.sponsor)
    clean.description = clean_text(data.description, multiline=True)
    errors: dict[str, str] = {}
    if not clean.code:
        errors["code"] = "a code is required"
    elif not _CODE.match(clean.code):
        errors["code"] = "use up to 20 letters, digits, '-', '_' or '.', e.g. ERP-01"
    else:
        clash = session.exec(select(Project.id).where(Project.code == clean.code)).first()
        if clash is not None and clash != project_id:
            errors["code"] = f"{clean.code} is already the code of another project"
    if not clean.name:
        errors["name"] = "a name is required"
    for name, enum in (
        ("project_type", ProjectType),
        ("methodology", Methodology),
        ("phase", Phase),
        ("health", Health),
    ):
        if getattr(clean, name) not in {e.value for e in enum}:
            allowed = ", ".join(e.value for e in enum)
            errors[name] = f"'{getattr(clean, name)}' is not one of {allowed}"
    if clean.start and clean.target_finish and clean.target_finish < clean.start:
        errors["target_finish"] = "the target finish is before the start"
    if clean.manager_id is not None and session.get(Person, clean.manager_id) is None:
        errors["manager_id"] = "that person no longer exists"
    if errors:
        raise ValidationError(errors)
    return clean


def get_project(session: Session, project_id: int) -> Project:
    return fetch(session, Project, project_id, "project")


def project_phase(session: Session, project_id: int) -> Phase:
    """The phase a project is in now (where opening it lands)."""
    return Phase(get_project(session, project_id).phase)


def find_project(session: Session, code_or_id: str) -> Project:
    """A project by its code (any case) or its number, for the CLI."""
    from itpm_tui.services.shared.errors import NotFound

    wanted = code_or_id.strip()
    project = session.exec(select(Project).where(Project.code == wanted.upper())).first()
    if project is None and wanted.isdigit():
        project = session.get(Project, int(wanted))
    if project is None:
        raise NotFound(f"no project with the code '{wanted}'")
    return project


def list_projects(session: Session) -> list[Project]:
    return list(session.exec(select(Project).order_by(col(Project.code))))


def create_project(session: Session, data: ProjectInput, today: date | None = None) -> Project:
    clean = _validated(session, data, None)
    project = Project(**clean.__dict__, phase_entered_on=today or date.today())
    session.add(project)
    session.flush()
    from itpm_tui.services.kanban.board import ensure_columns

    ensure_columns(session, project.id)  # type: ignore[arg-type]
    return project


def update_project(
    session: Session,
    project_id: int,
    data: ProjectInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> Project:
    from itpm_tui.services.lifecycle.documents import ensure_open
    from itpm_tui.services.lifecycle.gates import record_manual_change

    project = ensure_open(session, project_id)
    check_version(project, expected_version, "project")
    clean = _validated(session, data, project_id)
    old_phase, old_start = project.phase, project.start
    if clean.phase != project.phase:
        project.phase_entered_on = today or date.today()
    for field, value in clean.__dict__.items():
        setattr(project, field, value)
    if project.phase != old_phase:
        # The form skips the gate: the history says so.
        record_manual_change(session, project, old_phase, today or date.today())
    touch(project)
    session.add(project)
    session.flush()
    if project.start != old_start:
        from itpm_tui.services.planning.schedule_records import reschedule

        # Stored task dates are what the lists show: they move with the project now.
        reschedule(session, project_id, today)
    return project


def delete_project(session: Session, project_id: int) -> int:
    """Delete a project and all its tasks; returns how many tasks went with it."""
    from itpm_tui.services.planning.tasks import delete_task_trees

    project = get_project(session, project_id)
    count = session.exec(
        select(func.count()).select_from(Task).where(Task.project_id == project_id)
    ).one()
    # Tasks first, leaves up: a cascade from the project would go as deep as the WBS.
    delete_task_trees(session, project_id)
    session.delete(project)
    session.flush()
    return int(count)
