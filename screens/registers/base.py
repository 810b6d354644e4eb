"""A register screen: one table per view, sorted, filtered by /, edited by forms, exported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVarTuple

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.glyphs import clip
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormRead, FormScreen, FormWrite
from itpm_tui.services.registers.editing import EditRead, read_for_edit
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.row_versions import ensure_unchanged
from itpm_tui.widgets.tables import cursor_id
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlmodel import Session

Args = TypeVarTuple("Args")
# What a form names the row by, first found: shown in undo and history.
NAME_FIELDS = ("title", "name", "description", "audience", "information", "systems", "starter")


@dataclass
class RegisterColumn:
    """A column: its header, its text for a row, and what it sorts by."""

    label: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    justify: JustifyMethod = "left"
    # Long text is clipped on screen (the export keeps it whole) so that 80 columns
    # still show the columns that matter.
    width: int | None = None


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


class RegisterView:
    """One table of a register; the screen module says what it shows and how it is edited."""

    name = "Register"
    noun = "entry"
    empty = "Nothing here yet: press n to add the first one."
    # A computed list (the communications due): no new, edit or delete.
    read_only = False
    # The table a row of this view is (its version refuses a save on a stale read).
    table: str | None = None
    columns: ClassVar[list[RegisterColumn]] = []

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        raise NotImplementedError

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        raise NotImplementedError

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        raise NotImplementedError

    def delete(self, session: Session, row_id: int) -> None:
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        return str(getattr(row, "title", "") or getattr(row, "description", ""))[:60]

    def save_label(self, row_id: int | None, values: dict[str, Any]) -> str:
        """How undo and history name a save of the form: "add the risk 'Vendor slips'"."""
        name = next((str(values[k]).strip() for k in NAME_FIELDS if values.get(k)), "")
        name = " ".join(name.split())[:60]
        if row_id is None:
            return f"add the {self.noun} '{name}'" if name else f"add a {self.noun}"
        return f"edit the {self.noun} '{name}'" if name else f"edit the {self.noun}"

    def attention(self, row: Any) -> bool:
        """Rows that need a look are drawn bold (a word in a column says why)."""
        return False

    def summary(self, rows: list[Any], today: date) -> str:
        return f"{len(rows)} {self.noun}{'' if len(rows) == 1 else 's'}"


class RegisterScreen(ProjectScreen):
    """Base of the register screens: the project header, a table, a filter line."""

    NEEDS_OVERVIEW = False
    REGISTER = "Register"
    VIEWS: ClassVar[Sequence[type[RegisterView]]] = ()
    BINDINGS = [
        # At 80 columns the footer keeps its room for the register's own keys: G, sort and
        # export are in help and the palette.
        Binding("G", "gantt", "Gantt", id="project.gantt", priority=True, show=False),
        Binding("n", "new", "New", id="register.new"),
        Binding("e", "edit", "Edit", id="register.edit"),
        Binding("d", "delete", "Delete", id="register.delete"),
        Binding("slash", "filter", "Filter", id="register.filter", key_display="/"),
        Binding("s", "sort", "Sort", id="register.sort", show=False),
        Binding("S", "reverse", "Reverse sort", id="register.reverse", show=False),
        Binding("v", "next_view", "Next view", id="register.view"),
        Binding("x", "export", "Export", id="register.export", show=False),
        Binding("escape", "back", "Back", id="register.back", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.views = [view() for view in self.VIEWS]
        self.view_index = 0
        self.rows: list[Any] = []
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.filter_text = ""
        self._select_after: int | None = None
        # Run once the next load is shown (whichever load: a newer one cancels an older).
        self._after_load: Callable[[], Any] | None = None

    @property
    def help_title(self) -> str:
        return self.REGISTER

    @property
    def view(self) -> RegisterView:
        return self.views[self.view_index]

    # --- layout --------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="status-line", id="register-summary")
        yield from self.compose_extra()
        table: DataTable[Text] = DataTable(id="register", cursor_type="row", zebra_stripes=True)
        yield table
        yield TypedInput(placeholder="filter: any text in the row", id="filter", compact=True)

    def compose_extra(self) -> ComposeResult:
        """Screens may put a widget above the table (the heat map)."""
        yield from ()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#filter", Input).display = False
        self.query_one("#register", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_view" and len(self.views) < 2:
            return False
        if action in ("new", "edit", "delete") and self.view.read_only:
            return None  # shown dimmed: this view is computed
        return super().check_action(action, parameters)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.load_rows()

    def load_rows(
        self, select_id: int | None = None, after: Callable[[], Any] | None = None
    ) -> None:
        view, project_id, today = self.view, self.project_id, itpm_app(self).today
        if select_id is not None:
            self._select_after = select_id
        if after is not None:
            self._after_load = after

        def show(rows: list[Any]) -> None:
            if view is self.view:
                self.rows = rows
                self.refresh_table()
                then, self._after_load = self._after_load, None
                if then is not None:
                    then()

        itpm_app(self).read(
            view.load,
            project_id,
            today,
            then=show,
            group=f"register-{id(self)}",
            exclusive=True,
        )

    def visible_rows(self) -> list[Any]:
        """The rows of the current view as shown: filtered, then sorted."""
        columns = self.view.columns
        rows = self.rows
        if self.filter_text:
            words = self.filter_text.lower().split()
            rows = [
                row
                for row in rows
                if all(
                    word in " ".join(column.text(row) for column in columns).lower()
                    for word in words
                )
            ]
        if self.sort_column is not None:
            column = columns[self.sort_column]
            key = column.sort or column.text
            # Blanks last whichever way: (is blank, value).
            present = [r for r in rows if key(r) not in (None, "")]
            blank = [r for r in rows if key(r) in (None, "")]
            rows = sorted(present, key=key, reverse=self.sort_reverse) + blank
        return rows

    def cell_texts(self, rows: list[Any]) -> list[list[str]]:
        return [[column.text(row) for column in self.view.columns] for row in rows]

    def refresh_table(self) -> None:
        table = self.query_one("#register", DataTable)
        current = self._select_after if self._select_after is not None else cursor_id(table)
        self._select_after = None
        table.clear(columns=True)
        for index, column in enumerate(self.view.columns):
            label = column.label
            if index == self.sort_column:
                label += " v" if self.sort_reverse else " ^"
            table.add_column(Text(label), key=str(index), width=column.width)
        shown = self.visible_rows()
        glyphs = itpm_app(self).glyphs
        for row in shown:
            style = "bold" if self.view.attention(row) else ""
            cells = []
            for column in self.view.columns:
                text = column.text(row)
                if column.width is not None:
                    text = clip(text, column.width, glyphs)
                cells.append(Text(text, style=style, justify=column.justify))
            table.add_row(*cells, key=str(row.id))
        for index, row in enumerate(shown):
            if row.id == current:
                table.move_cursor(row=index)
        self.show_summary(shown)

    def show_summary(self, shown: list[Any]) -> None:
        glyphs = itpm_app(self).glyphs
        parts = []
        if len(self.views) > 1:
            parts.append(f"[{self.view.name}] v: next")
        parts.append(self.view.summary(self.rows, itpm_app(self).today))
        if self.filter_text:
            parts.append(f"{len(shown)} shown, filter: {self.filter_text}")
        if not self.rows:
            parts = [parts[0], self.view.empty] if len(self.views) > 1 else [self.view.empty]
        self.query_one("#register-summary", Static).update(
            Text(f" {glyphs.separator} ".join(parts))
        )

    def selected_id(self) -> int | None:
        return cursor_id(self.query_one("#register", DataTable))

    def selected_row(self) -> Any | None:
        wanted = self.selected_id()
        return next((row for row in self.rows if row.id == wanted), None)

    # --- editing -------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.view.read_only:
            self.action_edit()

    def open_form(self, row_id: int | None) -> None:
        view, project_id, today = self.view, self.project_id, itpm_app(self).today

        def read_form(session: Session) -> tuple[str, list[FormField]]:
            return view.form(session, project_id, row_id, today)

        def show(loaded: EditRead[tuple[str, list[FormField]]]) -> None:
            if loaded.closed:  # a new row in a closed project: refused at the key
                self.notify(loaded.closed, severity="warning", markup=False)
                return
            assert loaded.form is not None
            (title, fields), version = loaded.form, loaded.version

            def save(session: Session, values: dict[str, Any]) -> int:
                if view.table and row_id is not None:
                    ensure_unchanged(session, view.table, row_id, version, view.noun)
                return view.save(session, project_id, row_id, values, today)

            write = FormWrite(lambda values: view.save_label(row_id, values), save)
            self.app.push_screen(
                FormScreen(title, fields, write, reload=lambda: self.open_form(row_id)),
                lambda saved: self.load_rows(saved) if saved is not None else None,
            )

        itpm_app(self).read(read_for_edit, project_id, view.table, row_id, read_form, then=show)

    def action_new(self) -> None:
        self.open_form(None)

    def action_edit(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            self.notify(f"No {self.view.noun} selected: press n to add one.", severity="warning")
            return
        self.open_form(row_id)

    def action_delete(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify(f"No {self.view.noun} selected.", severity="warning")
            return
        view = self.view

        described = view.describe(row)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(_: None) -> None:
                self.notify(f"Deleted the {view.noun}.", markup=False)
                self.load_rows()

            label = f"delete the {view.noun} '{described}'"
            itpm_app(self).write(label, view.delete, row.id, then=done)

        question = f"Delete the {view.noun} '{described}'?"
        self.app.push_screen(ConfirmScreen(question), confirmed)

    def run_write(
        self,
        label: str,
        fn: Callable[[Session, *Args], Any],
        *args: *Args,
        message: str,
        select_id: int | None = None,
    ) -> None:
        """Run one write of this register, named `label` for undo, then say so and reload."""

        def done(_: Any) -> None:
            self.notify(message, markup=False)
            if select_id is not None:
                self._select_after = select_id
            self.reload()

        itpm_app(self).write(label, fn, *args, then=done)

    # --- sort, filter, views -----------------------------------------------------------

    def action_sort(self) -> None:
        count = len(self.view.columns)
        self.sort_column = 0 if self.sort_column is None else (self.sort_column + 1) % count
        self.refresh_table()
        self.notify(f"Sorted by {self.view.columns[self.sort_column].label}.", timeout=2)

    def action_reverse(self) -> None:
        if self.sort_column is None:
            self.sort_column = 0
        self.sort_reverse = not self.sort_reverse
        self.refresh_table()

    def action_next_view(self) -> None:
        self.view_index = (self.view_index + 1) % len(self.views)
        self.sort_column, self.sort_reverse, self.rows = None, False, []
        self.refresh_table()
        self.refresh_bindings()
        self.load_rows()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.filter_text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.filter_text = event.value.strip()
            self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self._close_filter()

    def _close_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not self.filter_text:
            box.display = False
        self.query_one("#register", DataTable).focus()

    def action_phase(self, phase: str) -> None:
        from itpm_tui.models import Phase
        from itpm_tui.screens.lifecycle.workspace import phase_screen

        # A register is above its phase: any phase key leaves it for that phase's screen.
        self.app.switch_screen(phase_screen(Phase(phase), self.project_id))

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display:
            box.value = ""
            self.filter_text = ""
            box.display = False
            self.query_one("#register", DataTable).focus()
            self.refresh_table()
            return
        self.app.pop_screen()

    # --- export --------------------------------------------------------------------------

    def export_name(self) -> str:
        code = self.overview.project.code if self.overview else f"project-{self.project_id}"
        return f"{code}-{self.view.name}".lower().replace(" ", "-").replace("/", "-")

    def action_export(self) -> None:
        from itpm_tui.services.shared.export import FORMATS, export_view

        headers = [column.label for column in self.view.columns]
        rows = self.cell_texts(self.visible_rows())
        title = f"{self.export_name()} ({len(rows)} rows)"
        fields = [
            FormField(
                "format",
                "Format",
                "csv",
                "select",
                [("CSV", "csv"), ("Markdown", "markdown")],
                allow_blank=False,
            ),
            FormField("path", "File", str(Path.cwd() / self.export_name())),
        ]

        def save(_session: Session, values: dict[str, Any]) -> str:
            # A file of the rows shown: the database is not read, nothing to undo.
            raw = values["path"].strip()
            if not raw:
                raise ValidationError({"path": "give a file name"})
            path = Path(raw).expanduser()
            if not path.suffix:
                path = path.with_suffix(FORMATS[values["format"]])
            try:
                return str(export_view(path, values["format"], headers, rows, title))
            except ItpmError as exc:  # a folder, no such folder: said beside the field
                raise ValidationError({"path": str(exc)}) from None

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Exported {len(rows)} rows to {path}", markup=False)

        self.app.push_screen(FormScreen("Export the current view", fields, FormRead(save)), done)
