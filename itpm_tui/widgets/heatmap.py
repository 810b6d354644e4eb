"""The 5x5 risk heat map: probability (rows) x impact (columns), a count and a level per cell."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

# The level of a cell by its score, as a letter so meaning never rests on colour.
LEVELS = (("C", 15, "critical"), ("H", 10, "high"), ("M", 5, "medium"), ("L", 1, "low"))
STYLES = {
    "C": "bold white on red",
    "H": "black on yellow",
    "M": "black on cyan",
    "L": "black on green",
}


def cell_level(probability: int, impact: int) -> str:
    score = probability * impact
    return next(letter for letter, floor, _ in LEVELS if score >= floor)


class HeatMap(Widget, can_focus=True):
    """Arrow keys move between cells; enter asks for the risks of the cell under the cursor."""

    DEFAULT_CSS = """
    HeatMap { width: 38; height: 8; padding: 0 1; }
    HeatMap:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("up", "move(1, 0)", "Higher probability", show=False),
        Binding("down", "move(-1, 0)", "Lower probability", show=False),
        Binding("right", "move(0, 1)", "Higher impact", show=False),
        Binding("left", "move(0, -1)", "Lower impact", show=False),
        # Short: at 80 columns the footer also shows the register's keys.
        Binding("enter", "choose", "Risks", id="heatmap.choose"),
    ]

    probability: reactive[int] = reactive(5)
    impact: reactive[int] = reactive(5)

    class CellChosen(Message):
        """The manager asked for the risks of one cell."""

        def __init__(self, probability: int, impact: int) -> None:
            super().__init__()
            self.probability = probability
            self.impact = impact

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts = [[0] * 5 for _ in range(5)]
        self.use_colour = True

    def show(self, counts: list[list[int]], *, colour: bool = True) -> None:
        """counts[probability-1][impact-1]."""
        self.counts = counts
        self.use_colour = colour
        self.refresh()

    def render(self) -> Text:
        text = Text()
        text.append("P\\I ", style="bold")
        for impact in range(1, 6):
            text.append(f"  {impact}   ", style="bold")
        text.append("\n")
        for probability in range(5, 0, -1):
            text.append(f" {probability}  ", style="bold")
            for impact in range(1, 6):
                letter = cell_level(probability, impact)
                count = self.counts[probability - 1][impact - 1]
                body = f"{letter}{count:>2}" if count else f"{letter} ."
                here = (probability, impact) == (self.probability, self.impact) and self.has_focus
                cell = f"[{body}]" if here else f" {body} "
                style = STYLES[letter] if self.use_colour else ""
                if here:
                    style = (style + " reverse").strip()
                text.append(cell, style=style)
                text.append(" ")
            text.append("\n")
        text.append("L low  M medium  H high  C critical", style="dim")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, up: int, right: int) -> None:
        self.probability = min(5, max(1, self.probability + up))
        self.impact = min(5, max(1, self.impact + right))

    def action_choose(self) -> None:
        self.post_message(self.CellChosen(self.probability, self.impact))
