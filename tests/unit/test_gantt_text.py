"""Gantt text rendering: scales, glyphs, row cells and whole charts, by hand and by property."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itpm_tui.glyphs import GANTT_ASCII, GANTT_UNICODE, GanttGlyphs, cell_width, display_text, fit
from itpm_tui.services.planning.gantt_text import (
    HEADER_HEIGHT,
    KINDS,
    Cell,
    GanttRow,
    NonWorking,
    Timeline,
    Zoom,
    _background_build,
    _span,
    legend_lines,
    render_baseline_cells,
    render_baseline_runs,
    render_row_cells,
    render_row_lines,
    render_row_runs,
    render_text,
    table_header,
    table_layout,
    table_text,
)

PROPERTY = settings(max_examples=200, deadline=None)
MONDAY = date(2025, 3, 3)  # a Monday; 2025-03-08/09 is the weekend after it
U = GANTT_UNICODE
A = GANTT_ASCII


def task(
    start: date | None = MONDAY,
    finish: date | None = MONDAY + timedelta(days=4),
    **fields: object,
) -> GanttRow:
    values: dict[str, object] = {"id": 1, "wbs": "1", "name": "Task", "duration": 5.0}
    values.update(fields)
    return GanttRow(start=start, finish=finish, **values)  # type: ignore[arg-type]


def chars(cells: list[tuple[str, str]]) -> str:
    return "".join(c for c, _ in cells)


def kinds(cells: list[tuple[str, str]]) -> list[str]:
    return [k for _, k in cells]


def day_timeline() -> Timeline:
    return Timeline(MONDAY, Zoom.DAY)


def no_days_off(_: date) -> bool:
    return False


# --- the scale ------------------------------------------------------------------------


def test_day_zoom_one_column_per_day_from_the_monday() -> None:
    timeline = Timeline(date(2025, 3, 5), Zoom.DAY)  # a Wednesday
    assert timeline.origin == MONDAY
    assert timeline.column_of(MONDAY) == 0
    assert timeline.column_of(date(2025, 3, 9)) == 6
    assert timeline.column_of(date(2025, 3, 10)) == 7
    assert timeline.column_of(date(2025, 3, 2)) == -1
    assert timeline.date_range_of(7) == (date(2025, 3, 10), date(2025, 3, 10))


def test_week_zoom_one_column_per_iso_week() -> None:
    timeline = Timeline(date(2025, 3, 9), Zoom.WEEK)  # a Sunday: its week began on the 3rd
    assert timeline.origin == MONDAY
    assert timeline.column_of(date(2025, 3, 9)) == 0
    assert timeline.column_of(date(2025, 3, 10)) == 1
    assert timeline.column_of(date(2025, 3, 2)) == -1
    assert timeline.date_range_of(1) == (date(2025, 3, 10), date(2025, 3, 16))


def test_month_zoom_two_columns_per_month() -> None:
    timeline = Timeline(date(2025, 3, 20), Zoom.MONTH)
    assert timeline.origin == date(2025, 3, 1)
    assert timeline.column_of(date(2025, 3, 15)) == 0
    assert timeline.column_of(date(2025, 3, 16)) == 1
    assert timeline.column_of(date(2025, 4, 1)) == 2
    assert timeline.column_of(date(2026, 3, 31)) == 25
    assert timeline.column_of(date(2025, 2, 28)) == -1
    assert timeline.date_range_of(1) == (date(2025, 3, 16), date(2025, 3, 31))
    assert timeline.date_range_of(3) == (date(2025, 4, 16), date(2025, 4, 30))
    assert timeline.date_range_of(-1) == (date(2025, 2, 16), date(2025, 2, 28))


def test_quarter_zoom_one_column_per_month_from_the_quarter_start() -> None:
    timeline = Timeline(date(2025, 5, 20), Zoom.QUARTER)
    assert timeline.origin == date(2025, 4, 1)
    assert timeline.column_of(date(2025, 4, 30)) == 0
    assert timeline.column_of(date(2025, 6, 1)) == 2
    assert timeline.column_of(date(2026, 1, 1)) == 9
    assert timeline.date_range_of(10) == (date(2026, 2, 1), date(2026, 2, 28))


@PROPERTY
@given(
    origin=st.dates(date(1990, 1, 1), date(2090, 1, 1)),
    day=st.dates(date(1990, 1, 1), date(2090, 1, 1)),
    zoom=st.sampled_from(list(Zoom)),
)
def test_column_and_date_range_agree(origin: date, day: date, zoom: Zoom) -> None:
    timeline = Timeline(origin, zoom)
    column = timeline.column_of(day)
    first, last = timeline.date_range_of(column)
    assert first <= day <= last
    assert timeline.column_of(first) == column == timeline.column_of(last)
    # Columns tile time: the day after a column's range starts the next column.
    assert timeline.column_of(last + timedelta(days=1)) == column + 1


def test_zoom_steps() -> None:
    assert Zoom.DAY.finer() is Zoom.DAY
    assert Zoom.DAY.coarser() is Zoom.WEEK
    assert Zoom.QUARTER.coarser() is Zoom.QUARTER
    assert Zoom.QUARTER.cycled(1) is Zoom.DAY
    assert Zoom.DAY.cycled(-1) is Zoom.QUARTER


# --- headers --------------------------------------------------------------------------


def test_day_header_month_mondays_and_weekday_initials() -> None:
    lines = day_timeline().header_lines(0, 35)
    assert len(lines) == HEADER_HEIGHT
    assert lines[0].startswith("Mar 2025 ")
    assert lines[0][29:] == "Apr 20"  # 2025-04-01 is column 29, cut by the width
    assert lines[1].startswith("3      10     17     24     31")
    assert lines[2] == "MTWTFSS" * 5


def test_day_header_keeps_the_month_at_the_left_edge() -> None:
    line = day_timeline().header_lines(10, 20)[0]
    assert line.startswith("Mar 2025")  # the month started off screen, its name stays


def test_week_header_year_month_and_iso_weeks() -> None:
    timeline = Timeline(MONDAY, Zoom.WEEK)
    year, months, weeks = timeline.header_lines(0, 12)
    assert year.startswith("2025")
    assert months.startswith("Mar ")
    assert months[5:8] == "Apr"  # 2025-04-07 is the first Monday of April: column 5
    assert weeks.startswith("10 13 16 19")  # ISO week 10 begins 2025-03-03


def test_quarter_header_quarters_and_month_initials() -> None:
    timeline = Timeline(date(2025, 1, 1), Zoom.QUARTER)
    year, quarters, months = timeline.header_lines(0, 15)
    assert year.startswith("2025")
    assert year[12:16] == "202"  # 2026 starts at column 12, cut by the width
    assert quarters == "Q1 Q2 Q3 Q4 Q1 "
    assert months == "JFMAMJJASONDJFM"


def test_month_header_quarters_and_month_initials() -> None:
    timeline = Timeline(date(2025, 1, 1), Zoom.MONTH)
    _, quarters, months = timeline.header_lines(0, 12)
    assert quarters == "Q1    Q2    "
    assert months == "J F M A M J "


@PROPERTY
@given(
    zoom=st.sampled_from(list(Zoom)),
    offset=st.integers(-500, 500),
    width=st.integers(0, 200),
)
def test_header_lines_have_the_width(zoom: Zoom, offset: int, width: int) -> None:
    lines = Timeline(MONDAY, zoom).header_lines(offset, width)
    assert [len(line) for line in lines] == [width] * HEADER_HEIGHT
    assert all(line.isascii() and line.isprintable() for line in lines)


# --- row cells ------------------------------------------------------------------------


def test_five_day_task_from_monday_takes_five_cells() -> None:
    cells = render_row_cells(task(), day_timeline(), 14, U, non_working=no_days_off)
    assert kinds(cells) == ["bar"] * 5 + ["empty"] * 9
    assert chars(cells) == U.remaining * 5 + " " * 9


def test_forty_percent_of_five_days_is_two_done_cells() -> None:
    cells = render_row_cells(task(percent=40), day_timeline(), 7, U, non_working=no_days_off)
    assert chars(cells) == "██░░░  "
    assert kinds(cells)[:5] == ["done", "done", "bar", "bar", "bar"]


def test_percent_rounds_down_and_full_means_every_cell() -> None:
    timeline = day_timeline()
    assert chars(render_row_cells(task(percent=99), timeline, 5, A)) == "####="
    assert chars(render_row_cells(task(percent=100), timeline, 5, A)) == "#####"
    assert chars(render_row_cells(task(percent=250), timeline, 5, A)) == "#####"
    assert chars(render_row_cells(task(percent=-5), timeline, 5, A)) == "====="


def test_milestone_is_a_diamond_at_its_date() -> None:
    day = date(2025, 3, 12)
    row = task(day, day, milestone=True, duration=0.0)
    cells = render_row_cells(row, day_timeline(), 14, U, non_working=no_days_off)
    assert cells[9] == ("◆", "milestone")
    assert [k for k in kinds(cells) if k != "empty"] == ["milestone"]
    ascii_cells = render_row_cells(row, day_timeline(), 14, A)
    assert ascii_cells[9] == ("*", "milestone")


def test_critical_milestone_keeps_its_diamond() -> None:
    row = task(MONDAY, MONDAY, milestone=True, critical=True)
    assert render_row_cells(row, day_timeline(), 3, U)[0] == ("◆", "critical")


def test_summary_brackets_span_its_children() -> None:
    timeline = day_timeline()
    summary = task(MONDAY, date(2025, 3, 14), summary=True, duration=10.0, percent=50)
    first = task(MONDAY, date(2025, 3, 7), id=2, depth=1)
    last = task(date(2025, 3, 10), date(2025, 3, 14), id=3, depth=1)
    bracket = render_row_cells(summary, timeline, 16, U, non_working=no_days_off)
    assert chars(bracket) == "┏" + "━" * 10 + "┓    "
    assert set(kinds(bracket)[:12]) == {"summary"}
    covered: set[int] = set()
    for child in (first, last):
        cells = render_row_cells(child, timeline, 16, U, non_working=no_days_off)
        covered |= {i for i, k in enumerate(kinds(cells)) if k in ("bar", "done")}
    assert min(covered) == 0 and max(covered) == 11  # the brackets' own columns
    ascii_bracket = render_row_cells(summary, timeline, 13, A, non_working=no_days_off)
    assert chars(ascii_bracket) == "[" + "-" * 10 + "] "


def test_summary_cut_by_the_edge_has_no_bracket_there() -> None:
    summary = task(MONDAY, date(2025, 3, 14), summary=True)
    cells = render_row_cells(summary, day_timeline(), 5, A, offset=3, non_working=no_days_off)
    assert chars(cells) == "-----"


def test_critical_rows_use_the_critical_glyph_for_remaining_work() -> None:
    row = task(critical=True, percent=40)
    cells = render_row_cells(row, day_timeline(), 5, U)
    assert chars(cells) == "██▓▓▓"
    assert kinds(cells) == ["done", "done", "critical", "critical", "critical"]
    assert chars(render_row_cells(row, day_timeline(), 5, A)) == "##!!!"
    # Without colour the two still differ: remaining work of a non-critical task.
    assert chars(render_row_cells(task(percent=40), day_timeline(), 5, A)) == "##==="


def test_baseline_line_shows_a_two_day_slip() -> None:
    row = task(
        date(2025, 3, 5),
        date(2025, 3, 11),
        baseline_start=MONDAY,
        baseline_finish=date(2025, 3, 7),
    )
    timeline = day_timeline()
    plan, baseline = render_row_lines(
        row, timeline, 10, U, non_working=no_days_off, show_baseline=True
    )
    assert chars(baseline) == "─────     "
    assert kinds(baseline)[:5] == ["baseline"] * 5
    assert chars(plan) == "  ░░░░░░░ "
    bar_start = kinds(plan).index("bar")
    assert bar_start - kinds(baseline).index("baseline") == 2
    assert len(render_row_lines(row, timeline, 10, U)) == 1


def test_baseline_line_without_baseline_is_only_background() -> None:
    cells = render_baseline_cells(task(), day_timeline(), 7, A, today=MONDAY)
    assert chars(cells) == "|    .."


def test_today_line_at_todays_column() -> None:
    today = date(2025, 3, 6)
    empty = task(None, None)
    cells = render_row_cells(empty, day_timeline(), 10, U, today=today, non_working=no_days_off)
    assert cells[3] == ("│", "today")
    assert kinds(cells).count("today") == 1
    week = Timeline(MONDAY, Zoom.WEEK)
    cells = render_row_cells(empty, week, 4, A, today=date(2025, 3, 12))
    assert chars(cells) == " |  "
    # A bar wins over the today line: work is never hidden by decoration.
    cells = render_row_cells(task(), day_timeline(), 10, U, today=today, non_working=no_days_off)
    assert cells[3] == ("░", "bar")


def test_weekend_shading_only_at_day_zoom() -> None:
    empty = task(None, None)
    cells = render_row_cells(empty, day_timeline(), 14, U)
    assert [i for i, k in enumerate(kinds(cells)) if k == "weekend"] == [5, 6, 12, 13]
    assert chars(cells)[5:7] == "··"
    assert chars(render_row_cells(empty, day_timeline(), 7, A)) == "     .."
    for zoom in (Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER):
        cells = render_row_cells(empty, Timeline(MONDAY, zoom), 30, U)
        assert "weekend" not in kinds(cells)


def test_holidays_from_a_calendar_are_shaded() -> None:
    holiday = date(2025, 3, 4)

    def off(day: date) -> bool:
        return day == holiday or day.weekday() >= 5

    cells = render_row_cells(task(None, None), day_timeline(), 7, A, non_working=off)
    assert chars(cells) == " .   .."


def test_link_marker_just_before_a_bar_with_predecessors() -> None:
    row = task(date(2025, 3, 5), date(2025, 3, 6), predecessors=(7,))
    cells = render_row_cells(row, day_timeline(), 6, U, non_working=no_days_off)
    assert chars(cells) == " ►░░  "
    assert cells[1] == ("►", "link")
    assert chars(render_row_cells(row, day_timeline(), 6, A, non_working=no_days_off)) == " >==  "
    # At the left edge the marker has no room and is left out.
    cells = render_row_cells(row, day_timeline(), 4, A, offset=2, non_working=no_days_off)
    assert chars(cells) == "==  "


def test_unscheduled_row_is_background_only() -> None:
    cells = render_row_cells(task(None, None), day_timeline(), 7, A)
    assert set(kinds(cells)) <= {"empty", "weekend"}


def test_bar_outside_the_view_leaves_it_empty() -> None:
    cells = render_row_cells(task(), day_timeline(), 10, A, offset=20, non_working=no_days_off)
    assert chars(cells) == " " * 10


# --- glyphs ---------------------------------------------------------------------------


def _glyph_values(glyphs: GanttGlyphs) -> list[str]:
    return [getattr(glyphs, name) for name in glyphs.__slots__]


def test_ascii_glyphs_are_printable_ascii() -> None:
    for value in _glyph_values(A):
        assert value and all(0x20 <= ord(c) <= 0x7E for c in value), value


@pytest.mark.parametrize("glyphs", [U, A], ids=["unicode", "ascii"])
def test_glyphs_are_one_cell_and_states_differ_without_colour(glyphs: GanttGlyphs) -> None:
    for name in glyphs.__slots__:
        assert cell_width(getattr(glyphs, name)) == 1, name
    states = [glyphs.done, glyphs.remaining, glyphs.critical, glyphs.milestone, glyphs.link]
    assert len(set(states)) == len(states)
    assert glyphs.summary_left != glyphs.summary_right


def test_legend_names_every_glyph() -> None:
    for glyphs in (U, A):
        text = "\n".join(legend_lines(glyphs))
        for value in (glyphs.done, glyphs.remaining, glyphs.critical, glyphs.milestone):
            assert value in text
        assert "critical" in text and "baseline" in text and "today" in text
    assert all(len(line) <= 40 for line in legend_lines(A, 40))


# --- table and text -------------------------------------------------------------------


def test_display_text_strips_controls_and_keeps_brackets() -> None:
    assert display_text("\x1b[2JDrop [bold]tables[/]") == "[2JDrop [bold]tables[/]"
    assert display_text("a\x9b31mb\tc\u200bd") == "a31mb cd"
    assert display_text("Café 中文", ascii_only=True) == "Cafe ????"
    assert display_text("no\u00a0break\u3000space") == "no break space"


def test_fit_cuts_by_cells() -> None:
    assert fit("中文中文", 5) == "中文…"
    assert cell_width(fit("中文中文", 5)) == 5
    assert fit("abc", 5, right=True) == "  abc"
    assert fit("abcdef", 4, "~") == "abc~"


def test_table_row_columns() -> None:
    layout = table_layout(80, 3)
    row = task(
        wbs="1.2",
        name="Build",
        depth=1,
        percent=40,
        total_float=0,
        critical=True,
        start=MONDAY,
        finish=date(2025, 3, 7),
    )
    text = table_text(row, layout, A, ascii_only=True)
    # Flt has room for "-21!"; Pred ("3FS+2d") is empty here.
    assert text == "1.2   Build        5d Mar 03 Mar 07  40%   0!        |"
    assert len(text) == layout.width
    wide = table_text(row, table_layout(150, 3), U, ascii_only=False)
    assert "2025-03-03 2025-03-07" in wide


ROWS = [
    GanttRow(1, "1", "Relaunch", 0, 10, MONDAY, date(2025, 3, 14), 30, 0, True, summary=True),
    GanttRow(
        2,
        "1.1",
        "\x1b[2JDesign [bold]site[/]",
        1,
        5,
        MONDAY,
        date(2025, 3, 7),
        40,
        0,
        True,
        baseline_start=MONDAY,
        baseline_finish=date(2025, 3, 5),
    ),
    GanttRow(
        3, "1.2", "Build", 1, 5, date(2025, 3, 10), date(2025, 3, 14), 0, 3, predecessors=(2,)
    ),
    GanttRow(4, "1.3", "Go live", 1, 0, date(2025, 3, 14), date(2025, 3, 14), 0, 0, True, True),
]


def test_render_text_chart() -> None:
    text = render_text(
        ROWS, zoom=Zoom.DAY, width=80, ascii=True, today=date(2025, 3, 6), show_baseline=True
    )
    lines = text.splitlines()
    assert lines[0].startswith("day zoom, 2025-03-03 to 2025-03-14")
    assert lines[0].endswith("|Mar 2025")
    assert lines[2].startswith("WBS Task")
    assert lines[2].endswith("|MTWTFSSMTWTF")
    assert lines[3].endswith("|[----------]")
    assert lines[4].endswith("|   | ..")  # today, then the weekend
    assert lines[5] == "1.1   [2JDesign~   5d Mar 03 Mar 07  40%   0!        |##!!!.."
    assert lines[6].endswith("|---| ..")  # the baseline finished two days earlier
    assert lines[7].endswith("|   | .>=====")
    assert lines[9].endswith("|   | ..    *")
    assert "# done" in text and "* milestone" in text
    assert all(len(line) <= 80 for line in lines)


def test_render_text_is_safe_with_hostile_names() -> None:
    rows = [
        GanttRow(1, "1", "\x1b[2J[bold]x[/bold]\x9b31m\x07", 0, 1, MONDAY, MONDAY),
        GanttRow(2, "[red]", "[/]", 0, 1, MONDAY, MONDAY),
    ]
    for ascii_only in (False, True):
        text = render_text(rows, width=120, ascii=ascii_only)
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert "[2J[bold]x[/bold]31m" in text
        assert "[red]" in text and "[/]" in text


def test_render_text_critical_only_and_empty() -> None:
    text = render_text(ROWS, width=100, critical_only=True, zoom=Zoom.WEEK)
    assert "Build " not in text and "Go live" in text
    assert "(no tasks)" in render_text([], width=60)


def test_render_text_narrow_never_exceeds_width() -> None:
    for width in (1, 10, 30, 50, 63, 64, 99, 100, 139, 140, 200):
        text = render_text(ROWS, width=width, show_baseline=True, today=MONDAY)
        assert all(cell_width(line) <= width for line in text.splitlines()), width


def test_gantt_text_needs_neither_textual_nor_rich() -> None:
    code = (
        "import sys, itpm_tui.services.planning.gantt_text\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- properties -----------------------------------------------------------------------

names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    max_size=40,
)
days = st.dates(date(2024, 1, 1), date(2026, 12, 31))


@st.composite
def gantt_rows(draw: st.DrawFn) -> GanttRow:
    start = draw(st.none() | days)
    finish = draw(st.none() | days)
    baseline_start = draw(st.none() | days)
    return GanttRow(
        id=draw(st.integers(1, 10_000)),
        wbs=draw(st.text("0123456789.", max_size=14)),
        name=draw(names),
        depth=draw(st.integers(0, 12)),
        duration=draw(st.floats(0, 1000, allow_nan=False)),
        start=start,
        finish=finish,
        percent=draw(st.integers(-10, 150)),
        total_float=draw(st.none() | st.integers(-50, 500)),
        critical=draw(st.booleans()),
        milestone=draw(st.booleans()),
        summary=draw(st.booleans()),
        baseline_start=baseline_start,
        baseline_finish=draw(st.none() | days),
        predecessors=tuple(draw(st.lists(st.integers(1, 99), max_size=3))),
    )


@PROPERTY
@given(
    row=gantt_rows(),
    zoom=st.sampled_from(list(Zoom)),
    width=st.integers(0, 240),
    offset=st.integers(-400, 400),
    ascii_only=st.booleans(),
    today=st.none() | days,
)
def test_row_lines_have_exactly_the_width(
    row: GanttRow, zoom: Zoom, width: int, offset: int, ascii_only: bool, today: date | None
) -> None:
    glyphs = A if ascii_only else U
    timeline = Timeline(date(2025, 1, 1), zoom)
    for cells in render_row_lines(
        row, timeline, width, glyphs, today, show_baseline=True, offset=offset
    ):
        assert len(cells) == width
        assert all(cell_width(char) == 1 and kind in KINDS for char, kind in cells)
        if ascii_only:
            assert all(0x20 <= ord(char) <= 0x7E for char, _ in cells)
        if zoom is not Zoom.DAY:
            assert "weekend" not in kinds(cells)


def holidays_of(day: date) -> bool:
    # A calendar with a few holidays, to shade more than weekends.
    return day.weekday() >= 5 or day.day in (1, 17)


# --- the reference: a row drawn cell by cell, which the one renderer (runs) must match ---


def _reference_background(
    timeline: Timeline,
    offset: int,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None,
    non_working: NonWorking | None,
) -> list[Cell]:
    return list(_background_build(timeline, offset, width, glyphs, today, non_working))


def reference_row_cells(
    row: GanttRow,
    timeline: Timeline,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None = None,
    non_working: NonWorking | None = None,
    *,
    offset: int = 0,
) -> list[Cell]:
    """The timeline part of a row: exactly `width` cells for columns offset .. offset+width-1.

    `non_working` None means Saturday and Sunday. The baseline, when shown, is a second
    line: see `render_baseline_cells` and `render_row_lines`.
    """
    if width <= 0:
        return []
    cells = _reference_background(timeline, offset, width, glyphs, today, non_working)
    if row.milestone and not row.summary:
        span = _span(timeline, row.start or row.finish, None)
    else:
        span = _span(timeline, row.start, row.finish)
    if span is None:
        return cells
    first, last = span
    end = offset + width
    # The marker sits in the cell just before the bar (only background is there).
    before = first - 1 - offset
    if row.predecessors and not row.summary and 0 <= before < width:
        cells[before] = (glyphs.link, "link")
    if row.summary:
        for column in range(max(first, offset), min(last, end - 1) + 1):
            if column == first:
                char = glyphs.summary_left
            elif column == last:
                char = glyphs.summary_right
            else:
                char = glyphs.summary_fill
            cells[column - offset] = (char, "summary")
        return cells
    if row.milestone:
        if offset <= first < end:
            cells[first - offset] = (glyphs.milestone, "critical" if row.critical else "milestone")
        return cells
    count = last - first + 1
    percent = min(100, max(0, row.percent))
    # Floor: a bar never claims more progress than was made.
    done_until = first + (count if percent >= 100 else count * percent // 100)
    remaining = (glyphs.critical, "critical") if row.critical else (glyphs.remaining, "bar")
    for column in range(max(first, offset), min(last, end - 1) + 1):
        cells[column - offset] = (glyphs.done, "done") if column < done_until else remaining
    return cells


def reference_baseline_cells(
    row: GanttRow,
    timeline: Timeline,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None = None,
    non_working: NonWorking | None = None,
    *,
    offset: int = 0,
) -> list[Cell]:
    """The baseline line under a row: a thin bar from baseline start to baseline finish."""
    if width <= 0:
        return []
    cells = _reference_background(timeline, offset, width, glyphs, today, non_working)
    span = _span(timeline, row.baseline_start, row.baseline_finish)
    if span is None:
        return cells
    first, last = span
    for column in range(max(first, offset), min(last, offset + width - 1) + 1):
        cells[column - offset] = (glyphs.baseline, "baseline")
    return cells


@PROPERTY
@given(
    row=gantt_rows(),
    zoom=st.sampled_from(list(Zoom)),
    width=st.integers(0, 240),
    offset=st.integers(-400, 400),
    ascii_only=st.booleans(),
    today=st.none() | days,
    non_working=st.sampled_from([None, holidays_of, lambda day: day.day == 9]),
    blank=st.sampled_from(["empty", "weekend"]),
)
def test_runs_are_the_cells_grouped_by_kind(
    row: GanttRow,
    zoom: Zoom,
    width: int,
    offset: int,
    ascii_only: bool,
    today: date | None,
    non_working: Callable[[date], bool] | None,
    blank: str,
) -> None:
    # One renderer (runs) for the widget and the text chart; checked against the reference
    # that draws cell by cell.
    glyphs = A if ascii_only else U
    timeline = Timeline(date(2025, 1, 1), zoom)
    for cells_of, runs_of in (
        (reference_row_cells, render_row_runs),
        (reference_baseline_cells, render_baseline_runs),
    ):
        cells = cells_of(row, timeline, width, glyphs, today, non_working, offset=offset)
        runs = runs_of(row, timeline, width, glyphs, today, non_working, offset=offset, blank=blank)
        # Empty cells take the kind `blank`; their characters stay the empty glyph.
        kinds = [(char, blank if kind == "empty" else kind) for char, kind in cells]
        expected = [
            ("".join(char for char, _ in group), kind)
            for kind, group in groupby(kinds, key=itemgetter(1))
        ]
        assert runs == expected


@PROPERTY
@given(
    rows=st.lists(gantt_rows(), max_size=6),
    zoom=st.sampled_from(list(Zoom)),
    width=st.integers(1, 240),
    ascii_only=st.booleans(),
    show_baseline=st.booleans(),
    critical_only=st.booleans(),
    today=st.none() | days,
)
def test_render_text_fits_and_ascii_is_ascii(
    rows: list[GanttRow],
    zoom: Zoom,
    width: int,
    ascii_only: bool,
    show_baseline: bool,
    critical_only: bool,
    today: date | None,
) -> None:
    text = render_text(
        rows,
        zoom=zoom,
        width=width,
        ascii=ascii_only,
        show_baseline=show_baseline,
        critical_only=critical_only,
        today=today or MONDAY,
    )
    for line in text.splitlines():
        assert cell_width(line) <= width
        assert all(c == "\t" or c.isprintable() for c in line)
        if ascii_only:
            assert all(0x20 <= ord(c) <= 0x7E for c in line), repr(line)
    assert "\x1b" not in text


@PROPERTY
@given(row=gantt_rows(), width=st.integers(0, 300), ascii_only=st.booleans())
def test_table_text_has_the_layout_width(row: GanttRow, width: int, ascii_only: bool) -> None:
    layout = table_layout(width, len(row.wbs))
    text = table_text(row, layout, A if ascii_only else U, ascii_only)
    assert cell_width(text) == layout.width
    if ascii_only:
        assert all(0x20 <= ord(c) <= 0x7E for c in text)


def test_negative_float_and_predecessors_read_whole_at_80_columns() -> None:
    layout = table_layout(80 - 1, wbs_width=3)
    row = GanttRow(
        id=9,
        wbs="3",
        name="Cutover",
        total_float=-21,
        critical=True,
        start=MONDAY,
        finish=MONDAY,
        predecessor_text="2FS+2d",
    )
    text = table_text(row, layout, A, ascii_only=True)
    assert " -21! 2FS+2d |" in text
    assert len(text) == layout.width
    header = table_header(layout, A)
    assert header.split()[-3:] == ["Flt", "Pred", "|"]
