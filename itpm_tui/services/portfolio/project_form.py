"""What the project form shows: the project (None: a new one), the people and the templates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from itpm_tui.models import Person, Project
from itpm_tui.services.portfolio.projects import get_project


@dataclass(frozen=True)
class ProjectFormView:
    project: Project | None
    people: list[Person]
    # (name, ref) of each template a new project may start from; none for an edit.
    templates: list[tuple[str, str]]


def project_form_view(session: Session, project_id: int | None) -> ProjectFormView:
    from itpm_tui.services.lifecycle.templates import list_templates
    from itpm_tui.services.resources.people import list_people

    project = get_project(session, project_id) if project_id else None
    templates = [(t.name, t.ref) for t in list_templates(session)] if project is None else []
    return ProjectFormView(project, list_people(session), templates)
