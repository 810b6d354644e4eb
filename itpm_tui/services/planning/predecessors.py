"""A task's predecessors as MS Project writes them (`3FS+2d, 5SS`): read, written, replaced."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from itpm_tui.models import Dependency, Project, Task
from itpm_tui.services.planning.schedule_records import add_dependency
from itpm_tui.services.planning.wbs import wbs_order
from itpm_tui.services.shared.errors import ItpmError, ValidationError

KINDS = ("FS", "SS", "FF", "SF")
# A lag or lead longer than this many working days is a typing slip, not a plan.
MAX_LAG = 999
FIELD = "predecessors"

_ENTRY = re.compile(
    r"""^(?:(?P<project>[A-Za-z][A-Za-z0-9_-]*)\s*:\s*)?   # another project's code
        (?P<wbs>\d{1,6}(?:\.\d{1,6}){0,9})                   # WBS code as the chart shows it
        \s*(?P<kind>FS|SS|FF|SF)?
        \s*(?:(?P<sign>[+-])\s*(?P<lag>\d+)\s*(?:d|days?|wd)?)?$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Predecessor:
    """One entry: the predecessor by WBS code (and project code when it is another's)."""

    wbs: str
    kind: str = "FS"
    lag: int = 0
    project: str = ""

    @property
    def ref(self) -> str:
        return f"{self.project}:{self.wbs}" if self.project else self.wbs


def format_entry(entry: Predecessor) -> str:
    """`3` for finish-to-start without lag, else `3FS+2d`, `5SS`, `2.1FF-1d`."""
    if entry.kind == "FS" and entry.lag == 0:
        return entry.ref
    lag = f"{entry.lag:+d}d" if entry.lag else ""
    return f"{entry.ref}{entry.kind}{lag}"


def format_predecessors(entries: Iterable[Predecessor]) -> str:
    return ", ".join(format_entry(e) for e in entries)


def parse_predecessors(text: str) -> list[Predecessor]:
    """Read `3FS+2d, 5SS, ERP-S4:2.1`; a wrong entry raises ValueError naming it."""
    entries: list[Predecessor] = []
    seen: set[str] = set()
    for raw in re.split(r"[,;]", text):
        part = raw.strip()
        if not part:
            continue
        match = _ENTRY.match(part)
        if match is None:
            shown = part if len(part) <= 20 else part[:20] + "..."
            raise ValueError(f"'{shown}' is not a predecessor: write e.g. 3, 3FS+2d, 5SS")
        lag = int(match["lag"] or 0)
        if lag > MAX_LAG:
            raise ValueError(f"'{part}': a lag is at most {MAX_LAG} working days")
        if match["sign"] == "-":
            lag = -lag
        entry = Predecessor(
            wbs=match["wbs"],
            kind=(match["kind"] or "FS").upper(),
            lag=lag,
            project=(match["project"] or "").upper(),
        )
        if entry.ref in seen:
            raise ValueError(f"{entry.ref} is listed twice")
        seen.add(entry.ref)
        entries.append(entry)
    return entries


# --- the database side ---------------------------------------------------------------------


def wbs_codes(session: Session, project_id: int) -> dict[int, str]:
    """Task id -> WBS code, as the chart and the task list show it."""
    rows = session.exec(
        select(Task.id, Task.parent_id, Task.position).where(Task.project_id == project_id)
    ).all()
    return {entry.id: entry.code for entry in wbs_order(rows)}  # type: ignore[arg-type]


def predecessor_texts(session: Session, project_id: int) -> dict[int, str]:
    """Each task of the project that waits on something -> its predecessors as text."""
    codes = wbs_codes(session, project_id)
    links = session.exec(
        select(Dependency, Task.project_id)
        .join(Task, col(Task.id) == col(Dependency.predecessor_id))
        .where(col(Dependency.successor_id).in_(list(codes)))
    ).all()
    others: dict[int, dict[int, str]] = {}
    project_codes: dict[int, str] = {}
    found: dict[int, list[tuple[str, Predecessor]]] = {}
    for link, pred_project in links:
        if pred_project == project_id:
            entry = Predecessor(codes.get(link.predecessor_id, "?"), link.kind, link.lag_days)
        else:
            if pred_project not in others:
                others[pred_project] = wbs_codes(session, pred_project)
                project = session.get(Project, pred_project)
                project_codes[pred_project] = project.code if project else "?"
            code = others[pred_project].get(link.predecessor_id, "?")
            entry = Predecessor(code, link.kind, link.lag_days, project_codes[pred_project])
        found.setdefault(link.successor_id, []).append((entry_order(entry), entry))
    return {
        tid: format_predecessors(e for _, e in sorted(entries, key=lambda x: x[0]))
        for tid, entries in found.items()
    }


def entry_order(entry: Predecessor) -> str:
    # Other projects last, then WBS order (2 before 10).
    return f"{entry.project or ' '}:" + ".".join(p.zfill(6) for p in entry.wbs.split("."))


def _resolve(session: Session, project_id: int, entries: list[Predecessor]) -> list[int]:
    codes: dict[str, dict[str, int]] = {}

    def ids_in(code: str) -> dict[str, int]:
        if code not in codes:
            pid = project_id
            if code:
                project = session.exec(select(Project).where(Project.code == code)).first()
                if project is None:
                    raise ValidationError({FIELD: f"no project has the code {code}"})
                pid = project.id  # type: ignore[assignment]
            codes[code] = {wbs: tid for tid, wbs in wbs_codes(session, pid).items()}
        return codes[code]

    found = []
    for entry in entries:
        task_id = ids_in(entry.project).get(entry.wbs)
        if task_id is None:
            raise ValidationError({FIELD: f"there is no task {entry.ref}"})
        found.append(task_id)
    return found


def set_predecessors(session: Session, task: Task, entries: list[Predecessor]) -> None:
    """Make `entries` the task's predecessors, in the caller's transaction.

    An unknown task or a cycle raises ValidationError on the predecessors field, with
    the names, and the caller's transaction is rolled back with it.
    """
    wanted = list(entries)
    task_id = int(task.id)  # type: ignore[arg-type]
    ids = _resolve(session, task.project_id, wanted)
    if task_id in ids:
        raise ValidationError({FIELD: "a task cannot wait on itself"})
    target = {pid: (e.kind, e.lag) for pid, e in zip(ids, wanted, strict=True)}
    current = session.exec(select(Dependency).where(Dependency.successor_id == task_id)).all()
    kept: set[int] = set()
    for link in current:
        if target.get(link.predecessor_id) == (link.kind, link.lag_days):
            kept.add(link.predecessor_id)
        else:
            session.delete(link)
    session.flush()
    for pred_id, (kind, lag) in target.items():
        if pred_id in kept:
            continue
        try:
            add_dependency(session, pred_id, task_id, kind, lag)
        except ValidationError as exc:
            raise ValidationError({FIELD: " ".join(exc.errors.values())}) from None
        except ItpmError as exc:
            raise ValidationError({FIELD: str(exc)}) from None
