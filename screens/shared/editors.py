"""Create, edit and delete projects, tasks and people: load, show a form, save, confirm."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

from itpm_tui.app_access import itpm_app
from itpm_tui.models import (
    Health,
    Methodology,
    Person,
    Phase,
    Priority,
    Project,
    ProjectType,
    Task,
    TaskStatus,
)
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.planning import tasks as task_service
from itpm_tui.services.planning.predecessors import parse_predecessors
from itpm_tui.services.planning.task_form import (
    TaskFormView,
    save_task_and_links,
    task_form_view,
)
from itpm_tui.services.portfolio import projects as project_service
from itpm_tui.services.portfolio.project_form import ProjectFormView, project_form_view
from itpm_tui.services.resources import people as people_service
from itpm_tui.services.shared.parsing import (
    format_estimate,
    format_money,
    parse_date,
    parse_estimate,
    parse_money,
    parse_number,
    parse_percent,
)
from itpm_tui.widgets.styles import STATUS_LABELS

if TYPE_CHECKING:
    from sqlmodel import Session

Saved = Callable[[int], Any]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _people_options(people: list[Person]) -> list[tuple[str, Any]]:
    return [(f"{p.name} ({p.role})" if p.role else p.name, p.id) for p in people]


def _title_with(kind: str, text: str) -> str:
    return f"{kind}: {text}"


# --- projects ------------------------------------------------------------------------------


def project_fields(project: Project | None, people: list[Person]) -> list[FormField]:
    p = project or Project(code="", name="")
    return [
        FormField("code", "Code", p.code, placeholder="e.g. ERP-01"),
        FormField("name", "Name", p.name, placeholder="what the project delivers"),
        FormField(
            "project_type",
            "Type",
            p.project_type,
            "select",
            [(t.value.replace("-", " "), t.value) for t in ProjectType],
            allow_blank=False,
        ),
        FormField(
            "methodology",
            "Methodology",
            p.methodology,
            "select",
            [(m.value, m.value) for m in Methodology],
            allow_blank=False,
        ),
        FormField(
            "phase",
            "Phase",
            p.phase,
            "select",
            [(ph.label, ph.value) for ph in Phase],
            allow_blank=False,
        ),
        FormField(
            "health",
            "Health",
            p.health,
            "select",
            [(h.value, h.value) for h in Health],
            allow_blank=False,
        ),
        FormField("start", "Start", _iso(p.start), parse=parse_date, placeholder="YYYY-MM-DD"),
        FormField(
            "target_finish",
            "Target finish",
            _iso(p.target_finish),
            parse=parse_date,
            placeholder="YYYY-MM-DD",
        ),
        FormField("sponsor", "Sponsor", p.sponsor),
        FormField("manager_id", "Manager", p.manager_id, "select", _people_options(people)),
        FormField("description", "Description", p.description, "multiline"),
    ]


def edit_project(app: App[Any], project_id: int | None, on_saved: Saved) -> None:
    """Open the project form (new when project_id is None) and save it."""

    from itpm_tui.services.lifecycle.templates import create_from_template

    def show(view: ProjectFormView) -> None:
        project, people, templates = view.project, view.people, view.templates
        version = project.version if project else None
        today = itpm_app(app).today

        def save(session: Session, values: dict[str, Any]) -> int:
            template = values.pop("template", None)
            data = project_service.ProjectInput(**values)
            if project_id is None and template:
                return create_from_template(session, template, data, today)
            if project_id is None:
                saved = project_service.create_project(session, data)
            else:
                saved = project_service.update_project(session, project_id, data, version)
            return id_of(saved)

        def label(values: dict[str, Any]) -> str:
            if project_id is None:
                return f"add project {values.get('code', '')}"
            return f"edit project {project.code if project else ''}"

        fields = project_fields(project, people)
        if project is None:
            # A template fills in the WBS, starter risks and the handover checklist.
            fields.insert(2, FormField("template", "Template", None, "select", templates))
        title = "New project" if project is None else _title_with("Edit project", project.code)
        app.push_screen(
            FormScreen(
                title,
                fields,
                FormWrite(label, save),
                reload=lambda: edit_project(app, project_id, on_saved),
            ),
            lambda result: on_saved(result) if result is not None else None,
        )

    itpm_app(app).read(project_form_view, project_id, then=show)


def delete_project(
    app: App[Any], project_id: int, code: str, name: str, tasks: int, on_deleted: Callable[[], Any]
) -> None:
    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def done(count: int) -> None:
            app.notify(f"Deleted {code} and its {count} task(s).", markup=False)
            on_deleted()

        itpm_app(app).write(
            f"delete project {code}", project_service.delete_project, project_id, then=done
        )

    app.push_screen(
        ConfirmScreen(f"Delete project {code} '{name}' and its {tasks} task(s)?"), confirmed
    )


# --- tasks -----------------------------------------------------------------------------------


def task_fields(
    task: Task | None,
    people: list[Person],
    parents: list[tuple[str, int]],
    sprints: Sequence[tuple[str, int]] = (),
    predecessors: str = "",
) -> list[FormField]:
    t = task or Task(project_id=0, title="")
    estimate = "" if t.estimate_days is None else format_estimate(t.estimate_days)
    return [
        FormField("title", "Title", t.title, placeholder="what is to be done"),
        FormField(
            "status",
            "Status",
            t.status,
            "select",
            [(STATUS_LABELS[s.value], s.value) for s in TaskStatus],
            allow_blank=False,
        ),
        FormField(
            "priority",
            "Priority",
            t.priority,
            "select",
            [(p.value, p.value) for p in Priority],
            allow_blank=False,
        ),
        FormField("assignee_id", "Assignee", t.assignee_id, "select", _people_options(people)),
        FormField("parent_id", "Under (WBS)", t.parent_id, "select", parents),
        FormField(
            "estimate_days",
            "Estimate",
            estimate,
            parse=parse_estimate,
            placeholder="e.g. 3d, 2w, 1.5d, 4h",
            extra={"format": format_estimate},
        ),
        FormField("start", "Start", _iso(t.start), parse=parse_date, placeholder="YYYY-MM-DD"),
        FormField("finish", "Finish", _iso(t.finish), parse=parse_date, placeholder="YYYY-MM-DD"),
        FormField(
            "predecessors",
            "Predecessors",
            predecessors,
            parse=parse_predecessors,
            placeholder="WBS codes, e.g. 3FS+2d, 5SS",
        ),
        FormField("percent_complete", "% complete", str(t.percent_complete), parse=parse_percent),
        FormField("is_milestone", "Milestone", t.is_milestone, "bool"),
        FormField("phase", "Phase", t.phase, "select", [(ph.label, ph.value) for ph in Phase]),
        FormField("tags", "Tags", t.tags, placeholder="comma separated"),
        FormField("sprint_id", "Sprint", t.sprint_id, "select", list(sprints)),
        FormField("description", "Description", t.description, "multiline"),
    ]


def edit_task(
    app: App[Any],
    project_id: int,
    task_id: int | None,
    on_saved: Saved,
    parent_id: int | None = None,
) -> None:
    """Open the task form (new when task_id is None, under parent_id) and save it.

    Saving reschedules the project in the same transaction.
    """
    today = itpm_app(app).today

    def show(view: TaskFormView) -> None:
        if view.closed:  # a new task in a closed project: refused at the key
            app.notify(view.closed, severity="warning", markup=False)
            return
        task, waits_on = view.task, view.waits_on
        if task is None and parent_id is not None:
            task = Task(project_id=project_id, title="", parent_id=parent_id)
        version = task.version if task and task_id else None

        def save(session: Session, values: dict[str, Any]) -> int:
            # Saved with the task, in its transaction; unchanged text is left alone.
            links = values.pop("predecessors")
            changed = links != parse_predecessors(waits_on)
            data = task_service.TaskInput(**values)
            saved = save_task_and_links(
                session, project_id, task_id, data, version, today, links if changed else None
            )
            return id_of(saved)

        def label(values: dict[str, Any]) -> str:
            title = " ".join(str(values.get("title") or "").split())
            return f"add task '{title}'" if task_id is None else f"edit task '{title}'"

        title = (
            "New task" if task_id is None else _title_with("Edit task", task.title if task else "")
        )
        app.push_screen(
            FormScreen(
                title,
                task_fields(task, list(view.people), list(view.parents), view.sprints, waits_on),
                FormWrite(label, save, project_id),
                reload=lambda: edit_task(app, project_id, task_id, on_saved, parent_id),
            ),
            lambda result: on_saved(result) if result is not None else None,
        )

    itpm_app(app).read(task_form_view, project_id, task_id, then=show)


def delete_task(app: App[Any], task_id: int, title: str, on_deleted: Callable[[], Any]) -> None:
    def ask(subtasks: int) -> None:
        extra = f" and its {subtasks} sub-task(s)" if subtasks else ""

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(_: int) -> None:
                app.notify(f"Deleted '{title}'{extra}.", markup=False)
                on_deleted()

            itpm_app(app).write(
                f"delete task '{title}'{extra}", task_service.delete_task, task_id, then=done
            )

        app.push_screen(ConfirmScreen(f"Delete task '{title}'{extra}?"), confirmed)

    itpm_app(app).read(task_service.count_subtasks, task_id, then=ask)


# --- people ------------------------------------------------------------------------------


def person_fields(person: Person | None) -> list[FormField]:
    p = person or Person(name="")
    return [
        FormField("name", "Name", p.name),
        FormField("role", "Role", p.role, placeholder="e.g. Network engineer"),
        FormField("email", "E-mail", p.email),
        FormField("team", "Team", p.team),
        FormField(
            "cost_rate_cents",
            "Cost rate / hour",
            format_money(p.cost_rate_cents),
            parse=lambda text: parse_money(text) or 0,
            extra={"format": format_money},
        ),
        FormField(
            "capacity_hours_per_day",
            "Hours a day",
            f"{p.capacity_hours_per_day:g}",
            parse=lambda text: parse_number(text, maximum=24, what="number of hours") or 0.0,
        ),
    ]


def edit_person(app: App[Any], person_id: int | None, on_saved: Saved) -> None:
    def show(person: Person | None) -> None:
        version = person.version if person else None

        def save(session: Session, values: dict[str, Any]) -> int:
            data = people_service.PersonInput(**values)
            if person_id is None:
                saved = people_service.create_person(session, data)
            else:
                saved = people_service.update_person(session, person_id, data, version)
            return id_of(saved)

        def label(values: dict[str, Any]) -> str:
            name = people_service.PersonInput(**values).name
            return f"add person {name}" if person_id is None else f"edit person {name}"

        title = "New person" if person is None else _title_with("Edit person", person.name)
        app.push_screen(
            FormScreen(
                title,
                person_fields(person),
                FormWrite(label, save),
                reload=lambda: edit_person(app, person_id, on_saved),
            ),
            lambda result: on_saved(result) if result is not None else None,
        )

    if person_id is None:
        show(None)
    else:
        itpm_app(app).read(people_service.get_person, person_id, then=show)


def delete_person(app: App[Any], person_id: int, name: str, on_deleted: Callable[[], Any]) -> None:
    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def done(_: None) -> None:
            app.notify(f"Deleted {name}; their tasks are now unassigned.", markup=False)
            on_deleted()

        itpm_app(app).write(
            f"delete person {name}", people_service.delete_person, person_id, then=done
        )

    app.push_screen(ConfirmScreen(f"Delete {name}? Their tasks stay, unassigned."), confirmed)
