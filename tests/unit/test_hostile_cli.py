"""Hostile text through every CLI command: printed literally, no escape reaches the terminal."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine

from itpm_tui.cli import main

if TYPE_CHECKING:  # pytest puts tests/ on the path; mypy names the module from the root
    from tests.hostile import CODE, fill_hostile
else:
    from hostile import CODE, fill_hostile


def _controls(text: str) -> list[str]:
    return [repr(c) for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_db(engine: Engine, db_path: Path) -> Path:
    fill_hostile(engine, date.today())
    return db_path


@pytest.mark.parametrize(
    "argv",
    [
        ["projects"],
        ["projects", "--format", "csv"],
        ["projects", "--format", "json"],
        ["gantt", CODE, "--width", "120"],
        ["gantt", CODE, "--width", "80", "--ascii"],
        ["gantt", CODE, "--zoom", "day", "--baseline", "[bold]base[/] [2J C:\\"],
        ["gantt", CODE, "--critical"],
        ["db", "check"],
        ["db", "current"],
    ],
    ids=lambda argv: " ".join(argv)[:30],
)
def test_every_command_prints_hostile_text_without_control_characters(
    hostile_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv, "--db", str(hostile_db))
    assert code == 0, err
    assert _controls(out + err) == []
    assert "\u202e" not in out


def test_projects_print_the_name_literally_in_every_format(
    hostile_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "[bold]x [/] [/ [@click=app.quit]q [2JE \U0001f680 C:\\"
    _, table, _ = run(capsys, "projects", "--db", str(hostile_db))
    assert name in table
    _, csv_text, _ = run(capsys, "projects", "--format", "csv", "--db", str(hostile_db))
    assert name in csv_text
    _, data, _ = run(capsys, "projects", "--format", "json", "--db", str(hostile_db))
    (record,) = json.loads(data)
    assert record["name"] == name
    assert record["manager"].startswith("[/] closing nothing")


def test_gantt_shows_task_titles_literally(
    hostile_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, chart, _ = run(capsys, "gantt", CODE, "--width", "160", "--db", str(hostile_db))
    for title in ("[bold]summary", "[/ half a tag", "[@click=app.qui", "path C:\\"):
        assert title in chart, title
