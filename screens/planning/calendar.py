"""A project's working calendar: working weekdays (w), the company's public holidays (p) and
the project's own holidays (n/e/d); the plan follows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.planning import calendar_records as work_calendar
from itpm_tui.services.planning import public_holiday_records as company_calendar
from itpm_tui.services.planning.calendar_records import HolidayInput, HolidayRow
from itpm_tui.services.planning.public_holiday_records import ProjectPublicHolidays
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.parsing import format_weekdays
from itpm_tui.services.shared.records import stale_message

if TYPE_CHECKING:
    from sqlmodel import Session

# What the summary line may take at 80 columns (its padding aside).
_SUMMARY_WIDTH = 78


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
        # The company's public holidays and whether this project follows them (p edits).
        self.public: ProjectPublicHolidays | None = None

    def load(self, session: Session, project_id: int, today: date) -> list[HolidayRow]:
        self.weekdays = work_calendar.working_weekdays(session, project_id)
        self.version = work_calendar.fetch_project(session, project_id).version
        self.public = company_calendar.project_public_holidays(session, project_id, today)
        self.today = today
        return work_calendar.list_holidays(session, project_id, today)

    def _head(self) -> str:
        public = self.public
        if public is not None and not public.follows_company:
            holidays = "own calendar only"
        elif public is not None and public.region is not None:
            holidays = f"public holidays {public.region}"
        else:
            holidays = "no public holidays"
        return f"Working days {format_weekdays(self.weekdays)} (w); {holidays} (p)"

    @property
    def empty(self) -> str:  # type: ignore[override]  # computed here; a plain str elsewhere
        if self.public is not None and self.public.next_holiday is not None:
            return self.summary([], self.today or date.today())
        return f"{self._head()}; n adds one of its own"

    def describe(self, row: HolidayRow) -> str:
        return row.name[:60]

    def summary(self, rows: list[HolidayRow], today: date) -> str:
        # The next day off of either kind: the project's own or a public holiday.
        coming = [(row.next_on, row.name) for row in rows if row.next_on is not None]
        if self.public is not None and self.public.next_holiday is not None:
            coming.append(self.public.next_holiday)
        head = self._head()
        count = f"{head}; {len(rows)} holiday{'s' * (len(rows) != 1)} of its own"
        if not coming:
            return count
        on, name = min(coming)
        # One line at 80 columns: the next day off rather than the count (the table has
        # the rows), its name cut to what is left.
        # The day as the portfolio shows a milestone's ("Dec 24": the next one, so its year).
        text = f"{head}; next {on.strftime('%b %d')} "
        room = _SUMMARY_WIDTH - len(text)
        if room < 6:
            return count
        return text + (name if len(name) <= room else name[: room - 3] + "...")

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
        Binding("w", "working_days", "Working days", id="calendar.working_days", show=False),
        Binding(
            "p", "public_holidays", "Public holidays", id="calendar.public_holidays", show=False
        ),
    ]

    def action_public_holidays(self) -> None:
        project_id, today = self.project_id, itpm_app(self).today
        # As the table's last load read them (the summary line shows them): no new read.
        public: ProjectPublicHolidays | None = self.views[0].public  # type: ignore[attr-defined]
        if public is None:
            return  # not loaded yet: the key does nothing rather than guess
        company = public.company

        def save(session: Session, values: dict[str, Any]) -> str:
            company_calendar.check_company_version(session, public.company_version)
            region = company_calendar.set_company_region(
                session, values["country"], values["subdivision"], today
            )
            follows = bool(values["follows"])
            company_calendar.set_follows_company(session, project_id, follows, today)
            if not follows:
                return f"Company calendar {region or 'none'}; this project keeps its own only."
            if region is None:
                return "No public holidays: the plans follow their own calendars."
            return f"Public holidays of {region}; the plans are rescheduled."

        def saved(message: str | None) -> None:
            if message is not None:
                self.notify(message, markup=False)
                self.load_rows()

        fields = [
            FormField(
                "country",
                "Country",
                company.country if company else "",
                placeholder="DE, AT, CH, GB, US... (blank: none)",
            ),
            FormField(
                "subdivision",
                "Subdivision",
                company.subdivision if company else "",
                placeholder="e.g. BY (blank: the whole country)",
            ),
            FormField("follows", "Project follows", public.follows_company, kind="bool"),
        ]
        reload = lambda: self.load_rows(after=self.action_public_holidays)  # noqa: E731

        def label(values: dict[str, Any]) -> str:
            region = "-".join(filter(None, [values["country"], values["subdivision"]])).upper()
            return f"set the public holidays: {region or 'none'}"

        form = FormScreen(
            "Public holidays (all projects)", fields, FormWrite(label, save), reload=reload
        )
        self.app.push_screen(form, saved)

    def action_working_days(self) -> None:
        project_id, today = self.project_id, itpm_app(self).today
        # The weekdays the table's last load read (the summary line shows them): no new read.
        shown_days = self.views[0].weekdays  # type: ignore[attr-defined]
        version = self.views[0].version  # type: ignore[attr-defined]

        def save(session: Session, values: dict[str, Any]) -> str:
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
        write = FormWrite(
            lambda values: f"set the working days: {values['weekdays']}",
            save,
            project_id=project_id,
        )
        form = FormScreen("Working days of the week", [field], write, reload=reload)
        self.app.push_screen(form, saved)
