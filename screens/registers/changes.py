"""Change requests: proposed, assessed, approved or rejected, then applied to the plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.registers import change_records as change_service
from itpm_tui.services.registers.change_records import ChangeRow
from itpm_tui.services.registers.changes import allowed_next
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.parsing import format_money, parse_money
from itpm_tui.services.shared.row_versions import ensure_unchanged

if TYPE_CHECKING:
    from sqlmodel import Session


def parse_days(text: str) -> int:
    value = text.strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"'{value[:20]}' is not a whole number of working days") from None


def parse_cost(text: str) -> int:
    if text.strip().startswith("-"):
        # A change can save money: parse the amount, keep the sign.
        amount = parse_money(text.strip()[1:])
        return -(amount or 0)
    return parse_money(text) or 0


def parse_wbs(text: str) -> str:
    change_service.parse_wbs_list(text)
    return text


def effect(move: int, longer: int) -> str:
    """What applying a change does to its tasks, in words."""
    parts = []
    if move:
        parts.append(f"move {move:+d} working days")
    if longer:
        parts.append(f"{'lengthen' if longer > 0 else 'shorten'} by {abs(longer)} working days")
    return " and ".join(parts) or "no change of dates"


class ChangeView(RegisterView):
    name = "Changes"
    table = "change_request"
    noun = "change request"
    empty = "No change requests yet: press n to record one."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("#", lambda r: str(r.id), lambda r: r.id, "right"),
        RegisterColumn("Change", lambda r: r.title, lambda r: r.title.lower(), width=28),
        RegisterColumn("Status", lambda r: r.status),
        RegisterColumn(
            "Days", lambda r: f"{r.schedule_days:+d}", lambda r: r.schedule_days, "right"
        ),
        RegisterColumn("Longer", lambda r: f"{r.extend_days:+d}", lambda r: r.extend_days, "right"),
        RegisterColumn(
            "Cost", lambda r: format_money(r.cost_cents), lambda r: r.cost_cents, "right"
        ),
        RegisterColumn("Tasks", lambda r: r.affected_wbs),
        RegisterColumn("Requester", lambda r: r.requester, width=16),
        RegisterColumn(
            "Decided",
            lambda r: f"{r.decided_by} {iso(r.decided_on)}".strip(),
            lambda r: r.decided_on,
        ),
        RegisterColumn("Done", lambda r: iso(r.implemented_on), lambda r: r.implemented_on),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[ChangeRow]:
        return change_service.list_changes(session, project_id)

    def attention(self, row: ChangeRow) -> bool:
        return row.status == "approved"

    def summary(self, rows: list[ChangeRow], today: date) -> str:
        done = [r for r in rows if r.status in ("approved", "implemented")]
        days = sum(r.schedule_days for r in done)
        # Lengthening is schedule impact too: a change that only adds days is not "+0".
        longer = sum(r.extend_days for r in done)
        cost = sum(r.cost_cents for r in done)
        waiting = sum(r.status == "approved" for r in rows)
        impact = f"{days:+d} days" + (f", {longer:+d} days longer" if longer else "")
        text = f"{len(rows)} changes; approved: {impact}, {format_money(cost)}"
        return text + (f"; {waiting} to apply (p)" if waiting else "")

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        change = change_service.get_change(session, row_id) if row_id else None
        fields = [
            FormField("title", "Change", change.title if change else ""),
            FormField("requester", "Requester", change.requester if change else ""),
            FormField("reason", "Reason", change.reason if change else ""),
            FormField(
                "description", "Description", change.description if change else "", "multiline"
            ),
            FormField("scope_impact", "Scope impact", change.scope_impact if change else ""),
            FormField(
                "schedule_days",
                "Schedule (days)",
                str(change.schedule_days) if change else "0",
                parse=parse_days,
                placeholder="working days the tasks move, e.g. 5 or -2",
            ),
            FormField(
                "extend_days",
                "Longer (days)",
                str(change.extend_days) if change else "0",
                parse=parse_days,
                placeholder="working days each task gains; started: its remaining work",
            ),
            FormField(
                "cost_cents",
                "Cost",
                format_money(change.cost_cents) if change else "0.00",
                parse=parse_cost,
            ),
            FormField(
                "affected_wbs",
                "Tasks (WBS)",
                change.affected_wbs if change else "",
                parse=parse_wbs,
                placeholder="WBS codes it acts on, e.g. 2.1, 2.3",
            ),
        ]
        if change is None:
            return "New change request", fields
        if change.status == "approved":
            return f"Change #{change.id} (approved: an edit sends it back to assessed)", fields
        return f"Change #{change.id}", fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        data = change_service.ChangeInput(**values)
        if row_id is None:
            return id_of(change_service.create_change(session, project_id, data, today))
        return id_of(change_service.update_change(session, row_id, data))

    def delete(self, session: Session, row_id: int) -> None:
        change_service.delete_change(session, row_id)


class ChangesScreen(RegisterScreen):
    """t moves a change on (assess, approve, reject); p applies an approved one to the plan."""

    PHASE = Phase.EXECUTION
    REGISTER = "Change requests"
    VIEWS = (ChangeView,)
    BINDINGS = [
        Binding("t", "transition", "Status", id="changes.status"),
        Binding("p", "apply", "Apply", id="changes.apply"),
    ]

    def action_transition(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify("No change request selected.", severity="warning")
            return
        self.transition(row)

    def transition(self, row: ChangeRow) -> None:
        options = [s for s in allowed_next(row.status) if s != "implemented"]
        if not options:
            hint = " press p to apply it" if row.status == "approved" else " it is final"
            self.notify(f"This change is {row.status}:{hint}.", markup=False)
            return
        today = itpm_app(self).today
        fields = [
            FormField(
                "status",
                "New status",
                options[0],
                "select",
                [(s, s) for s in options],
                allow_blank=False,
            ),
            FormField("decided_by", "Decided by", row.decided_by, placeholder="for approve/reject"),
        ]

        def save(session: Session, values: dict[str, Any]) -> int:
            # Refused when the change moved on (or its decision was recorded) elsewhere.
            try:
                what = "change request"
                ensure_unchanged(session, "change_request", row.id, row.version, what)
            except StaleEdit as exc:
                said = str(exc)
                if exc.current.get("status") != row.status:
                    said += f" Its status is now {exc.current.get('status')}."
                raise StaleEdit(said, {"decided_by": exc.current.get("decided_by")}) from None
            change_service.advance(session, row.id, values["status"], today, values["decided_by"])
            return row.id

        def label(values: dict[str, Any]) -> str:
            return f"move change #{row.id} '{row.title}' to {values['status']}"

        def reload() -> None:
            # The form again on the change as it is now (if it can still move on).
            def again() -> None:
                fresh = next((r for r in self.rows if r.id == row.id), None)
                if fresh is not None:
                    self.transition(fresh)

            self.load_rows(row.id, again)

        self.app.push_screen(
            FormScreen(
                f"Change #{row.id}: {row.status} ->", fields, FormWrite(label, save), reload=reload
            ),
            lambda saved: self.load_rows(saved) if saved is not None else None,
        )

    def action_apply(self) -> None:
        from itpm_tui.screens.shared.confirm import ConfirmScreen

        row = self.selected_row()
        if row is None:
            self.notify("No change request selected.", severity="warning")
            return
        if row.status != "approved":
            self.notify(
                f"Only an approved change can be applied; this one is {row.status}.",
                severity="warning",
                markup=False,
            )
            return
        today = itpm_app(self).today

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self.run_write(
                f"apply change #{row.id} '{row.title}'",
                change_service.apply_change,
                row.id,
                today,
                message=f"Applied change #{row.id}: tasks {row.affected_wbs or '(none)'} "
                f"{what}. u undoes it.",
            )

        tasks = row.affected_wbs or "no tasks"
        what = effect(row.schedule_days, row.extend_days)
        self.app.push_screen(
            ConfirmScreen(
                f"Apply change #{row.id}? Tasks {tasks}: {what} (a started task: its remaining "
                "work), and the change is marked implemented."
            ),
            confirmed,
        )
