"""History: what changed and when, newest first, for a project, one item, or everything."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.services.shared.history import PAGE, HistoryEntry, history_page
from itpm_tui.widgets.tables import cursor_id
from itpm_tui.widgets.typed_input import TypedInput

WHEN_WIDTH = 11  # "11-18 14:05"
ACTION_WIDTH = 24


def _fit(text: str, width: int, ellipsis: str) -> str:
    return text if len(text) <= width else text[: max(0, width - len(ellipsis))] + ellipsis


class HistoryScreen(Screen[None]):
    """A page of changes from the journal; / filters by text, enter narrows to one item."""

    help_title = "History"
    DEFAULT_CSS = """
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #history-filter { height: 1; border: none; padding: 0 1; }
    HistoryScreen #history-detail { height: 2; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="history.filter", key_display="/"),
        Binding("enter", "item", "This item", id="history.item"),
        Binding("right_square_bracket", "page(1)", "Older", id="history.older", key_display="]"),
        Binding("left_square_bracket", "page(-1)", "Newer", id="history.newer", key_display="["),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    def __init__(
        self,
        project_id: int | None,
        title: str,
        item: tuple[str, int] | None = None,
        item_name: str = "",
    ) -> None:
        super().__init__()
        self.project_id = project_id
        self.title_text = title
        self.item = item
        self.item_name = item_name
        self.text = ""
        # Where each page shown so far began (a change id; None: the newest).
        self.pages: list[int | None] = [None]
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(f"itpm - History: {self.title_text}"), classes="title-bar")
        yield TypedInput(
            placeholder="filter: words in the action or the values", id="history-filter"
        )
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        # The highlighted change in full: the table's cells are cut to fit 80 columns.
        yield Static("", id="history-detail")
        yield Static("Loading the history...", classes="status-line", id="history-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).display = False
        self.query_one(DataTable).focus()
        self.reload()

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        project_id, item, text, before = self.project_id, self.item, self.text, self.pages[-1]

        itpm_app(self).read(
            history_page,
            project_id,
            item,
            text,
            before,
            then=self.show,
            group=f"history-{id(self)}",
            exclusive=True,
        )

    def show(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        # Widths follow the screen: the action gets two fifths of what the time leaves,
        # the change the rest (DataTable would otherwise scroll sideways).
        room = max(40, self.size.width - WHEN_WIDTH - 8)
        action_width = max(ACTION_WIDTH, room * 2 // 5)
        rest = room - action_width
        table.clear(columns=True)
        table.add_column("When", width=WHEN_WIDTH)
        table.add_column("Action", width=action_width)
        table.add_column("What changed", width=rest)
        glyphs = itpm_app(self).glyphs
        ellipsis = "..." if itpm_app(self).display_mode.ascii else "\u2026"
        previous = None
        for entry in entries:
            when = entry.when.astimezone().strftime("%m-%d %H:%M")
            action = ("(undone) " if entry.undone else "") + entry.action
            if entry.action_id == previous:
                # The rows of one action read as a group: its time and name once.
                when = action = ""
            previous = entry.action_id
            what = f"{entry.item}: {entry.changes}".replace(" -> ", f" {glyphs.arrow} ")
            style = "dim" if entry.undone else ""
            table.add_row(
                Text(when, style=style),
                Text(_fit(action, action_width, ellipsis), style=style),
                Text(_fit(what, rest, ellipsis), style=style),
                key=str(entry.change_id),
            )
        self.show_status()
        self.show_detail()

    def show_detail(self) -> None:
        entry = self.selected()
        detail = self.query_one("#history-detail", Static)
        if entry is None:
            detail.update(Text(""))
            return
        glyphs = itpm_app(self).glyphs
        when = entry.when.astimezone().strftime("%Y-%m-%d %H:%M")
        undone = " (undone)" if entry.undone else ""
        text = Text(f"{when} {entry.action}{undone}\n", style="bold")
        text.append(f"{entry.item}: {entry.changes}".replace(" -> ", f" {glyphs.arrow} "), "")
        detail.update(text)

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_status(self) -> None:
        glyphs = itpm_app(self).glyphs
        parts = []
        if not self.entries:
            parts.append("No changes" + (" on the first page" if len(self.pages) > 1 else ""))
        else:
            page = len(self.pages)
            more = ", ] older" if len(self.entries) == PAGE else ""
            back = ", [ newer" if page > 1 else ""
            parts.append(f"page {page}: {len(self.entries)} changes{more}{back}")
        if self.item is not None:
            parts.append(f"item: {self.item_name} (esc: all)")
        if self.text:
            parts.append(f"filter: {self.text}")
        status = self.query_one("#history-status", Static)
        status.update(Text(f" {glyphs.separator} ".join(parts)))

    def selected(self) -> HistoryEntry | None:
        wanted = cursor_id(self.query_one(DataTable))
        return next((e for e in self.entries if e.change_id == wanted), None)

    # --- actions ---------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_item()

    def action_item(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.item = (entry.table, entry.row_id)
        self.item_name = entry.item
        self.pages = [None]
        self.reload()

    def action_page(self, step: int) -> None:
        if step > 0:
            if len(self.entries) < PAGE:
                self.notify("No older changes.", severity="warning")
                return
            self.pages.append(self.entries[-1].change_id)
        else:
            if len(self.pages) == 1:
                self.notify("This is the newest page.", severity="warning")
                return
            self.pages.pop()
        self.reload()

    def action_filter(self) -> None:
        box = self.query_one(Input)
        box.display = True
        box.value = self.text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.pages = [None]
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.display = bool(self.text)
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        box = self.query_one(Input)
        if box.has_focus:
            box.display = bool(self.text)
            self.query_one(DataTable).focus()
        elif self.item is not None:
            self.item = None
            self.pages = [None]
            self.reload()
        elif self.text:
            self.text = ""
            box.value = ""
            box.display = False
            self.reload()
        else:
            self.app.pop_screen()
