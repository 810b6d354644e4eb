"""The command line, in process and as a real `python -m itpm_tui`: output, --db, errors."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui import __version__, db
from itpm_tui.cli import main
from itpm_tui.db import open_database, write_session
from itpm_tui.services.portfolio.projects import ProjectInput, create_project

CSV_HEADER = [
    "code",
    "name",
    "type",
    "methodology",
    "phase",
    "health",
    "health_reason",
    "manager_rating",
    "percent_done",
    "tasks",
    "next_milestone",
    "next_milestone_date",
    "manager",
    "start",
    "target_finish",
    "days_in_phase",
]
DEMO_CODES = {"ERP-S4", "NET-CORE", "CRM-AZ", "SEC-MFA", "APP-PORTAL", "HW-LAPTOP", "CLD-BKP"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main() in process: (exit status, stdout, stderr), whether it returns or exits."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itpm_tui", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def assert_one_error_line(code: int, out: str, err: str) -> str:
    assert code != 0
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("itpm: ")
    return lines[0]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database filled once by `itpm demo`; each test gets its own copy of it."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    engine = open_database(str(path))
    yield engine
    engine.dispose()


@pytest.fixture
def demo_db(demo_template: Engine, tmp_path: Path) -> Path:
    """A private copy (online backup) of the demo database, for this test alone."""
    return db.backup(demo_template, tmp_path / "demo.db", keep=None)


def test_demo_creates_the_portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new" / "demo.db"
    code, out, err = run(capsys, "demo", "--db", str(path))
    assert (code, err) == (0, "")
    assert out == f"Created the demo portfolio: 7 projects in {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "projects", "--db", str(path), "--format", "json")
    assert {r["code"] for r in json.loads(out)} == DEMO_CODES


# --- version and help ----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"itpm {__version__}\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["demo", "--help"],
        ["projects", "--help"],
        ["db", "--help"],
        ["db", "upgrade", "--help"],
        ["db", "current", "--help"],
        ["db", "backup", "--help"],
    ],
)
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.startswith("usage: itpm")
    assert "--db PATH" in out


# --- demo and projects ---------------------------------------------------------------------


def test_projects_as_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "projects", "--db", str(demo_db), "--format", "json")
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert {r["code"] for r in records} == DEMO_CODES
    assert list(records[0]) == CSV_HEADER
    assert {r["phase"] for r in records} == {
        "initiation",
        "planning",
        "execution",
        "monitoring",
        "closure",
    }
    erp = next(r for r in records if r["code"] == "ERP-S4")
    assert erp["manager"] == "Maria Lopez"
    assert isinstance(erp["percent_done"], int) and 0 < erp["percent_done"] < 100
    assert len(erp["start"]) == 10 and erp["start"][4] == "-"  # ISO date


def test_projects_as_csv(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "projects", "--db", str(demo_db), "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == CSV_HEADER
    assert {row[0] for row in rows[1:]} == DEMO_CODES


def test_projects_as_a_table_is_the_default(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "projects", "--db", str(demo_db))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "Code",
        "Name",
        "Phase",
        "Health",
        "Done",
        "%",
        "Next",
        "milestone",
        "Due",
        "Manager",
    ]
    assert set(lines[1]) == {"-", " "}
    assert {line.split()[0] for line in lines[2:]} == DEMO_CODES
    assert run(capsys, "projects", "--db", str(demo_db), "--format", "table")[1] == out


def test_projects_of_an_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "empty.db")
    assert run(capsys, "projects", "--db", path, "--format", "json") == (0, "[]\n", "")
    assert run(capsys, "projects", "--db", path, "--format", "csv") == (0, "code,name\n", "")


def test_demo_refuses_a_database_that_holds_projects(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = assert_one_error_line(*run(capsys, "demo", "--db", str(demo_db)))
    assert "already holds 7 project(s)" in line
    code, out, _ = run(capsys, "projects", "--db", str(demo_db), "--format", "json")
    assert len(json.loads(out)) == 7


# --- where the database is -----------------------------------------------------------------


@pytest.mark.parametrize("before", [True, False], ids=["--db-first", "--db-after"])
def test_db_option_before_or_after_the_subcommand(
    demo_db: Path, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    args = ["projects", "--format", "json"]
    argv = ["--db", str(demo_db), *args] if before else [*args, "--db", str(demo_db)]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert {r["code"] for r in json.loads(out)} == DEMO_CODES


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "db", "current"],
        ["db", "--db", "{db}", "current"],
        ["db", "current", "--db", "{db}"],
    ],
)
def test_db_option_anywhere_in_db_commands(
    demo_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *[a.format(db=demo_db) for a in argv])
    assert (code, err) == (0, "")
    assert out == f"{db.head_revision()} (up to date)\n"


def test_itpm_db_environment_variable_is_used_without_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env" / "itpm.db"
    monkeypatch.setenv("ITPM_DB", str(path))
    assert run(capsys, "demo")[0] == 0
    assert path.is_file()
    code, out, _ = run(capsys, "projects", "--format", "json")
    assert {r["code"] for r in json.loads(out)} == DEMO_CODES


def test_db_option_wins_over_the_environment(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ITPM_DB", str(demo_db))
    other = tmp_path / "other.db"
    assert run(capsys, "projects", "--db", str(other), "--format", "json") == (0, "[]\n", "")


def test_without_db_or_environment_the_user_data_folder_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert run(capsys, "projects", "--format", "json") == (0, "[]\n", "")
    default = tmp_path / "xdg-data" / "itpm" / "itpm.db"
    assert default.is_file()
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert stat.S_IMODE(default.parent.stat().st_mode) == 0o700


def test_a_sqlalchemy_url_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.db'}"
    assert run(capsys, "demo", "--db", url)[0] == 0
    code, out, _ = run(capsys, "projects", "--db", url, "--format", "csv")
    assert len(out.splitlines()) == 8


# --- errors: one line on stderr, non-zero, never a traceback --------------------------------


def test_a_corrupt_database_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"\x00garbage" * 512)
    line = assert_one_error_line(*run(capsys, "projects", "--db", str(path)))
    assert str(path) in line and "not an itpm database" in line
    assert path.read_bytes() == b"\x00garbage" * 512


def test_a_folder_as_database_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = assert_one_error_line(*run(capsys, "projects", "--db", str(tmp_path)))
    assert "is a folder" in line


def test_a_read_only_database_is_one_error_line(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db.chmod(0o400)
    before = demo_db.read_bytes()
    # Read: opened read-only (issue 14); written: refused with the reason, in one line.
    code, out, err = run(capsys, "projects", "--db", str(demo_db))
    assert (code, err) == (0, "") and "ERP-S4" in out
    line = assert_one_error_line(*run(capsys, "demo", "--db", str(demo_db)))
    assert "read-only" in line and "nothing was changed" in line
    assert demo_db.read_bytes() == before


def test_a_database_from_a_newer_itpm_is_one_error_line(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.closing(sqlite3.connect(demo_db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    data = demo_db.read_bytes()
    for argv in (["projects"], ["db", "upgrade"], ["db", "current"], ["db", "backup"]):
        line = assert_one_error_line(*run(capsys, *argv, "--db", str(demo_db)))
        assert "newer itpm" in line
    assert demo_db.read_bytes() == data


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["projects", "--format", "xml"], "invalid choice: 'xml'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["db"], "required: ACTION"),
        (["db", "migrate"], "invalid choice: 'migrate'"),
        (["projects", "--db"], "expected one argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    line = assert_one_error_line(*run(capsys, *argv))
    assert expected in line


def test_control_characters_in_arguments_do_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = assert_one_error_line(*run(capsys, "projects", "--format", "\x1b]0;owned\x07"))
    assert "\x1b" not in line and "\x07" not in line


# --- db upkeep -----------------------------------------------------------------------------


def test_db_current_and_upgrade_on_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "new.db")
    head = db.head_revision()
    code, out, _ = run(capsys, "db", "current", "--db", path)
    assert (code, out) == (0, f"empty (no schema yet) (this itpm's newest is {head})\n")
    assert run(capsys, "db", "upgrade", "--db", path) == (
        0,
        f"Upgraded the schema from empty to {head}.\n",
        "",
    )
    assert run(capsys, "db", "upgrade", "--db", path) == (
        0,
        f"Already at the newest schema ({head}).\n",
        "",
    )
    assert run(capsys, "db", "current", "--db", path) == (0, f"{head} (up to date)\n", "")


def test_db_backup_to_a_path(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "copies" / "saved.db"
    code, out, err = run(capsys, "db", "backup", str(dest), "--db", str(demo_db))
    assert (code, out, err) == (0, f"Backed up to {dest}\n", "")
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(dest)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM project").fetchone() == (7,)
    line = assert_one_error_line(*run(capsys, "db", "backup", str(dest), "--db", str(demo_db)))
    assert "already exists" in line


def test_db_backup_without_a_path_goes_beside_the_database(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "db", "backup", "--db", str(demo_db))
    assert code == 0
    written = Path(out.removeprefix("Backed up to ").strip())
    assert written.parent == demo_db.parent / "backups"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    copy = open_database(str(written))
    try:
        assert db.current_revision(copy) == db.head_revision()
    finally:
        copy.dispose()


# --- user text is printed literally ----------------------------------------------------------


def _assert_no_control_characters(text: str) -> None:
    assert [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"] == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_markup_and_escapes_stored_through_the_services_print_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = tmp_path / "markup.db"
    engine = open_database(str(path))
    try:
        with write_session(engine) as session:
            create_project(session, ProjectInput(code="MK-1", name="\x1b[2J[bold]x[/]"))
    finally:
        engine.dispose()
    code, out, err = run(capsys, "projects", "--db", str(path), "--format", fmt)
    assert (code, err) == (0, "")
    assert "[2J[bold]x[/]" in out
    _assert_no_control_characters(out)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_control_characters_written_behind_the_services_back_are_not_printed(
    demo_db: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    with contextlib.closing(sqlite3.connect(demo_db)) as conn:
        conn.execute(
            "UPDATE project SET name = ?, sponsor = ? WHERE code = 'ERP-S4'",
            ("\x1b]0;pwned\x07E\x9bRP\nrollout\r", "\x1b[31m"),
        )
        conn.execute("UPDATE person SET name = 'Maria\x1b[5m' WHERE name = 'Maria Lopez'")
        conn.commit()
    code, out, err = run(capsys, "projects", "--db", str(demo_db), "--format", fmt)
    assert (code, err) == (0, "")
    _assert_no_control_characters(out)
    assert "]0;pwnedERP rollout" in out
    assert "Maria[5m" in out


# --- as a real process ---------------------------------------------------------------------


@pytest.mark.slow
def test_python_dash_m_itpm_tui_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "proc" / "itpm.db"
    version = run_process("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"itpm {__version__}\n")

    demo = run_process("--db", str(path), "demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    listed = run_process("projects", "--format", "json", "--db", str(path), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert {r["code"] for r in json.loads(listed.stdout)} == DEMO_CODES

    path.write_bytes(b"not a database at all")
    broken = run_process("projects", "--db", str(path), cwd=tmp_path)
    assert_one_error_line(broken.returncode, broken.stdout, broken.stderr)
