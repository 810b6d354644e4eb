"""The manager's own health thresholds: per project, portfolio-wide, or the defaults.

A project's limit for an indicator is its own when set, else the portfolio's, else the
default of health_rules.THRESHOLDS. Limits are typed in the indicator's unit (days, a
count, a ratio such as 0.95, a percentage such as 10 %, a score of 5) and kept exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import or_
from sqlmodel import Session, col, select

from itpm_tui.models import HealthThreshold, Project
from itpm_tui.services.monitoring.health import BY_INDICATOR, THRESHOLDS, Limits, Number, Threshold
from itpm_tui.services.shared.errors import StaleEdit, ValidationError
from itpm_tui.services.shared.parsing import quoted, read_decimal
from itpm_tui.services.shared.records import fetch, stale_message
from itpm_tui.services.shared.row_versions import ensure_unchanged

NEVER = "never"
UNITS_SHOWN = {"days": " d", "percent": "%"}
# The largest limit each unit takes: beyond it a limit means nothing.
CEILINGS = {"days": 5000, "count": 100_000, "ratio": 10, "percent": 1000, "score": 5}


@dataclass(frozen=True)
class ThresholdRow:
    """One indicator as the thresholds screen lists it."""

    indicator: str
    area: str
    label: str
    unit: str
    worse: str
    amber: Number | None
    red: Number | None
    source: str  # "default", "portfolio" or "project": where these limits come from
    # The row of the scope listed (the project's, or the portfolio's), when it has one:
    # a save checks it has not changed since (another window).
    own_id: int | None = None
    own_version: int | None = None

    @property
    def threshold(self) -> Threshold:
        return BY_INDICATOR[self.indicator]


def _stored(value: Number | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return str(Decimal(value.numerator) / Decimal(value.denominator))
    return str(value)


def _loaded(text: str | None) -> Number | None:
    return None if text is None else Decimal(text)


def format_limit(threshold: Threshold, value: Number | None) -> str:
    """A limit as typed: 10 d, 2, 0.95, 10%, 3.5; `never` when that colour is not given."""
    if value is None:
        return NEVER
    shown = Decimal(value.numerator) / value.denominator if isinstance(value, Fraction) else value
    if threshold.unit == "percent":
        shown = Decimal(shown) * 100
    text = f"{Decimal(shown).normalize():f}"
    return text + UNITS_SHOWN.get(threshold.unit, "")


def describe(threshold: Threshold, value: Number | None) -> str:
    """When a colour is given: `> 10 d`, `< 0.95`, or never."""
    if value is None:
        return NEVER
    sign = ">" if threshold.worse == "above" else "<"
    return f"{sign} {format_limit(threshold, value)}"


def parse_limit(threshold: Threshold, text: str) -> Number | None:
    """A limit typed in the indicator's unit; blank or `never` turns that colour off."""
    cleaned = text.strip().lower()
    if cleaned in ("", NEVER, "-", "off"):
        return None
    if threshold.unit == "percent":
        cleaned = cleaned.removesuffix("%").strip()
    elif threshold.unit == "days":
        cleaned = cleaned.removesuffix("d").strip()
    value = read_decimal(cleaned, comma=False)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"'{quoted(text)}': a limit is not negative")
    ceiling = CEILINGS.get(threshold.unit)
    if ceiling is not None and value > ceiling:
        unit = UNITS_SHOWN.get(threshold.unit, "")
        raise ValueError(f"'{quoted(text)}': at most {ceiling}{unit}")
    if threshold.unit in ("days", "count") and value != value.to_integral_value():
        raise ValueError(f"'{quoted(text)}': a whole number")
    return value / 100 if threshold.unit == "percent" else value


def check_order(threshold: Threshold, amber: Number | None, red: Number | None) -> None:
    """Red lies beyond amber: a worse value must never read better."""
    if amber is None or red is None:
        return
    wrong = red < amber if threshold.worse == "above" else red > amber
    if wrong:
        word = "at or above" if threshold.worse == "above" else "at or below"
        raise ValidationError(
            {"red": f"red must be {word} amber ({format_limit(threshold, amber)})"}
        )


def _editable(indicator: str) -> Threshold:
    threshold = BY_INDICATOR.get(indicator)
    if threshold is None or not threshold.editable:
        raise ValidationError({"indicator": f"no health indicator named '{quoted(indicator)}'"})
    return threshold


def _row(session: Session, project_id: int | None, indicator: str) -> HealthThreshold | None:
    scope = (
        col(HealthThreshold.project_id).is_(None)
        if project_id is None
        else col(HealthThreshold.project_id) == project_id
    )
    return session.exec(
        select(HealthThreshold).where(scope, HealthThreshold.indicator == indicator)
    ).first()


def set_threshold(
    session: Session,
    project_id: int | None,
    indicator: str,
    amber: Number | None,
    red: Number | None,
    *,
    seen: ThresholdRow | None = None,
) -> HealthThreshold:
    """The project's own limits for one indicator (portfolio-wide when project_id is None).

    `seen`: the row as the form showed it; a change made elsewhere since is refused."""
    threshold = _editable(indicator)
    if project_id is not None:
        fetch(session, Project, project_id, "project")
    check_order(threshold, amber, red)
    row = _row(session, project_id, indicator)
    if seen is not None:
        _check_unchanged(session, seen, row)
    if row is None:
        row = HealthThreshold(project_id=project_id, indicator=indicator)
    row.amber, row.red = _stored(amber), _stored(red)
    session.add(row)
    session.flush()
    return row


def _check_unchanged(session: Session, seen: ThresholdRow, row: HealthThreshold | None) -> None:
    if seen.own_id is not None:
        ensure_unchanged(session, "health_threshold", seen.own_id, seen.own_version, "threshold")
    elif row is not None:  # none of this scope's own when the form opened; one now
        raise StaleEdit(stale_message("threshold"), row.model_dump())


def reset_threshold(session: Session, project_id: int | None, indicator: str) -> bool:
    """Back to the inherited limits; False when there were none of this scope's own."""
    row = _row(session, project_id, indicator)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def all_limits(session: Session) -> tuple[Limits, Mapping[int, Limits]]:
    """The portfolio's limits and each project's own, as set (not yet merged)."""
    portfolio: dict[str, tuple[Number | None, Number | None]] = {}
    projects: dict[int, dict[str, tuple[Number | None, Number | None]]] = {}
    for row in session.exec(select(HealthThreshold)):
        if row.indicator not in BY_INDICATOR:
            continue
        limits = (_loaded(row.amber), _loaded(row.red))
        if row.project_id is None:
            portfolio[row.indicator] = limits
        else:
            projects.setdefault(row.project_id, {})[row.indicator] = limits
    return portfolio, projects


def merged(portfolio: Limits, own: Limits | None) -> Limits:
    """A project's limits: its own over the portfolio's (the defaults fill the rest)."""
    return {**portfolio, **(own or {})}


def list_thresholds(session: Session, project_id: int | None) -> list[ThresholdRow]:
    """Every editable indicator with the limits in force and where they come from."""
    scope = or_(
        col(HealthThreshold.project_id).is_(None), col(HealthThreshold.project_id) == project_id
    )
    portfolio: dict[str, HealthThreshold] = {}
    own: dict[str, HealthThreshold] = {}
    for row in session.exec(select(HealthThreshold).where(scope)):
        (portfolio if row.project_id is None else own)[row.indicator] = row
    if project_id is None:
        own = portfolio  # the portfolio's limits are its own
    rows = []
    for t in THRESHOLDS:
        if not t.editable:
            continue
        mine = own.get(t.indicator)
        found = mine or portfolio.get(t.indicator)
        if found is None:
            (amber, red), source = (t.amber, t.red), "default"
        else:
            amber, red = _loaded(found.amber), _loaded(found.red)
            source = "portfolio" if found.project_id is None else "project"
        rows.append(
            ThresholdRow(
                t.indicator,
                t.area,
                t.label,
                t.unit,
                t.worse,
                amber,
                red,
                source,
                mine.id if mine else None,
                mine.version if mine else None,
            )
        )
    return rows
