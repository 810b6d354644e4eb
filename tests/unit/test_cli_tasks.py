"""`itpm task add|set|done|list` and `itpm link`: services, undo names, one-line errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui import clock
from itpm_tui.cli import main
from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, Task
from itpm_tui.services.planning.task_edits import save_task
from itpm_tui.services.planning.tasks import TaskInput, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, find_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.undo import run as undo_run

MONDAY = date(2026, 3, 2)


def itpm(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    """`itpm ... --db db_path` in process: (exit status, stdout, stderr)."""
    try:
        code = main([*argv, "--db", str(db_path)])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan(engine: Engine) -> int:
    """Project P from Monday: 1 Design (3 d), 2 Build (5 d), nobody assigned; Ada exists."""
    clock.fix_today(MONDAY)
    with write_session(engine) as session:
        create_person(session, PersonInput("Ada Lovelace", email="ada@example.com"))
        project = create_project(session, ProjectInput(code="P", name="Plan", start=MONDAY))
        pid = int(project.id)  # type: ignore[arg-type]
        for title, days in (("Design", 3), ("Build", 5)):
            save_task(session, pid, None, TaskInput(title=title, estimate_days=days), today=MONDAY)
    return pid


def rows(engine: Engine, pid: int) -> dict[str, tuple[object, ...]]:
    with read_session(engine) as session:
        return {
            r.wbs: (r.title, r.status, r.percent_complete, r.start, r.finish, r.assignee)
            for r in list_task_rows(session, pid)
        }


def last_action(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT label FROM action ORDER BY id DESC").first()[0])  # type: ignore[index]


def test_task_add_puts_a_task_where_asked_and_schedules_it(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = itpm(
        capsys, db_path, "task", "add", "p", "Review", "--after", "1", "--estimate", "2d",
        "--start", "2026-03-04", "--assign", "ada@example.com",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "added P 2 'Review' (2026-03-04 to 2026-03-05)\n"
    assert rows(engine, plan)["2"] == (
        "Review", "todo", 0, date(2026, 3, 4), date(2026, 3, 5), "Ada Lovelace",
    )  # fmt: skip
    assert rows(engine, plan)["3"][0] == "Build"
    assert last_action(engine) == "add task 'Review'"


def test_task_add_under_a_task_and_a_milestone(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert itpm(capsys, db_path, "task", "add", "P", "Sub", "--under", "2")[0] == 0
    code, out, _ = itpm(
        capsys, db_path, "task", "add", "P", "Done!", "--milestone", "--format", "json"
    )
    assert code == 0
    [record] = json.loads(out)
    assert (record["wbs"], record["milestone"], record["summary"]) == ("3", True, False)
    assert rows(engine, plan)["2.1"][0] == "Sub"


def test_task_set_changes_fields_as_the_form_does(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = itpm(
        capsys, db_path, "task", "set", "P", "2", "title=Build it", "priority=high",
        "assignee=Ada Lovelace", "predecessors=1FS+1d",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "changed P 2 'Build it' (2026-03-06 to 2026-03-12)\n"
    assert rows(engine, plan)["2"] == (
        "Build it", "todo", 0, date(2026, 3, 6), date(2026, 3, 12), "Ada Lovelace",
    )  # fmt: skip
    assert last_action(engine) == "edit task 'Build it'"
    assert itpm(capsys, db_path, "task", "set", "P", "2", "%=40")[0] == 0
    assert rows(engine, plan)["2"][1:4] == ("in-progress", 40, MONDAY)  # started today


def test_task_done_finishes_it_and_undo_in_the_app_names_it(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = itpm(capsys, db_path, "task", "done", "P", "1")
    assert code == 0 and out.startswith("done P 1 'Design'")
    assert rows(engine, plan)["1"][1:3] == ("done", 100)
    with read_session(engine) as session:
        task = session.exec(select(Task).where(Task.title == "Design")).one()
        assert task.actual_finish == MONDAY
    result = undo_run(engine, "undo")
    assert result.label == "mark 'Design' done"
    assert rows(engine, plan)["1"][1:3] == ("todo", 0)


def test_link_makes_a_task_wait_with_its_type_and_lag(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = itpm(capsys, db_path, "link", "P", "1", "2", "--type", "ss", "--lag", "2d")
    assert code == 0
    assert out == "linked P 2 'Build' (2026-03-04 to 2026-03-10), waits on 1SS+2d\n"
    with read_session(engine) as session:
        link = session.exec(select(Dependency)).one()
        assert (link.kind, link.lag_days) == ("SS", 2)
    assert last_action(engine) == "link 'Design' -> 'Build' (SS+2)"
    # A lead is written with '=': argparse reads a lone '-1d' as an option.
    assert itpm(capsys, db_path, "task", "add", "P", "Test", "--estimate", "1d")[0] == 0
    code, out, _ = itpm(capsys, db_path, "link", "P", "2", "3", "--lag=-1d")
    assert (
        out == "linked P 3 'Test' (2026-03-10 to 2026-03-10), waits on 2FS-1d\n"
    )  # Build ends 03-10


def test_task_list_prints_table_json_and_csv(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    itpm(capsys, db_path, "link", "P", "1", "2")
    code, out, _ = itpm(capsys, db_path, "task", "list", "P")
    assert code == 0
    assert out.splitlines()[0].split() == [
        "WBS", "Title", "Status", "Done", "%", "Start", "Finish", "Assignee", "Predecessors",
    ]  # fmt: skip
    assert out.splitlines()[3].split() == [
        "2",
        "Build",
        "todo",
        "0",
        "2026-03-05",
        "2026-03-11",
        "1",
    ]
    code, out, _ = itpm(capsys, db_path, "task", "list", "P", "--format", "json")
    records = json.loads(out)
    assert [(r["wbs"], r["title"], r["predecessors"], r["finish"]) for r in records] == [
        ("1", "Design", "", "2026-03-04"),
        ("2", "Build", "1", "2026-03-11"),
    ]
    code, out, _ = itpm(capsys, db_path, "task", "list", "P", "--format", "csv")
    assert out.splitlines()[0].startswith("wbs,title,status,percent_complete,start,finish")
    assert out.splitlines()[2].startswith("2,Build,todo,0,2026-03-05,2026-03-11")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["task", "add", "NOPE", "X"], "itpm: no project with the code 'NOPE'"),
        (["task", "add", "P", "X", "--after", "9"], "itpm: no task 9 in this project"),
        (["task", "add", "P", "X", "--assign", "Bob"], "itpm: assignee: no person is called 'Bob'"),
        (["task", "add", "P", "X", "--start", "1900-01-01"], "itpm: start: '1900-01-01' is out"),
        (["task", "add", "P", "X", "--estimate", "lots"], "itpm: estimate: 'lots' is not a"),
        (["task", "add", "P", "   "], "itpm: title: a title is required"),
        (["task", "set", "P", "1", "colour=red"], "itpm: fields: 'colour=red': use field=value"),
        (["task", "set", "P", "1", "status=limbo"], "itpm: status: 'limbo' is not a status"),
        (["task", "set", "P", "1", "predecessors=1"], "itpm: predecessors: a task cannot wait"),
        (["task", "set", "P", "1"], "itpm: fields: give field=value"),
        (["link", "P", "1", "2", "--lag", "soon"], "itpm: lag: 'soon' is not a lag"),
        (["link", "P", "1", "1"], "itpm: A task cannot depend on itself"),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(
    engine: Engine,
    db_path: Path,
    plan: int,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    before = rows(engine, plan)
    action = last_action(engine)
    code, out, err = itpm(capsys, db_path, *argv)
    assert (code, out) == (1, "")
    assert err.startswith(message), err
    assert err.count("\n") == 1
    assert rows(engine, plan) == before
    assert last_action(engine) == action


def test_a_loop_of_links_is_refused_by_name(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert itpm(capsys, db_path, "link", "P", "1", "2")[0] == 0
    code, _, err = itpm(capsys, db_path, "link", "P", "2", "1")
    assert code == 1
    assert err == "itpm: This link would create a cycle: 'Build' -> 'Design' -> 'Build'\n"


def test_markup_and_escapes_in_a_title_never_reach_the_terminal(
    engine: Engine, db_path: Path, plan: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = itpm(capsys, db_path, "task", "add", "P", "[bold]x\x1b[2J[/]")
    assert code == 0
    assert "\x1b" not in out and "[bold]x[2J[/]" in out
    with read_session(engine) as session:
        pid = find_project(session, "P").id
        assert pid == plan
