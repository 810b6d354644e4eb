"""KanbanBoard: a Line API Kanban board, columns side by side and cards in swimlanes.

Layout at 120 cells, five columns of 24 (line 0 is fixed; the rest scrolls):

   Backlog 3             │ To do 2/5             │ In progress 5/4 !OVER │ ...
  ── Maria Lopez (3) ─────────────────────────────────────────────────────────
   Migrate the mail rel… │ Security review       │ Deploy the relay      │
   Maria Lopez     ‼crit │ Ann Lee               │ Maria Lopez           │
   ⊘ BLOCKED ! 15 Nov 3d │ ⧗ waiting 5d in col   │ due 20 Nov 1d in col  │
                         │                       │                       │

Columns have equal widths that fill the widget (at least MIN_COLUMN_WIDTH cells each);
when they do not fit, the board scrolls sideways by whole columns so that the focused
column is in view, and '<' / '>' at the ends of line 0 say that more columns exist.
A lane title line runs across the board when there are several lanes (or a title).
Card i of every column of a lane sits on the same lines; a card is CARD_LINES lines and
a blank line follows it. Within a column of w cells a card shows, one cell in from each
side (the focused card is drawn reversed, its column's header too):

  line 1  the title, cut with an ellipsis
  line 2  [project code] assignee on the left, the priority on the right
          (‼crit / !!crit, !high, ↓low / -low; medium shows nothing)
  line 3  state and dates, most important first: done, blocked, waiting, overdue with
          the due date (else the due date), days in this column, tags, age. When they
          do not fit, the minor items are shortened then left out, then the major ones
          shortened ("⊘ BLOCKED" -> "⊘"); the major ones are never left out.

Glyphs, Unicode / ASCII (every meaning has a glyph or a word, never colour alone):
blocked '⊘ BLOCKED' / '[X] BLOCKED' (short '⊘' / '[X]'); waiting '⧗ waiting' / '(wait)'
(short '⧗' / '(w)'); overdue '! overdue 15 Nov' (short '! 15 Nov'); a done column '✓' / 'x'
in its header and '✓ done' / 'x done' on its cards; over the WIP limit '5/4 !OVER' (short
'5/4 !'); rules '│' / '|'; lane lines '─' / '-'; cut text '…' / '~'; more columns '<' '>'.

Keys (binding ids in brackets; edits are only requests, posted as messages for the screen):

  left/h, right/l       previous/next column, nearest row        [kanban.left, kanban.right]
  up/k, down/j          previous/next card, across lanes            [kanban.up, kanban.down]
  home/g, end/G         first/last card of the column            [kanban.first, kanban.last]
  pageup, pagedown      a page up/down                   [kanban.page_up, kanban.page_down]
  shift+left/H,         MoveRequested to the previous/next column
  shift+right/L                                      [kanban.move_left, kanban.move_right]
  shift+up/K,           MoveRequested a place up/down in the column
  shift+down/J                                          [kanban.move_up, kanban.move_down]
  n                     QuickAddRequested(column id)                          [kanban.add]
  enter                 OpenRequested(card id)                               [kanban.open]
  b                     BlockToggleRequested(card id)                       [kanban.block]
  a                     AssignRequested(card id)                           [kanban.assign]
  p                     PriorityCycleRequested(card id)                  [kanban.priority]
  d, delete             DeleteRequested(card id)                           [kanban.delete]

A change of the focused card posts CardFocused(card id or None). The mouse: pressing on a
card focuses it; dragging it to another column and letting go posts MoveRequested.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from itpm_tui.glyphs import KanbanGlyphs, cell_width, display_text, fit, kanban_glyphs_for
from itpm_tui.services.kanban.board_view import BoardColumn, BoardData, Card, Lane
from itpm_tui.widgets.line_view import LineView

__all__ = ["KanbanBoard", "KanbanGlyphs", "card_text", "legend_text"]

# The footer shows the two move keys as one group: "HL Move".
MOVES = Binding.Group("Move", compact=True)
HEADER_LINES = 1
CARD_LINES = 3
ROW_LINES = CARD_LINES + 1  # a blank line under every card keeps cards apart without colour
MIN_COLUMN_WIDTH = 15  # five columns fit in 80 cells beside a one-cell scrollbar
EMPTY_BOARD_TEXT = "No columns on this board."

CARD_ACTIONS = frozenset(
    {"move_card", "reorder_card", "open", "block", "assign", "priority", "delete"}
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def legend_text(ascii_only: bool) -> list[str]:
    """What the board's markers mean, one per line, for a help or legend popup."""
    g = kanban_glyphs_for(ascii_only)
    return [
        f"{g.blocked}  blocked",
        f"{g.waiting}  waiting on predecessors",
        f"{g.overdue} overdue 15 Nov  past its due date",
        f"{g.done} done  in a done column",
        f"{g.critical} {g.high} {g.low}  priority (medium shows none)",
        "3d in col  days in this column; age 12d  days since created",
        f"5/4 {g.over_limit}  column over its WIP limit",
        f"{g.more_left} {g.more_right}  more columns left / right",
    ]


# --- pure text ------------------------------------------------------------------------

# A run of text and the name of its style ("card", "title", "blocked", ...).
Run = tuple[str, str]


class Token(NamedTuple):
    """A line-3 item: its forms from longest to shortest, its style, and whether it may go."""

    forms: tuple[str, ...]
    kind: str
    essential: bool


def short_date(day: date, today: date) -> str:
    """'20 Nov' this year, '2027-11-20' otherwise; month names fixed, whatever the locale."""
    if day.year == today.year:
        return f"{day.day} {_MONTHS[day.month - 1]}"
    return day.isoformat()


def fit_tokens(tokens: Sequence[Token], width: int, ellipsis: str = "…") -> list[Run]:
    """Tokens joined by spaces in at most `width` cells, shrinking the least important first."""
    chosen = [0] * len(tokens)  # index into forms; -1 when left out

    def used() -> int:
        kept = [cell_width(t.forms[i]) for t, i in zip(tokens, chosen, strict=True) if i >= 0]
        return sum(kept) + max(0, len(kept) - 1)

    # The least important minor item gets shorter, then goes, before the next one is
    # touched ("2d in col" reads better than "2d age 2d"); then the major ones get shorter.
    for essential in (False, True):
        for index in reversed(range(len(tokens))):
            token = tokens[index]
            if token.essential != essential:
                continue
            while used() > width and chosen[index] < len(token.forms) - 1:
                chosen[index] += 1
            if not essential and used() > width:
                chosen[index] = -1
    # Shortening the major items may have made room for a minor one that went.
    for index, token in enumerate(tokens):
        if chosen[index] >= 0:
            continue
        for form in range(len(token.forms)):
            chosen[index] = form
            if used() <= width:
                break
        else:
            chosen[index] = -1
    runs: list[Run] = []
    room = width
    for token, index in zip(tokens, chosen, strict=True):
        if index < 0:
            continue
        text = token.forms[index]
        if runs:
            if room < 2:
                break
            runs.append((" ", "card"))
            room -= 1
        if cell_width(text) > room:
            runs.append((fit(text, room, ellipsis), token.kind))
            break
        runs.append((text, token.kind))
        room -= cell_width(text)
    return runs


def _priority_token(priority: str, glyphs: KanbanGlyphs, ascii_only: bool) -> Run | None:
    if priority == "critical":
        return glyphs.critical, "critical"
    if priority == "high":
        return glyphs.high, "high"
    if priority == "low":
        return glyphs.low, "low"
    if priority in ("medium", ""):
        return None
    return display_text(priority, ascii_only), "meta"


def _state_tokens(
    card: Card, done_column: bool, glyphs: KanbanGlyphs, today: date, ascii_only: bool
) -> list[Token]:
    tokens: list[Token] = []
    if done_column:
        tokens.append(Token((f"{glyphs.done} done", glyphs.done), "done", True))
    if card.blocked:
        tokens.append(Token((glyphs.blocked, glyphs.blocked_short), "blocked", True))
    if card.waiting:
        tokens.append(Token((glyphs.waiting, glyphs.waiting_short), "waiting", True))
    if card.due is not None:
        due = short_date(card.due, today)
        if card.overdue:
            forms = (f"{glyphs.overdue} overdue {due}", f"{glyphs.overdue} {due}")
            tokens.append(Token(forms, "overdue", True))
        else:
            tokens.append(Token((f"due {due}", due), "meta", False))
    if card.days_in_column > 0:
        days = f"{card.days_in_column}d"
        tokens.append(Token((f"{days} in col", days), "meta", False))
    for tag in card.tags:
        tokens.append(Token((f"#{display_text(tag, ascii_only)}",), "meta", False))
    if card.age_days > 0:
        tokens.append(Token((f"age {card.age_days}d",), "meta", False))
    return tokens


@lru_cache(maxsize=8192)
def card_text(
    card: Card, width: int, ascii_only: bool, done_column: bool, today: date
) -> tuple[tuple[Run, ...], ...]:
    """The CARD_LINES lines of a card, each exactly `width` cells of (text, style) runs."""
    glyphs = kanban_glyphs_for(ascii_only)
    title = fit(display_text(card.title, ascii_only), width, glyphs.ellipsis)
    # Line 2: who (and which project, on the portfolio board) left, the priority right.
    who = " ".join(
        display_text(part, ascii_only) for part in (card.project_code, card.assignee) if part
    )
    priority = _priority_token(card.priority, glyphs, ascii_only)
    if priority is None:
        second: list[Run] = [(fit(who, width, glyphs.ellipsis), "card")]
    else:
        mark = fit(priority[0], min(width, cell_width(priority[0])), glyphs.ellipsis)
        room = width - cell_width(mark) - 1
        left = fit(who, room, glyphs.ellipsis) + " " if room > 0 else ""
        second = [(left, "card"), (mark, priority[1])]
    tokens = _state_tokens(card, done_column, glyphs, today, ascii_only)
    third = fit_tokens(tokens, width, glyphs.ellipsis)
    lines = ([(title, "title")], second, third)
    return tuple(_pad_runs(runs, width) for runs in lines)


def _pad_runs(runs: list[Run], width: int) -> tuple[Run, ...]:
    used = sum(cell_width(text) for text, _ in runs)
    if used < width:
        runs = [*runs, (" " * (width - used), "card")]
    return tuple(runs)


def header_text(column: BoardColumn, width: int, glyphs: KanbanGlyphs, ascii_only: bool) -> str:
    """'In progress 5/4 !OVER' cut to `width`: the name gives way, the counts stay."""
    name = display_text(column.name, ascii_only)
    header = column.header
    counts = header[len(column.name) :] if header.startswith(column.name) else f" {header}"
    markers: list[str] = []
    if column.over_limit:
        markers = [f" {glyphs.over_limit}", f" {glyphs.over_limit_short}"]
    elif column.is_done:
        markers = [f" {glyphs.done}"]
    # The word OVER only while six cells of the name stay readable; else the '!' alone.
    keep = min(cell_width(name), 6)
    marker = markers[-1] if markers else ""
    for candidate in markers:
        if width - cell_width(counts) - cell_width(candidate) >= keep:
            marker = candidate
            break
    room = width - cell_width(counts) - cell_width(marker)
    if room <= 0:
        return fit(f"{counts.strip()}{marker}", width, glyphs.ellipsis)
    return fit(name, room, glyphs.ellipsis).rstrip() + counts + marker


def lane_title_text(
    title: str, count: int, width: int, glyphs: KanbanGlyphs, ascii_only: bool
) -> str:
    """'── Maria Lopez (7) ─────' across `width` cells."""
    name = display_text(title, ascii_only) or "(none)"
    lead = glyphs.lane * 2 + " "
    tail = f" ({count}) "
    room = width - len(lead) - len(tail) - 2
    if room < 1:
        return fit(f"{name}{tail}", width, glyphs.ellipsis)
    text = lead + fit(name, min(room, cell_width(name)), glyphs.ellipsis) + tail
    return text + glyphs.lane * max(0, width - cell_width(text))


# --- layout ---------------------------------------------------------------------------


class ColumnLayout(NamedTuple):
    """Which columns are on screen and where: `areas[i]` cells for column `first + i`."""

    first: int
    areas: tuple[int, ...]
    starts: tuple[int, ...]
    gutter: int  # cells kept at each end for the '<' / '>' markers

    @property
    def shown(self) -> int:
        return len(self.areas)


def columns_fitting(width: int, columns: int) -> tuple[int, int]:
    """(columns shown at once, gutter cells at each end) for a board `width` cells wide."""
    if columns <= 0:
        return 0, 0
    if columns * MIN_COLUMN_WIDTH <= width:
        return columns, 0
    return max(1, (width - 2) // MIN_COLUMN_WIDTH), 1


def column_layout(width: int, columns: int, first: int) -> ColumnLayout:
    shown, gutter = columns_fitting(width, columns)
    if shown == 0:
        return ColumnLayout(0, (), (), 0)
    base, extra = divmod(max(shown, width - 2 * gutter), shown)
    slots = [base + (1 if i < extra else 0) for i in range(shown)]
    # A rule closes every column but the last, which gets the cell instead.
    areas = tuple(slot - 1 if i < shown - 1 else slot for i, slot in enumerate(slots))
    starts: list[int] = []
    x = gutter
    for slot in slots:
        starts.append(x)
        x += slot
    return ColumnLayout(first, areas, tuple(starts), gutter)


# --- the widget -----------------------------------------------------------------------


class KanbanBoard(LineView, can_focus=True):
    """Columns of cards in swimlanes; the screen owns the data and decides every change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "kanban--header",
        "kanban--header-focused",
        "kanban--header-over",
        "kanban--more",
        "kanban--rule",
        "kanban--lane",
        "kanban--card",
        "kanban--card-focused",
        "kanban--title",
        "kanban--meta",
        "kanban--blocked",
        "kanban--waiting",
        "kanban--overdue",
        "kanban--done",
        "kanban--critical",
        "kanban--high",
        "kanban--low",
        "kanban--empty",
    }

    DEFAULT_CSS = """
    KanbanBoard {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    KanbanBoard > .kanban--header { background: $primary-muted; color: $text; text-style: bold; }
    KanbanBoard > .kanban--header-focused { text-style: bold reverse; }
    KanbanBoard > .kanban--header-over { color: $error; }
    KanbanBoard > .kanban--more { color: $warning; text-style: bold; }
    KanbanBoard > .kanban--rule { color: $text-muted; }
    KanbanBoard > .kanban--lane { color: $primary; text-style: bold; }
    KanbanBoard > .kanban--card { background: $panel; color: $text; }
    KanbanBoard > .kanban--card-focused { text-style: reverse; }
    KanbanBoard > .kanban--title { text-style: bold; }
    KanbanBoard > .kanban--meta { color: $text-muted; }
    KanbanBoard > .kanban--blocked { color: $error; text-style: bold; }
    KanbanBoard > .kanban--waiting { color: $warning; }
    KanbanBoard > .kanban--overdue { color: $error; }
    KanbanBoard > .kanban--done { color: $success; }
    KanbanBoard > .kanban--critical { color: $error; text-style: bold; }
    KanbanBoard > .kanban--high { color: $warning; }
    KanbanBoard > .kanban--low { color: $text-muted; }
    KanbanBoard > .kanban--empty { color: $text-muted; text-style: italic; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "next_column(-1)", "Previous column", id="kanban.left", show=False),
        Binding("right,l", "next_column(1)", "Next column", id="kanban.right", show=False),
        Binding("up,k", "next_card(-1)", "Previous card", id="kanban.up", show=False),
        Binding("down,j", "next_card(1)", "Next card", id="kanban.down", show=False),
        Binding("home,g", "first", "First card", id="kanban.first", show=False),
        Binding("end,G", "last", "Last card", id="kanban.last", show=False),
        Binding("pageup", "page(-1)", "Page up", id="kanban.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="kanban.page_down", show=False),
        # In the footer as one group, "HL Move"; help lists both.
        Binding(
            "shift+left,H",
            "move_card(-1)",
            "Move left",
            id="kanban.move_left",
            key_display="H",
            group=MOVES,
        ),
        Binding(
            "shift+right,L",
            "move_card(1)",
            "Move right",
            id="kanban.move_right",
            key_display="L",
            group=MOVES,
        ),
        Binding("shift+up,K", "reorder_card(-1)", "Move up", id="kanban.move_up", show=False),
        Binding("shift+down,J", "reorder_card(1)", "Move down", id="kanban.move_down", show=False),
        Binding("n", "quick_add", "Add", id="kanban.add"),
        Binding("enter", "open", "Open", id="kanban.open"),
        Binding("b", "block", "Block", id="kanban.block"),
        Binding("a", "assign", "Assign", id="kanban.assign"),
        Binding("p", "priority", "Priority", id="kanban.priority", show=False),
        Binding("d,delete", "delete", "Delete", id="kanban.delete", show=False),
    ]

    # --- messages -----------------------------------------------------------------------

    class _BoardMessage(Message):
        """A message from a board; `control` is the KanbanBoard that sent it."""

        def __init__(self, board: KanbanBoard | None) -> None:
            super().__init__()
            self.board = board

        @property
        def control(self) -> KanbanBoard | None:
            return self.board

    class _CardMessage(_BoardMessage):
        """A request about one card."""

        def __init__(self, card_id: int, board: KanbanBoard | None = None) -> None:
            super().__init__(board)
            self.card_id = card_id

    class CardFocused(_BoardMessage):
        """The focus moved to a card, or to a column with no card here (card_id None)."""

        def __init__(
            self, card_id: int | None, column_id: int | None, board: KanbanBoard | None = None
        ) -> None:
            super().__init__(board)
            self.card_id = card_id
            self.column_id = column_id

    class MoveRequested(_CardMessage):
        """Put the card at `to_index` among the cards of `to_column_id` in its lane.

        `to_index` counts the cards of that column in the card's lane as displayed, the
        card itself left out: 0 is the top, the lane's count in the column is the end.
        With swimlanes or a filter that is not the column's own order, so `before_id` and
        `after_id` name the displayed neighbours it goes between (None at an end).
        """

        def __init__(
            self,
            card_id: int,
            to_column_id: int,
            to_index: int,
            *,
            from_column_id: int,
            lane_key: str = "",
            before_id: int | None = None,
            after_id: int | None = None,
            board: KanbanBoard | None = None,
        ) -> None:
            super().__init__(card_id, board)
            self.to_column_id = to_column_id
            self.to_index = to_index
            self.from_column_id = from_column_id
            self.lane_key = lane_key
            self.before_id = before_id
            self.after_id = after_id

    class QuickAddRequested(_BoardMessage):
        """Add a card to the column (the lane it was asked from, for a default)."""

        def __init__(
            self, column_id: int, lane_key: str = "", board: KanbanBoard | None = None
        ) -> None:
            super().__init__(board)
            self.column_id = column_id
            self.lane_key = lane_key

    class OpenRequested(_CardMessage):
        """Open the card's details."""

    class BlockToggleRequested(_CardMessage):
        """Mark the card blocked, or unblock it."""

    class AssignRequested(_CardMessage):
        """Choose who the card is assigned to."""

    class PriorityCycleRequested(_CardMessage):
        """Give the card the next priority."""

    class DeleteRequested(_CardMessage):
        """Delete the card (the screen asks first)."""

    # --- state --------------------------------------------------------------------------

    ascii: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        data: BoardData | None = None,
        *,
        ascii: bool = False,
        today: date | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(today=today, name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(KanbanBoard.ascii, ascii)
        self._data = BoardData((), ())
        self._grid: list[list[tuple[Card, ...]]] = []
        self._lane_keys: list[str] = []
        self._lane_titles: list[str] = []
        self._titled: list[bool] = []
        self._lane_counts: list[int] = []
        self._lane_rows: list[int] = []
        self._lane_starts: list[int] = [0]
        self._total_lines = 0
        # Card id -> (lane, column, index): built when first needed after a data change, so
        # that showing a move costs what the two columns cost, not the whole board.
        self._where: dict[int, tuple[int, int, int]] | None = None
        self._focus = (0, 0, -1)  # lane, column, card index (-1: no card there)
        self._col_offset = 0
        self._drag: tuple[int, int, int] | None = None
        self.set_board(data or BoardData((), ()), keep_focus=False)

    # --- public API ---------------------------------------------------------------------

    def set_board(
        self,
        data: BoardData,
        *,
        keep_focus: bool = True,
        focus_at: tuple[int, int, int] | None = None,
    ) -> None:
        """Show `data`; with keep_focus the focus stays on the same card id if it is there.

        `focus_at` is where that card is in `data` when the caller knows (after a move).
        """
        previous_id = self._focused_id()
        previous = self._focus
        had_columns = bool(self._data.columns)
        self._data = data
        lanes = data.lanes or (Lane("", "", ()),)
        columns = len(data.columns)
        # O(cards) once per data change, so that a line renders in O(columns).
        self._grid = [
            [tuple(lane.cards[c]) if c < len(lane.cards) else () for c in range(columns)]
            for lane in lanes
        ]
        self._lane_keys = [lane.key for lane in lanes]
        self._lane_titles = [lane.title for lane in lanes]
        self._titled = [len(lanes) > 1 or bool(lane.title) for lane in lanes]
        self._lane_counts = [sum(len(cards) for cards in row) for row in self._grid]
        self._lane_rows = [max((len(cards) for cards in row), default=0) for row in self._grid]
        starts: list[int] = []
        line = 0
        for index, rows in enumerate(self._lane_rows):
            starts.append(line)
            # The first lane keeps a line for '(empty)' even when it has no card.
            body = rows * ROW_LINES if rows or index else 1
            line += int(self._titled[index]) + body
        self._lane_starts = starts
        self._total_lines = line if columns else 1
        self._where = None
        self._line_cache.clear()
        found = None
        if keep_focus and previous_id is not None:
            for where in (focus_at, previous):
                if where is not None and self._card_at(where) == previous_id:
                    found = where
                    break
            else:
                found = self._find_card(previous_id)
        if found is not None:
            self._focus = found
        elif keep_focus and had_columns:
            self._focus = self._clamped(*previous)
        else:
            self._focus = self._initial_focus()
        self.virtual_size = Size(0, HEADER_LINES + self._total_lines)
        self._show_focused_column()
        self._scroll_focus_into_view()
        self.refresh()
        self._announce(previous_id)

    @property
    def board(self) -> BoardData:
        return self._data

    def _card_at(self, where: tuple[int, int, int]) -> int | None:
        lane, col, index = where
        if 0 <= lane < len(self._grid) and 0 <= col < len(self._grid[lane]):
            cards = self._grid[lane][col]
            if 0 <= index < len(cards):
                return cards[index].id
        return None

    def _find_card(self, card_id: int) -> tuple[int, int, int] | None:
        """(lane, column, index) of a card, None when it is not shown."""
        if self._where is None:
            self._where = {
                card.id: (lane, col, index)
                for lane, row in enumerate(self._grid)
                for col, cards in enumerate(row)
                for index, card in enumerate(cards)
            }
        return self._where.get(card_id)

    def locate(self, card_id: int) -> tuple[int, int, int] | None:
        """Where a card is on the board: (lane, column, index), or None."""
        if self._card_at(self._focus) == card_id:
            return self._focus
        return self._find_card(card_id)

    @property
    def focused_card(self) -> Card | None:
        lane, col, index = self._focus
        if index < 0 or not self._grid or col >= len(self._data.columns):
            return None
        return self._grid[lane][col][index]

    @property
    def focused_column(self) -> BoardColumn | None:
        columns = self._data.columns
        return columns[self._focus[1]] if self._focus[1] < len(columns) else None

    @property
    def focused_lane(self) -> Lane | None:
        lanes = self._data.lanes
        return lanes[self._focus[0]] if self._focus[0] < len(lanes) else None

    @property
    def focus_position(self) -> tuple[int, int, int]:
        """(lane index, column index, card index); the card index is -1 when there is none."""
        return self._focus

    def focus_card(self, card_id: int) -> bool:
        """Focus the card with this id; False when it is not on the board."""
        where = self.locate(card_id)
        if where is None:
            return False
        self._set_focus(where)
        return True

    @property
    def column_offset(self) -> int:
        """The first column on screen (the board scrolls sideways by whole columns)."""
        return self._col_offset

    @property
    def columns_shown(self) -> int:
        return columns_fitting(self._width, len(self._data.columns))[0]

    def visible_text(self) -> list[str]:
        """The lines on screen as plain text (for tests and screen readers)."""
        return [self.render_line(y).text for y in range(self.scrollable_content_region.height)]

    # --- geometry -----------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return self.scrollable_content_region.width

    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    @property
    def _glyphs(self) -> KanbanGlyphs:
        return kanban_glyphs_for(self.ascii)

    def _layout(self, width: int) -> ColumnLayout:
        return column_layout(width, len(self._data.columns), self._col_offset)

    def _body_start(self, lane: int) -> int:
        return self._lane_starts[lane] + int(self._titled[lane])

    def _card_line(self, lane: int, index: int) -> int:
        """The body line (0 = first line under the header) where a card's box starts."""
        return self._body_start(lane) + max(index, 0) * ROW_LINES

    def _locate(self, line: int) -> tuple[int, int | None, int]:
        """(lane, row or None on a lane title, line within the row) of a body line."""
        lane = bisect_right(self._lane_starts, line) - 1
        offset = line - self._lane_starts[lane]
        if self._titled[lane]:
            if offset == 0:
                return lane, None, 0
            offset -= 1
        row, sub = divmod(offset, ROW_LINES)
        return lane, row, sub

    def _focused_id(self) -> int | None:
        card = self.focused_card
        return card.id if card is not None else None

    def _initial_focus(self) -> tuple[int, int, int]:
        """The top card of the first column that has one."""
        for col in range(len(self._data.columns)):
            for lane, row in enumerate(self._grid):
                if row[col]:
                    return lane, col, 0
        return 0, 0, -1

    def _clamped(self, lane: int, col: int, index: int) -> tuple[int, int, int]:
        """The nearest position to an old one that exists on the new board."""
        if not self._data.columns:
            return 0, 0, -1
        lane = min(lane, len(self._grid) - 1)
        col = min(col, len(self._data.columns) - 1)
        return self._nearest_in_column(col, lane, max(index, 0))

    def _nearest_in_column(self, col: int, lane: int, row: int) -> tuple[int, int, int]:
        """The card of column `col` nearest to row `row` of `lane`: in that lane if it has
        one there (keeping the row as far as it can), else the nearest in another lane."""
        cards = self._grid[lane][col]
        if cards:
            return lane, col, min(row, len(cards) - 1)
        reference = self._card_line(lane, row)
        best: tuple[int, tuple[int, int, int]] | None = None
        for other in range(lane - 1, -1, -1):
            if self._grid[other][col]:
                last = len(self._grid[other][col]) - 1
                best = (reference - self._card_line(other, last), (other, col, last))
                break
        for other in range(lane + 1, len(self._grid)):
            if self._grid[other][col]:
                distance = self._card_line(other, 0) - reference
                if best is None or distance < best[0]:
                    best = (distance, (other, col, 0))
                break
        return best[1] if best is not None else (lane, col, -1)

    def _card_near_line(self, col: int, line: int) -> tuple[int, int, int]:
        """The card of column `col` nearest to body line `line` (for a page up or down)."""
        line = min(max(line, 0), max(0, self._total_lines - 1))
        lane, row, _ = self._locate(line)
        return self._nearest_in_column(col, lane, row or 0)

    # --- rendering ----------------------------------------------------------------------

    def component_style(self, name: str) -> Style:
        """A component style; overlays ("blocked", "card-focused" ...) are partial styles
        so that they keep the background of what they are drawn on."""
        if name == "blank":
            return self.rich_style
        if name in ("header", "card", "lane", "rule", "empty"):
            return self.get_component_rich_style(f"kanban--{name}")
        style = self.get_component_rich_style(f"kanban--{name}", partial=True)
        if style.color is not None:
            # A partial style keeps "$text-muted" as a bare colour without its
            # alpha; the full style has it blended, as it will look.
            full = self.get_component_rich_style(f"kanban--{name}")
            style += Style(color=full.color)
        return style

    def render_line(self, y: int) -> Strip:
        width = self._width
        if y < HEADER_LINES:
            # Line 0 is fixed: whatever scroll_y is, the column headers stay on top.
            return self._header_strip(width)
        line = self.scroll_offset.y + y - HEADER_LINES
        if not self._data.columns:
            text = EMPTY_BOARD_TEXT if line == 0 else ""
            return Strip([Segment(text, self._style("empty"))]).adjust_cell_length(
                width, self._style("blank")
            )
        if not 0 <= line < self._total_lines:
            return Strip.blank(width, self._style("blank"))
        lane, row, sub = self._locate(line)
        if row is None:
            return self._lane_strip(lane, width)
        return self._row_strip(lane, row, sub, width)

    def _header_strip(self, width: int) -> Strip:
        focus_col = self._focus[1]
        key = ("header", focus_col, self._col_offset, width, self.ascii)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        header = self._style("header")
        glyphs = self._glyphs
        layout = self._layout(width)
        columns = self._data.columns
        segments: list[Segment] = []
        more = header + self._style("more")
        if layout.gutter:
            left = glyphs.more_left if layout.first > 0 else " "
            segments.append(Segment(left, more))
        for slot, area in enumerate(layout.areas):
            col = layout.first + slot
            column = columns[col]
            style = header
            if column.over_limit:
                style += self._style("header-over")
            elif column.is_done:
                style += self._style("done")
            if col == focus_col:
                style += self._style("header-focused")
            text = " " + header_text(column, area - 2, glyphs, self.ascii) + " "
            segments.extend(Strip([Segment(text, style)]).adjust_cell_length(area, style))
            if slot < layout.shown - 1:
                segments.append(Segment(glyphs.rule, header))
        if layout.gutter:
            last_shown = layout.first + layout.shown
            right = glyphs.more_right if last_shown < len(columns) else " "
            segments.append(Segment(right, more))
        strip = Strip(segments).adjust_cell_length(width, header)
        self._line_cache[key] = strip
        return strip

    def _lane_strip(self, lane: int, width: int) -> Strip:
        key = ("lane", lane, width, self.ascii)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        text = lane_title_text(
            self._lane_titles[lane], self._lane_counts[lane], width, self._glyphs, self.ascii
        )
        style = self._style("lane")
        strip = Strip([Segment(text, style)]).adjust_cell_length(width, style)
        self._line_cache[key] = strip
        return strip

    def _row_strip(self, lane: int, row: int, sub: int, width: int) -> Strip:
        focus_lane, focus_col, focus_index = self._focus
        # Only the focused card's own lines carry the focus in their key, so a focus move
        # leaves every other cached line valid.
        focused_here = sub < CARD_LINES and focus_lane == lane and max(focus_index, 0) == row
        focus = focus_col if focused_here else -1
        key = ("row", lane, row, sub, focus, self._col_offset, width, self.ascii)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        layout = self._layout(width)
        blank = self._style("blank")
        rule = Segment(self._glyphs.rule, self._style("rule"))
        segments: list[Segment] = []
        if layout.gutter:
            segments.append(Segment(" ", blank))
        for slot, area in enumerate(layout.areas):
            col = layout.first + slot
            segments.extend(self._slot_strip(lane, col, row, sub, area, col == focus))
            if slot < layout.shown - 1:
                segments.append(rule)
        strip = Strip(segments).adjust_cell_length(width, blank)
        self._line_cache[key] = strip
        return strip

    def _slot_strip(
        self, lane: int, col: int, row: int, sub: int, area: int, focused: bool
    ) -> Strip:
        """One column's part of a body line: a card line, '(empty)', or blank."""
        cards = self._grid[lane][col]
        blank = self._style("blank")
        if sub < CARD_LINES and row < len(cards):
            card_style = self._style("card")
            column = self._data.columns[col]
            runs = card_text(cards[row], area - 2, self.ascii, column.is_done, self.today)[sub]
            # User text goes in as plain Segments: nothing in it is ever read as markup.
            segments = [Segment(" ", card_style)]
            segments.extend(
                Segment(text, card_style if kind == "card" else card_style + self._style(kind))
                for text, kind in runs
            )
            segments.append(Segment(" ", card_style))
            strip = Strip(segments).adjust_cell_length(area, card_style)
            return strip.apply_style(self._style("card-focused")) if focused else strip
        if not cards and row == 0 and sub == 0 and (lane == 0 or focused):
            style = self._style("empty")
            strip = Strip([Segment(f" {self._glyphs.empty}", style)]).adjust_cell_length(
                area, style
            )
            return strip.apply_style(self._style("card-focused")) if focused else strip
        return Strip.blank(area, blank)

    # --- reactives and resizing ---------------------------------------------------------

    def watch_ascii(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self._show_focused_column()
        self._scroll_focus_into_view()

    # --- focus --------------------------------------------------------------------------

    def _set_focus(self, position: tuple[int, int, int]) -> None:
        previous_id = self._focused_id()
        if position != self._focus:
            self._refresh_focus_lines()
            self._focus = position
            self._refresh_focus_lines()
            self.refresh(Region(0, 0, self.size.width, HEADER_LINES))
        self._show_focused_column()
        self._scroll_focus_into_view()
        self._announce(previous_id)

    def _refresh_focus_lines(self) -> None:
        """Repaint the focused card's lines only: the rest of the screen is unchanged."""
        if not self._data.columns:
            return
        lane, _, index = self._focus
        self.refresh_lines(HEADER_LINES + self._card_line(lane, index), CARD_LINES)

    def _announce(self, previous_id: int | None) -> None:
        # Card actions are enabled only with a card in focus (check_action): the footer
        # must learn when that changes, or it shows whatever it saw first. Only then:
        # the footer redraws itself and, with it, the whole screen (6 KB a keystroke).
        current = self._focused_id()
        if (current is None) != (previous_id is None):
            self.refresh_bindings()
        if current != previous_id and self.is_mounted:
            column = self.focused_column
            self.post_message(
                self.CardFocused(current, column.id if column is not None else None, self)
            )

    def _show_focused_column(self) -> None:
        """Scroll sideways by whole columns until the focused column is on screen."""
        columns = len(self._data.columns)
        shown = columns_fitting(self._width, columns)[0]
        if shown <= 0:
            self._col_offset = 0
            return
        col = self._focus[1]
        offset = self._col_offset
        if col < offset:
            offset = col
        elif col >= offset + shown:
            offset = col - shown + 1
        offset = min(max(offset, 0), columns - shown)
        if offset != self._col_offset:
            self._col_offset = offset
            self.refresh()

    def _scroll_focus_into_view(self) -> None:
        if self.scrollable_content_region.height <= HEADER_LINES or not self._data.columns:
            return
        lane, _, index = self._focus
        top = self._card_line(lane, index)
        bottom = top + CARD_LINES - 1
        if index <= 0:
            top = self._lane_starts[lane]  # the lane's title comes with its first card
        scroll_y = round(self.scroll_target_y)
        if top < scroll_y:
            scroll_y = top
        elif bottom >= scroll_y + self._body_height:
            scroll_y = bottom - self._body_height + 1
        if scroll_y != round(self.scroll_target_y):
            self.scroll_to(y=scroll_y, animate=False)

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CARD_ACTIONS and self.focused_card is None:
            return None  # shown, but disabled: there is no card to act on
        if action == "quick_add" and not self._data.columns:
            return None
        return True

    def action_next_column(self, step: int) -> None:
        lane, col, index = self._focus
        target = col + step
        if not 0 <= target < len(self._data.columns):
            return
        self._set_focus(self._nearest_in_column(target, lane, max(index, 0)))

    def action_next_card(self, step: int) -> None:
        if not self._data.columns:
            return
        lane, col, index = self._focus
        cards = self._grid[lane][col]
        target = index + step
        if index >= 0 and 0 <= target < len(cards):
            self._set_focus((lane, col, target))
            return
        # Past the end of this lane: the nearest lane in that direction with a card here.
        others = range(lane + 1, len(self._grid)) if step > 0 else range(lane - 1, -1, -1)
        for other in others:
            there = self._grid[other][col]
            if there:
                self._set_focus((other, col, 0 if step > 0 else len(there) - 1))
                return

    def action_first(self) -> None:
        col = self._focus[1]
        for lane, row in enumerate(self._grid):
            if col < len(row) and row[col]:
                self._set_focus((lane, col, 0))
                return

    def action_last(self) -> None:
        col = self._focus[1]
        for lane in range(len(self._grid) - 1, -1, -1):
            cards = self._grid[lane][col] if col < len(self._grid[lane]) else ()
            if cards:
                self._set_focus((lane, col, len(cards) - 1))
                return

    def action_page(self, direction: int) -> None:
        if not self._data.columns:
            return
        lane, col, index = self._focus
        page = self._body_height
        self.scroll_to(y=self.scroll_target_y + direction * page, animate=False)
        self._set_focus(self._card_near_line(col, self._card_line(lane, index) + direction * page))

    def _post_for_card(self, make: Callable[[Card], Message]) -> None:
        card = self.focused_card
        if card is not None:
            self.post_message(make(card))

    def action_move_card(self, step: int) -> None:
        lane, col, index = self._focus
        target = col + step
        card = self.focused_card
        if card is None or not 0 <= target < len(self._data.columns):
            return
        # Beside the card if the target column has a card on that row, else at its end.
        to_index = min(index, len(self._grid[lane][target]))
        self._post_move(card, target, to_index)

    def action_reorder_card(self, step: int) -> None:
        lane, col, index = self._focus
        card = self.focused_card
        target = index + step
        if card is None or not 0 <= target < len(self._grid[lane][col]):
            return
        self._post_move(card, col, target)

    def _post_move(self, card: Card, col: int, to_index: int) -> None:
        where = self.locate(card.id)
        if where is None:
            return
        lane, from_col, from_index = where
        columns = self._data.columns
        others = self._grid[lane][col]
        if col == from_col:  # the column without the card itself
            others = others[:from_index] + others[from_index + 1 :]
        self.post_message(
            self.MoveRequested(
                card.id,
                columns[col].id,
                to_index,
                from_column_id=columns[from_col].id,
                lane_key=self._lane_keys[lane],
                before_id=others[to_index].id if to_index < len(others) else None,
                after_id=others[to_index - 1].id if 0 < to_index <= len(others) else None,
                board=self,
            )
        )

    def action_quick_add(self) -> None:
        column = self.focused_column
        if column is not None:
            lane_key = self._lane_keys[self._focus[0]] if self._lane_keys else ""
            self.post_message(self.QuickAddRequested(column.id, lane_key, self))

    def action_open(self) -> None:
        self._post_for_card(lambda card: self.OpenRequested(card.id, self))

    def action_block(self) -> None:
        self._post_for_card(lambda card: self.BlockToggleRequested(card.id, self))

    def action_assign(self) -> None:
        self._post_for_card(lambda card: self.AssignRequested(card.id, self))

    def action_priority(self) -> None:
        self._post_for_card(lambda card: self.PriorityCycleRequested(card.id, self))

    def action_delete(self) -> None:
        self._post_for_card(lambda card: self.DeleteRequested(card.id, self))

    # --- mouse --------------------------------------------------------------------------

    def _position_at(self, x: int, y: int) -> tuple[int, int, int | None] | None:
        """(lane, column, row) under a point of the content region; None off the cards."""
        if y < HEADER_LINES or not self._data.columns:
            return None
        layout = self._layout(self._width)
        slot = bisect_right(layout.starts, x) - 1
        if slot < 0 or x >= layout.starts[-1] + layout.areas[-1]:
            return None
        line = self.scroll_offset.y + y - HEADER_LINES
        if not 0 <= line < self._total_lines:
            return None
        lane, row, sub = self._locate(line)
        return lane, layout.first + slot, row if sub < CARD_LINES else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        where = self._position_at(offset.x, offset.y) if offset is not None else None
        self._drag = None
        if where is None:
            return
        lane, col, row = where
        if row is None:
            return
        if row < len(self._grid[lane][col]):
            self._set_focus((lane, col, row))
            self._drag = (lane, col, row)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        drag, self._drag = self._drag, None
        offset = event.get_content_offset(self)
        if drag is None or offset is None:
            return
        where = self._position_at(offset.x, offset.y)
        if where is None or where[1] == drag[1]:
            return
        lane, col, index = drag
        target_lane, target_col, row = where
        cards = self._grid[lane][target_col]
        # Dropped in the card's own lane: where it was let go; in another lane: at the end.
        to_index = min(row if row is not None and target_lane == lane else len(cards), len(cards))
        self._post_move(self._grid[lane][col][index], target_col, to_index)
