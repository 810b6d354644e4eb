"""Hostile and broken task tables: a clear message naming the line, and nothing saved."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, Project, Task
from itpm_tui.services.exchange.formats import FileProblem, ImportOptions, ImportReport
from itpm_tui.services.exchange.spreadsheet import read_csv, sniff_csv

if TYPE_CHECKING:  # pytest puts tests/ on the path; mypy names the module from the root
    from tests.hostile import HOSTILE
else:
    from hostile import HOSTILE

TODAY = date(2026, 3, 2)


def run(engine: Engine, data: bytes | str, code: str = "NEW") -> ImportReport:
    raw = data.encode() if isinstance(data, str) else data
    with write_session(engine, "import tasks") as session:
        return read_csv(session, raw, ImportOptions(TODAY, code=code))


def refusals(report: ImportReport) -> list[str]:
    return [f"{r.place}: {r.reason}" for r in report.refused]


def nothing_saved(engine: Engine) -> bool:
    with read_session(engine) as session:
        return not session.exec(select(Project)).all() and not session.exec(select(Task)).all()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title\n" + b"x" * (100 * 1024 * 1024), "the file is 100.0 MB"),
        (bytes(range(256)) * 64, "not a text file (binary data)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(4000), "not a text file (binary data)"),
        ("Title\nA\n".encode("utf-16")[:-1], "says it is UTF-16 but is not"),
        (b"", "the file is empty"),
        (b"Owner,Cost\nAda,3\n", "line 1: no title column"),
        (b'Title,Notes\nA,"' + b"y" * 200_000 + b'"\n', "line 2: field larger than"),
    ],
    ids=["100MB", "garbage", "png", "cut-utf16", "empty", "no-title", "huge-cell"],
)
def test_a_file_that_cannot_be_read_says_why_and_saves_nothing(
    engine: Engine, data: bytes, message: str
) -> None:
    with pytest.raises(FileProblem) as problem:
        run(engine, data)
    assert message in str(problem.value)
    assert "\n" not in str(problem.value)
    assert nothing_saved(engine)


def test_a_latin1_file_from_excel_reads_its_accents(engine: Engine) -> None:
    report = run(engine, "Title;Notes\nCafé;Größe ½\n".encode("cp1252"))
    assert report.refused == []
    with read_session(engine) as session:
        task = session.exec(select(Task)).one()
        assert (task.title, task.description) == ("Café", "Größe ½")


def test_a_loop_of_links_is_cut_at_the_link_that_closes_it(engine: Engine) -> None:
    report = run(engine, "Title,Predecessors\nA,3\nB,1\nC,2\nD,3\n")
    assert refusals(report) == [
        "line 4: predecessor 2 left out: it closes a loop (1 -> 2 -> 3 -> 1)"
    ]
    assert report.created == {"tasks": 4, "links": 3}
    with read_session(engine) as session:
        assert len(session.exec(select(Dependency)).all()) == 3


def test_a_loop_through_a_summary_is_cut_too(engine: Engine) -> None:
    # 2 is the summary of 2.1; 2.1 waits on 3, and 3 waits on the summary 2.
    data = "WBS,Title,Predecessors\n1,A,\n2,B,1\n2.1,B1,3\n3,C,2\n"
    report = run(engine, data)
    assert refusals(report) == [
        "line 5: predecessor 2 left out: it closes a loop (2 -> 3 -> 2.1 -> 2)"
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("A,\nB,7", "line 3: predecessor 7 left out: no row has the row number 7"),
        ("A,\nB,2", "line 3: predecessor 2 left out: a task cannot wait on itself"),
        ("A,\nB,1FS+5x", "line 3: '1FS+5x': a lag is in working days or weeks (2d, 1w), not 'x'"),
    ],
)
def test_a_wrong_link_names_its_line(engine: Engine, rows: str, message: str) -> None:
    report = run(engine, f"Title,Predecessors\n{rows}\n")
    assert refusals(report) == [message]


def test_a_link_to_a_refused_row_says_which(engine: Engine) -> None:
    report = run(engine, "Title,Start,Predecessors\nA,1900-01-01,\nB,,1\n")
    assert refusals(report) == [
        "line 2: start: '1900-01-01' is out of range: use 1970-01-01 to 2199-12-31",
        "line 3: predecessor 1 left out: line 2 was refused",
    ]
    with read_session(engine) as session:
        assert [t.title for t in session.exec(select(Task))] == ["B"]


def test_a_refused_summary_takes_its_sub_tasks_with_it(engine: Engine) -> None:
    report = run(engine, "WBS,Title,% Complete\n1,A,lots\n1.1,A1,\n1.1.1,A11,\n2,B,\n2.5.1,C,\n")
    assert refusals(report) == [
        "line 2: 'lots' is not a percentage",
        "line 3: its summary 1 (line 2) was refused",
        "line 4: its summary on line 3 was refused",
        "line 6: no row has the WBS code 2.5, the summary of 2.5.1",
    ]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("2026-13-01,", "start: '2026-13-01' is not a date: use YYYY-MM-DD"),
        ("2200-01-01,", "start: '2200-01-01' is out of range: use 1970-01-01 to 2199-12-31"),
        ("2026-03-09,2026-03-02", "the finish 2026-03-02 is before the start 2026-03-09"),
    ],
)
def test_dates_out_of_range_or_backwards_are_refused(
    engine: Engine, cells: str, message: str
) -> None:
    report = run(engine, f"Title,Start,Finish\nA,{cells}\n")
    assert refusals(report) == [f"line 2: {message}"]


def test_a_title_of_ten_thousand_characters_is_refused(engine: Engine) -> None:
    report = run(engine, f"Title\n{'x' * 10_000}\nShort\n")
    assert refusals(report) == ["line 2: the title is 10,000 characters: at most 500"]


def test_markup_and_escape_sequences_are_kept_as_text_without_controls(engine: Engine) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Title", "Notes", "Tags"])
    texts = [t for t in HOSTILE if len(t) < 500]
    for text in texts:
        writer.writerow([text, f"{text}\nsecond line \x1b[31mred", text])
    report = run(engine, buffer.getvalue())
    assert report.refused == []
    with read_session(engine) as session:
        tasks = session.exec(select(Task).order_by(Task.id)).all()  # type: ignore[arg-type]
    assert len(tasks) == len(texts)
    for task in tasks:
        for text in (task.title, task.description, task.tags):
            assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert tasks[0].title == "[/] closing nothing"
    assert tasks[4].title == "[@click=app.quit]quit[/]"
    assert tasks[0].description == "[/] closing nothing\nsecond line [31mred"


def test_a_row_of_the_wrong_width_reads_what_it_has(engine: Engine) -> None:
    report = run(engine, "Title,Duration,Start\nA\nB,2,2026-03-02,extra,cells\n")
    assert report.refused == []
    assert report.created["tasks"] == 2


def test_sniffing_knows_a_task_table_from_other_files() -> None:
    assert sniff_csv(b"Summary,Issue key,Status\nA,B-1,Done\n")
    assert sniff_csv("Name;Start\n".encode("utf-16"))
    assert not sniff_csv(b"<?xml version='1.0'?><Project/>")
    assert not sniff_csv(bytes(range(256)))
    assert not sniff_csv(b'{"title": "x"}')
