"""Gantt charts as plain text (scale, glyphs, rows, whole charts); no Textual or Rich here."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from itertools import groupby

from itpm_tui.glyphs import (
    GanttGlyphs,
    cell_width,
    display_text,
    fit,
    gantt_glyphs_for,
)

__all__ = [
    "KINDS",
    "Cell",
    "GanttRow",
    "TableLayout",
    "Timeline",
    "Zoom",
    "chart_span",
    "legend_entries",
    "legend_lines",
    "Run",
    "render_baseline_cells",
    "render_baseline_runs",
    "render_row_cells",
    "render_row_lines",
    "render_row_runs",
    "render_text",
    "table_header",
    "table_layout",
    "table_text",
]

Cell = tuple[str, str]
"""One timeline cell: (character, kind)."""
Run = tuple[str, str]
"""Cells of one kind side by side: (characters, kind); a line's runs never share a kind
with their neighbour. Every glyph is one character and one cell, so len() counts cells."""
NonWorking = Callable[[date], bool]

KINDS = frozenset(
    {
        "empty",
        "bar",
        "done",
        "critical",
        "milestone",
        "summary",
        "baseline",
        "today",
        "weekend",
        "link",
    }
)

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_INITIALS = "MTWTFSS"
HEADER_HEIGHT = 3
# render_text draws at least this many timeline columns when the width allows.
_MIN_COLUMNS = 10
# Longest header label ("Mar 2025"): labels starting this far left of the view may show.
_MAX_LABEL = 8


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One task as the chart needs it; `finish` is the inclusive last day."""

    id: int
    wbs: str
    name: str
    depth: int = 0
    duration: float = 0.0
    start: date | None = None
    finish: date | None = None
    percent: int = 0
    total_float: int | None = None
    critical: bool = False
    milestone: bool = False
    summary: bool = False
    baseline_start: date | None = None
    baseline_finish: date | None = None
    predecessors: tuple[int, ...] = ()
    # As MS Project's Predecessors column writes them: "3FS+2d, 5SS".
    predecessor_text: str = ""
    # The task's row version as read, so an edit opened on this row can refuse a stale save.
    version: int = field(default=0, compare=False)


class Zoom(Enum):
    """Time scale of the chart, finest first; each maps a date to one column and back.

    =======  ===========================  ============================================
    zoom     one column is                header lines (always three)
    =======  ===========================  ============================================
    DAY      one day                      "Mar 2025" at month starts / day of month
                                          on Mondays / weekday initials "MTWTFSS"
    WEEK     one ISO week (Mon-Sun)       year / "Mar" at a month's first Monday /
                                          ISO week number on every third column
    MONTH    half a month (1-15, 16-end)  year / "Q1".."Q4" / initials "J F M ..."
    QUARTER  one month (3 per quarter)    year / "Q1".."Q4" / initials "JFMAMJ..."
    =======  ===========================  ============================================
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def label(self) -> str:
        return self.value

    def finer(self) -> Zoom:
        """One step in, stopping at DAY."""
        order = list(Zoom)
        return order[max(0, order.index(self) - 1)]

    def coarser(self) -> Zoom:
        """One step out, stopping at QUARTER."""
        order = list(Zoom)
        return order[min(len(order) - 1, order.index(self) + 1)]

    def cycled(self, step: int = 1) -> Zoom:
        """The next zoom out (step 1) or in (step -1), wrapping around."""
        order = list(Zoom)
        return order[(order.index(self) + step) % len(order)]


# --- time scale -----------------------------------------------------------------------


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_first(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def _month_last(index: int) -> date:
    first = _month_first(index)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass(frozen=True, slots=True)
class Timeline:
    """A time scale: `origin` (aligned down to its zoom's unit) is column 0.

    Columns left of the origin are negative; every date maps to exactly one column.
    """

    origin: date
    zoom: Zoom

    def __post_init__(self) -> None:
        # Aligning keeps columns on calendar units (weeks start Monday, months on the 1st).
        origin = self.origin
        if self.zoom in (Zoom.DAY, Zoom.WEEK):
            origin = origin - timedelta(days=origin.weekday())
        elif self.zoom is Zoom.MONTH:
            origin = origin.replace(day=1)
        else:
            origin = date(origin.year, (origin.month - 1) // 3 * 3 + 1, 1)
        object.__setattr__(self, "origin", origin)

    def column_of(self, day: date) -> int:
        """The column holding `day`."""
        zoom = self.zoom
        if zoom is Zoom.DAY:
            return (day - self.origin).days
        if zoom is Zoom.WEEK:
            return (day - self.origin).days // 7
        months = _month_index(day) - _month_index(self.origin)
        if zoom is Zoom.MONTH:
            return months * 2 + (1 if day.day > 15 else 0)
        return months

    def date_range_of(self, column: int) -> tuple[date, date]:
        """First and last day (inclusive) shown by `column`."""
        zoom = self.zoom
        if zoom is Zoom.DAY:
            day = self.origin + timedelta(days=column)
            return day, day
        if zoom is Zoom.WEEK:
            first = self.origin + timedelta(days=7 * column)
            return first, first + timedelta(days=6)
        base = _month_index(self.origin)
        if zoom is Zoom.MONTH:
            months, half = divmod(column, 2)
            first = _month_first(base + months)
            if half == 0:
                return first, first.replace(day=15)
            return first.replace(day=16), _month_last(base + months)
        return _month_first(base + column), _month_last(base + column)

    def first_day(self, column: int) -> date:
        return self.date_range_of(column)[0]

    # --- header -----------------------------------------------------------------------

    def header_lines(self, offset: int = 0, width: int = 80) -> list[str]:
        """The three header lines for columns offset .. offset+width-1, each `width` long."""
        if width <= 0:
            return [""] * HEADER_HEIGHT
        # Each column's first day, worked out once: the labels below ask for a column and
        # its left neighbour many times over (columns from low, one left of any label).
        low = offset - _MAX_LABEL - 1
        if self.zoom is Zoom.DAY:
            origin = self.origin
            firsts = [origin + timedelta(days=column) for column in range(low, offset + width)]
        else:
            firsts = [self.first_day(column) for column in range(low, offset + width)]

        def first(column: int) -> date:
            return firsts[column - low]

        def month_of(column: int) -> int:
            # A week column belongs to the month of its Monday.
            return firsts[column - low].month

        def is_month_start(column: int) -> bool:
            return firsts[column - low].month != firsts[column - low - 1].month

        def is_year_start(column: int) -> bool:
            return firsts[column - low].year != firsts[column - low - 1].year

        def month_year(column: int) -> str:
            day = firsts[column - low]
            return f"{MONTH_ABBR[day.month - 1]} {day.year}"

        zoom = self.zoom
        if zoom is Zoom.DAY:
            weekday = first(offset).weekday()
            return [
                self._labels(offset, width, is_month_start, month_year, sticky=True),
                self._labels(
                    offset,
                    width,
                    lambda c: first(c).weekday() == 0,
                    lambda c: str(first(c).day),
                ),
                "".join(WEEKDAY_INITIALS[(weekday + i) % 7] for i in range(width)),
            ]
        year_line = self._labels(
            offset, width, is_year_start, lambda c: str(first(c).year), sticky=True
        )
        if zoom is Zoom.WEEK:
            return [
                year_line,
                self._labels(
                    offset,
                    width,
                    is_month_start,
                    lambda c: MONTH_ABBR[month_of(c) - 1],
                    sticky=True,
                ),
                # ISO week numbers need two cells; every third column keeps a gap.
                self._labels(
                    offset,
                    width,
                    lambda c: c % 3 == 0,
                    lambda c: f"{first(c).isocalendar().week:02d}",
                ),
            ]
        quarter_line = self._labels(
            offset,
            width,
            lambda c: is_month_start(c) and month_of(c) % 3 == 1,
            lambda c: f"Q{(month_of(c) - 1) // 3 + 1}",
            sticky=True,
        )
        initials = self._labels(
            offset,
            width,
            is_month_start,
            lambda c: MONTH_ABBR[month_of(c) - 1][0],
            # One column per month at QUARTER zoom: initials sit side by side.
            gap=0,
        )
        return [year_line, quarter_line, initials]

    @staticmethod
    def _labels(
        offset: int,
        width: int,
        starts: Callable[[int], bool],
        label: Callable[[int], str],
        *,
        sticky: bool = False,
        gap: int = 1,
    ) -> str:
        """Labels written where `starts(column)`, left to right, skipping any that would touch.

        With `sticky`, a label cut by the left edge is replaced by the label of the unit
        at the edge, when it fits before the next label.
        """
        placed: list[tuple[int, str]] = []
        free = offset - _MAX_LABEL
        for column in range(offset - _MAX_LABEL, offset + width):
            if column >= free and starts(column):
                text = label(column)
                placed.append((column, text))
                free = column + len(text) + gap
        if sticky:
            kept = [(c, t) for c, t in placed if c >= offset]
            if not kept or kept[0][0] != offset:
                text = label(offset)
                limit = kept[0][0] if kept else offset + width + 1
                if offset + len(text) < limit:
                    kept.insert(0, (offset, text))
            placed = kept
        buffer = [" "] * (width + 2 * _MAX_LABEL)
        for column, text in placed:
            for i, char in enumerate(text):
                position = column - offset + _MAX_LABEL + i
                if 0 <= position < len(buffer):
                    buffer[position] = char
        return "".join(buffer[_MAX_LABEL : _MAX_LABEL + width])


def legend_entries(glyphs: GanttGlyphs) -> list[tuple[str, str]]:
    """(sample, meaning) for every glyph a chart can show."""
    g = glyphs
    return [
        (g.done * 2, "done"),
        (g.remaining * 2, "remaining"),
        (g.critical * 2, "critical remaining"),
        (g.milestone, "milestone"),
        (g.summary_left + g.summary_fill + g.summary_right, "summary"),
        (g.baseline * 2, "baseline"),
        (g.today, "today"),
        (g.weekend, "non-working day"),
        (g.link, "has predecessors"),
        (g.critical_mark, "critical task (Flt column)"),
    ]


def legend_lines(glyphs: GanttGlyphs, width: int | None = None) -> list[str]:
    """The legend, one entry per line, or packed into lines of at most `width` cells."""
    entries = [f"{sample} {meaning}" for sample, meaning in legend_entries(glyphs)]
    if width is None:
        return entries
    lines: list[str] = []
    line = ""
    for entry in entries:
        candidate = f"{line}  {entry}" if line else entry
        if line and cell_width(candidate) > width:
            lines.append(line)
            candidate = entry
        line = candidate
    if line:
        lines.append(line)
    return [fit(item, width, glyphs.ellipsis).rstrip() for item in lines]


# --- row cells ------------------------------------------------------------------------


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


def _background_build(
    timeline: Timeline,
    offset: int,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None,
    non_working: NonWorking | None,
) -> tuple[Cell, ...]:
    """Empty cells, shaded on non-working days (DAY zoom only), with the today line."""
    cells: list[Cell] = [(glyphs.empty, "empty")] * width
    if timeline.zoom is Zoom.DAY:
        is_off = non_working or _weekend
        first = timeline.first_day(offset)
        for i in range(width):
            if is_off(first + timedelta(days=i)):
                cells[i] = (glyphs.weekend, "weekend")
    if today is not None:
        i = timeline.column_of(today) - offset
        if 0 <= i < width:
            cells[i] = (glyphs.today, "today")
    return tuple(cells)


def _span(timeline: Timeline, start: date | None, finish: date | None) -> tuple[int, int] | None:
    first = start or finish
    if first is None:
        return None
    last = finish if finish is not None and finish >= first else first
    return timeline.column_of(first), timeline.column_of(last)


# Rows are O(width): nothing below looks at other rows, so only visible rows cost.


def _background_runs(
    timeline: Timeline,
    offset: int,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None,
    non_working: NonWorking | None,
    blank: str,
) -> tuple[tuple[int, str, str], ...]:
    try:
        return _background_runs_cached(timeline, offset, width, glyphs, today, non_working, blank)
    except TypeError:  # an unhashable calendar callable: build it each time
        cells = _background_build(timeline, offset, width, glyphs, today, non_working)
        return _runs_at(cells, blank)


@lru_cache(maxsize=64)
def _background_runs_cached(
    timeline: Timeline,
    offset: int,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None,
    non_working: NonWorking | None,
    blank: str,
) -> tuple[tuple[int, str, str], ...]:
    # Every row of a frame shares one background: built once, then only cut around bars.
    cells = _background_build(timeline, offset, width, glyphs, today, non_working)
    return _runs_at(cells, blank)


def _runs_at(cells: Sequence[Cell], blank: str) -> tuple[tuple[int, str, str], ...]:
    """(first cell, characters, kind) for each run of equal kinds in `cells`, the empty
    cells taking the kind `blank`."""
    runs: list[tuple[int, str, str]] = []
    start = 0
    for kind, group in groupby(cells, key=lambda cell: blank if cell[1] == "empty" else cell[1]):
        text = "".join(char for char, _ in group)
        runs.append((start, text, kind))
        start += len(text)
    return tuple(runs)


def _clip(runs: Iterable[tuple[int, str, str]], low: int, high: int, out: list[Run]) -> None:
    """Append the parts of `runs` that fall in cells low .. high-1 to `out`."""
    if low >= high:
        return
    for start, text, kind in runs:
        end = start + len(text)
        if end <= low:
            continue
        if start >= high:
            break
        _append(out, text[max(0, low - start) : min(high, end) - start], kind)


def _append(out: list[Run], text: str, kind: str) -> None:
    if not text:
        return
    if out and out[-1][1] == kind:
        out[-1] = (out[-1][0] + text, kind)
    else:
        out.append((text, kind))


def _overlaid(
    background: tuple[tuple[int, str, str], ...],
    width: int,
    low: int,
    high: int,
    overlay: list[Run],
) -> list[Run]:
    """The background with cells low .. high-1 replaced by `overlay` (high - low cells)."""
    runs: list[Run] = []
    _clip(background, 0, low, runs)
    for text, kind in overlay:
        _append(runs, text, kind)
    _clip(background, high, width, runs)
    return runs


def render_row_runs(
    row: GanttRow,
    timeline: Timeline,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None = None,
    non_working: NonWorking | None = None,
    *,
    offset: int = 0,
    blank: str = "empty",
) -> list[Run]:
    """`render_row_cells` as runs, built from the bar's span rather than cell by cell.

    The cells are the same (a test holds the two together); the chart widget draws these,
    one segment per run, so a row costs the same whatever its width. Empty cells are of
    kind `blank`: "weekend" joins them to the non-working days, for a drawing in which
    a blank looks the same either way (fewer runs).
    """
    if width <= 0:
        return []
    background = _background_runs(timeline, offset, width, glyphs, today, non_working, blank)
    if row.milestone and not row.summary:
        span = _span(timeline, row.start or row.finish, None)
    else:
        span = _span(timeline, row.start, row.finish)
    if span is None:
        return [(text, kind) for _, text, kind in background]
    first, last = span
    end = offset + width
    # Visible bar columns a .. b (may be empty), preceded by the link marker when it shows.
    a, b = max(first, offset), min(last, end - 1)
    if row.milestone and not row.summary:
        a, b = (first, first) if offset <= first < end else (first, first - 1)
    overlay: list[Run] = []
    low = a - offset
    before = first - 1 - offset
    if row.predecessors and not row.summary and 0 <= before < width:
        overlay.append((glyphs.link, "link"))
        low = before
    count = b - a + 1
    if count > 0:
        if row.summary:
            text = glyphs.summary_fill * count
            if a == first:
                text = glyphs.summary_left + text[1:]
            if b == last and last != first:
                text = text[:-1] + glyphs.summary_right
            overlay.append((text, "summary"))
        elif row.milestone:
            overlay.append((glyphs.milestone, "critical" if row.critical else "milestone"))
        else:
            bar_count = last - first + 1
            percent = min(100, max(0, row.percent))
            # Floor: a bar never claims more progress than was made.
            done_until = first + (bar_count if percent >= 100 else bar_count * percent // 100)
            done = min(count, max(0, done_until - a))
            remaining = (glyphs.critical, "critical") if row.critical else (glyphs.remaining, "bar")
            if done:
                overlay.append((glyphs.done * done, "done"))
            if count - done:
                overlay.append((remaining[0] * (count - done), remaining[1]))
    if not overlay:
        return [(text, kind) for _, text, kind in background]
    return _overlaid(background, width, low, b - offset + 1 if count > 0 else low + 1, overlay)


def render_baseline_runs(
    row: GanttRow,
    timeline: Timeline,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None = None,
    non_working: NonWorking | None = None,
    *,
    offset: int = 0,
    blank: str = "empty",
) -> list[Run]:
    """`render_baseline_cells` as runs (see `render_row_runs`)."""
    if width <= 0:
        return []
    background = _background_runs(timeline, offset, width, glyphs, today, non_working, blank)
    span = _span(timeline, row.baseline_start, row.baseline_finish)
    if span is not None:
        a, b = max(span[0], offset), min(span[1], offset + width - 1)
        if b >= a:
            overlay = [(glyphs.baseline * (b - a + 1), "baseline")]
            return _overlaid(background, width, a - offset, b - offset + 1, overlay)
    return [(text, kind) for _, text, kind in background]


def render_row_cells(
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
    line: see `render_baseline_cells` and `render_row_lines`. The cells are the runs of
    `render_row_runs` (the one renderer) taken apart.
    """
    runs = render_row_runs(row, timeline, width, glyphs, today, non_working, offset=offset)
    return _cells(runs)


def render_baseline_cells(
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
    runs = render_baseline_runs(row, timeline, width, glyphs, today, non_working, offset=offset)
    return _cells(runs)


def _cells(runs: Iterable[Run]) -> list[Cell]:
    return [(char, kind) for text, kind in runs for char in text]


def render_row_lines(
    row: GanttRow,
    timeline: Timeline,
    width: int,
    glyphs: GanttGlyphs,
    today: date | None = None,
    non_working: NonWorking | None = None,
    show_baseline: bool = False,
    *,
    offset: int = 0,
) -> list[list[Cell]]:
    """One line of cells, or two with `show_baseline` (the row, then its baseline)."""
    lines = [render_row_cells(row, timeline, width, glyphs, today, non_working, offset=offset)]
    if show_baseline:
        lines.append(
            render_baseline_cells(row, timeline, width, glyphs, today, non_working, offset=offset)
        )
    return lines


# --- the WBS table --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Column widths of the WBS table; a width of 0 hides the column."""

    wbs: int
    name: int
    duration: int = 4
    dates: int = 6
    percent: int = 4
    # Four cells: a negative float and its critical mark ("-21!") stay whole.
    float_: int = 4
    predecessors: int = 6

    @property
    def width(self) -> int:
        """Cells taken by the table and the separator after it."""
        columns: tuple[int, ...] = (self.wbs, self.name, self.duration, self.dates, self.dates)
        columns += (self.percent, self.float_, self.predecessors)
        return sum(columns) + sum(1 for c in columns if c) + 1


def table_layout(width: int, wbs_width: int = 6) -> TableLayout:
    """Widths for a chart `width` cells wide: the timeline keeps at least a third of it."""
    wbs = min(10, max(3, wbs_width))
    if width >= 140:
        layout = TableLayout(
            wbs=wbs, name=min(36, 24 + (width - 140) // 4), dates=10, predecessors=12
        )
    elif width >= 100:
        layout = TableLayout(wbs=wbs, name=18 + (width - 100) // 6, predecessors=8)
    elif width >= 64:
        layout = TableLayout(wbs=wbs, name=12)
    else:
        # Narrow: dates and predecessors go first, then the name shrinks, so some
        # timeline remains.
        layout = TableLayout(wbs=wbs, name=max(6, min(14, width // 4)), dates=0, predecessors=0)
    return layout


def table_header(layout: TableLayout, glyphs: GanttGlyphs) -> str:
    """Column titles aligned with `table_text`, ending with the separator."""
    return _table_line(layout, glyphs, "WBS", "Task", "Dur", "Start", "Finish", "%", "Flt", "Pred")


def _short_date(day: date | None, width: int) -> str:
    if day is None:
        return ""
    if width >= 10:
        return day.isoformat()
    return f"{MONTH_ABBR[day.month - 1]} {day.day:02d}"


def _duration_text(days: float) -> str:
    return f"{days:g}d" if days == int(days) or days >= 100 else f"{days:.1f}d"


def table_text(row: GanttRow, layout: TableLayout, glyphs: GanttGlyphs, ascii_only: bool) -> str:
    """The WBS table part of a row, exactly `layout.width` cells, separator included."""
    depth = min(max(row.depth, 0), 6)
    # Indentation never leaves the name fewer than 4 cells.
    indent = " " * min(depth, max(0, (layout.name - 4) // 2)) * 2
    name = indent + display_text(row.name, ascii_only)
    mark = glyphs.critical_mark if row.critical else ""
    flt = "" if row.total_float is None else str(row.total_float)
    if row.total_float is not None and row.total_float < 0 and len(flt + mark) > layout.float_:
        mark = ""  # a negative float is critical anyway: the number stays whole
    return _table_line(
        layout,
        glyphs,
        display_text(row.wbs, ascii_only),
        name,
        _duration_text(row.duration),
        _short_date(row.start, layout.dates),
        _short_date(row.finish, layout.dates),
        f"{min(100, max(0, row.percent))}%",
        flt + mark,
        display_text(row.predecessor_text, ascii_only),
    )


def _table_line(
    layout: TableLayout,
    glyphs: GanttGlyphs,
    wbs: str,
    name: str,
    duration: str,
    start: str,
    finish: str,
    percent: str,
    float_: str,
    predecessors: str = "",
) -> str:
    parts = [
        fit(wbs, layout.wbs, glyphs.ellipsis),
        fit(name, layout.name, glyphs.ellipsis),
        fit(duration, layout.duration, glyphs.ellipsis, right=True),
    ]
    if layout.dates:
        parts.append(fit(start, layout.dates, glyphs.ellipsis))
        parts.append(fit(finish, layout.dates, glyphs.ellipsis))
    parts.append(fit(percent, layout.percent, glyphs.ellipsis, right=True))
    parts.append(fit(float_, layout.float_, glyphs.ellipsis, right=True))
    if layout.predecessors:
        parts.append(fit(predecessors, layout.predecessors, glyphs.ellipsis))
    return " ".join(p for p in parts if p) + " " + glyphs.separator


# --- whole charts ---------------------------------------------------------------------


def chart_span(rows: Iterable[GanttRow], today: date | None = None) -> tuple[date, date] | None:
    """Earliest and latest date any row (or its baseline, or today) shows; None if none."""
    days = [today] if today is not None else []
    for row in rows:
        days.extend(
            d
            for d in (row.start, row.finish, row.baseline_start, row.baseline_finish)
            if d is not None
        )
    if not days:
        return None
    return min(days), max(days)


def render_text(
    rows: Sequence[GanttRow],
    *,
    start: date | None = None,
    end: date | None = None,
    zoom: Zoom = Zoom.WEEK,
    width: int = 100,
    ascii: bool = False,
    show_baseline: bool = False,
    critical_only: bool = False,
    today: date | None = None,
    non_working: NonWorking | None = None,
) -> str:
    """A whole chart for stdout: WBS table, timeline, header and legend; no line over `width`.

    `start`/`end` bound the timeline (default: the rows' span, today included when given);
    `critical_only` keeps the critical rows alone. Lines carry no trailing blanks.
    """
    width = max(1, width)
    glyphs = gantt_glyphs_for(ascii)
    shown = [row for row in rows if row.critical] if critical_only else list(rows)
    span = chart_span(shown, today)
    first = start or (span[0] if span else today or date.today())
    last = end or (span[1] if span else first)
    last = max(last, first)
    timeline = Timeline(first, zoom)
    layout = table_layout(width, max((len(r.wbs) for r in shown), default=3))
    offset = timeline.column_of(first)
    columns = timeline.column_of(last) - offset + 1
    # A few columns at least, so that header labels such as the year can be read.
    cells_width = max(0, min(width - layout.width, max(columns, _MIN_COLUMNS)))

    lines: list[str] = []
    header = timeline.header_lines(offset, cells_width)
    table_blank = " " * (layout.width - 1) + glyphs.separator
    title = fit(
        f"{zoom.label} zoom, {first.isoformat()} to {last.isoformat()}",
        layout.width - 1,
        glyphs.ellipsis,
    )
    lefts = [title + glyphs.separator, table_blank, table_header(layout, glyphs)]
    lines.extend(left + right for left, right in zip(lefts, header, strict=True))
    for row in shown:
        lines.append(
            table_text(row, layout, glyphs, ascii)
            + _chars(
                render_row_cells(
                    row, timeline, cells_width, glyphs, today, non_working, offset=offset
                )
            )
        )
        if show_baseline:
            cells = render_baseline_cells(
                row, timeline, cells_width, glyphs, today, non_working, offset=offset
            )
            lines.append(table_blank + _chars(cells))
    if not shown:
        lines.append("(no tasks)")
    lines.append("")
    lines.extend(legend_lines(glyphs, width))
    # The table alone can be wider than a very narrow terminal: cut, never wrap.
    return "\n".join(fit(line, width, "").rstrip() for line in lines)


def _chars(cells: list[Cell]) -> str:
    return "".join(char for char, _ in cells)
