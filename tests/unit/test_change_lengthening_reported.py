"""A change that lengthens tasks says so wherever approved changes are summed up."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine

from itpm_tui.cli import main
from itpm_tui.db import read_session, write_session
from itpm_tui.screens.registers.changes import ChangeView
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.services.registers import change_records as changes
from itpm_tui.services.registers.change_records import ChangeInput


def _approved_longer_change(engine: Engine) -> int:
    """ERP-S4 gets an approved change that adds 10 working days and moves nothing."""
    today = date.today()
    with write_session(engine) as s:
        pid = find_project(s, "ERP-S4").id
        cid = changes.create_change(
            s,
            pid,  # type: ignore[arg-type]
            ChangeInput("Router delivery slip", schedule_days=0, extend_days=10),
            today,
        ).id
        changes.advance(s, cid, "assessed", today)  # type: ignore[arg-type]
        changes.advance(s, cid, "approved", today, "Sponsor")  # type: ignore[arg-type]
    return pid  # type: ignore[return-value]


def test_the_status_report_gives_the_days_a_change_adds(demo_engine: Engine, capsys) -> None:
    _approved_longer_change(demo_engine)
    db = str(demo_engine.url.database)
    assert main(["report", "status", "ERP-S4", "--db", db, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    slip = next(c for c in report["approved_changes"] if c["title"] == "Router delivery slip")
    assert (slip["schedule_days"], slip["extend_days"]) == (0, 10)
    assert main(["report", "status", "ERP-S4", "--db", db]) == 0
    line = next(
        x for x in capsys.readouterr().out.splitlines() if x.startswith("- Router delivery slip")
    )
    assert "+0 working days, tasks +10 working days longer" in line


def test_the_change_register_sums_the_days_changes_add(demo_engine: Engine) -> None:
    pid = _approved_longer_change(demo_engine)
    with read_session(demo_engine) as s:
        rows = changes.list_changes(s, pid)
    longer = sum(r.extend_days for r in rows if r.status in ("approved", "implemented"))
    assert longer >= 10
    text = ChangeView.summary(ChangeView, rows, date.today())  # type: ignore[arg-type]
    assert f"+{longer} days longer" in text
