"""A project's monitoring dashboard as plain data: EVM, S-curve, budget, KPIs, alerts, burn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from itpm_tui.models import (
    Baseline,
    BaselineTask,
    BudgetCategory,
    CardMove,
    Defect,
    Downtime,
    Methodology,
    Project,
    SatisfactionScore,
    Task,
    TaskStatus,
    WorkflowColumn,
)
from itpm_tui.services.monitoring import kpi_records
from itpm_tui.services.monitoring import kpis as kpi
from itpm_tui.services.monitoring.alerts import Alert, AlertContext, project_alerts
from itpm_tui.services.monitoring.budget import BudgetSummary, summarise
from itpm_tui.services.monitoring.budget_records import cost_by_day, line_figures
from itpm_tui.services.monitoring.evm import CurvePoint, Evm, PlannedTask, earned_value, s_curve
from itpm_tui.services.planning.progress import (
    ProgressPoint,
    first_recorded,
    progress_history,
    progress_on,
)
from itpm_tui.services.planning.schedule_records import project_calendar
from itpm_tui.services.planning.status_date import check_status_date
from itpm_tui.services.portfolio.projects import get_project
from itpm_tui.services.resources.load import resource_load
from itpm_tui.services.shared.query import select_columns

if TYPE_CHECKING:
    from itpm_tui.models import BudgetLine

DEFECT_TAGS = {"defect", "bug", "incident"}


@dataclass(frozen=True)
class TaskFacts:
    id: int
    title: str
    status: str
    is_leaf: bool
    is_milestone: bool
    start: date | None
    finish: date | None
    actual_start: date | None
    actual_finish: date | None
    percent: int
    weight_days: Fraction
    tags: str
    created_on: date


@dataclass(frozen=True)
class Dashboard:
    project: Project
    status_date: date
    baseline_name: str | None  # None: measured against the current plan
    evm: Evm
    curve: list[CurvePoint]
    budget: BudgetSummary
    kpis: list[kpi.Kpi]
    health: str  # by the portfolio's rules on schedule, cost, risk and quality
    health_reason: str
    alerts: list[Alert]
    burn: list[tuple[date, int, int]] = field(default_factory=list)  # day, done, total
    flow_columns: list[str] = field(default_factory=list)
    flow: list[tuple[date, dict[str, int]]] = field(default_factory=list)
    milestones_done: list[tuple[str, date | None]] = field(default_factory=list)
    milestones_next: list[tuple[str, date | None]] = field(default_factory=list)
    milestones_slipped: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    # Every dimension's reason (schedule, cost, ...), "" when green: not only the worst one's.
    health_reasons: dict[str, str] = field(default_factory=dict)
    # The first day progress was recorded: before it, the figures know of no progress.
    progress_since: date | None = None

    @property
    def progress_unknown(self) -> bool:
        """The status date falls before any progress was recorded."""
        return self.progress_since is not None and self.status_date < self.progress_since

    @property
    def currency(self) -> str:
        return self.project.currency

    @property
    def is_agile(self) -> bool:
        return self.project.methodology != Methodology.WATERFALL.value


def facts_as_of(
    facts: list[TaskFacts], history: dict[int, list[ProgressPoint]], day: date
) -> list[TaskFacts]:
    """The tasks as they stood at the end of `day`: progress recorded after it is not known."""
    result = []
    for t in facts:
        point = progress_on(history.get(t.id), day)
        if point is None:
            percent, started, finished = 0, None, None
        else:
            percent, started, finished = point.percent, point.actual_start, point.actual_finish
        if percent >= 100:
            status = TaskStatus.DONE.value
        elif t.status == TaskStatus.DONE.value:  # finished only after `day`
            status = TaskStatus.IN_PROGRESS.value if percent or started else TaskStatus.TODO.value
        else:
            status = t.status
        result.append(
            replace(
                t,
                status=status,
                percent=percent,
                actual_start=started,
                actual_finish=finished if percent >= 100 else None,
            )
        )
    return result


def task_facts(session: Session, project_id: int) -> list[TaskFacts]:
    rows = session.exec(
        select_columns(
            Task.id,
            Task.title,
            Task.status,
            Task.parent_id,
            Task.is_milestone,
            Task.start,
            Task.finish,
            Task.actual_start,
            Task.actual_finish,
            Task.percent_complete,
            Task.estimate_days,
            Task.duration_days,
            Task.tags,
            Task.created_at,
        ).where(Task.project_id == project_id)
    ).all()
    parents = {r[3] for r in rows if r[3] is not None}
    facts = []
    for r in rows:
        weight = r[10] if r[10] is not None else r[11]
        facts.append(
            TaskFacts(
                r[0],
                r[1],
                r[2],
                r[0] not in parents,
                bool(r[4]),
                r[5],
                r[6],
                r[7],
                r[8],
                100 if r[2] == TaskStatus.DONE.value else int(r[9]),
                Fraction(str(weight)) if weight else Fraction(1),
                r[12],
                r[13].date(),
            )
        )
    return facts


def _baseline(session: Session, project_id: int) -> tuple[str | None, dict[int, tuple[date, date]]]:
    baseline = session.exec(
        select(Baseline)
        .where(Baseline.project_id == project_id)
        .order_by(col(Baseline.created_at).desc(), col(Baseline.id).desc())
    ).first()
    if baseline is None:
        return None, {}
    rows = session.exec(
        select(BaselineTask.task_id, col(BaselineTask.start), col(BaselineTask.finish)).where(
            BaselineTask.baseline_id == baseline.id
        )
    ).all()
    return baseline.name, {tid: (s, f) for tid, s, f in rows if s is not None and f is not None}


def _targets(session: Session, project_id: int) -> dict[str, Decimal]:
    return {row.kpi: row.target for row in kpi_records.list_targets(session, project_id)}


def _uptime(
    session: Session, project_id: int, status_date: date, target: Decimal
) -> kpi.Kpi | None:
    window = kpi_records.get_window(session, project_id)
    if window is None:
        return None
    first, last = kpi.uptime_period(status_date)
    downs = session.exec(
        select(Downtime).where(
            Downtime.project_id == project_id, Downtime.end >= first, Downtime.start <= last
        )
    ).all()
    weekdays = kpi_records.window_weekdays(window)
    return kpi.uptime(
        [(d.start, d.end, d.planned) for d in downs],
        first,
        last,
        window.start_hour,
        window.end_hour,
        weekdays,
        target,
    )


def _defect_kpi(
    session: Session, project_id: int, facts: list[TaskFacts], status_date: date, target: Decimal
) -> kpi.Kpi:
    """Resolution time from the quality register's defects, as of the status date.

    Tasks tagged defect, bug or incident count too, unless a logged defect already
    names them (the same defect is not counted twice).
    """
    logged = session.exec(
        select(col(Defect.opened), col(Defect.resolved), col(Defect.task_id)).where(
            Defect.project_id == project_id, Defect.opened <= status_date
        )
    ).all()
    named = {task_id for _, _, task_id in logged if task_id is not None}
    spans = [(opened, resolved) for opened, resolved, _ in logged]
    spans += [
        (t.created_on, t.actual_finish if t.status == TaskStatus.DONE.value else None)
        for t in facts
        if t.id not in named
        and t.created_on <= status_date
        and DEFECT_TAGS & {s.strip().lower() for s in t.tags.split(",")}
    ]
    resolved = [(r - o).days for o, r in spans if r is not None and r <= status_date]
    return kpi.defect_resolution(resolved, target, open_count=len(spans) - len(resolved))


def _flow(
    session: Session, project_id: int, status_date: date, days: int = 28
) -> tuple[list[str], list[str], list[tuple[date, dict[str, int]]]]:
    """Cards per board column at the end of each day (services.flow), and the done columns."""
    from itpm_tui.services.kanban.flow import Move, cumulative_flow

    columns = list(
        session.exec(
            select(WorkflowColumn)
            .where(WorkflowColumn.project_id == project_id)
            .order_by(col(WorkflowColumn.position))
        )
    )
    names = [c.name for c in columns]
    done = [c.name for c in columns if c.is_done]
    by_id = {c.id: c.name for c in columns}
    # Cards are the board's work: milestones and summary tasks are not cards.
    parents = select(Task.parent_id).where(
        Task.project_id == project_id, col(Task.parent_id).is_not(None)
    )
    cards = session.exec(
        select(Task.id, Task.column_id, Task.created_at).where(
            Task.project_id == project_id,
            col(Task.column_id).is_not(None),
            col(Task.is_milestone).is_(False),
            col(Task.id).not_in(parents),
        )
    ).all()
    rows = session.exec(
        select_columns(
            CardMove.task_id,
            CardMove.from_name,
            CardMove.to_name,
            CardMove.to_done,
            CardMove.moved_at,
        )
        .join(Task, col(Task.id) == col(CardMove.task_id))
        .where(Task.project_id == project_id)
        .order_by(col(CardMove.moved_at), col(CardMove.id))
    ).all()
    # Where each card was before the first move listed: that move's origin, else where it is.
    initial = {
        task_id: by_id.get(column_id, "") for task_id, column_id, _ in cards if task_id is not None
    }
    created = {task_id: at for task_id, _, at in cards if task_id is not None}
    seen: set[int] = set()
    for task_id, from_name, _, _, _ in rows:
        if task_id in initial and task_id not in seen:
            seen.add(task_id)
            if from_name:
                initial[task_id] = from_name
    moves = [
        Move(t, to_name, bool(to_done), False, at)
        for t, _, to_name, to_done, at in rows
        if t in initial
    ]
    first = status_date - timedelta(days=days - 1)
    return names, done, cumulative_flow(moves, initial, names, first, status_date, created)


def project_dashboard(
    session: Session,
    project_id: int,
    status_date: date,
    *,
    with_alerts: bool = True,
    rated: bool = True,
    charts: bool = True,
) -> Dashboard:
    """Everything the monitoring screen and the status report show, as of `status_date`.

    `rated=False` leaves health unrated (the portfolio rates every project at once, with
    measured_indicators of each); `charts=False` leaves out the S-curve and flow charts."""
    project = get_project(session, project_id)
    check_status_date(project, status_date)
    calendar = project_calendar(session, project_id)
    history = progress_history(session, project_id)
    facts = facts_as_of(task_facts(session, project_id), history, status_date)
    baseline_name, baseline = _baseline(session, project_id)
    work = [t for t in facts if t.is_leaf and not t.is_milestone]
    dates = {
        t.id: baseline.get(t.id) or ((t.start, t.finish) if t.start and t.finish else None)
        for t in work
    }
    figures = line_figures(session, project_id, status_date)
    bac = sum(f.planned for f in figures if f.category != BudgetCategory.CONTINGENCY.value)
    weights = {t.id: t.weight_days for t in work if dates.get(t.id)}
    total_weight = sum(weights.values()) or Fraction(1)
    shares = {tid: Fraction(bac) * w / total_weight for tid, w in weights.items()}
    planned = [
        PlannedTask(
            t.id,
            dates[t.id][0],  # type: ignore[index]
            dates[t.id][1],  # type: ignore[index]
            shares[t.id],
            t.percent,
            t.actual_start,
            t.actual_finish,
            tuple((p.day, p.percent) for p in history.get(t.id, ())),
            weights[t.id],
        )
        for t in work
        if t.id in shares
    ]
    costs = cost_by_day(session, project_id)
    opening = sum(line.actual_cents for line in _lines(session, project_id))
    costs_to_date = [(d, c) for d, c in costs if d <= status_date]
    if opening:
        costs_to_date.insert(0, (project.start or status_date, opening))
    ac = opening + sum(c for d, c in costs if d <= status_date)
    evm = earned_value(planned, status_date, ac, calendar, bac)
    curve = s_curve(planned, costs_to_date, status_date, calendar) if charts else []
    budget = summarise(figures, project.start, project.target_finish, status_date)
    targets = _targets(session, project_id)
    milestones = [t for t in facts if t.is_milestone]
    kpi_list = [
        kpi.completion(evm.percent_complete, evm.percent_planned, targets["completion"]),
        kpi.budget_adherence(evm.cpi, targets["budget"]),
        kpi.on_time_delivery(
            [
                (
                    baseline.get(m.id, (m.start, m.finish))[1],
                    m.actual_finish if m.status == TaskStatus.DONE.value else None,
                )  # type: ignore[misc]
                for m in milestones
                if baseline.get(m.id) or m.finish
            ],
            status_date,
            targets["on_time"],
        ),
    ]
    up = _uptime(session, project_id, status_date, targets["uptime"])
    if up is not None:
        kpi_list.append(up)
    kpi_list.append(_defect_kpi(session, project_id, facts, status_date, targets["defects"]))
    scores = session.exec(
        select(SatisfactionScore.score).where(
            SatisfactionScore.project_id == project_id, SatisfactionScore.taken_on <= status_date
        )
    ).all()
    kpi_list.append(kpi.satisfaction(list(scores), targets["satisfaction"]))
    baseline_finish = {tid: f for tid, (_, f) in baseline.items()}
    alerts: list[Alert] = []
    if with_alerts:
        window_end = status_date + timedelta(weeks=4)
        people = _assignees(session, project_id, status_date - timedelta(days=6), window_end)
        load = resource_load(session, status_date, 4, people)
        ctx = AlertContext(
            project_id,
            status_date,
            facts,
            baseline_finish,
            budget,
            [o for o in load.over if any(code == project.code for _, code, _, _ in o.tasks)],
            project.currency,
            kpi_list,
        )
        alerts = project_alerts(session, ctx)
    done_ms = [
        (m.title, m.actual_finish or m.finish)
        for m in milestones
        if m.status == TaskStatus.DONE.value
    ]
    # Next means after the status date: one still open before it is late, not next.
    next_ms = sorted(
        [
            (m.title, m.finish)
            for m in milestones
            if m.status != TaskStatus.DONE.value and (m.finish is None or m.finish >= status_date)
        ],
        key=lambda x: x[1] or date.max,
    )
    slipped = [
        (m.title, baseline_finish.get(m.id), m.actual_finish or m.finish)
        for m in milestones
        if m.id in baseline_finish
        and (m.actual_finish or m.finish) is not None
        and (m.actual_finish or m.finish) > baseline_finish[m.id]  # type: ignore[operator]
    ]
    from itpm_tui.services.portfolio.health import portfolio_health

    # Health is rated on everything this dashboard shows: the earned value and KPIs too.
    health, reason, reasons = "", "", {}
    if rated:
        rules = portfolio_health(session, status_date, project_id, extra=measured(evm, kpi_list))[0]
        health, reason, reasons = rules.health, rules.reason, rules.reasons
    columns: list[str] = []
    flow: list[tuple[date, dict[str, int]]] = []
    burn: list[tuple[date, int, int]] = []
    if charts and project.methodology != Methodology.WATERFALL.value:
        columns, done_columns, flow = _flow(session, project_id, status_date)
        # The burn-up is the done band of the cumulative flow; the top is the scope.
        burn = [
            (day, sum(counts[c] for c in done_columns), sum(counts.values()))
            for day, counts in flow
        ]
    return Dashboard(
        project,
        status_date,
        baseline_name,
        evm,
        curve,
        budget,
        kpi_list,
        health,
        reason,
        alerts,
        burn=burn,
        flow_columns=columns,
        flow=flow,
        milestones_done=done_ms,
        milestones_next=next_ms,
        milestones_slipped=slipped,
        progress_since=first_recorded(history),
        health_reasons=reasons,
    )


def measured(evm: Any, kpi_list: list[kpi.Kpi]) -> dict[str, Any]:
    """The indicators only a project's dashboard measures: SPI, CPI and its red KPIs."""
    return {
        "spi": evm.spi,
        "cpi": evm.cpi,
        "kpis_red": sum(1 for k in kpi_list if k.health == kpi.RED),
    }


def measured_indicators(session: Session, project_id: int, status_date: date) -> dict[str, Any]:
    """A project's measured indicators as of `status_date` (none before it starts)."""
    board = project_dashboard(
        session, project_id, status_date, with_alerts=False, rated=False, charts=False
    )
    return measured(board.evm, board.kpis)


def _lines(session: Session, project_id: int) -> Sequence[BudgetLine]:
    from itpm_tui.models import BudgetLine

    return session.exec(select(BudgetLine).where(BudgetLine.project_id == project_id)).all()


def _assignees(session: Session, project_id: int, first: date, last: date) -> set[int]:
    """People with open work of this project between `first` and `last`."""
    return {
        pid
        for pid in session.exec(
            select(Task.assignee_id)
            .where(
                Task.project_id == project_id,
                col(Task.assignee_id).is_not(None),
                Task.status != TaskStatus.DONE.value,
                col(Task.start) <= last,
                col(Task.finish) >= first,
            )
            .distinct()
        )
        if pid is not None
    }


@dataclass(frozen=True)
class StatusDashboard:
    """The dashboard at the project's status date, and what moved that date (or "")."""

    board: Dashboard
    note: str


def dashboard_at_status_date(session: Session, project_id: int, today: date) -> StatusDashboard:
    """The project keeps its status date (across restarts and gates); by default today."""
    from itpm_tui.services.planning.status_date import status_date_of

    chosen = status_date_of(session, project_id, today)
    return StatusDashboard(project_dashboard(session, project_id, chosen.day), chosen.note)
