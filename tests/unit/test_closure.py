"""Closure: the Markdown report, the private report file, lessons search, `itpm report closure`."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from itpm_tui.cli import main
from itpm_tui.db import read_session, write_session
from itpm_tui.models import Lesson
from itpm_tui.services.lifecycle.closure import (
    average_score,
    load_closure,
    search_lessons,
    write_report,
)
from itpm_tui.services.lifecycle.documents import save_record
from itpm_tui.services.portfolio.projects import find_project

DAY = date(2026, 11, 18)


def test_average_score() -> None:
    assert average_score([]) is None
    assert str(average_score([4, 5, 3])) == "4.0"
    assert str(average_score([4, 5])) == "4.5"
    assert str(average_score([1, 1, 2])) == "1.3"
    assert str(average_score([4, 5, 3, 1])) == "3.3"  # 3.25, rounded half up


def test_report_holds_every_part(demo_engine) -> None:
    with read_session(demo_engine) as session:
        pid = find_project(session, "HW-LAPTOP").id
        data = load_closure(session, pid, DAY)  # type: ignore[arg-type]
    report = data.report
    assert report.startswith("# Closure report: HW-LAPTOP Laptop fleet refresh 2026\n")
    for heading in (
        "## Goals: final check",
        "## Deliverables",
        "## Handover to operations",
        "## Stakeholder feedback",
        "## Lessons learned",
        "## Next steps",
        "## Phase history",
    ):
        assert heading in report
    assert "| Little disruption | under 2 h lost per user | partly met |" in report
    assert "| User guide | waived | - | - | Replaced by the supplier's quick start card |" in report
    assert "- [ ] Training (owner: none)" in report
    assert "Average satisfaction: 4.0 / 5 from 3 answer(s)." in report
    assert "Still open: Monitoring and alerting, Training, Asset register updated." in report
    assert data.gate_unmet == [
        "not accepted or waived: Asset register updated",
        "handover not done: Monitoring and alerting, Training",
    ]


def test_user_text_cannot_break_the_report_table(demo_engine) -> None:
    with write_session(demo_engine) as session:
        pid = find_project(session, "HW-LAPTOP").id
        assert pid is not None
        save_record(
            session,
            Lesson,
            pid,
            None,
            {"went_well": "a | b\x1b[2J", "category": "x"},
        )
    with read_session(demo_engine) as session:
        report = load_closure(session, pid, DAY).report
    assert "a \\| b[2J" in report and "\x1b" not in report


def test_write_report_is_0600_and_keeps_the_mode_of_a_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_report(target, "# first\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a new report is private
    os.chmod(target, 0o644)  # shared on purpose by its owner
    write_report(target, "# new \x1b[2J\n")
    assert target.read_text() == "# new [2J\n"  # the escape stripped
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_private_files_refuse_a_folder_and_a_missing_one(
    tmp_path: Path,
) -> None:
    from itpm_tui.services.shared.errors import ItpmError
    from itpm_tui.services.shared.files import write_private

    for target, says in (
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "r.md", "does not exist"),
    ):
        with pytest.raises(ItpmError, match=says):
            write_private(target, "x")


def test_search_lessons_across_projects(demo_engine) -> None:
    with read_session(demo_engine) as session:
        every = search_lessons(session)
        assert {lesson.code for lesson in every} == {"HW-LAPTOP", "CRM-AZ"}
        vendor = search_lessons(session, "vendor")
        assert [lesson.code for lesson in vendor] == ["HW-LAPTOP"]
        both = search_lessons(session, "report owner")
        assert [lesson.code for lesson in both] == ["CRM-AZ"]
        assert search_lessons(session, "100%") == []


def test_cli_prints_and_writes_the_closure_report(demo_engine, tmp_path, capsys) -> None:
    url = str(demo_engine.url)
    assert main(["report", "closure", "hw-laptop", "--db", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Closure report: HW-LAPTOP")
    target = tmp_path / "closure.md"
    assert main(["report", "closure", "HW-LAPTOP", "--db", url, "--output", str(target)]) == 0
    assert "Wrote the closure report of HW-LAPTOP" in capsys.readouterr().out
    assert target.read_text().startswith("# Closure report: HW-LAPTOP")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert main(["report", "closure", "NOPE", "--db", url]) == 1
    assert "no project with the code 'NOPE'" in capsys.readouterr().err


def test_cli_report_needs_a_kind(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report"])
    assert exited.value.code == 2
    assert "KIND" in capsys.readouterr().err
