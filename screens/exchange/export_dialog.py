"""Export a project's plan: choose a format and a file; the file is written private and whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.services.exchange.formats import EXPORTS, ExportOptions, load_formats
from itpm_tui.services.exchange.runner import export_to_file
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlalchemy import Engine


def default_path(code: str, suffix: str) -> str:
    """Where an export goes unless told otherwise: the home folder, named after the project."""
    return f"~/{code}{suffix}"


def short_name(description: str) -> str:
    """A format's name without its explanation: "MS Project XML (MSPDI): read by ..." -> the part
    before the colon, so that the list stays one line at 80 columns."""
    return description.split(":", 1)[0].strip()


class ExportScreen(ModalScreen[Path | None]):
    """Format (a list), file (a path); enter writes, escape cancels. Dismissed with the path."""

    CSS_PATH = Path(__file__).with_name("exchange.tcss")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, code: str, today: date) -> None:
        super().__init__()
        self.code = code
        self.today = today
        load_formats()
        self.formats = sorted(EXPORTS.values(), key=lambda f: f.name)
        self.chosen = next((f for f in self.formats if f.name == "mspdi"), self.formats[0])
        self.writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="exchange"):
            yield Static(Text(f"Export {self.code}"), classes="title")
            with Horizontal(classes="row"):
                yield Label("Format", classes="label")
                yield Select(
                    [
                        (Text(f"{short_name(f.description)} ({f.name})"), f.name)
                        for f in self.formats
                    ],
                    value=self.chosen.name,
                    allow_blank=False,
                    id="format",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("File", classes="label")
                yield TypedInput(
                    default_path(self.code, self.chosen.suffix), id="path", compact=True
                )
            yield Static("", id="error", classes="error")
            yield Static(Text("enter: export   tab: next field   escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = next((f for f in self.formats if f.name == event.value), None)
        if chosen is None or chosen is self.chosen:
            return
        path = self.query_one("#path", Input)
        # The file's ending follows the format, unless the person named the file otherwise.
        if path.value.endswith(self.chosen.suffix):
            path.value = path.value.removesuffix(self.chosen.suffix) + chosen.suffix
        self.chosen = chosen

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        if self.writing:
            return
        target = self.query_one("#path", Input).value.strip()
        if not target:
            self.show_error("Name the file to write.")
            return
        self.writing = True
        options = ExportOptions(today=self.today)
        code, name = self.code, self.chosen.name

        def job(engine: Engine) -> Path:
            return export_to_file(engine, code, name, target, options)

        def failed(exc: Exception) -> bool:
            self.writing = False
            self.show_error(f"Nothing was written: {itpm_app(self).error_text(exc)}")
            return True

        def written(path: Path) -> None:
            self.writing = False
            self.notify(f"Exported {code} as {name} to {path}", markup=False)
            self.dismiss(path)

        itpm_app(self).run_db(job, written, failed=failed)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
