"""`itpm raci PROJECT` in process: the chart as a table, CSV or Markdown, and its exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.cli import main
from itpm_tui.db import write_session
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers import raci_records as raci
from itpm_tui.services.resources.people import PersonInput, create_person


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["raci", *argv, "--db", str(db_path)])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def chart(engine: Engine) -> None:
    """Project NET: 'Design' (Ann A/R, Bob C) is fine, 'Build' (Bob R) has no A; Cy no role."""
    with write_session(engine) as s:
        pid = int(create_project(s, ProjectInput(code="NET", name="Net")).id)  # type: ignore[arg-type]
        people: dict[str, int] = {}
        for n in ("Ann Lee", "Bob Ray", "Cy\x1b[31m"):
            person_id = create_person(s, PersonInput(n)).id
            assert person_id is not None
            people[n] = person_id
        design = int(create_task(s, pid, TaskInput(title="Design")).id)  # type: ignore[arg-type]
        build = int(create_task(s, pid, TaskInput(title="Build")).id)  # type: ignore[arg-type]
        raci.set_roles(s, pid, design, people["Ann Lee"], "AR")
        raci.set_roles(s, pid, design, people["Bob Ray"], "C")
        raci.set_roles(s, pid, build, people["Bob Ray"], "R")
        raci.add_member(s, pid, people["Cy\x1b[31m"])


def test_table_with_checks_and_exit_status(chart: None, capsys, db_path: Path) -> None:
    code, out, err = run(capsys, db_path, "NET")
    assert code == 2 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["WBS", "Task", "AL", "BR", "C", "Check"]
    assert lines[2].split() == ["1", "Design", "A/R", "C", "ok"]
    assert lines[3].split() == ["2", "Build", "R", "no", "A"]
    assert "AL = Ann Lee" in lines and "no role: Cy[31m" in lines
    assert "\x1b" not in out


def test_csv_and_markdown(chart: None, capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, db_path, "NET", "--format", "csv")
    assert out.splitlines() == ["WBS,Task,AL,BR,C,Check", "1,Design,A/R,C,,ok", "2,Build,,R,,no A"]
    code, out, _ = run(capsys, db_path, "NET", "--format", "markdown")
    assert out.startswith("# RACI chart of NET\n\n| WBS | Task | AL | BR | C | Check |\n|---|")
    assert "| 2 | Build |  | R |  | no A |" in out


def test_unknown_project_is_one_line(chart: None, capsys, db_path: Path) -> None:
    code, out, err = run(capsys, db_path, "NOPE")
    assert code == 1 and out == ""
    assert err.startswith("itpm: ") and len(err.strip().splitlines()) == 1
