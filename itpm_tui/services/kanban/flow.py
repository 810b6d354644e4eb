"""Flow metrics from the board's move history: lead time, cycle time, throughput, CFD."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Move:
    """One recorded move of a card (plain data: CardMove rows, or made up in tests)."""

    task_id: int
    to_name: str
    to_done: bool
    started: bool  # the target column means work has begun (in progress, review, done)
    at: datetime


@dataclass(frozen=True)
class FlowSummary:
    cycle_time_days: float | None  # average, over cards finished in the window
    lead_time_days: float | None
    throughput: int  # cards that reached done in the window
    window_days: int


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400


def flow_summary(
    moves: Iterable[Move],
    created: dict[int, datetime],
    now: datetime,
    window_days: int = 14,
) -> FlowSummary:
    """Cycle time: first start to the last arrival in done; lead time: created to done.

    Only cards whose last arrival in done falls within the window count, and only
    if they are still done (a card that left done again is not finished).
    """
    by_task: dict[int, list[Move]] = {}
    for move in sorted(moves, key=lambda m: m.at):
        by_task.setdefault(move.task_id, []).append(move)
    since = now - timedelta(days=window_days)
    cycles: list[float] = []
    leads: list[float] = []
    for task_id, history in by_task.items():
        last = history[-1]
        if not last.to_done or last.at < since or last.at > now:
            continue
        first_start = next((m.at for m in history if m.started), last.at)
        cycles.append(_days(last.at - first_start))
        if task_id in created:
            leads.append(_days(last.at - created[task_id]))
    return FlowSummary(
        cycle_time_days=sum(cycles) / len(cycles) if cycles else None,
        lead_time_days=sum(leads) / len(leads) if leads else None,
        throughput=len(cycles),
        window_days=window_days,
    )


def cumulative_flow(
    moves: Iterable[Move],
    initial: dict[int, str],
    columns: list[str],
    first: date,
    last: date,
    created: dict[int, datetime] | None = None,
) -> list[tuple[date, dict[str, int]]]:
    """Cards per column at the end of each day from `first` to `last`.

    `initial` is each card's column before the first move listed (its first move's
    origin, or where it sits now when it never moved). With `created`, a card is counted
    only from the day it was created: scope added later shows as a step, not as having
    been there all along.
    """
    where = dict(initial)
    ordered = sorted(moves, key=lambda m: m.at)
    born = created or {}
    tz = next((m.at.tzinfo for m in ordered), None) or next(
        (at.tzinfo for at in born.values()), None
    )
    result: list[tuple[date, dict[str, int]]] = []
    index = 0
    day = first
    while day <= last:
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
        while index < len(ordered) and ordered[index].at < end:
            where[ordered[index].task_id] = ordered[index].to_name
            index += 1
        counts = Counter(
            name
            for task_id, name in where.items()
            if task_id not in born or _before(born[task_id], end)
        )
        result.append((day, {name: counts.get(name, 0) for name in columns}))
        day += timedelta(days=1)
    return result


def _before(moment: datetime, end: datetime) -> bool:
    # Naive and aware datetimes both occur (SQLite hands back naive UTC): compare as UTC.
    if (moment.tzinfo is None) != (end.tzinfo is None):
        moment = moment.replace(tzinfo=end.tzinfo)
    return moment < end
