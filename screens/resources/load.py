"""Resources: each person's load per week across projects, a text histogram, over-allocation."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.services.resources.load import ResourceLoad
from itpm_tui.widgets.tables import cursor_id

if TYPE_CHECKING:
    from sqlmodel import Session

WEEKS = 8
BAR_WIDTH = 30  # a bar this long is 150 % of capacity


def _hours(value: float) -> str:
    return f"{float(value):.0f}"


def load_bar(load: float, capacity: float, ascii_only: bool) -> Text:
    """Load against capacity: the part within capacity, then the overload; '|' marks 100 %."""
    scale = BAR_WIDTH / 150
    cap_cells = round(100 * scale) if capacity else 0
    used = round(load / capacity * 100 * scale) if capacity else (BAR_WIDTH if load else 0)
    used = min(used, BAR_WIDTH)
    full = "#" if ascii_only else "█"
    over = "!" if ascii_only else "▓"
    text = Text()
    within = min(used, cap_cells)
    text.append(full * within, style="green")
    if used > cap_cells:
        text.append(over * (used - cap_cells), style="bold red")
    text.append(" " * max(0, cap_cells - used))
    text.append("|", style="dim")
    return text


class ResourcesScreen(Screen[None]):
    help_title = "Resources"
    DEFAULT_CSS = """
    ResourcesScreen #people { height: 1fr; min-height: 6; }
    ResourcesScreen #detail-scroll { height: 1fr; }
    """
    BINDINGS = [
        Binding(
            "left_square_bracket", "shift(-1)", "Earlier", id="resources.earlier", key_display="["
        ),
        Binding("right_square_bracket", "shift(1)", "Later", id="resources.later", key_display="]"),
        Binding("o", "day_off(True)", "Day off", id="resources.day_off"),
        Binding("O", "day_off(False)", "Remove day off", id="resources.remove_day_off"),
        Binding("escape", "back", "Back", id="resources.back"),
    ]

    def __init__(self, select_person: int | None = None) -> None:
        super().__init__()
        self.select_person = select_person
        self.offset_weeks = 0
        self.data: ResourceLoad | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Resources: load per week, all projects"), classes="title-bar")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-scroll"):
            yield Static("", id="detail", classes="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        from itpm_tui.services.resources.load import load_window

        today = itpm_app(self).today
        itpm_app(self).read(
            load_window,
            today + timedelta(weeks=self.offset_weeks),
            WEEKS,
            today,
            then=self.show,
            group=f"resources-{id(self)}",
            exclusive=True,
        )

    def show(self, data: ResourceLoad) -> None:
        self.data = data
        table = self.query_one(DataTable)
        current = self.select_person if self.select_person is not None else cursor_id(table)
        self.select_person = None
        table.clear(columns=True)
        glyph = itpm_app(self).glyphs.overdue
        weeks = [data.first_week + timedelta(weeks=i) for i in range(data.weeks)]
        table.add_columns("Person", *[w.strftime("%m-%d") for w in weeks])
        for person in data.people:
            cells = [Text(person.name)]
            for week in data.loads.get(person.person_id, []):
                label = f"{week.percent}%"
                if week.over:
                    cells.append(Text(f"{glyph}{label}", style="bold red", justify="right"))
                else:
                    cells.append(Text(label, justify="right"))
            table.add_row(*cells, key=str(person.person_id))
        for index, person in enumerate(data.people):
            if person.person_id == current:
                table.move_cursor(row=index)
        self.show_detail()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        if self.data is None:
            return
        person_id = cursor_id(self.query_one(DataTable))
        person = next((p for p in self.data.people if p.person_id == person_id), None)
        if person is None:
            self.query_one("#detail", Static).update(Text("No people yet.", style="dim"))
            return
        ascii_only = itpm_app(self).display_mode.ascii
        text = Text(f"{person.name}: hours a week against capacity ('|' is 100 %)", style="bold")
        for week in self.data.loads.get(person.person_id, []):
            text.append(f"\n{week.week.strftime('%m-%d')} ")
            text.append_text(load_bar(week.load, week.capacity, ascii_only))
            text.append(f" {_hours(week.load)}/{_hours(week.capacity)} h")
            if week.over:
                text.append(" OVER", style="bold red")
        if person.days_off:
            days = ", ".join(d.strftime("%m-%d") for d in sorted(person.days_off))
            text.append(f"\nDays off: {days}  (o adds, O removes)")
        causes = [o for o in self.data.over if o.person_id == person.person_id]
        for over in causes:
            text.append(f"\nOver-allocated week of {over.week.isoformat()}:", style="bold")
            for _, code, title, hours in over.tasks:
                text.append(f"\n  {code} {_hours(hours)} h  ")
                text.append(title)
        self.query_one("#detail", Static).update(text)

    def action_day_off(self, add: bool) -> None:
        """Add (or remove) a day off of the selected person; the load is recounted."""
        from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
        from itpm_tui.services.resources import capacity
        from itpm_tui.services.shared.parsing import parse_date

        person_id = cursor_id(self.query_one(DataTable))
        person = (
            next((p for p in self.data.people if p.person_id == person_id), None)
            if self.data
            else None
        )
        if person is None:
            return
        today = itpm_app(self).today
        fields = [
            FormField(
                "on",
                "Date",
                "",
                parse=lambda text: parse_date(text, today=today),
                placeholder="YYYY-MM-DD or +1w",
            )
        ]
        if add:
            fields.append(FormField("note", "Note", "", placeholder="e.g. leave, training"))

        def save(session: Session, values: dict[str, Any]) -> bool:
            if add:
                capacity.add_day_off(session, person.person_id, values["on"], values["note"])
                return True
            return capacity.remove_day_off(session, person.person_id, values["on"])

        def label(values: dict[str, Any]) -> str:
            on = values["on"].isoformat() if values["on"] else ""
            verb = "add a day off" if add else "remove the day off"
            return f"{verb} of {person.name} on {on}"

        title = f"Day off for {person.name}" if add else f"Remove a day off of {person.name}"
        self.select_person = person.person_id
        self.app.push_screen(
            FormScreen(title, fields, FormWrite(label, save)),
            lambda done: self.reload() if done else None,
        )

    def action_shift(self, weeks: int) -> None:
        self.offset_weeks += weeks * 4
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
