"""`itpm report status|portfolio`: content checked against the data, formats, files, errors."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.cli import build_parser, main
from itpm_tui.db import read_session
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.portfolio.health import (
    cost_rule,
    portfolio_health,
    quality_rule,
    risk_rule,
    schedule_rule,
)
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.services.shared.parsing import format_money


def _db(engine: Engine) -> str:
    return str(engine.url.database)


def test_status_report_json_matches_the_dashboard(demo_engine: Engine, capsys) -> None:
    today = date.today()
    assert main(["report", "status", "ERP-S4", "--db", _db(demo_engine), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with read_session(demo_engine) as s:
        board = project_dashboard(s, find_project(s, "ERP-S4").id, today)  # type: ignore[arg-type]
    assert report["as_of"] == today.isoformat()
    assert report["health"] == board.health
    assert report["evm"]["ev"] == board.evm.ev and report["evm"]["ac"] == board.evm.ac
    assert report["budget"]["spent"] == board.budget.spent
    assert [m["title"] for m in report["milestones"]["slipped"]] == [
        t for t, _, _ in board.milestones_slipped
    ]
    assert report["baseline"] == "Approved plan"


def test_status_report_lists_each_budget_line_with_its_open_commitment(
    demo_engine: Engine, capsys
) -> None:
    today = date.today()
    args = ["report", "status", "APP-PORTAL", "--db", _db(demo_engine), "--format", "json"]
    assert main(args) == 0
    lines = json.loads(capsys.readouterr().out)["budget"]["lines"]
    with read_session(demo_engine) as s:
        board = project_dashboard(s, find_project(s, "APP-PORTAL").id, today)  # type: ignore[arg-type]
    assert lines and len(lines) == len(board.budget.lines)
    for shown, line in zip(lines, board.budget.lines, strict=True):
        assert shown["open_committed"] == max(0, line.committed - line.spent)
        assert shown["forecast"] == max(line.planned, line.spent + shown["open_committed"])
        assert (shown["planned"], shown["committed"], shown["actual"]) == (
            line.planned,
            line.committed,
            line.spent,
        )
    assert main(["report", "status", "APP-PORTAL", "--db", _db(demo_engine)]) == 0
    out = capsys.readouterr().out
    assert "| Line | Planned | Committed (open) | Actual | Forecast |" in out
    first = board.budget.lines[0]
    assert (
        f"| {first.name} | {format_money(first.planned)} | {format_money(first.committed)} "
        f"({format_money(first.open_committed)}) | {format_money(first.spent)} |"
    ) in out


def test_status_report_markdown_and_as_of(demo_engine: Engine, capsys) -> None:
    with read_session(demo_engine) as s:
        project = find_project(s, "NET-CORE")
        as_of = project.start
        assert as_of is not None
        board = project_dashboard(s, project.id, as_of)  # type: ignore[arg-type]
    args = ["report", "status", "NET-CORE", "--db", _db(demo_engine), "--as-of", as_of.isoformat()]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"# Status report NET-CORE Core network switch refresh as of {as_of}" in out
    assert f"| {format_money(board.evm.bac)} | {format_money(board.evm.pv)} |" in out
    assert "## Plan for the next 14 days" in out
    assert "\x1b" not in out


def test_status_date_before_the_start_is_one_line_error(demo_engine: Engine, capsys) -> None:
    assert (
        main(["report", "status", "ERP-S4", "--db", _db(demo_engine), "--as-of", "2001-01-01"]) == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("itpm: --as-of: 2001-01-01 is before the project starts")


def test_report_file_is_private_html_escaped(demo_engine: Engine, tmp_path: Path, capsys) -> None:
    target = tmp_path / "p.html"
    target.write_text("old")
    os.chmod(target, 0o644)
    args = [
        "report",
        "portfolio",
        "--db",
        _db(demo_engine),
        "--format",
        "html",
        "--output",
        str(target),
    ]
    assert main(args) == 0
    # Replaced whole, keeping the mode its owner gave it (DESIGN: never change the mode
    # of a file itpm did not create).
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    text = target.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<table>" in text
    assert "SAP S/4HANA finance rollout" in text


def test_portfolio_report_totals_add_up(demo_engine: Engine, capsys) -> None:
    assert main(["report", "portfolio", "--db", _db(demo_engine), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with read_session(demo_engine) as s:
        rows = portfolio_health(s, date.today())
    assert len(report["projects"]) == len(rows) == 7
    eur = report["totals"]["by_currency"]["EUR"]
    assert eur["planned"] == sum(p["planned"] for p in report["projects"])
    assert eur["spent"] == sum(r.spent for r in rows)
    assert sum(report["totals"]["health"].values()) == 7


def test_report_kinds_come_from_their_modules() -> None:
    for argv, kind in (
        (["report", "status", "X", "--format", "json"], "status"),
        (["report", "portfolio"], "portfolio"),
        (["report", "closure", "X"], "closure"),
    ):
        args = build_parser().parse_args(argv)
        assert args.report_kind == kind and callable(args.report_handler)


@pytest.mark.parametrize(
    ("rule", "health"),
    [
        (schedule_rule(0, 0, 0), "green"),
        (schedule_rule(3, 0, 0), "amber"),
        (schedule_rule(11, 0, 0), "red"),
        (schedule_rule(0, 2, 0), "red"),
        (cost_rule(1000, 1000, 500), "green"),
        (cost_rule(1000, 1050, 500), "amber"),
        (cost_rule(1000, 1101, 500), "red"),
        (risk_rule("green", 3), "amber"),
        (risk_rule("red", 0), "red"),
        (quality_rule(8, None), "red"),
        (quality_rule(0, None), "green"),
    ],
)
def test_health_rules(rule, health) -> None:
    assert rule.health == health


def test_the_registers_feed_the_alerts_and_the_status_report(demo_engine: Engine) -> None:
    from itpm_tui.services.monitoring.status_report import status_report
    from itpm_tui.services.registers.change_records import approved_changes
    from itpm_tui.services.registers.compliance import open_compliance_gaps
    from itpm_tui.services.registers.issue_log import open_issues
    from itpm_tui.services.registers.risk_records import list_risks, risks_past_review

    today = date.today()
    with read_session(demo_engine) as s:
        pid = find_project(s, "ERP-S4").id
        board = project_dashboard(s, pid, today)  # type: ignore[arg-type]
        late = risks_past_review(s, pid, today)  # type: ignore[arg-type]
        gaps = open_compliance_gaps(s, pid)  # type: ignore[arg-type]
        report = status_report(s, pid, today)  # type: ignore[arg-type]
        risks = [r for r in list_risks(s, pid, today) if r.status != "closed"]  # type: ignore[arg-type]
        issues = open_issues(s, pid, today)  # type: ignore[arg-type]
        changes = approved_changes(s, pid)  # type: ignore[arg-type]
    assert late and gaps and issues and changes  # the demo has each of them
    alerts = {(a.target, a.target_id) for a in board.alerts}
    assert {("risk", r.id) for r in late} <= alerts
    assert {("compliance", g.requirement_id) for g in gaps} <= alerts
    top = report["risks"]
    assert len(top) == min(5, len(risks))
    assert (top[0]["title"], top[0]["score"]) == (risks[0].title, risks[0].score)  # highest first
    assert [i["description"] for i in report["issues"]] == [i.description for i in issues]
    assert [c["title"] for c in report["approved_changes"]] == [c.title for c in changes]
