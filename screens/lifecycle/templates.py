"""Save a project as a template: a name and a description, kept in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.services.lifecycle.templates import save_as_template

if TYPE_CHECKING:
    from sqlmodel import Session


def save_template(app: App[Any], project_id: int, code: str) -> None:
    def save(session: Session, values: dict[str, Any]) -> str:
        save_as_template(session, project_id, values["name"], values["description"])
        return str(values["name"]).strip()

    def label(values: dict[str, Any]) -> str:
        return f"save {code} as the template '{str(values['name']).strip()}'"

    fields = [
        FormField("name", "Template name", f"{code} template"),
        FormField("description", "Description", ""),
    ]
    app.push_screen(
        FormScreen(
            f"Save {code} as a template (WBS, risks, handover)", fields, FormWrite(label, save)
        ),
        lambda name: (
            app.notify(f"Saved template '{name}': choose it under n New project.", markup=False)
            if name
            else None
        ),
    )
