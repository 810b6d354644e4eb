"""The weekly status report of a project, and of the portfolio: data, Markdown, HTML, JSON."""

from __future__ import annotations

import html
import json
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from itpm_tui.models import Project, TaskStatus
from itpm_tui.services.changes import approved_changes
from itpm_tui.services.dashboard import Dashboard, project_dashboard, task_facts
from itpm_tui.services.export import _md_cell as _cell
from itpm_tui.services.files import write_private
from itpm_tui.services.issue_log import open_issues
from itpm_tui.services.parsing import format_money
from itpm_tui.services.risks import list_risks
from itpm_tui.services.text import clean_text, terminal_safe

FORMATS = ("md", "html", "json")
PERIOD_DAYS = 14


TOP_RISKS = 5


def _top_risks(session: Session, project_id: int, as_of: date) -> list[str]:
    """The open risks with the highest scores, with their owner and response."""
    risks = [r for r in list_risks(session, project_id, as_of) if r.status != "closed"]
    return [
        f"{r.title}: score {r.score} ({r.level}), {r.response or 'no response'}, "
        f"owner {r.owner or '-'}" + (", review overdue" if r.review_due else "")
        for r in risks[:TOP_RISKS]
    ]


def _money(cents: int, currency: str) -> str:
    return f"{format_money(cents)} {currency}"


def _ratio(value: Any) -> str:
    return "-" if value is None else f"{value:.2f}"


def status_report(session: Session, project_id: int, as_of: date) -> dict[str, Any]:
    """Everything the stakeholder report says, as plain JSON-ready data."""
    board = project_dashboard(session, project_id, as_of)
    return report_from_dashboard(board, session)


def report_from_dashboard(board: Dashboard, session: Session) -> dict[str, Any]:
    project = board.project
    facts = task_facts(session, project.id)  # type: ignore[arg-type]
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
    reasons = [board.health_reason] if board.health != "green" else []
    reasons += [
        f"{k.name}: {k.shown} ({k.reason})" for k in board.kpis if k.health in ("amber", "red")
    ]
    return {
        "project": {"code": project.code, "name": project.name, "phase": project.phase},
        "as_of": as_of.isoformat(),
        "baseline": board.baseline_name or "current plan (no baseline saved)",
        "health": board.health,
        "health_reasons": reasons,
        "progress": {
            "percent_complete": evm.percent_complete,
            "percent_planned": evm.percent_planned,
            "recorded_since": _iso(board.progress_since) if board.progress_since else None,
            "before_any_record": board.progress_unknown,
        },
        "milestones": {
            "done": [{"title": t, "date": _iso(d)} for t, d in board.milestones_done],
            "next": [{"title": t, "date": _iso(d)} for t, d in board.milestones_next[:5]],
            "slipped": [
                {"title": t, "baseline": _iso(b), "forecast": _iso(f)}
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
            "spi": _ratio(evm.spi),
            "cpi": _ratio(evm.cpi),
            "eac": evm.eac,
            "etc": evm.etc,
            "vac": evm.vac,
            "tcpi": _ratio(evm.tcpi),
        },
        "kpis": [
            {"name": k.name, "value": k.shown, "health": k.health, "reason": k.reason}
            for k in board.kpis
        ],
        "top_risks": _top_risks(session, project.id, as_of),  # type: ignore[arg-type]
        "open_issues": [
            f"{issue.description} (owner {issue.owner or '-'}"
            + (f", due {_iso(issue.due)}" if issue.due else "")
            + (", overdue)" if issue.overdue else ")")
            for issue in open_issues(session, project.id, as_of)  # type: ignore[arg-type]
        ]
        + [f"Overdue since {_iso(t.finish)}: {t.title}" for t in overdue]
        + [a.text for a in board.alerts if a.source not in ("overdue", "risk")],
        "approved_changes": [
            f"{change.title}: {change.status}, {change.schedule_days:+d} working days, "
            f"{_money(change.cost_cents, cur)}"
            + (f", decided {_iso(change.decided_on)}" if change.decided_on else "")
            for change in approved_changes(session, project.id)  # type: ignore[arg-type]
        ],
        "next_period": [
            {"title": t.title, "start": _iso(t.start), "finish": _iso(t.finish)}
            for t in coming[:10]
        ],
    }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "-"


def portfolio_report(session: Session, as_of: date) -> dict[str, Any]:
    from itpm_tui.services.portfolio_health import portfolio_health

    rows = portfolio_health(session, as_of)
    return {
        "as_of": as_of.isoformat(),
        "projects": [row.as_dict() for row in rows],
        "totals": _totals(rows),
    }


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


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    lines = markdown_lines(report) if "project" in report else portfolio_lines(report)
    if fmt == "md":
        return "\n".join(terminal_safe(line) for line in lines) + "\n"
    if fmt == "html":
        return to_html(lines, _title(report))
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _title(report: dict[str, Any]) -> str:
    if "project" in report:
        p = report["project"]
        return f"Status report {p['code']} {p['name']} as of {report['as_of']}"
    return f"Portfolio report as of {report['as_of']}"


def markdown_lines(r: dict[str, Any]) -> list[str]:
    cur = r["budget"]["currency"]
    e = r["evm"]
    out = [f"# {_title(r)}", "", f"**Health: {r['health'].upper()}**", ""]
    out += [f"- {reason}" for reason in r["health_reasons"]] or ["- On track; all KPIs on target."]
    out += [
        "",
        "## Progress",
        "",
        f"{r['progress']['percent_complete']}% complete, {r['progress']['percent_planned']}% "
        f"planned by now (measured against {r['baseline']}).",
    ]
    if r["progress"].get("before_any_record"):
        out += [
            "",
            f"No progress had been recorded by {r['as_of']}: the first record is of "
            f"{r['progress']['recorded_since']}, so earned value reads 0 on this date.",
        ]
    out += [
        "",
        "## Milestones",
        "",
    ]
    ms = r["milestones"]
    out += [f"- Done: {m['title']} ({m['date']})" for m in ms["done"]]
    out += [f"- Next: {m['title']} ({m['date']})" for m in ms["next"]]
    out += [
        f"- Slipped: {m['title']} (baseline {m['baseline']}, now {m['forecast']})"
        for m in ms["slipped"]
    ]
    if not any(ms.values()):
        out.append("- No milestones.")
    b = r["budget"]
    out += [
        "",
        "## Budget and earned value",
        "",
        f"Planned {_money(b['planned'], cur)}; committed {_money(b['committed'], cur)} "
        f"(open {_money(b['open_committed'], cur)}); "
        f"spent {_money(b['spent'], cur)}; forecast {_money(b['forecast'], cur)}.",
        "",
    ]
    if b["lines"]:
        out += [
            "| Line | Planned | Committed (open) | Actual | Forecast |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {_cell(line['name'])} | {format_money(line['planned'])} | "
            f"{format_money(line['committed'])} ({format_money(line['open_committed'])}) | "
            f"{format_money(line['actual'])} | {format_money(line['forecast'])}"
            f"{' OVER' if line['over_budget'] else ''} |"
            for line in b["lines"]
        ]
        out.append("")
    out += [
        "| BAC | PV | EV | AC | SV | CV | SPI | CPI | EAC | ETC | VAC | TCPI |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        "| "
        + " | ".join(
            [format_money(e[k]) for k in ("bac", "pv", "ev", "ac", "sv", "cv")]
            + [e["spi"], e["cpi"]]
            + [format_money(e[k]) for k in ("eac", "etc", "vac")]
            + [e["tcpi"]]
        )
        + " |",
        "",
    ]
    out += [f"- Over budget: {name}" for name in b["over_budget_lines"]]
    out += ["", "## KPIs", ""]
    out += [f"- {k['name']}: {k['value']} - {k['health']} ({k['reason']})" for k in r["kpis"]]
    out += ["", "## Top risks", ""]
    out += [f"- {x}" for x in r["top_risks"]] or ["- None recorded."]
    out += ["", "## Open issues", ""]
    out += [f"- {x}" for x in r["open_issues"]] or ["- None."]
    out += ["", "## Approved changes", ""]
    out += [f"- {x}" for x in r["approved_changes"]] or ["- None recorded."]
    out += ["", f"## Plan for the next {PERIOD_DAYS} days", ""]
    out += [f"- {t['title']} ({t['start']} to {t['finish']})" for t in r["next_period"]] or [
        "- Nothing scheduled."
    ]
    return out


def portfolio_lines(r: dict[str, Any]) -> list[str]:
    out = [f"# {_title(r)}", ""]
    counts = r["totals"]["health"]
    out.append(
        f"{r['totals']['projects']} projects: {counts['green']} green, "
        f"{counts['amber']} amber, {counts['red']} red."
    )
    out += [
        "",
        "| Project | Health | Reason | Planned | Spent | Forecast |",
        "|---|---|---|---|---|---|",
    ]
    for p in r["projects"]:
        out.append(
            f"| {p['code']} {p['name']} | {p['health']} | {p['reason']} | "
            f"{_money(p['planned'], p['currency'])} | {_money(p['spent'], p['currency'])} | "
            f"{_money(p['forecast'], p['currency'])} |"
        )
    out += ["", "## Totals", ""]
    for cur, t in r["totals"]["by_currency"].items():
        out.append(
            f"- {cur}: planned {format_money(t['planned'])}, spent {format_money(t['spent'])}, "
            f"forecast {format_money(t['forecast'])}"
        )
    return out


def to_html(lines: list[str], title: str) -> str:
    """The Markdown lines as simple HTML; every piece of text escaped."""
    body: list[str] = []
    in_list = in_table = False
    for raw in lines:
        line = clean_text(raw)
        if in_list and not line.startswith("- "):
            body.append("</ul>")
            in_list = False
        if in_table and not line.startswith("|"):
            body.append("</table>")
            in_table = False
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.startswith("|"):
            if set(line) <= set("|-"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            tag = "th" if not in_table else "td"
            if not in_table:
                body.append("<table>")
                in_table = True
            body.append(
                "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"
            )
        elif line.startswith("**") and line.endswith("**"):
            body.append(f"<p><strong>{html.escape(line.strip('*'))}</strong></p>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        body.append("</ul>")
    if in_table:
        body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def projects_by_code(session: Session) -> list[Project]:
    return list(session.exec(select(Project).order_by(col(Project.code))))


def write_report(path: str, text: str) -> None:
    """Write a report readable by its owner only (0600), whatever was there before."""
    write_private(path, text)
