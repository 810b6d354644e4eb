"""The risk register: a 5x5 heat map over the risks, re-assessment, review dates, score history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.registers import risk_records as risk_service
from itpm_tui.services.registers import risks as risk_rules
from itpm_tui.services.registers.risk_records import RiskRow
from itpm_tui.services.resources.people import list_people
from itpm_tui.services.shared.parsing import parse_date
from itpm_tui.services.shared.row_versions import ensure_unchanged
from itpm_tui.widgets.heatmap import HeatMap

if TYPE_CHECKING:
    from sqlmodel import Session


def parse_scale(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 5:
        raise ValueError(f"'{value[:20]}' is not 1 to 5")
    return int(value)


def people_options(session: Session) -> list[tuple[str, Any]]:
    return [(p.name, p.id) for p in list_people(session)]


LEVEL_SHORT = {"critical": "crit", "high": "high", "medium": "med", "low": "low"}


class RiskView(RegisterView):
    name = "Risks"
    table = "risk"
    noun = "risk"
    empty = "No risks yet: press n to add the first one."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn(
            "Score", lambda r: f"{r.score:>2} {LEVEL_SHORT[r.level]}", lambda r: r.score, "right"
        ),
        RegisterColumn("P", lambda r: str(r.probability), lambda r: r.probability, "right"),
        RegisterColumn("I", lambda r: str(r.impact), lambda r: r.impact, "right"),
        RegisterColumn("Risk", lambda r: r.title, lambda r: r.title.lower(), width=36),
        RegisterColumn(
            "Review",
            lambda r: f"{iso(r.next_review)}{' LATE' if r.review_due else ''}",
            lambda r: r.next_review,
        ),
        RegisterColumn("Owner", lambda r: r.owner),
        RegisterColumn("Status", lambda r: r.status),
        RegisterColumn("Category", lambda r: r.category),
        RegisterColumn("Response", lambda r: r.response),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[RiskRow]:
        return risk_service.list_risks(session, project_id, today)

    def attention(self, row: RiskRow) -> bool:
        return row.review_due

    def summary(self, rows: list[RiskRow], today: date) -> str:
        open_rows = [r for r in rows if r.status != "closed"]
        late = sum(r.review_due for r in rows)
        text = f"{len(open_rows)} open of {len(rows)} risks"
        return text + (f", {late} past review" if late else "")

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        risk = risk_service.get_risk(session, row_id) if row_id else None
        people = people_options(session)

        def choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
            return [(v, v) for v in values]

        fields = [
            FormField("title", "Risk", risk.title if risk else ""),
            FormField(
                "category",
                "Category",
                risk.category if risk else "technical",
                "select",
                choices(risk_rules.CATEGORIES),
                allow_blank=False,
            ),
            FormField(
                "probability",
                "Probability 1-5",
                str(risk.probability) if risk else "3",
                parse=parse_scale,
                placeholder="1 rare .. 5 almost certain",
            ),
            FormField(
                "impact",
                "Impact 1-5",
                str(risk.impact) if risk else "3",
                parse=parse_scale,
                placeholder="1 minimal .. 5 severe",
            ),
            FormField("owner_id", "Owner", risk.owner_id if risk else None, "select", people),
            FormField("trigger", "Trigger", risk.trigger if risk else ""),
            FormField(
                "response",
                "Response",
                risk.response if risk else "mitigate",
                "select",
                choices(risk_rules.RESPONSES),
                allow_blank=False,
            ),
            FormField(
                "mitigation", "Mitigation plan", risk.mitigation if risk else "", "multiline"
            ),
            FormField(
                "contingency", "Contingency plan", risk.contingency if risk else "", "multiline"
            ),
            FormField(
                "status",
                "Status",
                risk.status if risk else "open",
                "select",
                choices(risk_rules.STATUSES),
                allow_blank=False,
            ),
            FormField(
                "next_review",
                "Next review",
                iso(risk.next_review) if risk else "",
                parse=lambda t: parse_date(t, today=today),
                placeholder="YYYY-MM-DD; blank: from the score",
            ),
        ]
        return ("Edit risk" if risk else "New risk"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        data = risk_service.RiskInput(**values)
        if row_id is None:
            return id_of(risk_service.create_risk(session, project_id, data, today))
        return id_of(risk_service.update_risk(session, row_id, data, today))

    def delete(self, session: Session, row_id: int) -> None:
        risk_service.delete_risk(session, row_id)


class RisksScreen(RegisterScreen):
    """Risks with their heat map; enter on a cell shows its risks, a re-assesses, h the history."""

    PHASE = Phase.PLANNING
    REGISTER = "Risk register"
    VIEWS = (RiskView,)
    BINDINGS = [
        Binding("a", "reassess", "Re-assess", id="risks.reassess"),
        # In help and the palette: the footer keeps room for the register's main keys.
        Binding("h", "history", "History", id="risks.history", show=False),
        Binding("M", "focus_map", "Heat map", id="risks.map"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.cell: tuple[int, int] | None = None

    def compose_extra(self) -> ComposeResult:
        with Horizontal(id="risk-top"):
            yield HeatMap(id="heatmap")
            yield Static("", id="risk-cell")

    DEFAULT_CSS = """
    RisksScreen #risk-top { height: 8; }
    RisksScreen #risk-cell { width: 1fr; padding: 0 1; }
    RisksScreen #register { height: 1fr; }
    """

    def refresh_table(self) -> None:
        super().refresh_table()
        counts = risk_rules.heat_counts(
            (r.probability, r.impact) for r in self.rows if r.status != "closed"
        )
        self.query_one(HeatMap).show(counts)
        self.query_one("#risk-cell", Static).update(self.cell_text())

    def cell_text(self) -> Text:
        if self.cell is None:
            return Text(
                "Open risks by probability (P, rows) and impact (I, columns).\n"
                "M or tab: the map; arrows pick a cell, enter lists its risks; "
                "escape shows all again."
            )
        p, i = self.cell
        return Text(
            f"Showing P{p} ({risk_rules.PROBABILITY_WORDS[p]}) x I{i} "
            f"({risk_rules.IMPACT_WORDS[i]}), score {p * i}.\nescape: all risks"
        )

    def visible_rows(self) -> list[Any]:
        rows = super().visible_rows()
        if self.cell is not None:
            rows = [r for r in rows if (r.probability, r.impact) == self.cell]
        return rows

    def on_heat_map_cell_chosen(self, event: HeatMap.CellChosen) -> None:
        event.stop()
        self.cell = (event.probability, event.impact)
        self.refresh_table()
        self.query_one("#register", DataTable).focus()

    def action_focus_map(self) -> None:
        self.query_one(HeatMap).focus()

    def action_back(self) -> None:
        if self.cell is not None:
            self.cell = None
            self.refresh_table()
            return
        super().action_back()

    def action_reassess(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify("No risk selected.", severity="warning")
            return
        self.reassess(row)

    def reassess(self, row: RiskRow) -> None:
        today = itpm_app(self).today
        fields = [
            FormField("probability", "Probability 1-5", str(row.probability), parse=parse_scale),
            FormField("impact", "Impact 1-5", str(row.impact), parse=parse_scale),
            FormField("note", "Note", "", placeholder="why the score moved"),
            FormField(
                "next_review",
                "Next review",
                "",
                parse=lambda t: parse_date(t, today=today),
                placeholder="blank: from the new score",
            ),
        ]

        def save(session: Session, values: dict[str, Any]) -> int:
            # Refused when the risk changed after the register was read.
            ensure_unchanged(session, "risk", row.id, row.version, "risk")
            risk = risk_service.reassess(
                session,
                row.id,
                values["probability"],
                values["impact"],
                today,
                values["note"],
                values["next_review"],
            )
            return id_of(risk)

        def reload() -> None:
            # The form again on the risk as it is now.
            def again() -> None:
                fresh = next((r for r in self.rows if r.id == row.id), None)
                if fresh is not None:
                    self.reassess(fresh)

            self.load_rows(row.id, again)

        self.app.push_screen(
            FormScreen(
                f"Re-assess: {row.title}",
                fields,
                FormWrite(f"re-assess the risk '{row.title}'", save),
                reload=reload,
            ),
            lambda saved: self.load_rows(saved) if saved is not None else None,
        )

    def action_history(self) -> None:
        from itpm_tui.screens.shared.pickers import ChoiceScreen

        row = self.selected_row()
        if row is None:
            self.notify("No risk selected.", severity="warning")
            return

        def show(assessments: list[risk_service.Assessment]) -> None:
            bar = "#" if itpm_app(self).display_mode.ascii else "█"
            items = [
                (
                    f"{a.assessed_on.isoformat()}  P{a.probability} x I{a.impact} = "
                    f"{a.score:>2} {bar * a.score:<25} {a.note}",
                    None,
                )
                for a in assessments
            ]
            self.app.push_screen(ChoiceScreen(f"Score over time: {row.title}", items))

        itpm_app(self).read(risk_service.history, row.id, then=show)
