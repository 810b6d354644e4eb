"""Reading a spreadsheet's text: encodings, delimiters, header names, cells and predecessors."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from itpm_tui.services.exchange import csv_columns as cells
from itpm_tui.services.exchange.csv_columns import map_columns
from itpm_tui.services.exchange.csv_text import MAX_BYTES, decode, read_table
from itpm_tui.services.exchange.formats import FileProblem
from itpm_tui.services.exchange.predecessor_text import (
    SheetLink,
    format_links,
    parse_links,
)

# --- the predecessors cell -------------------------------------------------------------------

refs = st.lists(st.integers(1, 999_999), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)
links = st.builds(
    SheetLink, refs, st.sampled_from(["FS", "SS", "FF", "SF"]), st.integers(-999, 999)
)


@given(st.lists(links, max_size=6, unique_by=lambda link: link.ref))
def test_a_predecessors_cell_reads_back_as_written(written: list[SheetLink]) -> None:
    assert parse_links(format_links(written)) == written


@given(st.text(alphabet="0123456789.,;+-dDfFsSwW %x", max_size=30))
def test_any_cell_either_parses_or_says_what_is_wrong(text: str) -> None:
    try:
        parsed = parse_links(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert parse_links(format_links(parsed)) == parsed


def test_ms_project_writes_its_predecessors_so() -> None:
    assert parse_links("3FS+2 days;5SS") == [SheetLink("3", "FS", 2), SheetLink("5", "SS", 0)]
    assert parse_links("3, 4FF-1d, 2.1SF+1w") == [
        SheetLink("3"),
        SheetLink("4", "FF", -1),
        SheetLink("2.1", "SF", 5),
    ]
    assert format_links([SheetLink("3", "FS", 2), SheetLink("5", "SS")]) == "3FS+2d;5SS"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3FS+2ed", "not 'ed'"),
        ("3FS+50%", "not '%'"),
        ("Design", "'Design' is not a predecessor"),
        ("3;3SS", "3 is listed twice"),
        ("3FS+200w", "at most 999 working days"),
    ],
)
def test_a_wrong_predecessor_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_links(text)


# --- encodings and delimiters ----------------------------------------------------------------

TEXT = "Title;Start\nCafé crème;2026-03-02\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Excel's "Unicode text": a BOM, then UTF-16
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_every_encoding_excel_writes_reads_the_same(data: bytes, encoding: str) -> None:
    table = read_table(data)
    assert table.encoding == encoding
    assert table.delimiter == ";"
    assert table.header == ["Title", "Start"]
    assert table.rows == [(2, ["Café crème", "2026-03-02"])]


def test_latin1_bytes_undefined_in_windows_1252_still_read() -> None:
    text, encoding = decode("Title\nA\x81b\n".encode("latin-1"))
    assert encoding == "latin-1"
    assert text == "Title\nA\x81b\n"


@pytest.mark.parametrize(("sep", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_the_delimiter_is_sniffed_from_the_header(sep: str, name: str) -> None:
    data = f'Title{sep}Notes\n"a{sep}b"{sep}x\n'.encode()
    table = read_table(data)
    assert table.delimiter == sep, name
    assert table.rows == [(2, [f"a{sep}b", "x"])]


def test_a_row_spanning_lines_keeps_the_line_it_starts_on() -> None:
    table = read_table(b'Title,Notes\nA,"one\ntwo"\nB,x\n\nC,y\n')
    assert [line for line, _ in table.rows] == [2, 4, 6]


def test_a_file_too_large_is_refused_by_its_size() -> None:
    with pytest.raises(FileProblem, match=r"the file is 100\.0 MB: .* at most 32\.0 MB"):
        decode(b"Title\n" + b"x" * (100 * 1024 * 1024))
    assert MAX_BYTES < 100 * 1024 * 1024


def test_binary_data_is_not_a_table() -> None:
    garbage = bytes(range(256)) * 40
    with pytest.raises(FileProblem, match="not a text file"):
        read_table(garbage)


def test_a_utf16_file_cut_in_the_middle_says_so() -> None:
    data = TEXT.encode("utf-16")[:-1]
    with pytest.raises(FileProblem, match="says it is UTF-16 but is not"):
        read_table(data)


def test_an_empty_file_says_what_is_expected() -> None:
    with pytest.raises(FileProblem, match="the file is empty"):
        read_table(b"\n \n")


def test_a_huge_cell_is_refused_naming_its_line() -> None:
    data = b'Title,Notes\nA,b\nB,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(FileProblem, match=r"^line 3: field larger than field limit"):
        read_table(data)


# --- header names and cells ------------------------------------------------------------------


def test_columns_are_found_by_the_names_excel_ms_project_and_jira_give_them() -> None:
    header = [
        "Issue key",
        "Summary",
        "Custom field (Start date)",
        "Labels",
        "Labels",
        "Resource Names",
        "% Complete",
        "Mystery",
        "Critical",
    ]
    cmap = map_columns(header)
    assert cmap.fields == {
        "key": [0],
        "title": [1],
        "start": [2],
        "tags": [3, 4],
        "assignee": [5],
        "percent": [6],
    }
    assert cmap.unknown == ["Mystery"]  # Critical is computed: left out without a word
    row = ["K-1", "Do it", "2026-03-02", "a", "b", "", "50%", "", ""]
    assert cmap.value(row, "tags") == "a,b"


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("2026-11-21", "mdy", date(2026, 11, 21)),
        ("2026-11-21T09:00:00Z", "mdy", date(2026, 11, 21)),
        ("21/Nov/26 5:00 PM", "mdy", date(2026, 11, 21)),
        ("Nov 21, 2026", "mdy", date(2026, 11, 21)),
        ("21.11.2026", "mdy", date(2026, 11, 21)),
        ("Mon 3/2/26", "mdy", date(2026, 3, 2)),
        ("3/2/2026", "dmy", date(2026, 2, 3)),
        ("", "mdy", None),
    ],
)
def test_dates_as_spreadsheets_write_them(text: str, order: str, day: date | None) -> None:
    assert cells.read_date(text, order) == day


def test_a_file_of_day_first_dates_is_read_day_first() -> None:
    assert cells.slash_order(["03/04/2026", "21/04/2026"]) == ("dmy", False)
    assert cells.slash_order(["04/21/2026", "03/04/2026"]) == ("mdy", False)
    assert cells.slash_order(["03/04/2026"]) == ("mdy", True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1900-01-01", "out of range"),
        ("2026-02-30", "is not a date"),
        ("soon", "is not a date"),
    ],
)
def test_a_wrong_date_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cells.read_date(text)


@pytest.mark.parametrize(
    ("text", "days"),
    [("5", 5), ("5d", 5), ("5 days", 5), ("5 days?", 5), ("1w", 5), ("2 wks", 10), ("4h", 0.5)],
)
def test_durations_as_ms_project_writes_them(text: str, days: float) -> None:
    assert cells.read_days(text) == days


def test_elapsed_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="elapsed time"):
        cells.read_days("3 edays")


def test_statuses_and_priorities_of_jira_read_as_itpm_s() -> None:
    assert [cells.read_status(s) for s in ("To Do", "In Progress", "Closed", "in-progress")] == [
        "todo",
        "in-progress",
        "done",
        "in-progress",
    ]
    assert cells.read_status("Waiting for Godot") is None
    assert [cells.read_priority(p) for p in ("Highest", "Major", "500", "Trivial")] == [
        "critical",
        "high",
        "medium",
        "low",
    ]
    with pytest.raises(ValueError, match="is not a priority"):
        cells.read_priority("whenever")


cells_text = st.text(alphabet="abc1.2;,\"'\n\t=-+@ 0FSd%/:", max_size=12)


@given(
    st.lists(
        st.lists(cells_text, min_size=1, max_size=6),
        min_size=1,
        max_size=8,
    ),
    st.permutations(["WBS", "Title", "Predecessors", "Start", "Duration", "Outline Level"]),
)
@example(  # a line break inside a predecessors cell: the message stays one line
    [["0", "0", "0\n0"]], ["WBS", "Title", "Predecessors", "Start", "Duration", "Outline Level"]
)
def test_any_table_is_read_or_refused_in_words_never_a_crash(
    rows: list[list[str]], header: list[str]
) -> None:
    from itpm_tui.services.exchange.sheet_plan import Lookups, build_plan

    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    try:
        table = read_table(buffer.getvalue().encode())
    except FileProblem as exc:
        assert str(exc).startswith("line ")
        return
    plan = build_plan(table, map_columns(table.header), Lookups())
    lines = {line for line, _ in table.rows}
    for refusal in plan.refused:
        assert int(refusal.place.removeprefix("line ")) in lines
        assert refusal.reason and "\n" not in refusal.reason
    refs = [task.ref for task in plan.tasks]
    assert len(refs) == len(set(refs))
    for link in plan.links:
        assert link.predecessor != link.successor
