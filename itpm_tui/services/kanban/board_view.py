"""What a Kanban board shows: columns, swimlanes and cards as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Card:
    """One task on the board."""

    id: int
    title: str
    assignee: str = ""
    priority: str = "medium"  # low, medium, high, critical
    due: date | None = None
    tags: tuple[str, ...] = ()
    days_in_column: int = 0
    age_days: int = 0  # since the task was created
    blocked: bool = False
    waiting: bool = False  # some predecessor (from the schedule) is unfinished
    overdue: bool = False
    project_code: str = ""  # shown on the portfolio board
    version: int = 1


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """A workflow state; `count` is every card in it, even those a filter hides."""

    id: int
    name: str
    wip_limit: int | None = None
    is_done: bool = False
    count: int = 0

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit

    @property
    def header(self) -> str:
        """'In progress 5/4' when limited, else 'In progress 5'."""
        if self.wip_limit is None:
            return f"{self.name} {self.count}"
        return f"{self.name} {self.count}/{self.wip_limit}"


@dataclass(frozen=True, slots=True)
class Lane:
    """A swimlane: a band across every column; cards[i] are the cards of column i."""

    key: str
    title: str
    cards: tuple[tuple[Card, ...], ...]


@dataclass(frozen=True, slots=True)
class BoardData:
    columns: tuple[BoardColumn, ...]
    lanes: tuple[Lane, ...]  # one lane titled "" when the board has no swimlanes
    footer: str = ""  # e.g. "cycle time 4.2 d (14 d) · throughput 6"


def card_moved(
    data: BoardData,
    card_id: int,
    to_column_id: int,
    after_id: int | None = None,
    before_id: int | None = None,
    source: tuple[int, int, int] | None = None,
) -> tuple[BoardData, tuple[int, int, int] | None]:
    """The board once the move is saved (shown at once, saved behind), and where the card is.

    Where the card is: (lane, column, index), None if it is not shown.

    `source` is where the card is now when the caller knows it; only the two columns
    concerned are copied, so the cost follows them, not the whole board.
    """
    index_of = {column.id: i for i, column in enumerate(data.columns)}
    target = index_of.get(to_column_id)
    if target is None:
        return data, None
    if source is None or not _holds(data, source, card_id):
        source = _find(data, card_id)
    if source is None:
        return data, None
    lane_index, from_col, from_index = source
    lane = data.lanes[lane_index]
    columns = list(lane.cards)
    card = columns[from_col][from_index]
    columns[from_col] = columns[from_col][:from_index] + columns[from_col][from_index + 1 :]
    cards = columns[target]
    at = len(cards)
    for neighbour, offset in ((after_id, 1), (before_id, 0)):
        if neighbour is not None:
            found = next((i for i, c in enumerate(cards) if c.id == neighbour), None)
            if found is not None:
                at = found + offset
                break
    columns[target] = cards[:at] + (card,) + cards[at:]
    lanes = list(data.lanes)
    lanes[lane_index] = Lane(lane.key, lane.title, tuple(columns))
    counts = [column.count for column in data.columns]
    counts[from_col] -= 1
    counts[target] += 1
    board_columns = tuple(
        BoardColumn(c.id, c.name, c.wip_limit, c.is_done, counts[i])
        for i, c in enumerate(data.columns)
    )
    moved = BoardData(board_columns, tuple(lanes), data.footer)
    return moved, (lane_index, target, at)


def _holds(data: BoardData, where: tuple[int, int, int], card_id: int) -> bool:
    lane, col, index = where
    if not (0 <= lane < len(data.lanes) and 0 <= col < len(data.lanes[lane].cards)):
        return False
    cards = data.lanes[lane].cards[col]
    return 0 <= index < len(cards) and cards[index].id == card_id


def _find(data: BoardData, card_id: int) -> tuple[int, int, int] | None:
    for lane_index, lane in enumerate(data.lanes):
        for col, cards in enumerate(lane.cards):
            for index, card in enumerate(cards):
                if card.id == card_id:
                    return lane_index, col, index
    return None
