"""Small modal pickers: choose one item from a searchable list, pick a link, show a legend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from itpm_tui.widgets.typed_input import TypedInput

# An OptionList holds a widget per option: keep the list short and let the search narrow it.
MAX_SHOWN = 200

PICKER_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 0 1;
}}
.-ascii {name} > Vertical {{ border: ascii $primary; }}
{name} OptionList {{ height: auto; max-height: 14; }}
{name} .form-row {{ height: auto; }}
{name} #kind {{ width: 26; }}
{name} #lag {{ width: 6; }}
/* Focus shown by reverse video: it reads in ASCII, in 16 colours and with NO_COLOR. */
{name} #search:focus, {name} #lag:focus {{ text-style: reverse; }}
{name} #kind:focus > SelectCurrent {{ text-style: reverse; }}
{name} OptionList:focus > .option-list--option-highlighted {{ text-style: reverse bold; }}
{name} .hint {{ color: $text-muted; height: 1; }}
{name} .error {{ color: $error; }}
"""


class ChoiceScreen(ModalScreen[Any]):
    """Type to narrow the list; enter picks the highlighted item; escape cancels."""

    DEFAULT_CSS = PICKER_CSS.format(name="ChoiceScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, items: Sequence[tuple[str, Any]], empty: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.empty = empty or "Nothing to choose from."

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield TypedInput(placeholder="type to search", id="search", compact=True)
            yield OptionList(id="choices")
            yield Static(Text("enter: choose   escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#search", Input).focus()

    def fill(self, query: str) -> None:
        words = query.lower().split()
        matches = [
            (label, value)
            for label, value in self.items
            if all(word in label.lower() for word in words)
        ]
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        shown = matches[:MAX_SHOWN]
        options.add_options(
            [Option(Text(label), id=str(index)) for index, (label, _) in enumerate(shown)]
        )
        self._shown = shown
        if not shown:
            options.add_option(
                Option(Text(self.empty if not query else "No match."), disabled=True)
            )
        elif len(matches) > MAX_SHOWN:
            options.add_option(
                Option(Text(f"... {len(matches) - MAX_SHOWN} more: type to narrow"), disabled=True)
            )
        if shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        # Only the search box narrows the list (LinkScreen has a lag field too).
        if event.input.id == "search":
            self.fill(event.value)

    def on_key(self, event: Any) -> None:
        # Up and down reach the list while typing in the search box (and only there:
        # an open link-type Select needs them too).
        if event.key in ("up", "down") and self.focused is self.query_one("#search", Input):
            options = self.query_one("#choices", OptionList)
            options.action_cursor_up() if event.key == "up" else options.action_cursor_down()
            event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose(self.query_one("#choices", OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index)

    def choose(self, index: int | None) -> None:
        if index is None or index >= len(self._shown):
            return
        self.dismiss(self._shown[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkScreen(ChoiceScreen):
    """Pick a predecessor, its link type and lag; dismisses with (task id, kind, lag).

    Nothing is linked that the person did not pick: enter in the search box moves to the
    list (whose highlighted row then shows), and only enter on a highlighted row links.
    """

    DEFAULT_CSS = PICKER_CSS.format(name="LinkScreen")
    HINT = "enter: to the list, enter again links  shift+tab: type, lag  esc: cancel"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            with Horizontal(classes="form-row"):
                yield Label("Type ")
                yield Select(
                    [
                        (Text("FS finish-to-start"), "FS"),
                        (Text("SS start-to-start"), "SS"),
                        (Text("FF finish-to-finish"), "FF"),
                        (Text("SF start-to-finish"), "SF"),
                    ],
                    value="FS",
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
                yield Label("  Lag (days, -2 = lead) ")
                yield TypedInput("0", id="lag", compact=True, restrict=r"-?\d{0,3}")
            yield Static("", classes="error", id="link-error")
            yield TypedInput(
                placeholder="type to search the predecessor", id="search", compact=True
            )
            yield OptionList(id="choices")
            yield Static(Text(self.HINT), classes="hint")

    def fill(self, query: str) -> None:
        super().fill(query)
        # No row is picked until the person moves to it.
        self.query_one("#choices", OptionList).highlighted = None

    def show_error(self, message: str) -> None:
        self.query_one("#link-error", Static).update(Text(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Textual would run ChoiceScreen's handler next, which picks the highlighted row.
        event.prevent_default()
        options = self.query_one("#choices", OptionList)
        if not self._shown:
            self.show_error("No task matches: change the search.")
            return
        if options.highlighted is None:
            options.highlighted = 0
        self.show_error("")
        options.focus()

    def on_key(self, event: Any) -> None:
        options = self.query_one("#choices", OptionList)
        if event.key == "enter" and self.focused is options and options.highlighted is None:
            event.stop()
            self.show_error("Move to the predecessor with up/down, then press enter.")
        # ChoiceScreen.on_key runs after this one (Textual calls each class's handler).

    def choose(self, index: int | None) -> None:
        if index is None or index >= len(self._shown):
            return
        lag_text = self.query_one("#lag", Input).value.strip() or "0"
        try:
            lag = int(lag_text)
        except ValueError:
            self.show_error(f"'{lag_text}' is not a number of working days")
            return
        kind = self.query_one("#kind", Select).value
        self.dismiss((self._shown[index][1], kind, lag))


class TextScreen(ModalScreen[None]):
    """Read-only lines (a legend, a list of conflicts); any of escape, enter, q closes it."""

    DEFAULT_CSS = PICKER_CSS.format(name="TextScreen")
    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="text.close"),
    ]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text("\n".join(self.lines)))
            yield Static(Text("escape: close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
