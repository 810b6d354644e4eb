"""Health thresholds: when each indicator turns a project amber or red, per project or
portfolio-wide, with where each limit comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import health_thresholds as limits
from itpm_tui.widgets.tables import fill_sized

if TYPE_CHECKING:
    from sqlmodel import Session

COLUMNS = ("Area", "Indicator", "Amber when", "Red when", "Set by")


class HealthThresholdsScreen(Screen[None]):
    """The limits of one project (inheriting the portfolio's), or the portfolio's own."""

    help_title = "Health thresholds"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="thresholds.edit"),
        Binding("x", "reset", "Reset to inherited", id="thresholds.reset"),
        Binding("escape", "back", "Back", id="thresholds.back"),
    ]

    def __init__(self, project_id: int | None = None, code: str = "") -> None:
        super().__init__()
        self.project_id = project_id
        self.code = code
        self.rows: list[limits.ThresholdRow] = []

    @property
    def scope(self) -> str:
        return f"project {self.code}" if self.project_id is not None else "the portfolio"

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Health thresholds - {self.scope}"), classes="title-bar")
        yield DataTable(id="thresholds", cursor_type="row", zebra_stripes=True)
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#thresholds", DataTable).focus()
        self.reload()

    def reload(self, _: Any = None, *, then_edit: bool = False) -> None:
        def shown(rows: list[limits.ThresholdRow]) -> None:
            self.show(rows)
            if then_edit:  # the form again, on what the database holds now
                self.action_edit()

        itpm_app(self).read(
            limits.list_thresholds,
            self.project_id,
            then=shown,
            group=f"thresholds-{id(self)}",
            exclusive=True,
        )

    def show(self, rows: list[limits.ThresholdRow]) -> None:
        self.rows = rows
        table = self.query_one("#thresholds", DataTable)
        index = table.cursor_row
        own = "project" if self.project_id is not None else "portfolio"
        cells = [
            (
                row.indicator,
                (
                    Text(row.area),
                    Text(row.label),
                    Text(limits.describe(row.threshold, row.amber)),
                    Text(limits.describe(row.threshold, row.red)),
                    Text(row.source, style="" if row.source == own else "dim"),
                ),
            )
            for row in rows
        ]
        fill_sized(table, COLUMNS, cells)
        table.move_cursor(row=min(max(index, 0), table.row_count - 1))
        inherit = "portfolio's or default" if self.project_id else "default"
        self.query_one("#status", Static).update(
            Text(f"At a limit the better colour holds.  enter: edit  x: back to the {inherit}")
        )

    def selected(self) -> limits.ThresholdRow | None:
        index = self.query_one("#thresholds", DataTable).cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        threshold = row.threshold
        project_id = self.project_id
        hint = "above" if threshold.worse == "above" else "below"
        placeholder = f"{hint} this ({threshold.unit}); blank: never"
        fields = [
            FormField(
                name,
                label,
                limits.format_limit(threshold, value) if value is not None else "",
                parse=lambda text: limits.parse_limit(threshold, text),
                placeholder=placeholder,
            )
            for name, label, value in (("amber", "Amber", row.amber), ("red", "Red", row.red))
        ]

        def save(session: Session, values: dict[str, Any]) -> int:
            saved = limits.set_threshold(
                session, project_id, row.indicator, values["amber"], values["red"], seen=row
            )
            return id_of(saved)

        title = f"Threshold: {threshold.label}"
        write = FormWrite(
            f"set the health threshold: {threshold.label}", save, project_id=self.project_id
        )
        self.app.push_screen(
            FormScreen(title, fields, write, reload=lambda: self.reload(then_edit=True)),
            lambda saved: self.reload() if saved is not None else None,
        )

    def action_reset(self) -> None:
        row = self.selected()
        if row is None:
            return
        project_id = self.project_id

        def done(changed: bool) -> None:
            if not changed:
                self.notify(f"{row.label}: already inherited.", markup=False)
            self.reload()

        itpm_app(self).write(
            f"reset the health threshold: {row.threshold.label}",
            limits.reset_threshold,
            project_id,
            row.indicator,
            then=done,
            project_id=project_id,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
