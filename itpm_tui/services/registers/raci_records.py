"""The RACI chart of a project: tasks (rows) x people (columns), read, edited and checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, delete, func, select

from itpm_tui.models import Person, RaciAssignment, RaciMember, Task
from itpm_tui.services.planning.tasks import list_task_rows
from itpm_tui.services.registers.fields import project_of
from itpm_tui.services.registers.raci import (
    check_matrix,
    next_role,
    normalise_roles,
    overload_limit,
)
from itpm_tui.services.shared.errors import ItpmError, StaleEdit, ValidationError
from itpm_tui.services.shared.records import stale_message


@dataclass(frozen=True)
class RaciPerson:
    id: int
    name: str
    short: str


@dataclass
class RaciRow:
    task_id: int
    wbs: str
    title: str
    depth: int
    is_summary: bool
    cells: dict[int, str]
    problems: list[str]


@dataclass
class RaciMatrix:
    """The chart with its verdict: what each row lacks, who has no role, who has too many."""

    project_code: str
    people: list[RaciPerson]
    rows: list[RaciRow]
    idle: list[int] = field(default_factory=list)
    overloaded: list[int] = field(default_factory=list)
    load: dict[int, int] = field(default_factory=dict)
    limit: int = 0
    # Each filled cell's row version as read, by (task, person): a stale edit is refused.
    versions: dict[tuple[int, int], int] = field(default_factory=dict)

    def name_of(self, person_id: int) -> str:
        return next((p.name for p in self.people if p.id == person_id), "?")


def short_name(name: str, taken: set[str]) -> str:
    """Initials for a column header ('Ana Ruiz' -> 'AR'), made unique with a digit."""
    parts = [p for p in name.replace("-", " ").split() if p]
    base = "".join(p[0] for p in parts[:3]).upper() or "?"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate


def _people(session: Session, project_id: int) -> list[Person]:
    """Members in their order, then anyone holding a role on the project's tasks."""
    members = session.exec(
        select(Person)
        .join(RaciMember, col(RaciMember.person_id) == col(Person.id))
        .where(RaciMember.project_id == project_id)
        .order_by(col(RaciMember.position), col(Person.name))
    ).all()
    known = {p.id for p in members}
    others = session.exec(
        select(Person)
        .join(RaciAssignment, col(RaciAssignment.person_id) == col(Person.id))
        .join(Task, col(Task.id) == col(RaciAssignment.task_id))
        .where(Task.project_id == project_id)
        .distinct()
        .order_by(col(Person.name))
    ).all()
    return list(members) + [p for p in others if p.id not in known]


def load_matrix(session: Session, project_id: int) -> RaciMatrix:
    project = project_of(session, project_id)
    people = _people(session, project_id)
    taken: set[str] = set()
    columns = [RaciPerson(p.id, p.name, short_name(p.name, taken)) for p in people]  # type: ignore[arg-type]
    tasks = list_task_rows(session, project_id)
    cells: dict[int, dict[int, str]] = {t.id: {} for t in tasks}
    query = (
        select(RaciAssignment)
        .join(Task, col(Task.id) == col(RaciAssignment.task_id))
        .where(Task.project_id == project_id)
    )
    versions: dict[tuple[int, int], int] = {}
    for assignment in session.exec(query):
        cells[assignment.task_id][assignment.person_id] = assignment.roles
        versions[assignment.task_id, assignment.person_id] = assignment.version
    person_ids = [p.id for p in columns]
    check = check_matrix(cells, person_ids)
    rows = [
        RaciRow(
            t.id,
            t.wbs,
            t.title,
            t.depth,
            t.is_summary,
            cells[t.id],
            check.row_problems.get(t.id, []),
        )
        for t in tasks
    ]
    return RaciMatrix(
        project.code,
        columns,
        rows,
        check.idle,
        check.overloaded,
        check.load,
        overload_limit(len(rows)),
        versions,
    )


def ensure_cell_unchanged(session: Session, task_id: int, person_id: int, version: int) -> None:
    """Refuse an edit of a cell that changed since it was read (version 0: it was blank)."""
    now = session.exec(
        select(RaciAssignment).where(
            RaciAssignment.task_id == task_id, RaciAssignment.person_id == person_id
        )
    ).first()
    if (now.version if now else 0) != version:
        raise StaleEdit(stale_message("RACI cell"), {"roles": now.roles if now else ""})


def _task_in(session: Session, project_id: int, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.project_id != project_id:
        raise ItpmError("That task is not in this project any more.")
    return task


def set_roles(session: Session, project_id: int, task_id: int, person_id: int, roles: str) -> str:
    """Give a person roles on a task ('' clears them); returns the roles stored."""
    try:
        value = normalise_roles(roles)
    except ValueError as exc:
        raise ValidationError({"roles": str(exc)}) from None
    _task_in(session, project_id, task_id)
    if session.get(Person, person_id) is None:
        raise ItpmError("That person no longer exists.")
    existing = session.exec(
        select(RaciAssignment).where(
            RaciAssignment.task_id == task_id, RaciAssignment.person_id == person_id
        )
    ).first()
    if not value:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(RaciAssignment(task_id=task_id, person_id=person_id, roles=value))
    else:
        existing.roles = value
        session.add(existing)
    _ensure_member(session, project_id, person_id)
    session.flush()
    return value


def cycle_roles(session: Session, project_id: int, task_id: int, person_id: int) -> str:
    """Step a cell to the next role of the cycle: blank, R, A, A/R, C, I, blank."""
    current = session.exec(
        select(RaciAssignment.roles).where(
            RaciAssignment.task_id == task_id, RaciAssignment.person_id == person_id
        )
    ).first()
    return set_roles(session, project_id, task_id, person_id, next_role(current or ""))


def _ensure_member(session: Session, project_id: int, person_id: int) -> None:
    exists = session.exec(
        select(RaciMember.id).where(
            RaciMember.project_id == project_id, RaciMember.person_id == person_id
        )
    ).first()
    if exists is None:
        last = session.exec(
            select(func.max(RaciMember.position)).where(RaciMember.project_id == project_id)
        ).one()
        session.add(
            RaciMember(project_id=project_id, person_id=person_id, position=(last or 0) + 1)
        )


def add_member(session: Session, project_id: int, person_id: int) -> None:
    """Show a person as a column of the chart, even before they hold a role."""
    project_of(session, project_id)
    if session.get(Person, person_id) is None:
        raise ItpmError("That person no longer exists.")
    _ensure_member(session, project_id, person_id)
    session.flush()


def remove_member(session: Session, project_id: int, person_id: int) -> int:
    """Take a person off the chart with all their roles on this project; returns roles removed."""
    task_ids = select(Task.id).where(Task.project_id == project_id)
    removed = session.exec(
        delete(RaciAssignment).where(
            col(RaciAssignment.person_id) == person_id,
            col(RaciAssignment.task_id).in_(task_ids),
        )
    ).rowcount
    session.exec(
        delete(RaciMember).where(
            col(RaciMember.project_id) == project_id, col(RaciMember.person_id) == person_id
        )
    )
    session.flush()
    return int(removed or 0)


def matrix_table(
    matrix: RaciMatrix, *, ascii_only: bool = True
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the chart as text: WBS, task, one column per person, check."""
    ok = "ok" if ascii_only else "✓"
    headers = ["WBS", "Task", *[p.short for p in matrix.people], "Check"]
    rows = [
        [
            row.wbs,
            row.title,
            *[_shown_roles(row.cells.get(p.id, "")) for p in matrix.people],
            ", ".join(row.problems) if row.problems else ok,
        ]
        for row in matrix.rows
    ]
    return headers, rows


def _shown_roles(roles: str) -> str:
    return "A/R" if roles == "AR" else roles


def matrix_notes(matrix: RaciMatrix) -> list[str]:
    """One line per person problem, and the legend of the initials."""
    notes = [f"{p.short} = {p.name}" for p in matrix.people]
    for person_id in matrix.idle:
        notes.append(f"no role: {matrix.name_of(person_id)}")
    for person_id in matrix.overloaded:
        notes.append(
            f"too many: {matrix.name_of(person_id)} is R or A on {matrix.load[person_id]} rows"
            f" (more than {matrix.limit})"
        )
    return notes


def set_roles_unless_changed(
    session: Session, project_id: int, task_id: int, person_id: int, version: int, roles: str
) -> str:
    """Set a cell's roles, refused when the cell changed since read at `version` (0: blank)."""
    ensure_cell_unchanged(session, task_id, person_id, version)
    return set_roles(session, project_id, task_id, person_id, roles)


@dataclass(frozen=True)
class RaciCandidate:
    """A person not on the chart yet: shown with their role to choose from."""

    id: int
    name: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def people_to_add(session: Session, shown: frozenset[int]) -> list[RaciCandidate]:
    """The people not on the chart yet, to choose one from."""
    from itpm_tui.services.resources.people import list_people

    return [
        RaciCandidate(p.id, p.name, p.role)
        for p in list_people(session)
        if p.id is not None and p.id not in shown
    ]
