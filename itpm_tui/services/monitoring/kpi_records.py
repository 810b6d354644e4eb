"""KPI targets, the service window and recorded downtime of a project: list, save, delete."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from itpm_tui.models import Downtime, KpiTarget, Project, ServiceWindow
from itpm_tui.services.monitoring import kpis
from itpm_tui.services.shared.errors import StaleEdit, ValidationError
from itpm_tui.services.shared.parsing import format_weekdays, parse_weekdays, read_decimal
from itpm_tui.services.shared.records import fetch, stale_message
from itpm_tui.services.shared.text import clean_text

# The order the dashboard lists them in.
KPI_KEYS = ["completion", "budget", "on_time", "uptime", "defects", "satisfaction"]


@dataclass(frozen=True)
class TargetRule:
    """What a KPI's target means and its bounds; stored in hundredths of `unit`."""

    unit: str  # shown after the number: "%", "d", "/5", ...
    meaning: str  # the form's hint
    low: Decimal
    high: Decimal


TARGET_RULES = {
    "completion": TargetRule(
        " points", "points behind plan allowed, 0-100", Decimal(0), Decimal(100)
    ),
    "budget": TargetRule("", "CPI at least, e.g. 0.95 (0.01-10)", Decimal("0.01"), Decimal(10)),
    "on_time": TargetRule("%", "% of due milestones met, 0-100", Decimal(0), Decimal(100)),
    "uptime": TargetRule("%", "% of the service window up, 0-100", Decimal(0), Decimal(100)),
    "defects": TargetRule(
        " d", "days to resolve a defect, at most (0-3650)", Decimal(0), Decimal(3650)
    ),
    "satisfaction": TargetRule("/5", "average survey score, 1-5", Decimal(1), Decimal(5)),
}


def _number(value: Decimal) -> str:
    return f"{value:.2f}"


def format_target(kpi: str, value: Decimal) -> str:
    """'99.50%', 'CPI 0.95', '5.00 d', '4.00/5', '0.00 points'."""
    if kpi == "budget":
        return f"CPI {_number(value)}"
    return f"{_number(value)}{TARGET_RULES[kpi].unit}"


def parse_target(kpi: str, text: str) -> Decimal:
    """A target as typed ('99.5', '99.5%', '0,95') within the KPI's bounds, 2 decimals at most."""
    rule = TARGET_RULES[kpi]
    number = read_decimal(text.strip().rstrip("%"), comma=True)
    if number is None:
        raise ValueError("a target is required (x puts back the default)")
    return check_target(kpi, number, rule)


def check_target(kpi: str, number: Decimal, rule: TargetRule | None = None) -> Decimal:
    rule = rule or TARGET_RULES[kpi]
    if not number.is_finite():
        raise ValueError("is not a number")
    if not rule.low <= number <= rule.high:
        raise ValueError(f"must be between {rule.low} and {rule.high}")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError("at most 2 decimals")
    return number.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class TargetRow:
    """A KPI's target: the project's own or the default."""

    kpi: str
    target: Decimal
    own: bool
    # The own target's row version as read (0: none), so a form can refuse a stale save.
    version: int = dataclasses.field(default=0, compare=False)

    @property
    def name(self) -> str:
        return kpis.KPI_NAMES[self.kpi]


def list_targets(session: Session, project_id: int) -> list[TargetRow]:
    own = {
        row.kpi: row
        for row in session.exec(select(KpiTarget).where(KpiTarget.project_id == project_id))
        if row.kpi in kpis.DEFAULT_TARGETS
    }
    return [
        TargetRow(key, Decimal(own[key].target) / 100, True, own[key].version)
        if key in own
        else TargetRow(key, kpis.DEFAULT_TARGETS[key], False)
        for key in KPI_KEYS
    ]


def get_target(session: Session, project_id: int, kpi: str) -> TargetRow:
    """One KPI's target as it is now."""
    return next(row for row in list_targets(session, project_id) if row.kpi == kpi)


def ensure_target_unchanged(session: Session, project_id: int, kpi: str, version: int) -> None:
    """Refuse an edit of a target set or reset elsewhere since `version` was read."""
    now = get_target(session, project_id, kpi)
    if now.version != version:
        raise StaleEdit(stale_message("target"), {"target": now.target})


def set_target(session: Session, project_id: int, kpi: str, value: Decimal | None) -> KpiTarget:
    """The project's own target for `kpi`, stored in hundredths (99.50 % is 9950)."""
    fetch(session, Project, project_id, "project")
    if kpi not in TARGET_RULES:
        raise ValidationError({"kpi": f"no KPI named '{clean_text(kpi)[:20]}'"})
    if value is None:
        raise ValidationError({"target": "a target is required"})
    try:
        clean = check_target(kpi, value)
    except ValueError as exc:
        raise ValidationError({"target": str(exc)}) from None
    row = session.exec(
        select(KpiTarget).where(KpiTarget.project_id == project_id, KpiTarget.kpi == kpi)
    ).first()
    if row is None:
        row = KpiTarget(project_id=project_id, kpi=kpi)
    row.target = int(clean * 100)
    session.add(row)
    session.flush()
    return row


def reset_target(session: Session, project_id: int, kpi: str) -> bool:
    """Back to the default target; False when the project had none of its own."""
    row = session.exec(
        select(KpiTarget).where(KpiTarget.project_id == project_id, KpiTarget.kpi == kpi)
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


# --- the service window ----------------------------------------------------------------


@dataclass
class ServiceWindowInput:
    system: str
    start_hour: int | None
    end_hour: int | None
    weekdays: str  # as typed: 'mon-fri', '0,1,2', ...


def parse_hour(text: str) -> int | None:
    """A whole hour of the day, 0-24; blank is None."""
    value = text.strip()
    if not value:
        return None
    if value.endswith(":00"):
        value = value[:-3]
    if not value.isdigit() or len(value) > 2:
        raise ValueError(f"'{clean_text(text)[:20]}' is not a whole hour: use 0 to 24")
    hour = int(value)
    if hour > 24:
        raise ValueError("must be an hour from 0 to 24")
    return hour


def get_window(session: Session, project_id: int) -> ServiceWindow | None:
    return session.exec(select(ServiceWindow).where(ServiceWindow.project_id == project_id)).first()


def window_weekdays(window: ServiceWindow) -> frozenset[int]:
    return frozenset(int(d) for d in window.weekdays.split(",") if d.strip().isdigit())


def describe_window(window: ServiceWindow) -> str:
    """'Campus network, 06:00-22:00 UTC, mon-fri'."""
    days = format_weekdays(window_weekdays(window)) or "no day"
    hours = f"{window.start_hour:02d}:00-{window.end_hour:02d}:00 UTC"
    if window.end_hour < window.start_hour:
        hours += " (to the next day)"
    return ", ".join(filter(None, [window.system, hours, days]))


def save_window(session: Session, project_id: int, data: ServiceWindowInput) -> ServiceWindow:
    """Set the project's one service window (its uptime is measured in it)."""
    fetch(session, Project, project_id, "project")
    errors: dict[str, str] = {}
    for field, hour in (("start_hour", data.start_hour), ("end_hour", data.end_hour)):
        if hour is None:
            errors[field] = "an hour 0-24 is required"
        elif not 0 <= hour <= 24:
            errors[field] = "must be an hour from 0 to 24"
    if "start_hour" not in errors and data.start_hour == 24:
        errors["start_hour"] = "a window opens at an hour from 0 to 23"
    if (
        "start_hour" not in errors
        and "end_hour" not in errors
        and data.end_hour % 24 == data.start_hour  # type: ignore[operator]
        and (data.start_hour, data.end_hour) != (0, 24)
    ):
        # 22 to 6 crosses midnight; the same hour twice is no window (0 to 24 is all day).
        errors["end_hour"] = "must differ from the start hour (0 to 24 is the whole day)"
    try:
        days = parse_weekdays(data.weekdays)
    except ValueError as exc:
        errors["weekdays"] = str(exc)
        days = frozenset()
    if errors:
        raise ValidationError(errors)
    window = get_window(session, project_id) or ServiceWindow(project_id=project_id)
    window.system = clean_text(data.system)
    window.start_hour = int(data.start_hour)  # type: ignore[arg-type]
    window.end_hour = int(data.end_hour)  # type: ignore[arg-type]
    window.weekdays = ",".join(str(d) for d in sorted(days))
    session.add(window)
    session.flush()
    return window


def delete_window(session: Session, project_id: int) -> bool:
    """No service window: the project has no uptime KPI. False when it had none."""
    window = get_window(session, project_id)
    if window is None:
        return False
    session.delete(window)
    session.flush()
    return True


# --- downtime --------------------------------------------------------------------------


@dataclass
class DowntimeInput:
    start: datetime | None
    end: datetime | None
    planned: bool = False
    system: str = ""
    note: str = ""


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _downtime_values(data: DowntimeInput) -> dict[str, object]:
    errors: dict[str, str] = {}
    if data.start is None:
        errors["start"] = "a start (YYYY-MM-DD HH:MM) is required"
    if data.end is None:
        errors["end"] = "an end (YYYY-MM-DD HH:MM) is required"
    if data.start is not None and data.end is not None and _utc(data.end) <= _utc(data.start):
        errors["end"] = "must be after the start"
    if errors:
        raise ValidationError(errors)
    return {
        "start": _utc(data.start),  # type: ignore[arg-type]
        "end": _utc(data.end),  # type: ignore[arg-type]
        "planned": bool(data.planned),
        "system": clean_text(data.system),
        "note": clean_text(data.note),
    }


def list_downtime(session: Session, project_id: int) -> list[Downtime]:
    """Newest first."""
    return list(
        session.exec(
            select(Downtime)
            .where(Downtime.project_id == project_id)
            .order_by(col(Downtime.start).desc(), col(Downtime.id).desc())
        )
    )


def add_downtime(session: Session, project_id: int, data: DowntimeInput) -> Downtime:
    fetch(session, Project, project_id, "project")
    down = Downtime(project_id=project_id, **_downtime_values(data))  # type: ignore[arg-type]
    session.add(down)
    session.flush()
    return down


def update_downtime(session: Session, downtime_id: int, data: DowntimeInput) -> Downtime:
    down = fetch(session, Downtime, downtime_id, "downtime")
    for name, value in _downtime_values(data).items():
        setattr(down, name, value)
    session.add(down)
    session.flush()
    return down


def delete_downtime(session: Session, downtime_id: int) -> None:
    session.delete(fetch(session, Downtime, downtime_id, "downtime"))
    session.flush()


def format_duration(start: datetime, end: datetime) -> str:
    """'1 h 35 min', '40 min', '2 d 3 h'."""
    minutes = max(0, int((end - start).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


# --- everything the KPI screen shows -------------------------------------------------------


@dataclass(frozen=True)
class KpiOverview:
    """The six KPIs as of a day with their targets, the service window and the downtime."""

    status_date: date
    code: str
    name: str
    kpis: dict[str, kpis.Kpi]  # absent: not measured (uptime without a service window)
    targets: list[TargetRow]
    window: ServiceWindow | None
    downtime: list[Downtime]
    uptime_from: date


def kpi_overview(session: Session, project_id: int, status_date: date) -> KpiOverview:
    from itpm_tui.services.monitoring.dashboard import project_dashboard

    board = project_dashboard(session, project_id, status_date, with_alerts=False)
    first, _ = kpis.uptime_period(status_date)
    return KpiOverview(
        status_date,
        board.project.code,
        board.project.name,
        {k.key: k for k in board.kpis},
        list_targets(session, project_id),
        get_window(session, project_id),
        list_downtime(session, project_id),
        first.date(),
    )


def kpi_overview_as_of(
    session: Session, project_id: int, status_date: date | None, today: date
) -> KpiOverview:
    """The overview at `status_date` (the dashboard's), else at the project's own status date."""
    from itpm_tui.services.planning.status_date import status_date_of

    day = status_date or status_date_of(session, project_id, today).day
    return kpi_overview(session, project_id, day)


def set_target_unless_changed(
    session: Session, project_id: int, kpi: str, version: int, value: Decimal | None
) -> KpiTarget:
    """Set the target, refused when it was set or reset elsewhere since read at `version`."""
    ensure_target_unchanged(session, project_id, kpi, version)
    return set_target(session, project_id, kpi, value)


def reset_target_unless_changed(session: Session, project_id: int, kpi: str, version: int) -> bool:
    """Back to the default target, refused over a target changed since read at `version`."""
    ensure_target_unchanged(session, project_id, kpi, version)
    return reset_target(session, project_id, kpi)


def save_window_unless_changed(
    session: Session, project_id: int, version: int, data: ServiceWindowInput
) -> ServiceWindow:
    """Save the service window, refused when it changed since read at `version` (0: none)."""
    now = get_window(session, project_id)
    if (now.version if now else 0) != version:
        current = now.model_dump() if now else {}
        if now is not None:  # as the form shows weekdays
            current["weekdays"] = format_weekdays(window_weekdays(now))
        raise StaleEdit(stale_message("service window"), current)
    return save_window(session, project_id, data)


def get_downtime(session: Session, downtime_id: int) -> Downtime:
    return fetch(session, Downtime, downtime_id, "downtime")
