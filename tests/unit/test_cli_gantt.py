"""`itpm gantt` in process: the chart, its options, and one-line errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from sqlalchemy import Engine, update
from sqlmodel import col

from itpm_tui.cli import main
from itpm_tui.db import read_session, write_session
from itpm_tui.models import Task
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule, save_baseline
from itpm_tui.services.planning.tasks import TaskInput, create_task, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, find_project

MONDAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _unicode_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unicode glyphs unless --ascii asks otherwise, whatever the caller's locale."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("ITPM_CHARSET", raising=False)


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    """`itpm gantt ... --db db_path` in process: (exit status, stdout, stderr)."""
    try:
        code = main(["gantt", *argv, "--db", str(db_path)])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small_plan(engine: Engine) -> str:
    """Project SMALL: 'Build' (3 d) -> 'Ship' (2 d) on the critical path, 'Optional extra' not."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="SMALL", name="Small", start=MONDAY))
        pid = int(project.id)  # type: ignore[arg-type]
        ids = []
        for title, days in (("Build", 3), ("Ship", 2), ("Optional extra", 1)):
            task = create_task(session, pid, TaskInput(title=title))
            task.duration_days = days
            ids.append(int(task.id))  # type: ignore[arg-type]
        add_dependency(session, ids[0], ids[1])
        reschedule(session, pid, MONDAY)
    return "SMALL"


def test_gantt_prints_every_task_name_and_a_legend(
    capsys, demo_engine: Engine, db_path: Path
) -> None:
    code, out, err = run(capsys, db_path, "ERP-S4", "--width", "160")
    assert (code, err) == (0, "")
    with read_session(demo_engine) as session:
        names = [row.title for row in list_task_rows(session, find_project(session, "ERP-S4").id)]  # type: ignore[arg-type]
    assert len(names) == 15
    for name in names:
        assert name in out
    assert out.splitlines()[2].startswith("WBS Task")
    legend = out.split("\n\n")[-1]
    for word in ("done", "milestone", "summary", "today", "critical"):
        assert word in legend
    assert "█" in out and "◆" in out


def test_ascii_output_is_printable_ascii_and_newlines_only(
    capsys, demo_engine: Engine, db_path: Path
) -> None:
    for project in ("ERP-S4", "NET-CORE"):
        code, out, _ = run(capsys, db_path, project, "--ascii", "--width", "200", "--zoom", "day")
        assert code == 0
        odd = {ch for ch in out if not (" " <= ch <= "~" or ch == "\n")}
        assert odd == set(), odd
        assert "Configure general ledger" in out or "Migrate VLANs and routing" in out
        assert "done" in out and "#" in out


def test_the_charset_variable_also_asks_for_ascii(
    capsys, monkeypatch, demo_engine: Engine, db_path: Path
) -> None:
    monkeypatch.setenv("ITPM_CHARSET", "ascii")
    code, out, _ = run(capsys, db_path, "ERP-S4", "--width", "100")
    assert code == 0 and out.isascii()


def test_no_line_is_longer_than_the_width(capsys, demo_engine: Engine, db_path: Path) -> None:
    for width in (40, 64, 80, 100, 133, 200):
        for zoom in ("day", "week", "month", "quarter"):
            for extra in ([], ["--ascii"]):
                argv = ["ERP-S4", "--width", str(width), "--zoom", zoom, *extra]
                code, out, _ = run(capsys, db_path, *argv)
                assert code == 0
                lines = out.splitlines()
                assert len(lines) > 15
                assert max(cell_len(line) for line in lines) <= width, argv


def test_a_width_below_40_is_refused_in_one_line(
    capsys, demo_engine: Engine, db_path: Path
) -> None:
    code, out, err = run(capsys, db_path, "ERP-S4", "--width", "39")
    assert (code, out) == (1, "")
    assert err == "itpm: --width must be at least 40 columns\n"


def test_critical_keeps_only_the_critical_rows(capsys, small_plan: str, db_path: Path) -> None:
    code, full, _ = run(capsys, db_path, small_plan, "--width", "100")
    assert code == 0
    assert all(name in full for name in ("Build", "Ship", "Optional extra"))
    code, critical, _ = run(capsys, db_path, small_plan, "--width", "100", "--critical")
    assert code == 0
    assert "Build" in critical and "Ship" in critical
    assert "Optional extra" not in critical
    assert len(critical.splitlines()) == len(full.splitlines()) - 1


def test_a_saved_baseline_is_drawn_under_each_row(
    capsys, engine: Engine, small_plan: str, db_path: Path
) -> None:
    with write_session(engine) as session:
        save_baseline(session, find_project(session, small_plan).id, "Approved")  # type: ignore[arg-type]
    argv = ["--width", "100", "--zoom", "day", "--to", "2026-03-13"]
    _, plain, _ = run(capsys, db_path, small_plan, *argv)
    code, out, err = run(capsys, db_path, small_plan, *argv, "--baseline", "Approved")
    assert (code, err) == (0, "")
    # One baseline line under each of the three tasks: Build's spans its three days.
    lines = out.splitlines()
    assert len(lines) == len(plain.splitlines()) + 3
    assert "Build" in lines[3] and "───" in lines[4] and "────" not in lines[4]
    assert "──" not in plain.split("\n\n")[0]


def test_an_unknown_baseline_is_one_itpm_line_on_stderr(
    capsys, engine: Engine, small_plan: str, db_path: Path
) -> None:
    code, out, err = run(capsys, db_path, small_plan, "--baseline", "Nope")
    assert (code, out) == (1, "")
    assert err == "itpm: no baseline 'Nope' in SMALL (none saved yet)\n"
    with write_session(engine) as session:
        save_baseline(session, find_project(session, small_plan).id, "Approved")  # type: ignore[arg-type]
    code, out, err = run(capsys, db_path, small_plan, "--baseline", "Nope")
    assert (code, out) == (1, "")
    assert err == "itpm: no baseline 'Nope' in SMALL (Approved)\n"


def test_an_unknown_project_is_exit_1_with_one_line(
    capsys, demo_engine: Engine, db_path: Path
) -> None:
    code, out, err = run(capsys, db_path, "NOPE-1")
    assert (code, out) == (1, "")
    assert err == "itpm: no project with the code 'NOPE-1'\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--from", "2026-13-01"],
        ["--to", "yesterday-ish"],
        ["--from", "2026-03-10", "--to", "2026-03-01"],
    ],
    ids=["bad-from", "bad-to", "to-before-from"],
)
def test_bad_dates_are_exit_1_with_one_line(
    capsys, small_plan: str, db_path: Path, argv: list[str]
) -> None:
    code, out, err = run(capsys, db_path, small_plan, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("itpm: ") and err.count("\n") == 1


def test_from_and_to_bound_the_timeline(capsys, small_plan: str, db_path: Path) -> None:
    code, out, _ = run(
        capsys, db_path, small_plan, "--from", "2026-03-02", "--to", "2026-03-13", "--zoom", "day"
    )
    assert code == 0
    assert out.startswith("day zoom, 2026-03-02 to 2026-03-13")


def test_markup_and_escape_sequences_in_names_are_printed_inert(
    capsys, engine: Engine, small_plan: str, db_path: Path
) -> None:
    # Stored raw, as an import from an older version might have left them.
    with write_session(engine) as session:
        session.exec(
            update(Task).where(col(Task.title) == "Build").values(title="Wipe\x1b[2J screen")
        )
        session.exec(
            update(Task).where(col(Task.title) == "Ship").values(title="[bold]Loud[/] ship")
        )
    for extra in ([], ["--ascii"]):
        code, out, err = run(capsys, db_path, small_plan, "--width", "120", *extra)
        assert code == 0 and err == ""
        assert "\x1b" not in out and "\x9b" not in out
        assert "Wipe[2J screen" in out
        assert "[bold]Loud[/] ship" in out
