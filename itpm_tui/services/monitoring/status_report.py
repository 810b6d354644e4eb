"""The weekly status report of a project, and of the portfolio: data, Markdown, HTML, JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from itpm_tui.models import TaskStatus
from itpm_tui.services.monitoring.dashboard import (
    Dashboard,
    measured,
    project_dashboard,
    task_facts,
)
from itpm_tui.services.registers.change_records import approved_changes
from itpm_tui.services.registers.compliance import open_compliance_gaps
from itpm_tui.services.registers.issue_log import open_issues
from itpm_tui.services.registers.risk_records import list_risks
from itpm_tui.services.shared.files import write_private
from itpm_tui.services.shared.text import terminal_safe

if TYPE_CHECKING:
    from itpm_tui.services.portfolio.health import ProjectHealth

FORMATS = ("md", "html", "json")
PERIOD_DAYS = 14


TOP_RISKS = 5
# 3: each day count names its reference (finish_past_target_days, days_past_baseline).
SCHEMA_VERSION = 3
DIMENSIONS = ("schedule", "cost", "risk", "quality", "kpis")


def _money_unit(currency: str) -> dict[str, Any]:
    """What an amount in the JSON means: integer minor units of the currency."""
    return {"currency": currency, "scale": "minor units", "decimals": 2, "per_major_unit": 100}


def _risks(session: Session, project_id: int, as_of: date) -> list[dict[str, Any]]:
    """The open risks with the highest scores, with their owner and response."""
    risks = [r for r in list_risks(session, project_id, as_of) if r.status != "closed"]
    return [
        {
            "title": r.title,
            "score": r.score,
            "level": r.level,
            "probability": r.probability,
            "impact": r.impact,
            "owner": r.owner or None,
            "response": r.response or None,
            "status": r.status,
            "next_review": _day(r.next_review),
            "review_overdue": r.review_due,
        }
        for r in risks[:TOP_RISKS]
    ]


def _log(session: Session, project_id: int, as_of: date) -> dict[str, list[dict[str, Any]]]:
    """Issues not yet resolved and every decision, from the issue and decision log."""
    from itpm_tui.services.registers.issue_log import list_entries

    open_ids = {i.id for i in open_issues(session, project_id, as_of)}
    entries = list_entries(session, project_id, as_of)

    def item(e: Any) -> dict[str, Any]:
        return {
            "description": e.description,
            "owner": e.owner or None,
            "raised": _day(e.raised),
            "due": _day(e.due),
            "status": e.status,
            "overdue": e.overdue,
            "resolution": e.resolution or None,
        }

    return {
        "issues": [item(e) for e in entries if e.kind == "issue" and e.id in open_ids],
        "decisions": [item(e) for e in entries if e.kind == "decision"],
    }


def _quality(session: Session, project_id: int, as_of: date) -> dict[str, Any]:
    from itpm_tui.services.registers.quality import list_checks, list_defects

    return {
        "checks": [
            {
                "title": c.title,
                "kind": c.kind,
                "due": _day(c.due),
                "owner": c.owner or None,
                "result": c.result or None,
                "late": c.late,
            }
            for c in list_checks(session, project_id, as_of)
        ],
        "defects": [
            {
                "title": d.title,
                "severity": d.severity,
                "opened": _day(d.opened),
                "resolved": _day(d.resolved),
                "resolution_days": d.resolution_days,
                "age_days": d.age_days,
            }
            for d in list_defects(session, project_id, as_of)
        ],
    }


def _health_dimensions(session: Session, board: Dashboard) -> list[dict[str, Any]]:
    """Each dimension's colour, with its reason where the rules give one."""
    from itpm_tui.services.portfolio.health import portfolio_health

    extra = measured(board.evm, board.kpis)
    row = portfolio_health(session, board.status_date, board.project.id, extra=extra)[0]
    return _dimensions(row)


DIMENSION_LABELS = {"kpis": "KPIs"}


def _dimensions(row: ProjectHealth) -> list[dict[str, Any]]:
    """Each dimension's colour and the reason the rules give for it."""
    return [
        {
            "name": dim,
            "label": DIMENSION_LABELS.get(dim, dim.capitalize()),
            "health": getattr(row, dim),
            "reason": row.reasons.get(dim, ""),
        }
        for dim in DIMENSIONS
    ]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def status_report(session: Session, project_id: int, as_of: date) -> dict[str, Any]:
    """Everything the stakeholder report says, as plain JSON-ready data."""
    board = project_dashboard(session, project_id, as_of)
    return report_from_dashboard(board, session)


def report_from_dashboard(board: Dashboard, session: Session) -> dict[str, Any]:
    project = board.project
    pid: int = project.id  # type: ignore[assignment]
    facts = task_facts(session, pid)
    cur = board.currency
    evm = board.evm
    as_of = board.status_date
    horizon = as_of + timedelta(days=PERIOD_DAYS)
    work = [t for t in facts if t.is_leaf and not t.is_milestone]
    # Milestones too: an open one dated before the status date is late, never "next".
    overdue = [
        t
        for t in facts
        if t.is_leaf and t.status != TaskStatus.DONE.value and t.finish and t.finish < as_of
    ]
    coming = sorted(
        (
            t
            for t in work
            if t.status != TaskStatus.DONE.value
            and t.start is not None
            and t.start <= horizon
            and (t.finish is None or t.finish >= as_of)
        ),
        key=lambda t: (t.start, t.title),
    )
    # The overall reason is the dimensions' reasons joined: each reads beside its dimension.
    reasons = [
        f"{k.name}: {k.shown} ({k.reason})" for k in board.kpis if k.health in ("amber", "red")
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "status",
        "units": {
            "money": _money_unit(cur),
            "percent": "0-100",
            "ratios": "plain numbers (1.0 = on plan)",
            "dates": "ISO 8601",
            "days_past_baseline": "calendar days a milestone's forecast is after its baseline",
        },
        "project": {
            "code": project.code,
            "name": project.name,
            "phase": project.phase,
            "methodology": project.methodology,
        },
        "as_of": as_of.isoformat(),
        "baseline": board.baseline_name or "current plan (no baseline saved)",
        "health": board.health,
        "health_reason": board.health_reason,
        "health_reasons": reasons,
        "health_dimensions": _health_dimensions(session, board),
        "progress": {
            "percent_complete": evm.percent_complete,
            "percent_planned": evm.percent_planned,
            "recorded_since": _day(board.progress_since),
            "before_any_record": board.progress_unknown,
        },
        "milestones": {
            "done": [{"title": t, "date": _day(d)} for t, d in board.milestones_done],
            "next": [{"title": t, "date": _day(d)} for t, d in board.milestones_next[:5]],
            "slipped": [
                {
                    "title": t,
                    "baseline": _day(b),
                    "forecast": _day(f),
                    "days_past_baseline": (f - b).days if b and f else None,
                }
                for t, b, f in board.milestones_slipped
            ],
        },
        "budget": {
            "currency": cur,
            "planned": board.budget.planned,
            "committed": board.budget.committed,
            "open_committed": board.budget.open_committed,
            "spent": board.budget.spent,
            "forecast": board.budget.forecast,
            "over_budget_lines": [line.name for line in board.budget.over_budget],
            "lines": [
                {
                    "name": line.name,
                    "planned": line.planned,
                    "committed": line.committed,
                    "open_committed": line.open_committed,
                    "actual": line.spent,
                    "forecast": line.forecast,
                    "over_budget": line.over_budget,
                }
                for line in board.budget.lines
            ],
        },
        "evm": {
            "bac": evm.bac,
            "pv": evm.pv,
            "ev": evm.ev,
            "ac": evm.ac,
            "sv": evm.sv,
            "cv": evm.cv,
            "spi": _number(evm.spi),
            "cpi": _number(evm.cpi),
            "eac": evm.eac,
            "etc": evm.etc,
            "vac": evm.vac,
            "tcpi": _number(evm.tcpi),
        },
        "s_curve": [
            {"date": p.day.isoformat(), "pv": p.pv, "ev": p.ev, "ac": p.ac} for p in board.curve
        ],
        "burn_up": [
            {"date": day.isoformat(), "done": done, "scope": total}
            for day, done, total in board.burn
        ],
        "kpis": [
            {
                "key": k.key,
                "name": k.name,
                "value": _number(k.value),
                "target": _number(k.target),
                "shown": k.shown,
                "health": k.health,
                "reason": k.reason,
            }
            for k in board.kpis
        ],
        "risks": _risks(session, pid, as_of),
        **_log(session, pid, as_of),
        "quality": _quality(session, pid, as_of),
        "compliance_gaps": [
            {"framework": g.framework, "ref": g.ref, "title": g.title, "due": _day(g.due)}
            for g in open_compliance_gaps(session, pid)
        ],
        "overdue_tasks": [{"title": t.title, "finish": _day(t.finish)} for t in overdue],
        "alerts": [
            {"severity": a.severity, "source": a.source, "text": a.text} for a in board.alerts
        ],
        "approved_changes": [
            {
                "title": change.title,
                "status": change.status,
                "schedule_days": change.schedule_days,
                "extend_days": change.extend_days,
                "cost": change.cost_cents,
                "decided": _day(change.decided_on),
            }
            for change in approved_changes(session, pid)
        ],
        "next_period": [
            {"title": t.title, "start": _day(t.start), "finish": _day(t.finish)}
            for t in coming[:10]
        ],
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def portfolio_report(session: Session, as_of: date) -> dict[str, Any]:
    from itpm_tui.services.portfolio.rating import rated_portfolio

    rows = rated_portfolio(session, as_of, as_of=as_of)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "portfolio",
        "units": {
            "money": "integer minor units (1/100) of each project's currency",
            "percent": "0-100",
            "dates": "ISO 8601",
            "finish_past_target_days": "calendar days the plan's finish is after the project's "
            "target finish (negative: before it)",
        },
        "as_of": as_of.isoformat(),
        "projects": [_portfolio_row(session, row, as_of) for row in rows],
        "totals": _totals(rows),
    }


def _portfolio_row(session: Session, row: Any, as_of: date) -> dict[str, Any]:
    """A project's line: its health per dimension, progress, next milestone, money."""
    from itpm_tui.services.shared.errors import ValidationError

    data: dict[str, Any] = row.as_dict()
    # Named by its reference: a milestone's slip is counted against the baseline instead.
    data["finish_past_target_days"] = data.pop("slip_days")
    data["dimensions"] = _dimensions(row)
    data["money"] = _money_unit(row.currency)
    try:
        board = project_dashboard(session, row.id, as_of, with_alerts=False)
    except ValidationError:  # the date is outside the project: nothing measured yet
        board = None
    data["percent_complete"] = board.evm.percent_complete if board else None
    data["percent_planned"] = board.evm.percent_planned if board else None
    upcoming = board.milestones_next[0] if board and board.milestones_next else None
    data["next_milestone"] = {"title": upcoming[0], "date": _day(upcoming[1])} if upcoming else None
    return data


def _totals(rows: list[Any]) -> dict[str, Any]:
    by_currency: dict[str, dict[str, int]] = {}
    for row in rows:
        totals = by_currency.setdefault(row.currency, {"planned": 0, "spent": 0, "forecast": 0})
        totals["planned"] += row.planned
        totals["spent"] += row.spent
        totals["forecast"] += row.forecast
    counts = {h: sum(1 for r in rows if r.health == h) for h in ("green", "amber", "red")}
    return {"by_currency": by_currency, "health": counts, "projects": len(rows)}


# --- rendering -------------------------------------------------------------------------


def render(report: dict[str, Any], fmt: str, template: str | None = None) -> str:
    """The report as Markdown, HTML (from templates the manager may override) or JSON."""
    from itpm_tui.services.monitoring.report_templates import render_template

    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    kind = "status" if "project" in report else "portfolio"
    context = {"r": report, "title": _title(report), "period_days": PERIOD_DAYS}
    if fmt == "html":
        context["charts"] = _charts(report)
        return render_template(f"{kind}.html", context, template)
    text = render_template(f"{kind}.md", context, template)
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def _charts(report: dict[str, Any]) -> list[str]:
    """The S-curve (and the burn-up of an agile project) as SVG, from the report's own figures."""
    from markupsafe import Markup

    from itpm_tui.services.monitoring.report_charts import line_chart

    if "project" not in report:
        return []
    as_of = date.fromisoformat(report["as_of"])
    cur = report["budget"]["currency"]
    charts = []
    curve = report["s_curve"]
    if curve:
        charts.append(
            line_chart(
                "S-curve: planned value, earned value and actual cost",
                [date.fromisoformat(p["date"]) for p in curve],
                [
                    ("PV (planned)", "#1f5fa8", [p["pv"] for p in curve]),
                    ("EV (earned)", "#2e7d32", [p["ev"] for p in curve]),
                    ("AC (actual cost)", "#c62828", [p["ac"] for p in curve]),
                ],
                unit=cur,
                scale=100,
                marker=as_of,
            )
        )
    burn = report["burn_up"]
    if burn:
        charts.append(
            line_chart(
                "Burn-up: cards done against scope",
                [date.fromisoformat(p["date"]) for p in burn],
                [
                    ("Scope", "#6a1b9a", [p["scope"] for p in burn]),
                    ("Done", "#2e7d32", [p["done"] for p in burn]),
                ],
                unit="cards",
                whole=True,
                marker=as_of,
            )
        )
    # Our own SVG: every label in it was escaped when it was drawn.
    return [Markup(chart) for chart in charts if chart]


def _title(report: dict[str, Any]) -> str:
    if "project" in report:
        p = report["project"]
        return f"Status report {p['code']} {p['name']} as of {report['as_of']}"
    return f"Portfolio report as of {report['as_of']}"


def write_report(path: str, text: str) -> None:
    """Write a report readable by its owner only (0600), whatever was there before."""
    write_private(path, text)


def export_status_report(
    session: Session, project_id: int, as_of: date, fmt: str, raw_path: str | None
) -> str:
    """Write the report as `fmt` to the file named (0600); the path written.

    A file name that says another format takes the one chosen; a missing name, a folder
    or a folder that does not exist is refused beside the path field.
    """
    from pathlib import Path

    from itpm_tui.services.shared.errors import ItpmError, ValidationError

    raw = (raw_path or "").strip()
    if not raw:
        raise ValidationError({"path": "a file name is required"})
    path = Path(raw).expanduser()
    if path.suffix.lstrip(".") in ("md", "html", "json") and path.suffix.lstrip(".") != fmt:
        path = path.with_suffix(f".{fmt}")
    text = render(status_report(session, project_id, as_of), fmt)
    try:
        write_report(str(path), text)
    except ItpmError as exc:  # a folder, no such folder: said beside the field
        raise ValidationError({"path": str(exc)}) from None
    return str(path)
