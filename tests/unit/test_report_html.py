"""The status and portfolio reports: templates, their overrides, the charts, JSON for scripts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.cli import main
from itpm_tui.db import read_session
from itpm_tui.services.monitoring.report_charts import line_chart
from itpm_tui.services.monitoring.status_report import render, status_report
from itpm_tui.services.portfolio.projects import find_project


def _db(engine: Engine) -> str:
    return str(engine.url.database)


def _report(engine: Engine, code: str = "ERP-S4") -> dict:
    with read_session(engine) as s:
        return status_report(s, find_project(s, code).id, date.today())  # type: ignore[arg-type]


def test_html_report_is_styled_printable_and_sectioned(demo_engine: Engine) -> None:
    report = _report(demo_engine)
    page = render(report, "html")
    assert "<style>" in page and "@media print" in page and "<link" not in page
    # Colour and word: the badge carries the class and says the word.
    assert f'<span class="rag {report["health"]} big">{report["health"].upper()}</span>' in page
    for dim in report["health_dimensions"]:
        assert dim["reason"] or dim["health"] == "green"
    for heading in ("Open issues", "Decisions", "Quality", "Compliance gaps", "Alerts"):
        assert f"<h2>{heading}</h2>" in page
    assert report["compliance_gaps"] and report["decisions"] and report["quality"]["defects"]
    # Alerts are not issues: the issues section lists only the log's issues.
    issues = page.split("<h2>Open issues</h2>")[1].split("<h2>")[0]
    assert all(a["text"] not in issues for a in report["alerts"])
    assert page.count("<svg") == (1 if not report["burn_up"] else 2)


def test_user_text_is_never_markup_in_html(demo_engine: Engine) -> None:
    report = _report(demo_engine)
    report["project"]["name"] = "R&D <script>alert(1)</script>"
    report["risks"][0]["title"] = "<b>bold</b>"
    page = render(report, "html")
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "R&amp;D &lt;script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_s_curve_svg_is_drawn_from_the_report_figures(demo_engine: Engine) -> None:
    report = _report(demo_engine)
    page = render(report, "html")
    svg = page[page.index("<svg") : page.index("</svg>")]
    curve = report["s_curve"]
    pv_line = re.search(r'stroke="#1f5fa8"[^>]*points="([^"]+)"', svg)
    assert pv_line is not None
    points = [tuple(map(float, p.split(","))) for p in pv_line.group(1).split()]
    assert len(points) == len(curve)
    # The highest PV sits on the top of the axis, zero on its bottom.
    ys = [y for _, y in points]
    top = max(p["pv"] for p in curve)
    assert ys[[p["pv"] for p in curve].index(top)] == min(ys)


def test_chart_spaces_dates_by_time() -> None:
    days = [date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 10)]
    svg = line_chart("t", days, [("A", "#000", [1, 2, 3])])
    xs = [float(p.split(",")[0]) for p in re.search(r'points="([^"]+)"', svg).group(1).split()]  # type: ignore[union-attr]
    assert (xs[1] - xs[0]) * 7 == pytest.approx((xs[2] - xs[1]) * 2, abs=1)


def test_card_axis_is_whole_numbers() -> None:
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    svg = line_chart("t", days, [("Scope", "#000", [7, 8, 10])], whole=True)
    labels = re.findall(r'x="58" y="[\d.]+" text-anchor="end">([^<]+)</text>', svg)
    assert labels and all(label.replace(",", "").isdigit() for label in labels)


def test_json_is_for_scripts(demo_engine: Engine, capsys) -> None:
    assert main(["report", "status", "ERP-S4", "--db", _db(demo_engine), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == 3
    assert report["units"]["money"] == {
        "currency": "EUR",
        "scale": "minor units",
        "decimals": 2,
        "per_major_unit": 100,
    }
    assert isinstance(report["evm"]["spi"], float) and isinstance(report["evm"]["ev"], int)
    risk = report["risks"][0]
    assert {"title", "score", "owner", "next_review", "status"} <= risk.keys()
    assert isinstance(risk["score"], int)
    issue = report["issues"][0]
    assert {"description", "owner", "due", "status", "overdue"} <= issue.keys()
    measured = [k for k in report["kpis"] if k["value"] is not None]
    assert measured and all(isinstance(k["value"], float) and k["shown"] for k in measured)


def test_portfolio_report_has_health_per_dimension(demo_engine: Engine, capsys) -> None:
    assert main(["report", "portfolio", "--db", _db(demo_engine), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    erp = next(p for p in report["projects"] if p["code"] == "ERP-S4")
    dims = {d["name"]: d for d in erp["dimensions"]}
    assert set(dims) == {"schedule", "cost", "risk", "quality", "kpis"}
    assert all(d["reason"] for d in dims.values() if d["health"] != "green")
    assert 0 <= erp["percent_complete"] <= 100 and erp["next_milestone"]["title"]
    assert main(["report", "portfolio", "--db", _db(demo_engine), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "Health by dimension" in page and erp["next_milestone"]["title"] in page


def test_template_override_by_file_and_by_config_dir(
    demo_engine: Engine, tmp_path: Path, monkeypatch, capsys
) -> None:
    own = tmp_path / "mine.md"
    own.write_text("Mine: {{ r.project.code }} is {{ r.health }}\n")
    args = ["report", "status", "ERP-S4", "--db", _db(demo_engine)]
    assert main([*args, "--template", str(own)]) == 0
    assert capsys.readouterr().out.startswith("Mine: ERP-S4 is ")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "status.md").write_text("Copied: {{ r.project.name }}\n")
    monkeypatch.setattr(
        "itpm_tui.services.monitoring.report_templates.user_template_dir", lambda: folder
    )
    assert main(args) == 0
    assert capsys.readouterr().out == "Copied: SAP S/4HANA finance rollout\n"
    (folder / "status.md").write_text("{{ r.nope }}\n")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("itpm: template status.md:") and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_report_renders_in_headless_chromium(demo_engine: Engine, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    args = ["report", "status", "ERP-S4", "--db", _db(demo_engine), "--format", "html"]
    assert main([*args, "-o", str(page)]) == 0
    shot = tmp_path / "r.png"
    run = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0
    assert "SAP S/4HANA finance rollout" in run.stdout and "<svg" in run.stdout
    assert "Uncaught" not in run.stderr and "CONSOLE" not in run.stderr
    snap = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1000,1400",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert snap.returncode == 0 and shot.stat().st_size > 10_000


def test_each_day_count_names_its_reference(demo_engine: Engine, capsys) -> None:
    """Seen: `slip_days: -15` (vs the target finish) beside "slipped 14 d vs baseline"."""
    assert (
        main(["report", "status", "APP-PORTAL", "--db", _db(demo_engine), "--format", "json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    slipped = {m["title"]: m["days_past_baseline"] for m in report["milestones"]["slipped"]}
    said = [a["text"] for a in report["alerts"] if a["text"].startswith("Milestone slipped")]
    assert said and all(
        f"slipped {slipped[text.split(': ', 1)[1]]} d vs baseline" in text for text in said
    )
    assert main(["report", "portfolio", "--db", _db(demo_engine), "--format", "json"]) == 0
    portfolio = json.loads(capsys.readouterr().out)
    assert "finish_past_target_days" in portfolio["units"]
    for row in portfolio["projects"]:
        assert "slip_days" not in row and isinstance(row["finish_past_target_days"], int)
