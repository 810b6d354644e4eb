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


def with_card_moved(
    data: BoardData,
    card_id: int,
    to_column_id: int,
    after_id: int | None = None,
    before_id: int | None = None,
) -> BoardData:
    """The board as it will look once the move is saved: shown at once, saved behind."""
    index_of = {column.id: i for i, column in enumerate(data.columns)}
    target = index_of.get(to_column_id)
    if target is None:
        return data
    lanes = []
    source = None
    for lane in data.lanes:
        columns = [list(cards) for cards in lane.cards]
        for i, cards in enumerate(columns):
            card = next((c for c in cards if c.id == card_id), None)
            if card is None:
                continue
            source = i
            cards.remove(card)
            ids = [c.id for c in columns[target]]
            if after_id in ids:
                at = ids.index(after_id) + 1
            elif before_id in ids:
                at = ids.index(before_id)
            else:
                at = len(ids)
            columns[target].insert(at, card)
            break
        lanes.append(Lane(lane.key, lane.title, tuple(tuple(c) for c in columns)))
    if source is None:
        return data
    counts = [column.count for column in data.columns]
    counts[source] -= 1
    counts[target] += 1
    columns = tuple(
        BoardColumn(c.id, c.name, c.wip_limit, c.is_done, counts[i])
        for i, c in enumerate(data.columns)
    )
    return BoardData(columns, tuple(lanes), data.footer)
