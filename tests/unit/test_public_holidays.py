"""The company's public holidays: plans skip them in every year; a project may opt out."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui import db
from itpm_tui.cli import main
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.models import PublicHolidayCalendar, Task
from itpm_tui.services.lifecycle.documents import ProjectClosed
from itpm_tui.services.planning import calendar_records as work_calendar
from itpm_tui.services.planning import public_holiday_records as company
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.calendar_records import HolidayInput
from itpm_tui.services.planning.public_holidays import (
    Region,
    RegionError,
    check_region,
    public_holidays,
    subdivisions,
)
from itpm_tui.services.planning.schedule_records import project_calendar, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import StaleEdit, ValidationError

TODAY = date(2026, 12, 1)
BAVARIA = Region("DE", "BY")


def make_project(engine: Engine, code: str, start: date, days: int) -> tuple[int, int]:
    """A project with one task of `days` working days from `start`: (project id, task id)."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code=code, name=code, start=start))
        task = create_task(session, int(project.id), TaskInput(title="Cutover"))  # type: ignore[arg-type]
        task.duration_days = days
        session.add(task)
        session.flush()
        reschedule(session, int(project.id), TODAY)  # type: ignore[arg-type]
        return int(project.id), int(task.id)  # type: ignore[arg-type]


def span(engine: Engine, task_id: int) -> tuple[date, date]:
    with read_session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None and task.start and task.finish
        return task.start, task.finish


def set_company(engine: Engine, country: str, subdivision: str = "") -> Region | None:
    with write_session(engine, "public holidays") as session:
        return company.set_company_region(session, country, subdivision, TODAY)


# --- the region and its days, hand-checked ----------------------------------------------


def test_bavaria_has_christmas_new_year_and_epiphany_but_not_christmas_eve() -> None:
    days = dict(public_holidays(BAVARIA, 2026)) | dict(public_holidays(BAVARIA, 2027))
    for day in (date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1), date(2027, 1, 6)):
        assert day in days, day
    # Christmas Eve is no public holiday in Germany: a project adds it as its own exception.
    assert date(2026, 12, 24) not in days
    # Epiphany is Bavaria's, not Berlin's.
    assert date(2027, 1, 6) not in dict(public_holidays(Region("DE", "BE"), 2027))


@pytest.mark.parametrize(
    ("country", "subdivision", "expected"),
    [
        ("de", "by", Region("DE", "BY")),
        (" DE ", "", Region("DE")),
        ("us", "ca", Region("US", "CA")),
    ],
)
def test_codes_are_read_whatever_their_case(country: str, subdivision: str, expected) -> None:
    assert check_region(country, subdivision) == expected


def test_an_unknown_country_or_subdivision_is_refused_with_what_is_known() -> None:
    with pytest.raises(RegionError, match="'XX' is not a known country code") as error:
        check_region("XX")
    assert error.value.field == "country"
    with pytest.raises(RegionError, match="'ZZ' is not a subdivision of DE: those of DE are BB"):
        check_region("DE", "ZZ")


KNOWN_CODES = st.sampled_from(["DE", "de", "By", "BY", "at", "US", "ca", "GB", "eng"])


@given(st.one_of(KNOWN_CODES, st.text(max_size=12)), st.one_of(KNOWN_CODES, st.text(max_size=8)))
def test_anything_typed_is_a_known_region_or_refused_in_one_line_naming_its_field(
    country: str, subdivision: str
) -> None:
    try:
        region = check_region(country, subdivision)
    except RegionError as error:
        assert error.field in {"country", "subdivision"}
        message = str(error)
        # One line a terminal shows as it is: no control characters, not too long.
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", message) and len(message) < 160
        return
    assert region.country.casefold() == " ".join(country.split()).casefold()
    assert region.subdivision == "" or region.subdivision in subdivisions(region.country)
    days = [day for day, _ in public_holidays(region, 2027)]
    assert days == sorted(days) and all(day.year == 2027 for day in days)


def test_a_form_gets_the_refusal_beside_its_field_and_nothing_is_saved(engine: Engine) -> None:
    with pytest.raises(ValidationError) as error, write_session(engine) as session:
        company.set_company_region(session, "DE", "Bayern-ish", TODAY)
    assert set(error.value.errors) == {"subdivision"}
    with pytest.raises(ValidationError) as error, write_session(engine) as session:
        company.set_company_region(session, "", "BY", TODAY)
    assert "needs its country" in error.value.errors["country"]
    with read_session(engine) as session:
        assert company.company_region(session) is None


# The package computes public holidays up to 2100.
@given(st.integers(min_value=1995, max_value=2100))
def test_every_year_has_christmas_day_off_in_a_calendar_of_the_region(year: int) -> None:
    calendar = WorkCalendar(public=BAVARIA)
    christmas = date(year, 12, 25)
    assert not calendar.is_working_day(christmas)
    assert not calendar.is_working_day(date(year, 1, 6))
    # Nothing else changes: 23 October is worked whenever it is a weekday.
    other = date(year, 10, 23)
    assert calendar.is_working_day(other) == (other.weekday() < 5)


# --- the scheduler sees them ------------------------------------------------------------


def test_a_plan_crossing_christmas_in_bavaria_skips_the_public_holidays(engine: Engine) -> None:
    # Wed 23 Dec 2026, 8 working days, weekends only: 23, 24, 25, 28, 29, 30, 31, 1 Jan.
    project_id, task_id = make_project(engine, "XMAS", date(2026, 12, 23), 8)
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 1))

    assert set_company(engine, "de", "by") == BAVARIA
    # 23, 24, 28, 29, 30, 31, 4 Jan, 5 Jan: Christmas Day, Boxing Day and New Year off.
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 5))
    with write_session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        task.duration_days = 9
        session.add(task)
        reschedule(session, project_id, TODAY)
    # The ninth day is 7 January: Epiphany (Wednesday 6 January) is a Bavarian holiday.
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 7))


def test_the_projects_own_exceptions_come_on_top_of_the_company_calendar(
    engine: Engine,
) -> None:
    project_id, task_id = make_project(engine, "XMAS", date(2026, 12, 23), 8)
    set_company(engine, "DE", "BY")
    with write_session(engine) as session:
        work_calendar.add_holiday(
            session, project_id, HolidayInput("Christmas Eve", "yearly 12-24"), TODAY
        )
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 7))
    with read_session(engine) as session:
        calendar = project_calendar(session, project_id)
    assert not calendar.is_working_day(date(2026, 12, 24))
    assert not calendar.is_working_day(date(2030, 12, 24))
    assert not calendar.is_working_day(date(2030, 12, 25))


def test_a_plan_far_ahead_sees_the_holidays_of_its_own_years(engine: Engine) -> None:
    # Christmas 2041 is a Wednesday: a 3-day task from Tuesday 24 December ends on Friday.
    _, task_id = make_project(engine, "LATER", date(2041, 12, 24), 3)
    assert span(engine, task_id) == (date(2041, 12, 24), date(2041, 12, 26))
    set_company(engine, "DE", "BY")
    assert span(engine, task_id) == (date(2041, 12, 24), date(2041, 12, 30))


def test_changing_or_clearing_the_company_calendar_replans_every_project(engine: Engine) -> None:
    _, first = make_project(engine, "ONE", date(2027, 1, 4), 3)
    _, second = make_project(engine, "TWO", date(2027, 1, 5), 2)
    set_company(engine, "DE", "BE")  # Berlin: no Epiphany
    assert span(engine, first) == (date(2027, 1, 4), date(2027, 1, 6))
    set_company(engine, "DE", "BY")
    assert span(engine, first) == (date(2027, 1, 4), date(2027, 1, 7))
    assert span(engine, second) == (date(2027, 1, 5), date(2027, 1, 7))
    set_company(engine, "")
    assert span(engine, first) == (date(2027, 1, 4), date(2027, 1, 6))
    assert span(engine, second) == (date(2027, 1, 5), date(2027, 1, 6))


def test_a_project_that_opts_out_keeps_its_own_calendar_only(engine: Engine) -> None:
    project_id, task_id = make_project(engine, "OWN", date(2027, 1, 4), 3)
    _, other = make_project(engine, "CO", date(2027, 1, 4), 3)
    set_company(engine, "DE", "BY")
    with write_session(engine) as session:
        assert company.set_follows_company(session, project_id, False, TODAY)
        assert not company.set_follows_company(session, project_id, False, TODAY)
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 6))
    assert span(engine, other) == (date(2027, 1, 4), date(2027, 1, 7))
    with read_session(engine) as session:
        setting = company.project_public_holidays(session, project_id)
        assert (setting.company, setting.follows_company, setting.region) == (
            BAVARIA,
            False,
            None,
        )
        assert company.opted_out(session) == ["OWN"]
    # A later change of the company calendar leaves it alone.
    set_company(engine, "AT")
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 6))
    with write_session(engine) as session:
        company.set_follows_company(session, project_id, True, TODAY)
    # Austria has Epiphany too.
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 7))


def test_a_closed_project_keeps_its_dates_when_the_company_calendar_changes(
    engine: Engine,
) -> None:
    project_id, task_id = make_project(engine, "DONE", date(2027, 1, 4), 3)
    with contextlib.closing(sqlite3.connect(engine.url.database or "")) as raw:
        raw.execute("UPDATE project SET closed_on = '2026-11-30' WHERE id = ?", (project_id,))
        raw.commit()
    set_company(engine, "DE", "BY")
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 6))
    with pytest.raises(ProjectClosed), write_session(engine) as session:
        company.set_follows_company(session, project_id, False, TODAY)


def test_undo_takes_the_company_calendar_and_the_replanning_back(engine: Engine) -> None:
    _, task_id = make_project(engine, "U", date(2027, 1, 4), 3)
    set_company(engine, "DE", "BY")
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 7))
    assert undo.run(engine, "undo").label == "public holidays"
    assert span(engine, task_id) == (date(2027, 1, 4), date(2027, 1, 6))
    with read_session(engine) as session:
        assert company.company_region(session) is None


# --- the migration ----------------------------------------------------------------------


def test_the_migration_keeps_every_calendar_as_it_was_and_comes_back_down(
    db_path: Path,
) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0013_health_thresholds")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute(
                "INSERT INTO project (code, name, project_type, methodology, phase, health, "
                "sponsor, description, working_weekdays, currency, created_at, updated_at, "
                "version) VALUES ('P', 'P', 'other', 'waterfall', 'planning', 'green', '', '', "
                "'0,1,2,3', 'EUR', '2026-01-01', '2026-01-01', 1)"
            )
            raw.execute(
                'INSERT INTO holiday (project_id, name, "on", rrule, version) '
                "VALUES (1, 'Closed', '2027-01-05', '', 1)"
            )
            raw.commit()
        assert db.upgrade(engine) == ("0013_health_thresholds", db.head_revision())
        with read_session(engine) as session:
            calendar = project_calendar(session, 1)
            assert calendar == WorkCalendar(
                weekdays=frozenset(range(4)), holidays=frozenset({date(2027, 1, 5)})
            )
            assert company.company_region(session) is None
        set_company(engine, "DE", "BY")
        with engine.connect() as conn:
            command.downgrade(db._alembic_config(conn), "0013_health_thresholds")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
            assert "public_holiday_calendar" not in tables
            assert raw.execute('SELECT name, "on" FROM holiday').fetchall() == [
                ("Closed", "2027-01-05")
            ]
    finally:
        engine.dispose()


# --- the command line -------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_itpm_holidays_sets_shows_and_opts_out(
    engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, task_id = make_project(engine, "XMAS", date(2026, 12, 23), 8)
    db_arg = f"--db={db_path}"
    assert run(capsys, "holidays", "show", db_arg)[1].startswith("No company calendar")

    code, out, err = run(capsys, "holidays", "set", "DE", "--subdivision", "BY", db_arg)
    assert (code, err) == (0, "")
    assert "public holidays of DE-BY" in out
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 5))

    code, out, _ = run(capsys, "holidays", "show", "--year", "2027", db_arg)
    assert code == 0
    assert "  2027-01-06 Wed  Epiphany\n" in out
    assert "  2027-12-25 Sat  Christmas Day\n" in out

    assert run(capsys, "holidays", "opt-out", "xmas", db_arg)[0] == 0
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 1))
    code, out, _ = run(capsys, "holidays", "show", "--project", "XMAS", db_arg)
    assert out.startswith("XMAS keeps its own calendar only")
    assert (
        "follows the company calendar again" in run(capsys, "holidays", "opt-in", "XMAS", db_arg)[1]
    )
    assert span(engine, task_id) == (date(2026, 12, 23), date(2027, 1, 5))
    assert "already follows" in run(capsys, "holidays", "opt-in", "XMAS", db_arg)[1]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("set", "XX"), "'XX' is not a known country code"),
        (("set", "DE", "--subdivision", "Nowhere"), "'Nowhere' is not a subdivision of DE"),
        (("set", "none", "--subdivision", "BY"), "a subdivision needs its country"),
        (("opt-out", "NOPE"), "no project with the code 'NOPE'"),
        (("show", "--year", "0"), "0 is not a year"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_saved(
    engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str], argv, says: str
) -> None:
    code, out, err = run(capsys, "holidays", *argv, f"--db={db_path}")
    assert code == 1
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    with read_session(engine) as session:
        assert company.company_region(session) is None


def test_setting_the_same_calendar_again_writes_nothing(engine: Engine) -> None:
    def rows() -> list[tuple[str, str, int]]:
        with read_session(engine) as session:
            found = session.exec(select(PublicHolidayCalendar)).all()
            return [(row.country, row.subdivision, row.version) for row in found]

    set_company(engine, "")  # nothing set, nothing cleared: no row
    assert rows() == []
    set_company(engine, "DE", "BY")
    first = rows()
    assert set_company(engine, "de", " by ") == BAVARIA
    assert rows() == first  # the same version: nothing was written
    assert [(country, sub) for country, sub, _ in first] == [("DE", "BY")]


def test_a_change_made_on_a_stale_read_of_the_company_calendar_is_refused(
    engine: Engine,
) -> None:
    project_id, _ = make_project(engine, "P", date(2027, 1, 4), 3)
    with read_session(engine) as session:
        opened = company.project_public_holidays(session, project_id).company_version
    set_company(engine, "AT")  # another window, in between
    with pytest.raises(StaleEdit) as refused, write_session(engine) as session:
        company.check_company_version(session, opened)
        company.set_company_region(session, "DE", "BY", TODAY)
    assert refused.value.current == {"country": "AT", "subdivision": ""}
    with read_session(engine) as session:
        assert company.company_region(session) == Region("AT")
