"""Quality assurance: the checks of the quality plan and the defect log with resolution times."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.planning.tasks import list_task_rows
from itpm_tui.services.registers import quality
from itpm_tui.services.resources.people import list_people
from itpm_tui.services.shared.parsing import parse_date

if TYPE_CHECKING:
    from sqlmodel import Session


class CheckView(RegisterView):
    name = "Checks"
    table = "quality_check"
    noun = "check"
    empty = "No checks planned: press n to add a test, review or audit."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Kind", lambda r: r.kind),
        RegisterColumn("Check", lambda r: r.title, lambda r: r.title.lower(), width=28),
        RegisterColumn("Due", lambda r: iso(r.due) + (" LATE" if r.late else ""), lambda r: r.due),
        RegisterColumn("Owner", lambda r: r.owner),
        RegisterColumn("Result", lambda r: r.result or "-"),
        RegisterColumn("Notes", lambda r: r.notes, width=24),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return quality.list_checks(session, project_id, today)

    def attention(self, row: Any) -> bool:
        return row.late or row.result == "fail"

    def summary(self, rows: list[Any], today: date) -> str:
        counts = {r: sum(row.result == r for row in rows) for r in ("pass", "fail", "partial")}
        pending = sum(not row.result for row in rows)
        return (
            f"{len(rows)} checks: {counts['pass']} pass, {counts['fail']} fail, "
            f"{counts['partial']} partial, {pending} to do"
        )

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        check = quality.get_check(session, row_id) if row_id else None
        people = [(p.name, p.id) for p in list_people(session)]
        fields = [
            FormField("title", "Check", check.title if check else ""),
            FormField(
                "kind",
                "Kind",
                check.kind if check else "test",
                "select",
                [(k, k) for k in quality.CHECK_KINDS],
                allow_blank=False,
            ),
            FormField(
                "due",
                "Due",
                iso(check.due) if check else "",
                parse=lambda t: parse_date(t, today=today),
            ),
            FormField("owner_id", "Owner", check.owner_id if check else None, "select", people),
            FormField(
                "result",
                "Result",
                check.result if check else "",
                "select",
                [("not yet", ""), ("pass", "pass"), ("fail", "fail"), ("partial", "partial")],
                allow_blank=False,
            ),
            FormField("notes", "Notes", check.notes if check else "", "multiline"),
        ]
        return ("Edit check" if check else "New check"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        return id_of(quality.save_check(session, project_id, row_id, quality.CheckInput(**values)))

    def delete(self, session: Session, row_id: int) -> None:
        quality.delete_check(session, row_id)


class DefectView(RegisterView):
    name = "Defects"
    table = "defect"
    noun = "defect"
    empty = "No defects logged: press n to log one."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Defect", lambda r: r.title, lambda r: r.title.lower(), width=26),
        RegisterColumn(
            "Severity",
            lambda r: r.severity,
            lambda r: (
                quality.SEVERITIES.index(r.severity) if r.severity in quality.SEVERITIES else 0
            ),
        ),
        RegisterColumn("Opened", lambda r: iso(r.opened), lambda r: r.opened),
        RegisterColumn("Resolved", lambda r: iso(r.resolved) or "open", lambda r: r.resolved),
        RegisterColumn(
            "Days",
            lambda r: (
                str(r.resolution_days) if r.resolution_days is not None else f"{r.age_days} open"
            ),
            lambda r: r.age_days,
            "right",
        ),
        RegisterColumn("Task", lambda r: r.task, width=20),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return quality.list_defects(session, project_id, today)

    def attention(self, row: Any) -> bool:
        return row.resolved is None and row.severity in ("high", "critical")

    def summary(self, rows: list[Any], today: date) -> str:
        still_open = sum(r.resolved is None for r in rows)
        mean = quality.mean_resolution_days([(r.opened, r.resolved) for r in rows])
        shown = f"{mean:.1f} days" if mean is not None else "-"
        return f"{len(rows)} defects, {still_open} open; mean resolution {shown}"

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        defect = quality.get_defect(session, row_id) if row_id else None
        tasks = [(f"{t.wbs} {t.title}", t.id) for t in list_task_rows(session, project_id)]

        def day(text: str) -> date | None:
            return parse_date(text, today=today)

        fields = [
            FormField("title", "Defect", defect.title if defect else ""),
            FormField(
                "severity",
                "Severity",
                defect.severity if defect else "medium",
                "select",
                [(s, s) for s in quality.SEVERITIES],
                allow_blank=False,
            ),
            FormField("task_id", "Task", defect.task_id if defect else None, "select", tasks),
            FormField(
                "opened", "Opened", iso(defect.opened) if defect else today.isoformat(), parse=day
            ),
            FormField(
                "resolved",
                "Resolved",
                iso(defect.resolved) if defect else "",
                parse=day,
                placeholder="blank while open",
            ),
        ]
        return ("Edit defect" if defect else "New defect"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        return id_of(
            quality.save_defect(session, project_id, row_id, quality.DefectInput(**values), today)
        )

    def delete(self, session: Session, row_id: int) -> None:
        quality.delete_defect(session, row_id)


class QualityScreen(RegisterScreen):
    PHASE = Phase.MONITORING
    REGISTER = "Quality"
    VIEWS = (CheckView, DefectView)
