"""`itpm export` and `itpm import`: files and stdout, the report printed, one line on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from itpm_tui.cli import main
from itpm_tui.db import read_session
from itpm_tui.models import Project


@pytest.fixture
def demo_db(demo_engine: Engine, db_path: Path) -> Path:
    demo_engine.dispose()
    return db_path


def _projects(db: Path) -> int:
    from itpm_tui.db import open_database

    engine = open_database(str(db))
    try:
        with read_session(engine) as session:
            return int(session.exec(select(func.count()).select_from(Project)).one())
    finally:
        engine.dispose()


def test_export_to_stdout_then_import_the_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "ERP-S4", "--format", "mspdi", "--db", str(demo_db)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith('<?xml version="1.0" encoding="UTF-8"')
    assert "<Name>SAP S/4HANA finance rollout</Name>" in printed
    plan = tmp_path / "plan.xml"
    plan.write_text(printed, encoding="utf-8")
    before = _projects(demo_db)
    assert main(["import", str(plan), "--code", "erp-2", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"Imported {plan} as ERP-2: 1 project, 15 tasks, 10 links, 0 people, 0 holidays, 1 baseline"
    )
    assert _projects(demo_db) == before + 1


def test_export_to_a_file_and_a_dry_run(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.xml"
    args = ["export", "erp-s4", "-f", "mspdi", "-o", str(plan), "--db", str(demo_db)]
    assert main(args) == 0
    assert capsys.readouterr().out == f"Wrote {plan}\n"
    assert plan.read_bytes().startswith(b"<?xml")
    before = _projects(demo_db)
    assert main(["import", str(plan), "--code", "X1", "--dry-run", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Dry run, nothing saved: {plan} would create X1: 1 project, 15 tasks")
    assert _projects(demo_db) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "NOPE", "-f", "mspdi"], "itpm: no project with the code 'NOPE'\n"),
        (["export", "ERP-S4", "-f", "pdf"], "itpm: no export format 'pdf': the formats are "),
        (["import", "missing.xml"], "itpm: missing.xml: no such file\n"),
    ],
)
def test_bad_input_is_one_line_and_status_1(
    demo_db: Path,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_an_existing_code_is_refused_then_replaced(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.xml"
    assert main(["export", "ERP-S4", "-f", "mspdi", "-o", str(plan), "--db", str(demo_db)]) == 0
    assert main(["import", str(plan), "--code", "NET-CORE", "--db", str(demo_db)]) == 1
    assert "NET-CORE is already the code of a project" in capsys.readouterr().err
    before = _projects(demo_db)
    args = ["import", str(plan), "--code", "NET-CORE", "--replace", "--db", str(demo_db)]
    assert main(args) == 0
    assert _projects(demo_db) == before


def test_a_hostile_file_through_the_real_command_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>&b;</Name></Project>'
    )
    done = subprocess.run(
        [sys.executable, "-m", "itpm_tui", "import", str(bomb), "--db", str(demo_db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("itpm: bomb.xml: the file declares a DTD")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_a_format_mpxj_reads_is_one_line_without_it(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    monkeypatch.setattr("itpm_tui.services.exchange.via_mpxj.shutil.which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    plan = tmp_path / "plan.mpp"
    plan.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert main(["import", str(plan), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "itpm: plan.mpp: reading this format needs MPXJ: a Java runtime missing: install with "
        "pip install 'itpm[mpxj]' and a Java runtime (e.g. apt install default-jre-headless)\n"
    )


def test_an_ms_project_file_into_an_existing_project_is_refused(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.xml"
    assert main(["export", "ERP-S4", "-f", "mspdi", "-o", str(plan), "--db", str(demo_db)]) == 0
    assert capsys.readouterr().out == f"Wrote {plan}\n"
    before = _projects(demo_db)
    assert main(["import", str(plan), "--project", "NET-CORE", "--db", str(demo_db)]) == 1
    assert capsys.readouterr().err == (
        "itpm: plan.xml: an MS Project file comes in as a project of its own: leave out --project\n"
    )
    assert _projects(demo_db) == before


def test_every_project_in_one_calendar_and_all_only_for_ics(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    target = tmp_path / "portfolio.ics"
    args = ["export", "--all", "--format", "ics", "-o", str(target), "--db", str(demo_db)]
    assert main(args) == 0
    assert capsys.readouterr().out == f"Wrote {target}\n"
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    with read_session(create_engine_for(demo_db)) as session:
        codes = {p.code for p in session.exec(select(Project))}
    # Each UID names its project: events of more than one project are in the one file.
    assert len({str(e["UID"]).rsplit("@", 1)[1].removesuffix(".itpm") for e in events}) > 1
    assert {str(e["UID"]).rsplit("@", 1)[1].removesuffix(".itpm") for e in events} <= codes
    assert main(["export", "--all", "--format", "json", "--db", str(demo_db)]) == 1
    assert "use --format ics" in capsys.readouterr().err
    assert main(["export", "--format", "ics", "--db", str(demo_db)]) == 1
    assert "give a project's code, or --all" in capsys.readouterr().err


def create_engine_for(path: Path) -> Engine:
    from itpm_tui.db import open_database

    return open_database(str(path))
