"""GanttView: a Line API Gantt chart, a fixed WBS table left and a timeline scrolling right.

Keys (binding ids in brackets; edits are only requests, posted as messages for the screen):

  up/k, down/j          select the previous/next task              [gantt.up, gantt.down]
  pageup, pagedown      a page up/down                   [gantt.page_up, gantt.page_down]
  home/g, end/G         first/last task                         [gantt.first, gantt.last]
  left/h, right/l       timeline a column earlier/later             [gantt.left, gantt.right]
  shift+left/right      timeline a page earlier/later   [gantt.page_left, gantt.page_right]
  f                     bring the selected task's bar into view               [gantt.jump]
  t                     bring today into view                                [gantt.today]
  + (or =), -           zoom in/out: day, week, month, quarter [gantt.zoom_in, gantt.zoom_out]
  z, Z                  cycle the zoom out/in, wrapping  [gantt.zoom_cycle, gantt.zoom_cycle_back]
  b                     show/hide the baseline lines                      [gantt.baseline]
  <, >                  ShiftRequested(id, -1/+1): a working day earlier/later
                                                     [gantt.shift_earlier, gantt.shift_later]
  [, ]                  ResizeRequested(id, -1/+1): a day shorter/longer
                                                              [gantt.shorter, gantt.longer]
  %                     PercentRequested(id)                               [gantt.percent]
  ctrl+right or I       IndentRequested(id, outdent=False)                  [gantt.indent]
  ctrl+left or O        IndentRequested(id, outdent=True)                  [gantt.outdent]
  L, U                  LinkRequested(id), UnlinkRequested(id)     [gantt.link, gantt.unlink]
  m                     MilestoneToggleRequested(id)                     [gantt.milestone]
  n or o                AddBelowRequested(id or None)                          [gantt.add]
  d or delete           DeleteRequested(id)                                 [gantt.delete]
  i                     LegendRequested()                                   [gantt.legend]

Moving the selection posts TaskSelected(id). Glyphs: see itpm_tui.services.planning.gantt_text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from itpm_tui.glyphs import GanttGlyphs, fit, gantt_glyphs_for
from itpm_tui.services.planning.gantt_text import (
    HEADER_HEIGHT,
    GanttRow,
    TableLayout,
    Timeline,
    Zoom,
    chart_span,
    legend_lines,
    render_baseline_runs,
    render_row_runs,
    table_header,
    table_layout,
    table_text,
)
from itpm_tui.widgets.line_view import LineView

__all__ = ["GanttView", "legend_text"]

# Column 0 of every zoom: a Monday and a month's first week, so columns are absolute and
# a horizontal offset survives set_rows whatever dates the rows have.
EPOCH = date(2000, 1, 3)
# Columns of empty time kept before the first and after the last date of the chart.
PAD_COLUMNS = 3
# Columns left of a bar when the timeline jumps to it.
JUMP_MARGIN = 2
EMPTY_TEXT = "No tasks: press n to add one."

TASK_ACTIONS = frozenset(
    {
        "jump_to_task",
        "shift_task",
        "resize_task",
        "percent",
        "indent",
        "link",
        "unlink",
        "milestone",
        "delete",
    }
)


def legend_text(ascii: bool) -> list[str]:
    """The legend lines ("█ done", ...) for a legend popup."""
    return legend_lines(gantt_glyphs_for(ascii))


class GanttView(LineView, can_focus=True):
    """Tasks as rows of a WBS table and bars on a timeline; the screen owns the data."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--header",
        "gantt--table",
        "gantt--summary-row",
        "gantt--separator",
        "gantt--cursor",
        "gantt--bar",
        "gantt--done",
        "gantt--critical",
        "gantt--milestone",
        "gantt--summary",
        "gantt--baseline",
        "gantt--today",
        "gantt--weekend",
        "gantt--link",
    }

    DEFAULT_CSS = """
    GanttView {
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
    }
    GanttView > .gantt--header { text-style: bold; color: $text; background: $panel; }
    GanttView > .gantt--table { color: $text; }
    GanttView > .gantt--summary-row { text-style: bold; }
    GanttView > .gantt--separator { color: $text-muted; }
    GanttView > .gantt--cursor { text-style: reverse; }
    GanttView > .gantt--bar { color: $primary; }
    GanttView > .gantt--done { color: $success; }
    GanttView > .gantt--critical { color: $error; }
    GanttView > .gantt--milestone { color: $warning; text-style: bold; }
    GanttView > .gantt--summary { color: $secondary; text-style: bold; }
    GanttView > .gantt--baseline { color: $text-muted; }
    GanttView > .gantt--today { color: $warning; text-style: bold; }
    GanttView > .gantt--weekend { color: $text-disabled; }
    GanttView > .gantt--link { color: $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous task", id="gantt.up", show=False),
        Binding("down,j", "cursor_down", "Next task", id="gantt.down", show=False),
        Binding("pageup", "page_up", "Page up", id="gantt.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="gantt.page_down", show=False),
        Binding("home,g", "first", "First task", id="gantt.first", show=False),
        Binding("end,G", "last", "Last task", id="gantt.last", show=False),
        Binding("left,h", "timeline_left", "Earlier", id="gantt.left", show=False),
        Binding("right,l", "timeline_right", "Later", id="gantt.right", show=False),
        Binding(
            "shift+left", "timeline_page_left", "Page earlier", id="gantt.page_left", show=False
        ),
        Binding(
            "shift+right", "timeline_page_right", "Page later", id="gantt.page_right", show=False
        ),
        Binding("f", "jump_to_task", "Find bar", id="gantt.jump", show=False),
        Binding("t", "today", "Today", id="gantt.today"),
        Binding(
            "plus,equals_sign",
            "zoom_in",
            "Zoom in",
            id="gantt.zoom_in",
            key_display="+",
            show=False,
        ),
        Binding("minus", "zoom_out", "Zoom out", id="gantt.zoom_out", key_display="-", show=False),
        Binding("z", "cycle_zoom(1)", "Zoom", id="gantt.zoom_cycle"),
        Binding("Z", "cycle_zoom(-1)", "Zoom back", id="gantt.zoom_cycle_back", show=False),
        Binding("b", "toggle_baseline", "Baseline", id="gantt.baseline", show=False),
        Binding(
            "less_than_sign",
            "shift_task(-1)",
            "Day earlier",
            id="gantt.shift_earlier",
            key_display="<",
            show=False,
        ),
        Binding(
            "greater_than_sign",
            "shift_task(1)",
            "Day later",
            id="gantt.shift_later",
            key_display=">",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "resize_task(-1)",
            "Shorter",
            id="gantt.shorter",
            key_display="[",
            show=False,
        ),
        Binding(
            "right_square_bracket",
            "resize_task(1)",
            "Longer",
            id="gantt.longer",
            key_display="]",
            show=False,
        ),
        Binding(
            "percent_sign", "percent", "% done", id="gantt.percent", key_display="%", show=False
        ),
        Binding("ctrl+right,I", "indent(False)", "Indent", id="gantt.indent", show=False),
        Binding("ctrl+left,O", "indent(True)", "Outdent", id="gantt.outdent", show=False),
        Binding("L", "link", "Link", id="gantt.link", show=False),
        Binding("U", "unlink", "Unlink", id="gantt.unlink", show=False),
        Binding("m", "milestone", "Milestone", id="gantt.milestone", show=False),
        Binding("n,o", "add_below", "New below", id="gantt.add", show=False),
        Binding("d,delete", "delete", "Delete", id="gantt.delete", show=False),
        Binding("i", "legend", "Legend", id="gantt.legend"),
    ]

    # --- messages -----------------------------------------------------------------------

    class _TaskMessage(Message):
        """A message about one task; `control` is the GanttView that sent it."""

        def __init__(self, task_id: int, gantt: GanttView | None = None) -> None:
            super().__init__()
            self.task_id = task_id
            self.gantt = gantt

        @property
        def control(self) -> GanttView | None:
            return self.gantt

    class TaskSelected(_TaskMessage):
        """The selection moved to a task."""

    class ShiftRequested(_TaskMessage):
        """Move the task `days` working days (negative: earlier)."""

        def __init__(self, task_id: int, days: int, gantt: GanttView | None = None) -> None:
            super().__init__(task_id, gantt)
            self.days = days

    class ResizeRequested(_TaskMessage):
        """Make the task `days` working days longer (negative: shorter)."""

        def __init__(self, task_id: int, days: int, gantt: GanttView | None = None) -> None:
            super().__init__(task_id, gantt)
            self.days = days

    class PercentRequested(_TaskMessage):
        """Ask for the task's % complete."""

    class IndentRequested(_TaskMessage):
        """Indent the task under the one above, or outdent it."""

        def __init__(self, task_id: int, outdent: bool, gantt: GanttView | None = None) -> None:
            super().__init__(task_id, gantt)
            self.outdent = outdent

    class LinkRequested(_TaskMessage):
        """Add a predecessor to the task."""

    class UnlinkRequested(_TaskMessage):
        """Remove a predecessor of the task."""

    class MilestoneToggleRequested(_TaskMessage):
        """Turn the task into a milestone or back."""

    class DeleteRequested(_TaskMessage):
        """Delete the task."""

    class AddBelowRequested(Message):
        """Add a task below the selected one (None: the chart is empty)."""

        def __init__(self, task_id: int | None, gantt: GanttView | None = None) -> None:
            super().__init__()
            self.task_id = task_id
            self.gantt = gantt

        @property
        def control(self) -> GanttView | None:
            return self.gantt

    class LegendRequested(Message):
        """Show the legend of glyphs."""

        def __init__(self, gantt: GanttView | None = None) -> None:
            super().__init__()
            self.gantt = gantt

        @property
        def control(self) -> GanttView | None:
            return self.gantt

    # --- state --------------------------------------------------------------------------

    zoom: reactive[Zoom] = reactive(Zoom.DAY, init=False)
    ascii: reactive[bool] = reactive(False, init=False)
    show_baseline: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        rows: Sequence[GanttRow] = (),
        *,
        zoom: Zoom = Zoom.DAY,
        ascii: bool = False,
        show_baseline: bool = False,
        today: date | None = None,
        non_working: Callable[[date], bool] | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(today=today, name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(GanttView.zoom, zoom)
        self.set_reactive(GanttView.ascii, ascii)
        self.set_reactive(GanttView.show_baseline, show_baseline)
        self._non_working = non_working
        self._rows: list[GanttRow] = []
        self._index_by_id: dict[int, int] = {}
        self._wbs_width = 3
        self._span: tuple[date, date] | None = None
        self._cursor = 0
        self._offset = 0
        self._positioned = False
        self._timeline = Timeline(EPOCH, zoom)
        self._blank_style: Style | None = None
        self._frame_width: int | None = None
        self._table_layout: tuple[tuple[int, int], TableLayout] = ((-1, -1), table_layout(0))
        self.set_rows(rows)

    # --- public API ---------------------------------------------------------------------

    def set_rows(self, rows: Sequence[GanttRow], *, keep_selection: bool = True) -> None:
        """Show `rows` (in WBS order); the selection stays on the same task id if it can."""
        previous = self.selected_id
        self._rows = list(rows)
        self._index_by_id = {row.id: index for index, row in enumerate(self._rows)}
        # O(rows) once per data change, never per frame.
        self._wbs_width = max((len(row.wbs) for row in self._rows), default=3)
        self._span = chart_span(self._rows, self.today)
        if keep_selection and previous in self._index_by_id:
            self._cursor = self._index_by_id[previous]
        elif keep_selection:
            self._cursor = min(self._cursor, max(0, len(self._rows) - 1))
        else:
            self._cursor = 0
        self._invalidate()
        self._position()
        if self.is_mounted:
            self._scroll_cursor_into_view()
        if self.is_mounted and self.selected_id is not None and self.selected_id != previous:
            self.post_message(self.TaskSelected(self.selected_id, self))

    @property
    def rows(self) -> list[GanttRow]:
        return self._rows

    @property
    def selected_id(self) -> int | None:
        """The id of the selected task, None when there are no rows."""
        return self._rows[self._cursor].id if self._rows else None

    @property
    def selected_row(self) -> GanttRow | None:
        return self._rows[self._cursor] if self._rows else None

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def select_task(self, task_id: int) -> bool:
        """Move the selection to `task_id`; False when no such row is shown."""
        index = self._index_by_id.get(task_id)
        if index is None:
            return False
        self._move_cursor(index)
        return True

    def today_changed(self) -> None:
        self._span = chart_span(self._rows, self.today)
        self._invalidate()

    @property
    def non_working(self) -> Callable[[date], bool] | None:
        return self._non_working

    @non_working.setter
    def non_working(self, value: Callable[[date], bool] | None) -> None:
        self._non_working = value
        self._invalidate()

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def timeline_offset(self) -> int:
        """The timeline column shown first (leftmost) on the right of the table."""
        return self._offset

    @timeline_offset.setter
    def timeline_offset(self, column: int) -> None:
        low, high = self._offset_bounds()
        column = min(max(column, low), high)
        if column != self._offset:
            self._offset = column
            self.refresh()

    @property
    def timeline_width(self) -> int:
        """Timeline columns that fit beside the table."""
        width = self.scrollable_content_region.width
        return max(0, width - self._layout(width).width)

    def visible_dates(self) -> tuple[date, date]:
        """First and last day the timeline shows now."""
        last = self._offset + max(1, self.timeline_width) - 1
        return self._timeline.first_day(self._offset), self._timeline.date_range_of(last)[1]

    def header_text(self) -> list[str]:
        """The header lines as plain text (for tests and screen readers)."""
        width = self.scrollable_content_region.width
        return [self._header_strip(y, width).text for y in range(HEADER_HEIGHT)]

    # --- geometry -----------------------------------------------------------------------

    @property
    def _lines_per_row(self) -> int:
        return 2 if self.show_baseline else 1

    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_HEIGHT)

    @property
    def _glyphs(self) -> GanttGlyphs:
        return gantt_glyphs_for(self.ascii)

    def _layout(self, width: int) -> TableLayout:
        key = (width, self._wbs_width)
        if self._table_layout[0] != key:
            self._table_layout = (key, table_layout(width, self._wbs_width))
        return self._table_layout[1]

    def _offset_bounds(self) -> tuple[int, int]:
        column_of = self._timeline.column_of
        first, last = self._span or (self.today, self.today)
        low = column_of(first) - PAD_COLUMNS
        high = column_of(last) + PAD_COLUMNS + 1 - self.timeline_width
        return low, max(low, high)

    def _bar_columns(self, row: GanttRow) -> tuple[int, int] | None:
        first = row.start or row.finish
        if first is None:
            return None
        last = row.finish if row.finish is not None and row.finish >= first else first
        return self._timeline.column_of(first), self._timeline.column_of(last)

    def _invalidate(self) -> None:
        """Forget rendered lines and recompute sizes after data or option changes."""
        self._line_cache.clear()
        self._timeline = Timeline(EPOCH, self.zoom)
        lines = len(self._rows) * self._lines_per_row if self._rows else 1
        self.virtual_size = Size(0, HEADER_HEIGHT + lines)
        self.timeline_offset = self._offset  # re-clamped for the new span
        self.refresh()

    def _position(self) -> None:
        """First placement of the timeline, once the width is known: today a third in."""
        if self._positioned or self.timeline_width <= 0:
            return
        self._positioned = True
        self._show_today()

    # --- rendering ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._blank_style = None

    def component_style(self, name: str) -> Style:
        if name == "empty":
            return self.rich_style
        return self.get_component_rich_style(f"gantt--{name}")

    def _blank_cell_style(self) -> Style:
        """The style of empty timeline cells outside the cursor row.

        A blank shows only its background, so when the weekend style differs from the
        plain one in its foreground alone, blanks take the weekend style and join the
        non-working days beside them: a row at day zoom becomes a few segments instead of
        one per weekend, which is what Textual's per-segment work on every frame costs.
        """
        if self._blank_style is None:
            empty, weekend = self._style("empty"), self._style("weekend")
            # Attributes a blank would show (through its foreground colour or otherwise).
            shows_on_blank = ("underline", "underline2", "overline", "strike", "reverse")
            same_look = empty + Style(color=weekend.color) == weekend and not any(
                getattr(style, name) for style in (empty, weekend) for name in shows_on_blank
            )
            self._blank_style = weekend if same_look else empty
        return self._blank_style

    def render_lines(self, crop: Region) -> list[Strip]:
        # A frame draws many lines of one width: measure it once, not once per line.
        self._frame_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._frame_width = None

    def render_line(self, y: int) -> Strip:
        width = self._frame_width
        if width is None:
            width = self.scrollable_content_region.width
        if y < HEADER_HEIGHT:
            # The header is fixed: whatever scroll_y is, the first lines are the header.
            return self._header_strip(y, width)
        line = self.scroll_offset.y + y - HEADER_HEIGHT
        blank = self._style("empty")
        if not self._rows:
            if line == 0:
                return Strip([Segment(EMPTY_TEXT, self._style("table"))]).adjust_cell_length(
                    width, blank
                )
            return Strip.blank(width, blank)
        index, sub = divmod(line, self._lines_per_row)
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, blank)
        return self._row_strip(index, sub, width)

    def _header_strip(self, y: int, width: int) -> Strip:
        key = ("header", y, self._offset, self.zoom, width, self.ascii, self.show_baseline)
        strip = self._line_cache.get(key)
        if strip is None:
            # The three lines come from one pass over the columns: make them together.
            for line, strip in enumerate(self._header_strips(width)):
                self._line_cache[("header", line, *key[2:])] = strip
            strip = self._line_cache[key]
        return strip

    def _header_strips(self, width: int) -> list[Strip]:
        layout = self._layout(width)
        glyphs = self._glyphs
        cells_width = max(0, width - layout.width)
        header_style = self._style("header")
        separator_style = header_style + self._style("separator")
        today_style = header_style + self._style("today")
        today = self._timeline.column_of(self.today) - self._offset
        title = f"{self.zoom.label} zoom" + (", baseline" if self.show_baseline else "")
        lefts = [
            fit(title, layout.width - 1, glyphs.ellipsis),
            *[" " * (layout.width - 1)] * (HEADER_HEIGHT - 2),
            table_header(layout, glyphs)[:-1],
        ]
        strips = []
        for left, timeline_text in zip(
            lefts, self._timeline.header_lines(self._offset, cells_width), strict=True
        ):
            segments = [Segment(left, header_style), Segment(glyphs.separator, separator_style)]
            if 0 <= today < cells_width:
                parts = (
                    (timeline_text[:today], header_style),
                    (timeline_text[today], today_style),
                    (timeline_text[today + 1 :], header_style),
                )
                segments += [Segment(text, style) for text, style in parts if text]
            else:
                segments.append(Segment(timeline_text, header_style))
            strips.append(Strip(segments).adjust_cell_length(width, header_style))
        return strips

    def _row_strip(self, index: int, sub: int, width: int) -> Strip:
        selected = index == self._cursor and sub == 0
        key = ("row", index, sub, selected, self._offset, self.zoom, width, self.ascii)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        row = self._rows[index]
        layout = self._layout(width)
        table_width = layout.width
        ascii_only = self.ascii
        glyphs = gantt_glyphs_for(ascii_only)
        style = self._style
        cells_width = max(0, width - table_width)
        blank_style = style("empty") if selected else self._blank_cell_style()
        render = render_row_runs if sub == 0 else render_baseline_runs
        runs = render(
            row,
            self._timeline,
            cells_width,
            glyphs,
            self.today,
            self._non_working,
            offset=self._offset,
            blank="weekend" if blank_style is style("weekend") else "empty",
        )
        if sub == 0:
            table = table_text(row, layout, glyphs, ascii_only)[:-1]
            table_style = style("summary-row" if row.summary else "table")
            if row.summary:
                table_style = style("table") + table_style
        else:
            table = " " * (table_width - 1)
            table_style = style("table")
        # User text goes in as a plain Segment: nothing in it is read as markup. Measured
        # again with Rich's widths (ASCII needs no measuring: display_text dropped the
        # controls), so that the timeline starts on the same column whatever Rich and we
        # think of a wide or ambiguous character.
        fits = table_width <= width and (table.isascii() or cell_len(table) == table_width - 1)
        if fits:
            segments = [Segment(table, table_style)]
        else:
            segments = list(
                Strip([Segment(table, table_style)]).adjust_cell_length(
                    table_width - 1, table_style
                )
            )
        segments.append(Segment(glyphs.separator, style("separator")))
        # One segment per run: Textual's work on a line grows with its segments.
        segments += [
            Segment(text, blank_style if kind == "empty" else style(kind)) for text, kind in runs
        ]
        if fits:
            # Every glyph is one cell: the length is known, Textual need not measure it.
            strip = Strip(segments, width)
        else:
            strip = Strip(segments).adjust_cell_length(width, style("empty"))
        if selected:
            strip = strip.apply_style(style("cursor"))
        self._line_cache[key] = strip
        return strip

    # --- reactives ----------------------------------------------------------------------

    def watch_zoom(self, old: Zoom, new: Zoom) -> None:
        # Keep the date at the left edge, then make sure the selected bar is in view.
        left = Timeline(EPOCH, old).first_day(self._offset)
        self._timeline = Timeline(EPOCH, new)
        self._offset = self._timeline.column_of(left)
        self._invalidate()
        self._follow_selection(force=False)

    def watch_ascii(self) -> None:
        self._invalidate()

    def watch_show_baseline(self) -> None:
        self._invalidate()
        self._scroll_cursor_into_view()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's own watcher, but the header is fixed: a vertical scroll leaves its
        # lines as they were, so only the rows below it are drawn again.
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self._body_region())

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self.timeline_offset = self._offset
        self._position()
        self._scroll_cursor_into_view()

    # --- selection ----------------------------------------------------------------------

    def _move_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = min(max(index, 0), len(self._rows) - 1)
        previous = self._cursor
        changed = index != previous
        view_before = (self._offset, round(self.scroll_target_y))
        self._cursor = index
        self._scroll_cursor_into_view()
        self._follow_selection(force=False)
        if view_before == (self._offset, round(self.scroll_target_y)):
            # Nothing scrolled: only the two rows' highlight changed. Redrawing just
            # them keeps a cursor move to a few hundred bytes on a slow link.
            self.refresh(self._row_region(previous), self._row_region(index))
        elif view_before[0] == self._offset:
            self.refresh(self._body_region())  # scrolled down or up: the header stays
        else:
            self.refresh()
        if changed:
            self.post_message(self.TaskSelected(self._rows[index].id, self))

    def _body_region(self) -> Region:
        """The rows under the fixed header, in the widget's own coordinates."""
        return Region(0, HEADER_HEIGHT, self.size.width, max(0, self.size.height - HEADER_HEIGHT))

    def _row_region(self, index: int) -> Region:
        """Where row `index` is drawn, in the widget's own coordinates."""
        top = HEADER_HEIGHT + index * self._lines_per_row - round(self.scroll_offset.y)
        return Region(0, top, self.size.width, self._lines_per_row)

    def _scroll_cursor_into_view(self) -> None:
        if not self._rows or self.scrollable_content_region.height <= HEADER_HEIGHT:
            return
        top = self._cursor * self._lines_per_row
        bottom = top + self._lines_per_row - 1
        scroll_y = round(self.scroll_target_y)
        if top < scroll_y:
            scroll_y = top
        elif bottom >= scroll_y + self._body_height:
            scroll_y = bottom - self._body_height + 1
        if scroll_y != round(self.scroll_target_y):
            self.scroll_to(y=scroll_y, animate=False)

    def _follow_selection(self, *, force: bool) -> None:
        """Scroll the timeline to the selected bar when it is out of view (or not whole)."""
        row = self.selected_row
        columns = self._bar_columns(row) if row is not None else None
        width = self.timeline_width
        if columns is None or width <= 0:
            return
        first, last = columns
        view_last = self._offset + width - 1
        outside = last < self._offset or first > view_last
        cut = first < self._offset or last > view_last
        if outside or (force and cut):
            self.timeline_offset = first - JUMP_MARGIN

    def _show_today(self) -> None:
        self.timeline_offset = self._timeline.column_of(self.today) - self.timeline_width // 3

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TASK_ACTIONS and not self._rows:
            return None  # shown, but disabled: there is no task to act on
        return True

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def _page(self, direction: int) -> None:
        rows = max(1, self._body_height // self._lines_per_row)
        self.scroll_to(
            y=self.scroll_target_y + direction * rows * self._lines_per_row, animate=False
        )
        self._move_cursor(self._cursor + direction * rows)

    def action_first(self) -> None:
        self._move_cursor(0)

    def action_last(self) -> None:
        self._move_cursor(len(self._rows) - 1)

    def action_timeline_left(self) -> None:
        self.timeline_offset = self._offset - 1

    def action_timeline_right(self) -> None:
        self.timeline_offset = self._offset + 1

    def action_timeline_page_left(self) -> None:
        self.timeline_offset = self._offset - max(1, self.timeline_width - 1)

    def action_timeline_page_right(self) -> None:
        self.timeline_offset = self._offset + max(1, self.timeline_width - 1)

    def action_jump_to_task(self) -> None:
        self._follow_selection(force=True)

    def action_today(self) -> None:
        self._show_today()

    def action_zoom_in(self) -> None:
        self.zoom = self.zoom.finer()

    def action_zoom_out(self) -> None:
        self.zoom = self.zoom.coarser()

    def action_cycle_zoom(self, step: int) -> None:
        self.zoom = self.zoom.cycled(step)

    def action_toggle_baseline(self) -> None:
        self.show_baseline = not self.show_baseline

    def _post_for_task(self, make: Callable[[int], Message]) -> None:
        task_id = self.selected_id
        if task_id is not None:
            self.post_message(make(task_id))

    def action_shift_task(self, days: int) -> None:
        self._post_for_task(lambda task_id: self.ShiftRequested(task_id, days, self))

    def action_resize_task(self, days: int) -> None:
        self._post_for_task(lambda task_id: self.ResizeRequested(task_id, days, self))

    def action_percent(self) -> None:
        self._post_for_task(lambda task_id: self.PercentRequested(task_id, self))

    def action_indent(self, outdent: bool) -> None:
        self._post_for_task(lambda task_id: self.IndentRequested(task_id, outdent, self))

    def action_link(self) -> None:
        self._post_for_task(lambda task_id: self.LinkRequested(task_id, self))

    def action_unlink(self) -> None:
        self._post_for_task(lambda task_id: self.UnlinkRequested(task_id, self))

    def action_milestone(self) -> None:
        self._post_for_task(lambda task_id: self.MilestoneToggleRequested(task_id, self))

    def action_delete(self) -> None:
        self._post_for_task(lambda task_id: self.DeleteRequested(task_id, self))

    def action_add_below(self) -> None:
        self.post_message(self.AddBelowRequested(self.selected_id, self))

    def action_legend(self) -> None:
        self.post_message(self.LegendRequested(self))

    # --- mouse --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_HEIGHT or not self._rows:
            return
        line = self.scroll_offset.y + offset.y - HEADER_HEIGHT
        self._move_cursor(line // self._lines_per_row)
