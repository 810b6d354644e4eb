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
