"""A modal form: fields with parsers, errors shown beside each field, saved off the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static, TextArea

from itpm_tui.app_access import itpm_app
from itpm_tui.services.shared.errors import StaleEdit, ValidationError
from itpm_tui.widgets.tick_box import TickBox
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlmodel import Session

FieldKind = Literal["text", "multiline", "select", "bool"]


@dataclass
class FormField:
    """One field: its widget kind, initial value and the parser for what is typed."""

    name: str
    label: str
    value: Any = ""
    kind: FieldKind = "text"
    options: Sequence[tuple[str, Any]] = ()
    parse: Callable[[str], Any] | None = None
    placeholder: str = ""
    allow_blank: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormWrite:
    """How a form saves: `fn(session, values)` in one write named `label` (undo and history).

    `label` may depend on what was typed ("add task 'Order switches'").
    """

    label: str | Callable[[dict[str, Any]], str]
    fn: Callable[[Session, dict[str, Any]], Any]
    # The project the write is in, when known: a refusal names it (closed on ...).
    project_id: int | None = None

    def label_for(self, values: dict[str, Any]) -> str:
        return self.label(values) if callable(self.label) else self.label


@dataclass(frozen=True)
class FormRead:
    """A form that changes nothing: `fn(session, values)` checks or looks up in a read
    session (a filter, a file to write); its result is what the form returns."""

    fn: Callable[[Session, dict[str, Any]], Any]


class FormScreen(ModalScreen[Any]):
    """Edit fields; ctrl+s or enter saves; escape cancels. A wrong field saves nothing."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Before the field sees the key: keys that arrive together (typed ahead over a slow
        # link) would otherwise reach the old field before a bubbled tab moved the focus.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
        # Offered once a save was refused because the record changed elsewhere.
        Binding("ctrl+l", "reload", "Reload", id="form.reload", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        save: FormWrite | FormRead,
        reload: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.save_job = save
        self.saving = False
        # Opens the same form again on fresh data (offered after a stale save).
        self.reload_form = reload
        self.stale = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.form_title), classes="form-title")
            yield Static("", id="form-error", classes="error")
            with VerticalScroll(id="form-fields"):
                for spec in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(Text(spec.label), classes="form-label")
                        yield self._widget_for(spec)
                    yield Static("", id=f"error-{spec.name}", classes="error field-error")
            yield Static(
                Text("enter or ctrl+s: save   escape: cancel   tab: next field"),
                classes="form-hint",
            )
        yield Footer(compact=True)

    def _widget_for(self, spec: FormField) -> Widget:
        widget_id = f"field-{spec.name}"
        if spec.kind == "multiline":
            area = TextArea(str(spec.value or ""), id=widget_id, soft_wrap=True)
            area.show_line_numbers = False
            return area
        if spec.kind == "bool":
            return TickBox("", bool(spec.value), id=widget_id, compact=True)
        if spec.kind == "select":
            options = [(Text(label), value) for label, value in spec.options]
            known = {value for _, value in spec.options}
            value = spec.value if spec.value in known else Select.NULL
            return Select(
                options,
                value=value,
                allow_blank=spec.allow_blank,
                id=widget_id,
                compact=True,
                prompt="(none)",
            )
        return TypedInput(
            str(spec.value or ""), placeholder=spec.placeholder, id=widget_id, compact=True
        )

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#form-error").display = False
        first = self.query_one(f"#field-{self.fields[0].name}")
        first.focus()

    # --- reading and validating ------------------------------------------------------------

    def raw_value(self, name: str) -> Any:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        raise TypeError(name)

    def parsed_values(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            raw = self.raw_value(spec.name)
            if spec.parse is not None and isinstance(raw, str):
                try:
                    values[spec.name] = spec.parse(raw)
                except ValueError as exc:
                    errors[spec.name] = str(exc)
            else:
                values[spec.name] = raw
        return values, errors

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        known = {spec.name for spec in self.fields}
        leftovers = [f"{name}: {msg}" for name, msg in errors.items() if name not in known]
        for spec in self.fields:
            box = self.query_one(f"#error-{spec.name}", Static)
            message = errors.get(spec.name, "")
            box.update(Text(f"  ^ {message}" if message else ""))
            box.display = bool(message)
        top = self.query_one("#form-error", Static)
        text = " ".join(filter(None, [general, *leftovers]))
        top.update(Text(text))
        top.display = bool(text)
        for spec in self.fields:
            if spec.name in errors:
                self.query_one(f"#field-{spec.name}").focus()
                break

    # --- actions ---------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        values, errors = self.parsed_values()
        if errors:
            self.show_errors(errors, "Nothing was saved: fix the fields marked below.")
            return
        self.saving = True

        def failed(exc: Exception) -> bool:
            self.saving = False
            if isinstance(exc, StaleEdit):
                self.show_stale(exc)
                return True
            if isinstance(exc, ValidationError):
                self.show_errors(exc.errors, "Nothing was saved: fix the fields marked below.")
                return True
            # One line, as the notification says it: never the SQL of a failed statement.
            # Some refusals (a closed project) already end by saying nothing was saved.
            said = itpm_app(self).error_text(exc)
            self.show_errors(
                {}, said if "Nothing was saved" in said else f"Nothing was saved: {said}"
            )
            return False

        def saved(result: Any) -> None:
            self.saving = False
            self.dismiss(result)

        app = itpm_app(self)
        save = self.save_job
        if isinstance(save, FormWrite):
            app.write(
                save.label_for(values),
                save.fn,
                values,
                then=saved,
                failed=failed,
                project_id=save.project_id,
            )
        else:
            app.read(save.fn, values, then=saved, failed=failed)

    def action_cancel(self) -> None:
        self.dismiss(None)

    # --- a record changed elsewhere ----------------------------------------------------------

    def changes_since_opened(self, current: dict[str, Any]) -> list[str]:
        """'Label: value as opened -> value now' for each field that changed meanwhile."""
        found = []
        for spec in self.fields:
            if spec.name not in current:
                continue
            opened, now = spec.value, current[spec.name]
            if spec.parse is not None:
                try:
                    opened = spec.parse(str(opened if opened is not None else ""))
                except ValueError:
                    continue
            if _same(opened, now):
                continue
            # As the form showed it, and the new value as the form would show it.
            formatter = spec.extra.get("format")
            after = _shown(spec, now) if formatter is None or now is None else str(formatter(now))
            found.append(f"{spec.label}: {_shown(spec, spec.value)} -> {after}")
        return found

    def show_stale(self, exc: StaleEdit) -> None:
        changes = self.changes_since_opened(exc.current)
        what = "; ".join(changes) if changes else "fields this form does not show"
        offer = (
            "ctrl+l: reload it (what you typed is dropped), escape: cancel."
            if self.reload_form is not None
            else "escape, then open it again to see it."
        )
        self.stale = True
        self.show_errors({}, f"{exc} Changed: {what}. {offer}")

    def action_reload(self) -> None:
        if not self.stale or self.reload_form is None:
            return
        reload = self.reload_form
        self.dismiss(None)
        reload()


def _plain(value: Any) -> Any:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _same(opened: Any, now: Any) -> bool:
    a, b = _plain(opened), _plain(now)
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b or str(a) == str(b)


def _shown(spec: FormField, value: Any) -> str:
    if spec.kind == "select":
        for label, option in spec.options:
            if option == value:
                return label
    plain = _plain(value)
    if plain is None:
        return "(none)"
    text = " ".join(str(plain).split())
    return text if len(text) <= 30 else text[:27] + "..."
