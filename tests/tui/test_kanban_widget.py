"""KanbanBoard driven by keys through Pilot: focus, move requests, markers, scrolling, snapshots."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from itpm_tui.glyphs import KANBAN_ASCII, KANBAN_UNICODE
from itpm_tui.services.kanban.board_view import BoardColumn, BoardData, Card, Lane
from itpm_tui.widgets.kanban import (
    CARD_LINES,
    KanbanBoard,
    Token,
    card_text,
    fit_tokens,
    header_text,
    legend_text,
)

TODAY = date(2026, 11, 18)
M = TypeVar("M", bound=Message)

BACKLOG, TODO, DOING, REVIEW, DONE = 10, 20, 30, 40, 50


def columns(counts: dict[int, int]) -> tuple[BoardColumn, ...]:
    return (
        BoardColumn(BACKLOG, "Backlog", count=counts.get(BACKLOG, 0)),
        BoardColumn(TODO, "To do", wip_limit=5, count=counts.get(TODO, 0)),
        BoardColumn(DOING, "In progress", wip_limit=4, count=counts.get(DOING, 0)),
        BoardColumn(REVIEW, "Review", count=counts.get(REVIEW, 0)),
        BoardColumn(DONE, "Done", is_done=True, count=counts.get(DONE, 0)),
    )


def make_board(lanes: list[tuple[str, str, list[list[Card]]]]) -> BoardData:
    """Lanes of (key, title, cards per column), with the column counts summed up."""
    ids = [BACKLOG, TODO, DOING, REVIEW, DONE]
    counts = {
        column_id: sum(len(cards[i]) for _, _, cards in lanes) for i, column_id in enumerate(ids)
    }
    return BoardData(
        columns(counts),
        tuple(Lane(key, title, tuple(tuple(c) for c in cards)) for key, title, cards in lanes),
    )


def simple_board() -> BoardData:
    """One lane; In progress is over its limit (5/4); every marker appears somewhere."""
    backlog = [
        Card(
            id=1,
            title="Migrate the mail relay",
            assignee="Maria Lopez",
            priority="critical",
            due=date(2026, 11, 15),
            tags=("infra",),
            days_in_column=3,
            age_days=12,
            blocked=True,
            overdue=True,
        ),
        Card(2, "[bold]x[/]", "Bob", "high", date(2026, 11, 20), (), 1, 2),
        Card(3, "[@click=app.quit]", "", "low", None, ("hw",), 0, 30),
    ]
    todo = [
        Card(4, "Security review", "Ann Lee", waiting=True, days_in_column=5),
        Card(5, "Write the runbook", "Maria Lopez", "high"),
    ]
    doing = [Card(6 + i, f"Doing {i}", "Bob") for i in range(5)]
    review = [Card(11, "Review docs", "Bob", "critical", date(2026, 11, 2), overdue=True)]
    done = [Card(12, "Done one", "Bob", days_in_column=4), Card(13, "Done two", "Ann")]
    return make_board([("", "", [backlog, todo, doing, review, done])])


def lane_board() -> BoardData:
    """Two swimlanes; Review is empty in both, To do is empty for Maria."""
    maria = [
        [Card(21, "Maria backlog", "Maria Lopez")],
        [],
        [Card(22, "Maria doing 1", "Maria Lopez"), Card(23, "Maria doing 2", "Maria Lopez")],
        [],
        [Card(24, "Maria done", "Maria Lopez")],
    ]
    bob = [
        [Card(25, "Bob backlog 1", "Bob"), Card(26, "Bob backlog 2", "Bob")],
        [Card(27, "Bob todo", "Bob")],
        [Card(28, "Bob doing", "Bob")],
        [],
        [],
    ]
    return make_board([("maria", "Maria Lopez", maria), ("bob", "Bob", bob)])


def one_column_board(count: int) -> BoardData:
    cards = [Card(i + 1, f"Card {i + 1}", "Bob") for i in range(count)]
    return make_board([("", "", [cards, [], [], [], []])])


def big_board(count: int) -> BoardData:
    """`count` cards over five columns and four lanes."""
    lanes = []
    per_lane = count // 4
    next_id = 1
    for lane in range(4):
        cards: list[list[Card]] = [[] for _ in range(5)]
        for i in range(per_lane):
            cards[i % 5].append(
                Card(next_id, f"Task {next_id}", f"Person {lane}", blocked=next_id % 7 == 0)
            )
            next_id += 1
        lanes.append((f"p{lane}", f"Person {lane}", cards))
    return make_board(lanes)


def moved(data: BoardData, card_id: int, to_column_id: int, to_index: int) -> BoardData:
    """What the screen would load after persisting a move (within the card's lane)."""
    ids = [column.id for column in data.columns]
    lanes = []
    for lane in data.lanes:
        cards = [list(column) for column in lane.cards]
        for column in cards:
            for card in column:
                if card.id == card_id:
                    column.remove(card)
                    cards[ids.index(to_column_id)].insert(to_index, card)
                    break
            else:
                continue
            break
        lanes.append((lane.key, lane.title, cards))
    return make_board(lanes)


class BoardApp(App[None]):
    """A bare app hosting one KanbanBoard; it keeps every message the board posts."""

    def __init__(
        self, data: BoardData, *, ascii: bool = False, persist_moves: bool = False
    ) -> None:
        super().__init__()
        self.data = data
        self.ascii = ascii
        self.persist_moves = persist_moves
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield KanbanBoard(self.data, ascii=self.ascii, today=TODAY, id="board")

    def _keep(self, message: Message) -> None:
        self.messages.append(message)

    on_kanban_board_card_focused = _keep
    on_kanban_board_quick_add_requested = _keep
    on_kanban_board_open_requested = _keep
    on_kanban_board_block_toggle_requested = _keep
    on_kanban_board_assign_requested = _keep
    on_kanban_board_priority_cycle_requested = _keep
    on_kanban_board_delete_requested = _keep

    def on_kanban_board_move_requested(self, message: KanbanBoard.MoveRequested) -> None:
        self.messages.append(message)
        if self.persist_moves:  # as the screen does: persist, reload, keep the focus
            self.data = moved(self.data, message.card_id, message.to_column_id, message.to_index)
            self.board.set_board(self.data)

    @property
    def board(self) -> KanbanBoard:
        return self.query_one(KanbanBoard)

    def of_type(self, kind: type[M]) -> list[M]:
        return [m for m in self.messages if isinstance(m, kind) and type(m) is kind]


def focused_card(board: KanbanBoard) -> Card:
    """The focused card, which the test knows is there."""
    card = board.focused_card
    assert card is not None
    return card


def focused_column(board: KanbanBoard) -> BoardColumn:
    """The focused column, which the test knows is there."""
    column = board.focused_column
    assert column is not None
    return column


def all_lines(board: KanbanBoard) -> list[str]:
    """Every line of the board as text, scrolling through it a screenful at a time."""
    height = board.scrollable_content_region.height
    lines = [board.render_line(0).text]
    y = 0
    while True:
        board.scroll_to(y=y, animate=False)
        lines.extend(board.render_line(row).text for row in range(1, height))
        if y >= board.max_scroll_y:
            break
        y += height - 1
    return lines


def focused_rows(board: KanbanBoard) -> list[int]:
    """Screen rows below the header with a reversed (focused) run of text."""
    rows = []
    for y in range(1, board.scrollable_content_region.height):
        if any(seg.style is not None and seg.style.reverse for seg in board.render_line(y)):
            rows.append(y)
    return rows


def focused_card_shown(board: KanbanBoard) -> bool:
    """The focused card's whole box is on screen, reversed, with its title on top."""
    card = board.focused_card
    rows = focused_rows(board)
    if card is None or len(rows) != CARD_LINES or rows != list(range(rows[0], rows[0] + 3)):
        return False
    return card.title[:8] in board.render_line(rows[0]).text


# --- bindings and header ----------------------------------------------------------------


def test_every_binding_has_a_description_and_a_kanban_id() -> None:
    ids = set()
    for binding in KanbanBoard.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.description
        assert binding.id is not None and binding.id.startswith("kanban.")
        ids.add(binding.id)
    assert len(ids) == len(KanbanBoard.BINDINGS)
    shown = [b for b in KanbanBoard.BINDINGS if isinstance(b, Binding) and b.show]
    # The footer shows the board's main keys; that they fit whole at 80 columns is
    # checked on the board screen (test_palette_help, the footers test).
    assert {b.key for b in shown} >= {"n", "enter", "b", "a"}


async def test_headers_show_counts_limits_and_markers_in_words() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 24)):
        header = app.board.render_line(0).text
        assert "Backlog 3" in header
        assert "To do 2/5" in header
        assert "In progress 5/4 !OVER" in header  # over the limit: said in a word
        assert "To do 2/5 !" not in header
        assert "Done 2 ✓" in header
    app = BoardApp(simple_board())
    async with app.run_test(size=(80, 24)):
        header = app.board.render_line(0).text
        # Narrow: the name gives way, the counts and the '!' stay.
        assert "5/4 !" in header and "Backlog 3" in header and "To do 2/5" in header


def test_header_text_keeps_counts_and_marks_in_ascii() -> None:
    over = BoardColumn(1, "In progress", wip_limit=4, count=5)
    assert header_text(over, 30, KANBAN_ASCII, True).rstrip() == "In progress 5/4 !OVER"
    assert header_text(over, 12, KANBAN_ASCII, True).rstrip().endswith("5/4 !")
    done = BoardColumn(2, "Done", is_done=True, count=12)
    assert header_text(done, 20, KANBAN_ASCII, True).rstrip() == "Done 12 x"
    assert header_text(done, 20, KANBAN_UNICODE, False).rstrip() == "Done 12 ✓"
    assert header_text(BoardColumn(3, "Backlog", count=7), 20, KANBAN_UNICODE, False).rstrip() == (
        "Backlog 7"
    )


# --- focus ------------------------------------------------------------------------------


async def test_focus_moves_between_cards_and_columns_keeping_the_row() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        assert board.has_focus
        assert focused_card(board).id == 1 and board.focus_position == (0, 0, 0)
        await pilot.press("down", "j")
        assert focused_card(board).id == 3
        await pilot.press("j")  # the last card: nothing below
        assert focused_card(board).id == 3
        await pilot.press("up", "k")
        assert focused_card(board).id == 1
        await pilot.press("right")
        assert focused_card(board).id == 4 and focused_column(board).id == TODO
        await pilot.press("l", "j", "j", "j", "j")
        assert board.focus_position == (0, 2, 4)
        assert focused_card(board).id == 10
        await pilot.press("h")  # To do has two cards: the nearest row with a card
        assert board.focus_position == (0, 1, 1)
        assert focused_card(board).id == 5
        await pilot.press("l", "end")
        assert focused_card(board).id == 10
        await pilot.press("l")  # Review has one card: row 4 -> row 0
        assert focused_card(board).id == 11
        await pilot.press("right", "right")  # Done, then nothing right of it
        assert focused_card(board).id == 12 and focused_column(board).id == DONE
        await pilot.press("h", "h", "G")
        assert focused_card(board).id == 10
        await pilot.press("home")
        assert focused_card(board).id == 6
        await pilot.press("end", "g")
        assert focused_card(board).id == 6
        await pilot.press("h", "h", "h", "h")  # past the first column: stays
        assert board.focus_position == (0, 0, 0)


async def test_focus_crosses_lanes_and_reaches_empty_columns() -> None:
    app = BoardApp(lane_board())
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        assert focused_card(board).id == 21
        await pilot.press("j")  # Maria has one backlog card: on into Bob's lane
        assert focused_card(board).id == 25 and board.focus_position == (1, 0, 0)
        await pilot.press("j", "j")
        assert focused_card(board).id == 26
        await pilot.press("k", "k")
        assert focused_card(board).id == 21 and board.focus_position == (0, 0, 0)
        await pilot.press("l")  # Maria has no To do card: the nearest one is Bob's
        assert focused_card(board).id == 27 and board.focus_position == (1, 1, 0)
        await pilot.press("l")  # Bob has one In progress card
        assert focused_card(board).id == 28
        await pilot.press("k")  # up within the column, into Maria's lane
        assert focused_card(board).id == 23
        app.messages.clear()
        await pilot.press("l")  # Review is empty everywhere: the column, no card
        assert board.focused_card is None
        assert focused_column(board).id == REVIEW
        assert board.focus_position == (0, 3, -1)
        await pilot.pause()
        focused = app.of_type(KanbanBoard.CardFocused)
        assert [(m.card_id, m.column_id) for m in focused] == [(None, REVIEW)]
        await pilot.press("b", "enter", "d", "shift+left", "n")
        await pilot.pause()
        adds = app.of_type(KanbanBoard.QuickAddRequested)
        assert [(m.column_id, m.lane_key) for m in adds] == [(REVIEW, "maria")]
        assert len(app.messages) == 2  # card keys did nothing without a card
        assert "(empty)" in "\n".join(board.visible_text())
        await pilot.press("l")
        assert focused_card(board).id == 24
        await pilot.press("h", "h")
        assert focused_card(board).id == 22  # row 0 of Maria's In progress


async def test_focus_changes_post_card_focused() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "l", "k", "k", "end")
        await pilot.pause()
        focused = app.of_type(KanbanBoard.CardFocused)
        assert [(m.card_id, m.column_id) for m in focused] == [
            (2, BACKLOG),
            (5, TODO),
            (4, TODO),
            (5, TODO),
        ]
        assert all(m.control is app.board for m in focused)


async def test_focused_card_is_reversed_and_nothing_else() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        await pilot.press("l", "j")  # card 5, the second row
        rows = focused_rows(board)
        assert rows == [5, 6, 7]
        assert "Write the runbook" in board.render_line(5).text
        for y in rows:
            reversed_text = "".join(
                seg.text for seg in board.render_line(y) if seg.style and seg.style.reverse
            )
            assert len(reversed_text) == 23  # one column: 120 / 5 cells, less its rule


async def test_a_focus_move_renders_only_the_old_and_new_cards_lines() -> None:
    class CountingBoard(KanbanBoard):
        slots = 0

        def _slot_strip(self, *args: Any, **kwargs: Any) -> Strip:
            CountingBoard.slots += 1
            return super()._slot_strip(*args, **kwargs)

    class CountingApp(BoardApp):
        def compose(self) -> ComposeResult:
            yield CountingBoard(self.data, today=TODAY)

    app = CountingApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        await pilot.press("l", "l")
        height = board.scrollable_content_region.height
        for y in range(height):
            board.render_line(y)
        CountingBoard.slots = 0
        await pilot.press("j")
        await pilot.pause()
        for y in range(height):
            board.render_line(y)
        # Three lines of the old card, three of the new, each one slot per column.
        assert CountingBoard.slots == 2 * CARD_LINES * 5


# --- requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "column", "index", "between"),
    [
        (["shift+left"], TODO, 1, (4, 5)),
        (["H"], TODO, 1, (4, 5)),
        (["shift+right"], REVIEW, 1, (11, None)),  # Review has one card: after it
        (["L"], REVIEW, 1, (11, None)),
        (["shift+up"], DOING, 0, (None, 6)),
        (["K"], DOING, 0, (None, 6)),
        (["shift+down"], DOING, 2, (8, 9)),
        (["J"], DOING, 2, (8, 9)),
    ],
)
async def test_move_keys_post_move_requested(
    keys: list[str], column: int, index: int, between: tuple[int | None, int | None]
) -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "j")  # card 7: In progress, row 1
        await pilot.pause()
        app.messages.clear()
        await pilot.press(*keys)
        await pilot.pause()
        assert len(app.messages) == 1
        message = app.messages[0]
        assert isinstance(message, KanbanBoard.MoveRequested)
        assert (message.card_id, message.to_column_id, message.to_index) == (
            7,
            column,
            index,
        )
        assert (message.after_id, message.before_id) == between
        assert message.from_column_id == DOING
        assert message.lane_key == ""
        assert message.control is app.board
        assert focused_card(app.board).id == 7  # the widget moved nothing itself


async def test_a_move_in_a_swimlane_counts_within_the_lane() -> None:
    app = BoardApp(lane_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "l", "l")  # card 28: Bob's only In progress card
        assert focused_card(app.board).id == 28
        app.messages.clear()
        await pilot.press("shift+left", "shift+right")
        await pilot.pause()
        left, right = app.of_type(KanbanBoard.MoveRequested)
        assert (left.to_column_id, left.to_index, left.lane_key) == (TODO, 0, "bob")
        assert (left.after_id, left.before_id) == (None, 27)
        # Review is empty for everyone: the top of Bob's part of it.
        assert (right.to_column_id, right.to_index, right.lane_key) == (REVIEW, 0, "bob")
        assert (right.after_id, right.before_id) == (None, None)


async def test_move_keys_at_the_edges_post_nothing() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("shift+left", "shift+up", "H", "K")  # card 1: first column, top
        await pilot.press("l", "l", "l", "l", "j")  # card 13: Done, bottom
        app.messages.clear()
        await pilot.press("shift+right", "shift+down", "L", "J")
        await pilot.pause()
        assert app.messages == []


async def test_move_to_a_shorter_column_goes_to_its_end() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "end")  # card 10, row 4
        app.messages.clear()
        await pilot.press("shift+left")
        await pilot.pause()
        (message,) = app.messages
        assert isinstance(message, KanbanBoard.MoveRequested)
        assert (message.to_column_id, message.to_index) == (TODO, 2)


async def test_focus_follows_the_moved_card_after_the_screen_reloads() -> None:
    app = BoardApp(simple_board(), persist_moves=True)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        await pilot.press("l", "l", "j")  # card 7
        await pilot.press("shift+right")
        await pilot.pause()
        assert focused_card(board).id == 7
        assert board.focus_position == (0, 3, 1)
        await pilot.press("K")
        await pilot.pause()
        assert focused_card(board).id == 7 and board.focus_position == (0, 3, 0)
        await pilot.press("shift+right", "shift+down")
        await pilot.pause()
        assert focused_card(board).id == 7 and board.focus_position == (0, 4, 1)
        assert "Doing 1" in board.render_line(5).text  # drawn in its new place


async def test_reload_without_the_focused_card_keeps_the_place() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        await pilot.press("l", "l", "j", "j")  # card 8, In progress row 2
        data = simple_board()
        lane = data.lanes[0]
        doing = tuple(card for card in lane.cards[2] if card.id != 8)
        without_8 = replace(lane, cards=(*lane.cards[:2], doing, *lane.cards[3:]))
        board.set_board(replace(data, lanes=(without_8,)))
        assert focused_card(board).id == 9  # the card below moved up into its place
        board.set_board(simple_board(), keep_focus=False)
        assert focused_card(board).id == 1


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("enter", KanbanBoard.OpenRequested),
        ("b", KanbanBoard.BlockToggleRequested),
        ("a", KanbanBoard.AssignRequested),
        ("p", KanbanBoard.PriorityCycleRequested),
        ("d", KanbanBoard.DeleteRequested),
        ("delete", KanbanBoard.DeleteRequested),
    ],
)
async def test_card_keys_post_requests_with_the_focused_card(
    key: str, kind: type[KanbanBoard._CardMessage]
) -> None:
    app = BoardApp(lane_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")  # card 26 in Bob's lane
        await pilot.pause()
        app.messages.clear()
        await pilot.press(key)
        await pilot.pause()
        assert len(app.messages) == 1
        message = app.messages[0]
        assert type(message) is kind
        assert message.card_id == 26
        assert message.control is app.board


async def test_quick_add_names_the_focused_column_and_lane() -> None:
    app = BoardApp(lane_board())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "l", "n")  # Bob's To do card
        await pilot.pause()
        (message,) = app.of_type(KanbanBoard.QuickAddRequested)
        assert (message.column_id, message.lane_key) == (TODO, "bob")


async def test_an_empty_board_adds_to_the_first_column_and_ignores_card_keys() -> None:
    app = BoardApp(make_board([("", "", [[], [], [], [], []])]))
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.board
        assert board.focused_card is None
        assert board.render_line(1).text.count("(empty)") == 5
        await pilot.press("enter", "b", "a", "p", "d", "H", "j", "end", "pagedown", "n")
        await pilot.pause()
        assert [type(m) for m in app.messages] == [KanbanBoard.QuickAddRequested]
    app = BoardApp(BoardData((), ()))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No columns" in app.board.render_line(1).text
        await pilot.press("n", "l", "j", "enter")
        await pilot.pause()
        assert app.messages == []


# --- markers and text -------------------------------------------------------------------


async def test_markers_show_as_glyphs_and_words() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(120, 40)):
        text = "\n".join(all_lines(app.board))
        assert "⊘ BLOCKED" in text
        assert "⧗ waiting" in text
        assert "! overdue 2 Nov" in text  # card 11 has room for the word and the date
        assert "! 15 Nov" in text  # card 1 is blocked too: the date stays, shorter
        assert "‼crit" in text and "!high" in text and "↓low" in text
        assert "✓ done" in text
        assert "due 20 Nov" in text and "5d in col" in text and "#hw" in text


async def test_ascii_markers() -> None:
    app = BoardApp(simple_board(), ascii=True)
    async with app.run_test(size=(120, 40)):
        text = "\n".join(all_lines(app.board))
        assert "[X] BLOCKED" in text
        assert "(wait)" in text
        assert "! overdue 2 Nov" in text
        assert "!!crit" in text and "!high" in text and "-low" in text
        assert "x done" in text
        assert "Done 2 x" in text


async def test_narrow_columns_keep_every_marker() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(80, 24)):
        text = "\n".join(all_lines(app.board))
        for marker in ("⊘", "⧗", "! 15 Nov", "! 2 Nov", "‼crit", "!high", "↓low", "✓ done"):
            assert marker in text, marker


@pytest.mark.parametrize("width", range(10, 31))
@pytest.mark.parametrize("ascii_only", [False, True])
def test_card_lines_are_exactly_the_column_width(width: int, ascii_only: bool) -> None:
    card = Card(
        id=1,
        title="Write the runbook 中文 for the team",
        assignee="Maria Lopez-Garcia",
        priority="critical",
        due=date(2027, 2, 1),
        tags=("infra", "db"),
        days_in_column=12,
        age_days=40,
        blocked=True,
        waiting=True,
        overdue=True,
        project_code="ERP-S4",
    )
    lines = card_text(card, width, ascii_only, True, TODAY)
    assert len(lines) == CARD_LINES
    for runs in lines:
        text = "".join(part for part, _ in runs)
        assert cell_len(text) == width, (width, text)
        assert not ascii_only or all(0x20 <= ord(c) <= 0x7E for c in text)
    blocked = KANBAN_ASCII.blocked_short if ascii_only else KANBAN_UNICODE.blocked_short
    assert blocked in "".join(part for part, _ in lines[2])


def test_fit_tokens_drops_minor_items_first_and_keeps_major_ones() -> None:
    tokens = [
        Token(("⊘ BLOCKED", "⊘"), "blocked", True),
        Token(("! overdue 15 Nov", "! 15 Nov"), "overdue", True),
        Token(("3d in col", "3d"), "meta", False),
        Token(("age 12d",), "meta", False),
    ]

    def text(width: int) -> str:
        return "".join(part for part, _ in fit_tokens(tokens, width))

    assert text(50) == "⊘ BLOCKED ! overdue 15 Nov 3d in col age 12d"
    assert text(36) == "⊘ BLOCKED ! overdue 15 Nov 3d in col"
    assert text(29) == "⊘ BLOCKED ! overdue 15 Nov 3d"
    assert text(21) == "⊘ BLOCKED ! 15 Nov 3d"
    assert text(13) == "⊘ ! 15 Nov 3d"
    assert text(10) == "⊘ ! 15 Nov"


async def test_user_text_shows_literally_and_runs_no_action() -> None:
    data = simple_board()
    lane = data.lanes[0]
    backlog = (*lane.cards[0], Card(99, "Esc \x1b[2Jcode [/] é", "[red]Eve[/]"))
    data = replace(data, lanes=(replace(lane, cards=(backlog, *lane.cards[1:])),))
    app = BoardApp(data)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        text = "\n".join(board.visible_text())
        assert "[bold]x[/]" in text
        assert "[@click=app.quit]" in text
        assert "[red]Eve[/]" in text
        assert "Esc [2Jcode [/] é" in text and "\x1b" not in text
        y = next(y for y, line in enumerate(board.visible_text()) if "[@click" in line)
        await pilot.click(KanbanBoard, offset=(4, y))
        await pilot.pause()
        assert app.is_running
        assert focused_card(board).id == 3


async def test_ascii_mode_draws_only_printable_ascii() -> None:
    data = lane_board()
    eve = Card(
        id=90,
        title="Résumé 中文 — “quotes”",
        assignee="Zoë",
        priority="critical",
        due=TODAY,
        tags=("añejo",),
        days_in_column=2,
        age_days=3,
        blocked=True,
        waiting=True,
        overdue=True,
    )
    lanes = (*data.lanes, Lane("eve", "Ève 中文", ((eve,), (), (), (), ())))
    wide = BoardData(
        (*data.columns, *(BoardColumn(60 + i, f"Étape {i}", 1, count=2) for i in range(3))),
        tuple(replace(lane, cards=(*lane.cards, (), (), ())) for lane in lanes),
    )
    app = BoardApp(wide, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.board
        seen = all_lines(board)
        await pilot.press(*"llllllll")
        assert board.column_offset > 0
        seen += all_lines(board)
        assert any("<" in line for line in seen) and any(">" in line for line in seen)
        assert any("Resume" in line for line in seen)
        for line in seen:
            assert all(0x20 <= ord(c) <= 0x7E for c in line), line


# --- scrolling --------------------------------------------------------------------------


async def test_focus_stays_visible_moving_down_500_cards() -> None:
    app = BoardApp(one_column_board(500))
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.board
        assert board.virtual_size.height == 1 + 500 * 4
        for _ in range(30):  # a few pages by key (Pilot takes ~50 ms a key) ...
            await pilot.press("j")
            assert focused_card_shown(board), board.focus_position
        scrolled = board.scroll_offset.y
        assert scrolled > 0
        for _ in range(469):  # ... and the rest through the same action the key runs
            board.action_next_card(1)
            assert focused_card_shown(board), board.focus_position
        assert focused_card(board).id == 500
        assert board.scroll_offset.y > 1900
        await pilot.press("home")
        assert board.scroll_offset.y == 0 and focused_card_shown(board)
        assert board.render_line(0).text.startswith(" Backlog 500")  # the header stays


async def test_five_thousand_cards_render_and_page_drawing_only_what_shows() -> None:
    class CountingBoard(KanbanBoard):
        slots = 0

        def _slot_strip(self, *args: Any, **kwargs: Any) -> Strip:
            CountingBoard.slots += 1
            return super()._slot_strip(*args, **kwargs)

    class CountingApp(BoardApp):
        def compose(self) -> ComposeResult:
            yield CountingBoard(self.data, today=TODAY)

    app = CountingApp(big_board(5000))
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.board
        assert board.virtual_size.height > 4000
        tops = []
        for _ in range(5):
            await pilot.press("pagedown")
            tops.append(board.scroll_offset.y)
            assert focused_card_shown(board)
        assert tops == sorted(tops) and tops[-1] > tops[0] > 0
        await pilot.press("pageup")
        assert board.scroll_offset.y < tops[-1] and focused_card_shown(board)
        await pilot.press("end")
        assert focused_card(board).id == 4996  # the last card of the first column
        assert board.scroll_offset.y >= board.max_scroll_y - 1 and focused_card_shown(board)
        await pilot.pause()
        # A few screens were drawn, one slot per column per line: not 5,000 cards' worth.
        assert CountingBoard.slots < 10 * 40 * 5


async def test_eight_columns_scroll_sideways_by_whole_columns() -> None:
    data = simple_board()
    extra = tuple(BoardColumn(60 + i, f"Extra {i}", count=1) for i in range(3))
    lane = data.lanes[0]
    cards = (*lane.cards, *((Card(70 + i, f"Extra card {i}", "Ann"),) for i in range(3)))
    app = BoardApp(BoardData((*data.columns, *extra), (replace(lane, cards=cards),)))
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.board
        shown = board.columns_shown
        assert 4 <= shown < 8
        header = board.render_line(0).text
        assert header.startswith(" ") and header.rstrip().endswith(">")
        assert "Backlog" in header and "Extra 2" not in header
        await pilot.press(*"l" * 7)
        assert focused_column(board).id == 62
        assert board.column_offset == 8 - shown
        header = board.render_line(0).text
        assert header.startswith("<") and not header.rstrip().endswith(">")
        assert "Extra 2" in header and "Backlog" not in header
        assert "Extra card 2" in "\n".join(board.visible_text())
        await pilot.press("h")  # still in view: nothing scrolls
        assert board.column_offset == 8 - shown
        await pilot.press(*"h" * 6)
        assert board.column_offset == 0 and focused_column(board).id == BACKLOG
        await pilot.resize_terminal(140, 24)  # now they all fit
        await pilot.pause()
        assert board.columns_shown == 8 and board.column_offset == 0
        header = board.render_line(0).text
        assert "<" not in header and ">" not in header


async def test_lane_titles_run_across_the_board() -> None:
    app = BoardApp(lane_board())
    async with app.run_test(size=(120, 40)):
        lines = app.board.visible_text()
        assert lines[1].startswith("── Maria Lopez (4) ──")
        assert lines[1].endswith("─")
        assert any(line.startswith("── Bob (4) ──") for line in lines)
    app = BoardApp(lane_board(), ascii=True)
    async with app.run_test(size=(80, 24)):
        assert app.board.visible_text()[1].startswith("-- Maria Lopez (4) --")


# --- mouse ------------------------------------------------------------------------------


async def test_click_focuses_and_drag_requests_a_move() -> None:
    app = BoardApp(simple_board())
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.board
        assert board.columns_shown == 5
        await pilot.click(KanbanBoard, offset=(20, 6))  # To do, second card
        assert focused_card(board).id == 5
        app.messages.clear()
        await pilot.mouse_down(KanbanBoard, offset=(20, 2))  # card 4
        await pilot.mouse_up(KanbanBoard, offset=(52, 6))  # Review, below its card
        await pilot.pause()
        (message,) = app.of_type(KanbanBoard.MoveRequested)
        assert (message.card_id, message.to_column_id, message.to_index) == (4, REVIEW, 1)
        assert focused_card(board).id == 4


def test_legend_covers_both_character_sets() -> None:
    assert any("⊘ BLOCKED" in line for line in legend_text(False))
    assert any("[X] BLOCKED" in line for line in legend_text(True))
    assert all(line.isascii() for line in legend_text(True))


# --- snapshots --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "lanes", "ascii"),
    [
        ((80, 24), False, False),
        ((80, 24), True, False),
        ((120, 40), False, False),
        ((120, 40), True, False),
        ((80, 24), True, True),
    ],
    ids=["80x24", "80x24-lanes", "120x40", "120x40-lanes", "80x24-lanes-ascii"],
)
def test_snapshot(snap_compare, size: tuple[int, int], lanes: bool, ascii: bool) -> None:
    app = BoardApp(lane_board() if lanes else simple_board(), ascii=ascii)
    assert snap_compare(app, press=["l", "j"], terminal_size=size)
