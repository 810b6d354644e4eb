"""What the Gantt chart shows of a project: scheduled rows, baseline, variance, links."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from itpm_tui.models import Baseline
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.gantt_text import GanttRow
from itpm_tui.services.planning.predecessors import (
    Predecessor,
    entry_order,
    format_predecessors,
    wbs_codes,
)
from itpm_tui.services.planning.schedule import variance
from itpm_tui.services.planning.schedule_records import baseline_dates, compute, list_baselines
from itpm_tui.services.planning.wbs import wbs_order


@dataclass(frozen=True)
class LinkInfo:
    predecessor_id: int
    label: str  # "1.2 Install switches (FS+2)"


@dataclass
class PlanView:
    project_id: int
    rows: list[GanttRow]
    calendar: WorkCalendar
    project_start: date | None
    project_finish: date | None
    critical_path: list[int]
    conflicts: list[str]
    baselines: list[tuple[int, str]]
    baseline_name: str | None = None
    slips: dict[int, tuple[int, int]] = field(default_factory=dict)
    links: dict[int, list[LinkInfo]] = field(default_factory=dict)
    # Date constraints other than "as soon as possible": task id -> (kind, date).
    constraints: dict[int, tuple[str, date]] = field(default_factory=dict)

    def row(self, task_id: int) -> GanttRow | None:
        return next((r for r in self.rows if r.id == task_id), None)


def _lag_text(kind: str, lag: int) -> str:
    if lag == 0:
        return kind
    return f"{kind}{'+' if lag > 0 else ''}{lag}"


def plan_view(
    session: Session,
    project_id: int,
    today: date | None = None,
    baseline_id: int | None = None,
) -> PlanView:
    """Schedule the project and lay it out for the chart; baseline_id None shows none."""
    plan, result = compute(session, project_id, today, to_show=True)
    mine = {tid: t for tid, t in plan.tasks.items() if t.project_id == project_id}
    order = wbs_order((t.id, t.parent_id, t.position) for t in mine.values())  # type: ignore[misc]
    wbs = {entry.id: entry.code for entry in order}
    preds: dict[int, list[int]] = defaultdict(list)
    links: dict[int, list[LinkInfo]] = defaultdict(list)
    entries: dict[int, list[Predecessor]] = defaultdict(list)
    other_codes: dict[int, dict[int, str]] = {}
    for dep in plan.dependencies:
        if dep.successor_id not in mine:
            continue
        preds[dep.successor_id].append(dep.predecessor_id)
        other = plan.tasks.get(dep.predecessor_id)
        if other is None:
            continue
        if other.project_id == project_id:
            pred = Predecessor(wbs.get(other.id, "?"), dep.kind, dep.lag_days)  # type: ignore[arg-type]
        else:
            if other.project_id not in other_codes:
                other_codes[other.project_id] = wbs_codes(session, other.project_id)
            code = other_codes[other.project_id].get(other.id, "?")  # type: ignore[arg-type]
            project_code = plan.projects[other.project_id].code
            pred = Predecessor(code, dep.kind, dep.lag_days, project_code)
        entries[dep.successor_id].append(pred)
        where = wbs.get(other.id) or f"{plan.projects[other.project_id].code}"  # type: ignore[arg-type]
        label = f"{where} {other.title} ({_lag_text(dep.kind, dep.lag_days)})"
        links[dep.successor_id].append(LinkInfo(dep.predecessor_id, label))
    base: dict[int, tuple[date, date]] = {}
    baseline_name = None
    if baseline_id is not None:
        chosen = session.get(Baseline, baseline_id)
        if chosen is not None and chosen.project_id == project_id:
            base = baseline_dates(session, baseline_id)
            baseline_name = chosen.name
    rows = []
    for entry in order:
        task = mine[entry.id]
        computed = result.tasks.get(entry.id)
        b_start, b_finish = base.get(entry.id) or (None, None)
        rows.append(
            GanttRow(
                id=entry.id,
                wbs=entry.code,
                name=task.title,
                depth=entry.depth,
                duration=float(computed.duration) if computed else 0.0,
                start=computed.start if computed else task.start,
                finish=computed.finish if computed else task.finish,
                percent=round(computed.percent_complete) if computed else task.percent_complete,
                total_float=computed.total_float if computed else None,
                critical=bool(computed and computed.critical),
                milestone=task.is_milestone,
                summary=entry.has_children,
                baseline_start=b_start,
                baseline_finish=b_finish,
                predecessors=tuple(preds.get(entry.id, ())),
                predecessor_text=format_predecessors(
                    sorted(entries.get(entry.id, ()), key=entry_order)
                ),
                version=task.version,
            )
        )
    calendar = plan.calendars[project_id]
    current = {r.id: (r.start, r.finish) for r in rows if r.start and r.finish}
    slips = variance(current, base, calendar) if base else {}
    finishes = [r.finish for r in rows if r.finish]
    starts = [r.start for r in rows if r.start]
    return PlanView(
        project_id=project_id,
        rows=rows,
        calendar=calendar,
        project_start=min(starts) if starts else None,
        project_finish=max(finishes) if finishes else None,
        critical_path=[t for t in result.critical_path if t in mine],
        conflicts=result.conflicts,
        baselines=[(b.id, b.name) for b in list_baselines(session, project_id)],  # type: ignore[misc]
        baseline_name=baseline_name,
        slips=slips,
        links=dict(links),
        constraints={
            tid: (task.constraint_kind, task.constraint_date)
            for tid, task in mine.items()
            if task.constraint_kind != "ASAP" and task.constraint_date is not None
        },
    )
