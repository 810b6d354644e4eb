"""A project's working calendar: working weekdays (w) and holidays (n/e/d); the plan follows."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlalchemy import Engine
from sqlmodel import Session
from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.db import write_session
from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField, FormScreen
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.planning import calendar_records as work_calendar
from itpm_tui.services.planning.calendar_records import HolidayInput, HolidayRow
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.parsing import format_weekdays
from itpm_tui.services.shared.records import stale_message


class HolidaysView(RegisterView):
    name = "Holidays"
    table = "holiday"
    noun = "holiday"
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Holiday", lambda r: r.name, lambda r: r.name.lower(), width=30),
        RegisterColumn("When", lambda r: r.when, width=34),
        RegisterColumn("Next", lambda r: iso(r.next_on) or "past", lambda r: r.next_on or date.max),
    ]

    def __init__(self) -> None:
        # Kept from the last load: the summary shows the weekdays, a delete reschedules
        # from the same day the screen shows.
        self.weekdays: frozenset[int] = frozenset(range(5))
        # The project row's version as read with them: a stale weekdays save is refused.
        self.version: int | None = None
        self.today: date | None = None

    def load(self, session: Session, project_id: int, today: date) -> list[HolidayRow]:
        self.weekdays = work_calendar.working_weekdays(session, project_id)
        self.version = work_calendar.fetch_project(session, project_id).version
        self.today = today
        return work_calendar.list_holidays(session, project_id, today)

    @property
    def empty(self) -> str:  # type: ignore[override]  # computed here; a plain str elsewhere
        days = format_weekdays(self.weekdays)
        return f"Working days {days} (w changes); no holidays: n adds one, e.g. yearly 12-25."

    def describe(self, row: HolidayRow) -> str:
        return row.name[:60]

    def summary(self, rows: list[HolidayRow], today: date) -> str:
        coming = [(row.next_on, row.name) for row in rows if row.next_on is not None]
        text = f"Working days {format_weekdays(self.weekdays)} (w changes); "
        text += f"{len(rows)} holiday{'s' * (len(rows) != 1)}"
        if coming:
            text += f", next {coming[0][0].isoformat()} {coming[0][1]}"
        return text

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        holiday = work_calendar.get_holiday(session, row_id) if row_id else None
        fields = [
            FormField(
                "name", "Name", holiday.name if holiday else "", placeholder="e.g. Christmas Day"
            ),
            FormField(
                "when",
                "When",
                work_calendar.describe_when(holiday) if holiday else "",
                placeholder="2026-12-24, yearly 12-25 or FREQ=...",
            ),
        ]
        return ("Edit holiday" if holiday else "New holiday"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        data = HolidayInput(name=values["name"], when=values["when"])
        if row_id is None:
            return id_of(work_calendar.add_holiday(session, project_id, data, today))
        return id_of(work_calendar.update_holiday(session, row_id, data, today))

    def delete(self, session: Session, row_id: int) -> None:
        work_calendar.delete_holiday(session, row_id, self.today or date.today())


class WorkCalendarScreen(RegisterScreen):
    """Holidays in the register table; the working weekdays in the summary line, w edits them."""

    PHASE = Phase.PLANNING
    REGISTER = "Working calendar"
    VIEWS = (HolidaysView,)
    # Named in the summary line: the footer has no room left at 80 columns.
    BINDINGS = [
        Binding("w", "working_days", "Working days", id="calendar.working_days", show=False)
    ]

    def action_working_days(self) -> None:
        project_id, today = self.project_id, itpm_app(self).today
        # The weekdays the table's last load read (the summary line shows them): no new read.
        shown_days = self.views[0].weekdays  # type: ignore[attr-defined]
        version = self.views[0].version  # type: ignore[attr-defined]

        def save(engine: Engine, values: dict[str, Any]) -> str:
            with write_session(engine) as session:
                now = work_calendar.fetch_project(session, project_id)
                if version is not None and now.version != version:
                    days = format_weekdays(work_calendar.weekdays_of(now))
                    raise StaleEdit(stale_message("project"), {"weekdays": days})
                return work_calendar.set_working_weekdays(
                    session, project_id, values["weekdays"], today
                )

        def saved(shown: str | None) -> None:
            if shown is not None:
                self.notify(f"Working days: {shown}; the plan is rescheduled.", markup=False)
                self.load_rows()

        field = FormField(
            "weekdays",
            "Working days",
            format_weekdays(shown_days),
            placeholder="mon-fri, sun-thu, mon,tue,thu",
        )
        # ctrl+l after a refusal: the calendar again, then this form on it.
        reload = lambda: self.load_rows(after=self.action_working_days)  # noqa: E731
        form = FormScreen("Working days of the week", [field], save, reload=reload)
        self.app.push_screen(form, saved)
