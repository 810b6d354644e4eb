"""A phase screen made of sections ([ and ] switch): each a table of records with add, edit
and delete through a form, or a page of text; shared by Initiation and Closure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.widgets.tables import cursor_id

if TYPE_CHECKING:
    from sqlmodel import Session

Row = tuple[int, list[Text]]
# Saves one record of a section: (session, project id, record id or None for a new one,
# the form's values, the version the form was read at, the record's name in messages) -> id.
SaveRecord = Callable[["Session", int, "int | None", dict[str, Any], "int | None", str], int]
# Deletes one record: (session, project id, record id).
DeleteRecord = Callable[["Session", int, int], None]


@dataclass
class Section:
    """One section: its table (columns and rows from the loaded data) or its text page."""

    name: str
    label: str
    columns: list[str] = field(default_factory=list)
    rows: Callable[[Any], list[Row]] | None = None
    # A line or two above the table (a verdict, an average) and a block below it (a grid).
    summary: Callable[[Any, bool], Text | None] | None = None
    below: Callable[[Any, bool], Text | None] | None = None
    # A page of text instead of a table (the charter, the report).
    page: Callable[[Any, bool], Text] | None = None
    # The service functions that save and delete one record (None: nothing to add or delete).
    save: SaveRecord | None = None
    delete: DeleteRecord | None = None
    # How undo and history name a record: "edit goal 'Faster orders'" (noun: the item's
    # word, name_field: the value or attribute that names one record, if any).
    noun: str = ""
    name_field: str = ""
    # Form fields for a record (None: a new one) given the loaded data.
    fields: Callable[[Any, Any], list[FormField]] | None = None
    # How to find a record by id in the loaded data.
    record: Callable[[Any, int], Any] | None = None
    describe: Callable[[Any], str] = str
    empty: str = "Nothing here yet: press n to add."
    # False: records are made elsewhere (e.g. in Initiation) and only edited here.
    can_add: bool = True
    # A page whose widgets the screen composes itself (compose_page), with or without text.
    is_page: bool = False
    # One record, as a form's title names it ("New goal"); empty: the label in lower case.
    item: str = ""
    # Long text in several columns: fit the columns to the screen and wrap the cells.
    wrap: bool = False

    def __post_init__(self) -> None:
        self.is_page = self.is_page or self.page is not None


class SectionScreen(ProjectScreen):
    """Sections of one phase; subclasses list SECTIONS and load their data in `load_data`."""

    NEEDS_OVERVIEW = False
    SECTIONS: list[Section] = []
    BINDINGS = [
        Binding("]", "section(1)", "Next section", id="sections.next"),
        Binding("[", "section(-1)", "Prev section", id="sections.prev", show=False),
        Binding("n", "new", "New", id="sections.new"),
        Binding("e", "edit", "Edit", id="sections.edit"),
        Binding("d", "delete", "Delete", id="sections.delete"),
    ]

    def __init__(self, project_id: int, section: str | None = None) -> None:
        super().__init__(project_id)
        names = [s.name for s in self.SECTIONS]
        self.index = names.index(section) if section in names else 0
        self.data: Any = None
        self.pending_select: int | None = None
        # A form to open again once fresh data is in (its id; -1: a new record's form).
        self.pending_form: int | None = None

    @property
    def section(self) -> Section:
        return self.SECTIONS[self.index]

    @property
    def ascii_only(self) -> bool:
        return bool(itpm_app(self).display_mode.ascii)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="section-tabs")
        yield Static("", id="section-summary")
        # One table per section: a DataTable whose columns are swapped keeps stale widths.
        for section in self.SECTIONS:
            if not section.is_page:
                table: DataTable[Text] = DataTable(
                    id=f"table-{section.name}", cursor_type="row", zebra_stripes=True
                )
                table.add_columns(*section.columns)
                table.display = False
                yield table
        yield Static("", id="section-below")
        for section in self.SECTIONS:
            if section.is_page:
                with VerticalScroll(id=f"page-{section.name}", classes="section-page"):
                    yield from self.compose_page(section.name)
                    yield Static("", id=f"text-{section.name}")

    def compose_page(self, name: str) -> ComposeResult:
        """Widgets of a page section above its text; filled in by the subclass."""
        yield from ()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_section()

    # --- loading --------------------------------------------------------------------------

    def load_data(self, then: Callable[[Any], Any]) -> None:
        """Read the screen's data (one service view) and hand it to `then`."""
        raise NotImplementedError

    def show_overview(self, overview: ProjectOverview) -> None:
        self.reload_data()

    def reload_data(self, select_id: int | None = None) -> None:
        # A form closing resumes the screen, which reloads too: the newest load (the one
        # delivered) must still select the record just saved.
        if select_id is not None:
            self.pending_select = select_id

        def loaded(data: Any) -> None:
            self.data = data
            self.on_data(data)
            chosen, self.pending_select = self.pending_select, None
            self._show_section(chosen)
            form, self.pending_form = self.pending_form, None
            if form is not None:
                self.open_form(None if form < 0 else form)

        self.load_data(loaded)

    def read_group(self) -> str:
        """The reads of this screen: only the latest one's result is shown."""
        return f"sections-{id(self)}"

    def on_data(self, data: Any) -> None:
        """Subclasses fill their page widgets from freshly loaded data."""

    # --- drawing --------------------------------------------------------------------------

    def _tabs(self) -> Text:
        text = Text()
        for number, section in enumerate(self.SECTIONS):
            if number == self.index:
                text.append(f"[{section.label}]", style="bold reverse")
            else:
                text.append(f" {section.label} ", style="dim")
        text.append("  [ ] switch", style="dim")
        return text

    def _show_section(self, select_id: int | None = None) -> None:
        section = self.section
        self.query_one("#section-tabs", Static).update(self._tabs())
        for page in self.query(".section-page"):
            page.display = page.id == f"page-{section.name}"
        for other in self.query(DataTable):
            other.display = other.id == f"table-{section.name}"
        summary = self.query_one("#section-summary", Static)
        below = self.query_one("#section-below", Static)
        is_page = section.is_page
        data = self.data
        if data is None:
            summary.update(Text("Loading..."))
            below.display = False
            return
        top = section.summary(data, self.ascii_only) if section.summary else None
        summary.update(top or Text(""))
        summary.display = top is not None
        bottom = section.below(data, self.ascii_only) if section.below else None
        below.update(bottom or Text(""))
        below.display = bottom is not None
        if is_page:
            text = section.page(data, self.ascii_only) if section.page else Text("")
            self.query_one(f"#text-{section.name}", Static).update(text)
            self.query_one(f"#page-{section.name}").focus()
            self.refresh_bindings()
            return
        table = self.records()
        current = select_id if select_id is not None else cursor_id(table)
        rows = section.rows(data) if section.rows else []
        if section.wrap:
            self._fill_wrapped(table, section, rows)
        else:
            table.clear()
            for record_id, cells in rows:
                table.add_row(*cells, key=str(record_id))
        if not rows:
            summary.update(Text(section.empty) if top is None else top + Text("\n" + section.empty))
            summary.display = True
        for index, (record_id, _) in enumerate(rows):
            if record_id == current:
                table.move_cursor(row=index)
        table.focus()
        self.refresh_bindings()

    def _fill_wrapped(self, table: DataTable[Text], section: Section, rows: list[Row]) -> None:
        """Columns shrunk to the screen's width, widest first; cells wrap onto more lines."""
        labels = section.columns
        natural = [
            max(
                [
                    len(label),
                    *(max(map(len, c.plain.split("\n"))) for _, cs in rows for c in cs[i : i + 1]),
                ]
            )
            for i, label in enumerate(labels)
        ]
        # Two cells of padding per column, and the scrollbar.
        room = max(len(labels) * 8, (self.size.width or 80) - 2 * len(labels) - 2)
        widths = list(natural)
        while sum(widths) > room:
            widest = max(range(len(widths)), key=lambda i: widths[i])
            if widths[widest] <= 8:
                break
            widths[widest] -= 1
        table.clear(columns=True)
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, width=width)
        for record_id, cells in rows:
            wrapped = [Text(c.plain, style=c.style, justify=c.justify) for c in cells]
            table.add_row(*wrapped, key=str(record_id), height=None)

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "delete") and (self.section.save is None or not self.section.can_add):
            return self.section_allows(action)
        if action == "edit" and self.section.fields is None:
            return self.section_allows(action)
        return super().check_action(action, parameters)

    def section_allows(self, action: str) -> bool | None:
        """Subclasses enable n/e/d on sections without a plain record model."""
        return False

    def action_section(self, step: int) -> None:
        self.index = (self.index + step) % len(self.SECTIONS)
        self._show_section()

    def selected_id(self) -> int | None:
        if self.section.is_page:
            return None
        return cursor_id(self.records())

    def records(self) -> DataTable[Text]:
        """The table of the current section."""
        return self.query_one(f"#table-{self.section.name}", DataTable)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.check_action("edit", ()):
            self.action_edit()

    def action_new(self) -> None:
        self.open_form(None)

    def action_edit(self) -> None:
        if self.section.is_page:
            self.open_form(None)  # a page (the charter) is one record of its own
            return
        record_id = self.selected_id()
        if record_id is None:
            self.notify("Nothing selected: press n to add.", severity="warning")
            return
        self.open_form(record_id)

    def open_form(self, record_id: int | None) -> None:
        section = self.section
        save = section.save
        if self.data is None or section.fields is None or save is None:
            return
        record = section.record(self.data, record_id) if section.record and record_id else None
        project_id = self.project_id
        # The version the form's values were read at: a save over a later change is refused.
        version = getattr(record, "version", None)
        what = section.label.lower().rstrip("s") or "record"

        def write(session: Session, values: dict[str, Any]) -> int:
            return save(session, project_id, record_id, values, version, what)

        def label(values: dict[str, Any]) -> str:
            verb = "add" if record_id is None else "edit"
            return f"{verb} {self.undo_name(section, record, values)}"

        def reload() -> None:
            # The form again, once the screen has read the record afresh.
            self.pending_form = record_id if record_id is not None else -1
            self.reload_data(record_id)

        verb = "New" if record_id is None else "Edit"
        self.app.push_screen(
            FormScreen(
                f"{verb} {section.item or section.label.lower()}",
                section.fields(record, self.data),
                FormWrite(label, write),
                reload=reload,
            ),
            lambda saved: self.reload_data(saved) if saved is not None else None,
        )

    @staticmethod
    def undo_name(section: Section, record: Any, values: dict[str, Any] | None = None) -> str:
        """A record as undo names it: "goal 'Faster orders'", or the noun alone."""
        noun = section.noun or section.item or section.label.lower()
        if not section.name_field:
            return noun
        name = (values or {}).get(section.name_field) or getattr(record, section.name_field, "")
        name = " ".join(str(name or "").split())
        return f"{noun} '{name}'" if name else noun

    def action_delete(self) -> None:
        section = self.section
        record_id = self.selected_id()
        delete = section.delete
        if record_id is None or delete is None or self.data is None:
            self.notify("Nothing selected.", severity="warning")
            return
        record = section.record(self.data, record_id) if section.record else None
        project_id = self.project_id
        label = f"delete {self.undo_name(section, record)}"

        def confirmed(yes: bool | None) -> None:
            if yes:
                itpm_app(self).write(
                    label, delete, project_id, record_id, then=lambda _: self.reload_data()
                )

        what = section.describe(record) if record is not None else "this record"
        self.app.push_screen(ConfirmScreen(f"Delete {what}?"), confirmed)


def cell(value: object, *, right: bool = False) -> Text:
    text = "" if value is None else str(value)
    return Text(text, justify="right" if right else "left", no_wrap=True)


def select_field(name: str, label: str, value: Any, options: list[tuple[str, Any]]) -> FormField:
    return FormField(name, label, value, "select", options, allow_blank=False)
