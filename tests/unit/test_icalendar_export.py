"""The iCalendar export, read back by the `icalendar` library as a calendar application would."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event
from sqlalchemy import Engine, func
from sqlmodel import col, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import (
    CommunicationItem,
    Deliverable,
    Downtime,
    MaintenanceWindow,
    PhaseChange,
    Project,
    Task,
)
from itpm_tui.services.exchange.formats import ExportOptions, export_format
from itpm_tui.services.exchange.icalendar_export import (
    export_portfolio_ics,
    export_project_ics,
)
from itpm_tui.services.kanban.cadence import next_dates
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers import communications
from itpm_tui.services.registers.communications import MaintenanceWindowInput, PlanItemInput
from itpm_tui.services.shared.errors import NotFound

TODAY = date(2026, 11, 18)
OPTIONS = ExportOptions(today=TODAY)


def read_back(data: bytes) -> Calendar:
    """The file as a calendar application's parser sees it (strict: no broken lines)."""
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75"
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> dict[str, Any]:
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "every UID is unique"
    return found


def export(engine: Engine, project_id: int) -> dict[str, Any]:
    with read_session(engine) as session:
        return events(read_back(export_project_ics(session, project_id, OPTIONS)))


def start(event: Event) -> date | datetime:
    return event.decoded("DTSTART")


@pytest.fixture
def project(engine: Engine) -> int:
    with write_session(engine) as session:
        made = create_project(session, ProjectInput(code="ERP-S4", name="ERP", start=TODAY))
        return int(made.id)  # type: ignore[arg-type]


def test_every_demo_project_exports_every_dated_row_and_reads_back(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        projects = list(session.exec(select(Project)))
        expected = {}
        for p in projects:
            counts = [
                session.exec(select(func.count()).where(*where)).one()
                for where in (
                    (
                        Task.project_id == p.id,
                        col(Task.is_milestone),
                        col(Task.finish).is_not(None),
                    ),
                    (Deliverable.project_id == p.id, col(Deliverable.due).is_not(None)),
                    (PhaseChange.project_id == p.id,),
                    (CommunicationItem.project_id == p.id,),
                    (MaintenanceWindow.project_id == p.id,),
                    (Downtime.project_id == p.id,),
                )
            ]
            expected[p.code] = sum(counts)
    assert sum(expected.values()) > 30  # the demo has all of these
    seen = set()
    for p in projects:
        found = export(demo_engine, p.id)  # type: ignore[arg-type]
        assert len(found) == expected[p.code], p.code
        assert all(uid.endswith(f"@{p.code}.itpm") for uid in found)
        assert all(str(e["SUMMARY"]).startswith(f"[{p.code}] ") for e in found.values())
        seen |= set(found)
    # The portfolio file holds every project's events, with the same UIDs.
    with read_session(demo_engine) as session:
        portfolio = read_back(export_portfolio_ics(session, OPTIONS))
    assert set(events(portfolio)) == seen
    assert str(portfolio["X-WR-CALNAME"]) == "itpm portfolio"


def test_the_format_is_in_the_table_and_writes_the_same_calendar(
    engine: Engine, project: int
) -> None:
    fmt = export_format("ics")
    assert (fmt.name, fmt.suffix) == ("ics", ".ics")
    with read_session(engine) as session:
        calendar = read_back(fmt.write(session, project, OPTIONS))
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["X-WR-CALNAME"]) == "ERP-S4: ERP"
        with pytest.raises(NotFound):
            fmt.write(session, 999, OPTIONS)


def test_uids_are_stable_so_a_calendar_updates_instead_of_duplicating(
    engine: Engine, project: int
) -> None:
    with write_session(engine) as session:
        go_live = create_task(
            session, project, TaskInput(title="Go-live", is_milestone=True, start=date(2027, 3, 1))
        )
        communications.save_window(
            session,
            project,
            None,
            MaintenanceWindowInput(
                systems="SAP",
                starts=datetime(2027, 2, 27, 20, tzinfo=UTC),
                ends=datetime(2027, 2, 28, 4, tzinfo=UTC),
            ),
        )
    first = export(engine, project)
    assert f"task-{go_live.id}@ERP-S4.itpm" in first
    # The milestone is renamed and moved: the next export carries the same UID, new values.
    with write_session(engine) as session:
        task = session.get(Task, go_live.id)
        assert task is not None
        task.title, task.start, task.finish = "Go-live (moved)", date(2027, 3, 8), date(2027, 3, 8)
        session.add(task)
    second = export(engine, project)
    assert set(second) == set(first)
    moved = second[f"task-{go_live.id}@ERP-S4.itpm"]
    assert str(moved["SUMMARY"]) == "[ERP-S4] Milestone: Go-live (moved)"
    assert start(moved) == date(2027, 3, 8)
    assert moved.decoded("DTEND") == date(2027, 3, 9)  # all day: the end is exclusive


@pytest.mark.parametrize(
    ("cadence", "starts", "first", "rule"),
    [
        # From a Thursday, "every 2 weeks on tuesday" first falls on the Tuesday after.
        ("every 2 weeks on tuesday", date(2026, 11, 19), date(2026, 11, 24), "FREQ=WEEKLY"),
        ("monthly on the 15th", date(2026, 11, 18), date(2026, 12, 15), "FREQ=MONTHLY"),
        (
            "monthly on the first working day",
            date(2026, 11, 18),
            date(2026, 12, 1),
            "FREQ=MONTHLY",
        ),
    ],
)
def test_a_communication_recurs_as_an_rrule_on_the_days_the_app_counts(
    engine: Engine, project: int, cadence: str, starts: date, first: date, rule: str
) -> None:
    with write_session(engine) as session:
        item = communications.save_item(
            session,
            project,
            None,
            PlanItemInput(audience="Steering, board; PMO", cadence=cadence, starts=starts),
            TODAY,
        )
        stored = item.cadence
    event = export(engine, project)[f"communication-{item.id}@ERP-S4.itpm"]
    assert start(event) == first
    exported = bytes(event["RRULE"].to_ical()).decode()
    assert exported.startswith(rule)
    # Expanded by an independent reader, the exported rule gives the app's own days.
    series: Any = rrulestr(exported, dtstart=datetime.combine(first, datetime.min.time()))
    days = [moment.date() for moment in series[:12]]
    assert days == next_dates(stored, starts, starts, 12)
    assert str(event["SUMMARY"]) == "[ERP-S4] Communication due: update to Steering, board; PMO"


def test_commas_semicolons_backslashes_and_newlines_are_escaped_and_controls_dropped(
    engine: Engine, project: int
) -> None:
    hostile = "Cut-over, wave 1; \x1b[31mred\x1b[0m C:\\temp [b]bold[/b]"
    with write_session(engine) as session:
        task = create_task(
            session, project, TaskInput(title="M", is_milestone=True, start=date(2027, 1, 4))
        )
    # Text older than the cleaning on the way in (or written by another tool) still has them.
    with contextlib.closing(sqlite3.connect(engine.url.database or "")) as raw:
        raw.execute(
            "UPDATE task SET title = ?, description = ? WHERE id = ?",
            (hostile, "line one\nline two, \x07three", task.id),
        )
        raw.commit()
    with read_session(engine) as session:
        data = export_project_ics(session, project, OPTIONS)
    assert b"\x1b" not in data and b"\x07" not in data
    unfolded = data.replace(b"\r\n ", b"")
    assert b"Cut-over\\, wave 1\\; [31mred[0m C:\\\\temp [b]bold[/b]" in unfolded
    assert b"DESCRIPTION:line one\\nline two\\, three" in unfolded
    event = events(read_back(data))[f"task-{task.id}@ERP-S4.itpm"]
    assert (
        str(event["SUMMARY"])
        == "[ERP-S4] Milestone: Cut-over, wave 1; [31mred[0m C:\\temp [b]bold[/b]"
    )
    assert str(event["DESCRIPTION"]).startswith("line one\nline two, three\n")


def test_a_maintenance_window_carries_its_times_systems_and_rollback_plan(
    engine: Engine, project: int
) -> None:
    starts = datetime(2026, 12, 13, 22, tzinfo=UTC)
    with write_session(engine) as session:
        window = communications.save_window(
            session,
            project,
            None,
            MaintenanceWindowInput(
                systems="Core switches, VLANs",
                starts=starts,
                ends=starts + timedelta(hours=6),
                downtime_minutes=90,
                pre_tests="Config diff reviewed",
                rollback_plan="Re-patch to the old core; restore saved config",
            ),
        )
        session.add(
            Downtime(
                project_id=project,
                system="Campus network",
                planned=False,
                start=starts - timedelta(days=3),
                end=starts - timedelta(days=3) + timedelta(minutes=40),
                note="Unplanned outage",
            )
        )
    found = export(engine, project)
    event = found[f"maintenance-{window.id}@ERP-S4.itpm"]
    assert (start(event), event.decoded("DTEND")) == (starts, starts + timedelta(hours=6))
    assert event["DTSTART"].to_ical() == b"20261213T220000Z"
    description = str(event["DESCRIPTION"])
    assert "Systems: Core switches, VLANs" in description
    assert "Downtime: 90 minutes" in description
    assert "Rollback plan: Re-patch to the old core; restore saved config" in description
    (outage,) = (e for uid, e in found.items() if uid.startswith("downtime-"))
    assert str(outage["SUMMARY"]) == "[ERP-S4] Downtime (unplanned): Campus network"
    assert start(outage) == starts - timedelta(days=3)


def test_deliverables_and_gates_are_all_day_events_on_their_dates(
    engine: Engine, project: int
) -> None:
    with write_session(engine) as session:
        session.add(Deliverable(project_id=project, name="Data migration", due=date(2027, 2, 1)))
        session.add(Deliverable(project_id=project, name="No date yet"))
        session.add(
            PhaseChange(
                project_id=project,
                from_phase="planning",
                to_phase="execution",
                changed_on=date(2026, 11, 10),
                reason="gate review passed",
            )
        )
    found = export(engine, project)
    summaries = {str(e["SUMMARY"]): start(e) for e in found.values()}
    assert summaries == {
        "[ERP-S4] Deliverable due: Data migration": date(2027, 2, 1),
        "[ERP-S4] Gate: Planning -> Execution": date(2026, 11, 10),
    }
