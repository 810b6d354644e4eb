"""The help screen: every key of the screen below, with what it does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def describe_key(key: str, display: str | None) -> str:
    names = {
        "question_mark": "?",
        "slash": "/",
        "escape": "esc",
        "enter": "enter",
        "greater_than_sign": ">",
        "less_than_sign": "<",
        "plus": "+",
        "minus": "-",
    }
    return display or names.get(key, key)


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the screen it was opened from."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 70; max-width: 100%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    .-ascii HelpScreen > Vertical { border: ascii $primary; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen .hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", id="help.q", show=False),
        Binding("question_mark", "close", "Close", id="help.toggle", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def rows(self) -> list[tuple[str, str]]:
        """(key, description) for each enabled binding of the screen, app keys included."""
        seen: set[tuple[str, str]] = set()
        # itpm's own keys (they carry an id) first, then Textual's (tab, copy ...), then
        # the focused widget's: a table's cursor keys would fill the first page at 80x24.
        ours: list[tuple[str, str]] = []
        builtin: list[tuple[str, str]] = []
        widgets: list[tuple[str, str]] = []
        for key, active in self.for_screen.active_bindings.items():
            binding = active.binding
            description = binding.description or binding.action
            if binding.system or (key, description) in seen:
                continue
            seen.add((key, description))
            row = (describe_key(key, binding.key_display), description)
            if binding.id:
                ours.append(row)
            elif active.node is self.for_screen or active.node is self.app:
                builtin.append(row)
            else:
                widgets.append(row)
        palette = ("ctrl+p", "Command palette: every action, go to project ...")
        return [*ours, *builtin, *widgets, palette]

    def compose(self) -> ComposeResult:
        with Vertical():
            title = getattr(self.for_screen, "help_title", type(self.for_screen).__name__)
            yield Static(Text(f"Keys - {title}", style="bold"))
            table: DataTable[Text] = DataTable(cursor_type="row", show_cursor=True)
            table.add_columns("Key", "Action")
            for key, description in self.rows():
                table.add_row(Text(key, style="bold"), Text(description))
            yield table
            yield Static(Text("escape: close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
