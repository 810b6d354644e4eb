"""Import a plan from a file: a path (tab completes it), what would come in, then import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.services.exchange.formats import ImportOptions, ImportReport
from itpm_tui.services.exchange.runner import detect_format, import_file
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.path_completion import complete_path
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Refusals listed in the dialog; the rest are counted (the command line lists them all).
SHOWN_REFUSALS = 6


class PathSuggester(Suggester):
    """Suggests the rest of a path as far as the folder's entries agree (right arrow or tab)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


@dataclass(frozen=True)
class Preview:
    """A dry run: the format found and what the import would do."""

    path: str
    code: str
    format_description: str
    report: ImportReport


def _counted(number: int, what: str) -> str:
    """'3 tasks', '1 task', '1 person': the report counts in plurals."""
    if number != 1:
        return f"{number} {what}"
    return f"1 {'person' if what == 'people' else what.removesuffix('s')}"


def summary_lines(preview: Preview) -> list[str]:
    """What an import would do, in a few lines: the project, the counts, the refusals."""
    report = preview.report
    # The project itself is what the sentence is about: only what it holds is counted.
    held = [(what, number) for what, number in report.created.items() if what != "projects"]
    counts = ", ".join(_counted(number, what) for what, number in held if number)
    kind = preview.format_description.split(":", 1)[0].strip()
    lines = [f"{kind}: a new project {report.project_code} with {counts or 'nothing in it'}."]
    if report.refused:
        lines.append(f"{len(report.refused)} left out:")
        lines += [f"  {r.place}: {r.reason}" for r in report.refused[:SHOWN_REFUSALS]]
        if len(report.refused) > SHOWN_REFUSALS:
            more = len(report.refused) - SHOWN_REFUSALS
            lines.append(f"  and {more} more (itpm import --dry-run lists them all)")
    lines += [f"Note: {warning}" for warning in report.warnings[:3]]
    return lines


class ImportScreen(ModalScreen[str | None]):
    """Enter shows what the file holds (nothing saved); enter again imports it in one action.

    Dismissed with the new project's code, or None.
    """

    CSS_PATH = Path(__file__).with_name("exchange.tcss")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        # Before the field sees it: tab completes the path as a shell does.
        Binding("tab", "complete", "Complete", id="import.complete", show=False, priority=True),
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self.preview: Preview | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="exchange"):
            yield Static(Text("Import a plan"), classes="title")
            with Horizontal(classes="row"):
                yield Label("File", classes="label")
                yield TypedInput(
                    placeholder="MS Project XML, CSV, XLSX, JSON, ... (tab completes)",
                    suggester=PathSuggester(),
                    id="path",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Code", classes="label")
                yield TypedInput(
                    placeholder="the new project's code; blank: the file's", id="code", compact=True
                )
            yield Static("", id="error", classes="error")
            yield Static("", id="summary")
            yield Static(Text(""), id="hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.show_hint()

    def show_hint(self) -> None:
        hint = "enter: import" if self.preview else "enter: show what comes in (nothing saved)"
        self.query_one("#hint", Static).update(Text(f"{hint}   escape: cancel"))

    def action_complete(self) -> None:
        path = self.query_one("#path", Input)
        if self.focused is path:
            completed = complete_path(path.value)
            if completed and completed != path.value:
                path.value = completed
                path.cursor_position = len(completed)
                return
        self.focus_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        # What was previewed is no longer what would be imported.
        if self.preview is not None and (
            self.query_one("#path", Input).value.strip() != self.preview.path
            or self.query_one("#code", Input).value.strip() != self.preview.code
        ):
            self.preview = None
            self.query_one("#summary", Static).update("")
            self.show_hint()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.preview is None:
            self.action_preview()
        else:
            self.action_import()

    def _options(self, code: str) -> ImportOptions:
        return ImportOptions(today=self.today, code=code.upper() or None)

    def action_preview(self) -> None:
        if self.busy:
            return
        path = self.query_one("#path", Input).value.strip()
        code = self.query_one("#code", Input).value.strip()
        if not path:
            self.show_error("Name the file to import.")
            return
        self.busy = True
        options = self._options(code)

        def job(engine: Engine) -> Preview:
            file = Path(path).expanduser()
            try:
                with file.open("rb") as handle:
                    head = handle.read(4096)
            except OSError as exc:
                raise ItpmError(f"{path}: {exc.strerror}") from None
            found = detect_format(file, head)
            report = import_file(engine, file, options, found.name, dry_run=True)
            return Preview(path, code, found.description, report)

        def shown(preview: Preview) -> None:
            self.busy = False
            self.preview = preview
            self.show_error("")
            self.query_one("#summary", Static).update(Text("\n".join(summary_lines(preview))))
            self.show_hint()

        itpm_app(self).run_db(job, shown, failed=self._failed)

    def action_import(self) -> None:
        preview = self.preview
        if self.busy or preview is None:
            return
        self.busy = True
        options = self._options(preview.code)

        def job(engine: Engine) -> ImportReport:
            return import_file(engine, Path(preview.path).expanduser(), options)

        def imported(report: ImportReport) -> None:
            self.busy = False
            name = Path(preview.path).name
            self.notify(f"Imported {name} as {report.project_code}", markup=False)
            self.dismiss(report.project_code)

        itpm_app(self).run_db(job, imported, failed=self._failed)

    def _failed(self, exc: Exception) -> bool:
        self.busy = False
        self.preview = None
        self.query_one("#summary", Static).update("")
        self.show_error(f"Nothing was imported: {itpm_app(self).error_text(exc)}")
        self.show_hint()
        return True

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
