"""The phase gate dialog: check the criteria, confirm the move or override with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase, PhaseChange
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.services.lifecycle.gates import (
    CLOSED,
    GateCheck,
    advance_phase,
    check_gate,
    stage_label,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from itpm_tui.screens.lifecycle.workspace import ProjectScreen


class GateForm(FormScreen):
    """The override form: its title lists the unmet criteria, so it may take several lines."""

    def on_mount(self) -> None:
        super().on_mount()
        # Inline: the form's own stylesheet fixes the title at one line and outranks DEFAULT_CSS.
        self.query_one(".form-title").styles.height = "auto"


def gate_text(check: GateCheck) -> str:
    lines = [f"Gate {check.title}", "Not met:"]
    lines += [f" - {item}" for item in check.unmet]
    lines.append("Override with a written reason (kept in the phase history):")
    return "\n".join(lines)


def next_phase_flow(screen: ProjectScreen, project_id: int) -> None:
    """Check the gate out of the project's phase; move on, or ask for an override reason."""
    app = screen.app
    today = itpm_app(app).today

    def moved(change: PhaseChange | None) -> None:
        if change is None:
            return
        note = " (override)" if change.overridden else ""
        app.notify(
            f"Moved to {stage_label(change.to_phase)}{note}.",
            markup=False,
        )
        if change.to_phase == CLOSED:
            screen.reload()
            return
        from itpm_tui.screens.lifecycle.workspace import phase_screen

        app.switch_screen(phase_screen(Phase(change.to_phase), project_id))

    def show(check: GateCheck) -> None:
        target = stage_label(check.to_phase)
        label = (
            f"close {check.code}" if check.to_phase == CLOSED else f"move {check.code} to {target}"
        )

        if not check.unmet:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    itpm_app(app).write(label, advance_phase, project_id, today, then=moved)

            app.push_screen(
                ConfirmScreen(f"Gate {check.title}: every criterion is met. Move on?"), confirmed
            )
            return

        def save(session: Session, values: dict[str, Any]) -> PhaseChange:
            return advance_phase(
                session, project_id, today, values.get("reason") or "", override=True
            )

        app.push_screen(
            GateForm(
                gate_text(check),
                [FormField("reason", "Reason", "", "multiline")],
                FormWrite(f"{label} (override)", save),
            ),
            moved,
        )

    itpm_app(app).read(check_gate, project_id, today, then=show)
