"""People: the team members projects are run with; add, edit, delete."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Person
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.shared.parsing import format_money
from itpm_tui.widgets.tables import cursor_id


class PeopleScreen(Screen[None]):
    help_title = "People"
    DEFAULT_CSS = """
    PeopleScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("n", "new", "New", id="people.new"),
        Binding("e", "edit", "Edit", id="people.edit"),
        Binding("d", "delete", "Delete", id="people.delete"),
        Binding("escape", "back", "Back", id="people.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("itpm - People"), classes="title-bar")
        table: DataTable[Text] = DataTable(id="people", cursor_type="row", zebra_stripes=True)
        table.add_columns("Name", "Role", "Team", "E-mail", "Rate/h", "h/day")
        yield table
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        from itpm_tui.services.resources.people import list_people

        def show(people: list[Person]) -> None:
            self.people = people
            table = self.query_one(DataTable)
            current = select_id if select_id is not None else self.selected_id()
            table.clear()
            for person in people:
                table.add_row(
                    Text(person.name),
                    Text(person.role),
                    Text(person.team),
                    Text(person.email),
                    Text(format_money(person.cost_rate_cents), justify="right"),
                    Text(f"{person.capacity_hours_per_day:g}", justify="right"),
                    key=str(person.id),
                )
            if current is not None:
                for index, person in enumerate(people):
                    if person.id == current:
                        table.move_cursor(row=index)
            status = f"{len(people)} people" if people else "No people yet: press n to add one."
            self.query_one("#status", Static).update(Text(status))

        itpm_app(self).read(list_people, then=show, group="people-load", exclusive=True)

    def selected_id(self) -> int | None:
        return cursor_id(self.query_one(DataTable))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new(self) -> None:
        from itpm_tui.screens.shared.editors import edit_person

        edit_person(self.app, None, lambda pid: self.reload(pid))

    def action_edit(self) -> None:
        from itpm_tui.screens.shared.editors import edit_person

        person_id = self.selected_id()
        if person_id is None:
            self.notify("No person selected: press n to add one.", severity="warning")
            return
        edit_person(self.app, person_id, lambda pid: self.reload(pid))

    def action_delete(self) -> None:
        from itpm_tui.screens.shared.editors import delete_person

        person_id = self.selected_id()
        person = next((p for p in self.people if p.id == person_id), None)
        if person is None:
            self.notify("No person selected.", severity="warning")
            return
        delete_person(self.app, id_of(person), person.name, self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
