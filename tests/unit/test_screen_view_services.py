"""The service functions the screens read and write through, on a real database file."""

from __future__ import annotations

import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services.monitoring import kpi_records as records
from itpm_tui.services.monitoring import timesheet
from itpm_tui.services.monitoring.status_report import export_status_report
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.registers import raci_records
from itpm_tui.services.registers.editing import read_for_edit
from itpm_tui.services.resources import capacity
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import StaleEdit, ValidationError

DAY = date(2026, 11, 18)


@pytest.fixture
def ids(engine: Engine) -> tuple[int, int, int]:
    """A project with one task, and one person: (project, task, person)."""
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="NET", name="Net", start=date(2026, 11, 2)))
        task = create_task(s, int(project.id or 0), TaskInput(title="Order switches"))
        person = create_person(s, PersonInput(name="Ada Lovelace", role="Engineer"))
        return int(project.id or 0), int(task.id or 0), int(person.id or 0)


def test_the_time_sheet_view_gives_a_task_to_log_on_and_none_without_tasks(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    project_id, task_id, person_id = ids
    with write_session(engine) as s:
        empty = create_project(s, ProjectInput(code="EMPTY", name="Empty", start=DAY))
        data = timesheet.TimeInput(task_id, person_id, DAY, 90, "")
        timesheet.save_time(s, None, None, data)
    with read_session(engine) as s:
        view = timesheet.time_sheet_view(s, project_id)
        none = timesheet.time_sheet_view(s, int(empty.id or 0))
    assert view.first_task == task_id and [r.minutes for r in view.rows] == [90]
    assert none.first_task is None and none.rows == []


def test_a_time_entry_changed_since_it_was_read_is_not_overwritten(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    _, task_id, person_id = ids
    with write_session(engine) as s:
        entry = timesheet.save_time(s, None, None, timesheet.TimeInput(task_id, person_id, DAY, 60))
        entry_id, version = int(entry.id or 0), entry.version
        timesheet.save_time(s, entry_id, version, timesheet.TimeInput(task_id, person_id, DAY, 30))
    with pytest.raises(StaleEdit), write_session(engine) as s:
        timesheet.save_time(s, entry_id, version, timesheet.TimeInput(task_id, person_id, DAY, 45))
    with read_session(engine) as s:
        assert timesheet.get_time(s, entry_id).minutes == 30


def test_removing_a_day_that_is_not_off_is_refused_beside_the_date(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    _, _, person_id = ids
    with write_session(engine) as s:
        capacity.add_day_off(s, person_id, DAY, "leave")
    with pytest.raises(ValidationError) as refused, write_session(engine) as s:
        capacity.remove_day_off(s, person_id, date(2026, 11, 19))
    assert "not a day off" in refused.value.errors["on"]
    with write_session(engine) as s:
        assert capacity.remove_day_off(s, person_id, DAY) is True


def test_a_kpi_target_reset_elsewhere_is_not_overwritten(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    project_id = ids[0]
    kpi = next(iter(records.TARGET_RULES))
    with read_session(engine) as s:
        seen = records.get_target(s, project_id, kpi)
    with write_session(engine) as s:
        records.set_target(s, project_id, kpi, seen.target)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        records.reset_target_unless_changed(s, project_id, kpi, seen.version)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        records.set_target_unless_changed(s, project_id, kpi, seen.version, Decimal(1))


def test_the_raci_chart_offers_only_the_people_not_on_it(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    project_id, _, person_id = ids
    with read_session(engine) as s:
        offered = raci_records.people_to_add(s, frozenset())
        none = raci_records.people_to_add(s, frozenset({person_id}))
    assert [(p.id, p.label) for p in offered if p.id == person_id] == [
        (person_id, "Ada Lovelace (Engineer)")
    ]
    assert all(p.id != person_id for p in none)


def test_an_edit_form_reads_the_rows_version_with_its_data(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    project_id, task_id, _ = ids
    from itpm_tui.services.planning.tasks import get_task, update_task

    with write_session(engine) as s:
        update_task(s, task_id, TaskInput(title="Order core switches"))
    with read_session(engine) as s:
        version = get_task(s, task_id).version
        edit = read_for_edit(s, project_id, "task", task_id, lambda _s: "form")
        new = read_for_edit(s, project_id, "task", None, lambda _s: "form")
    assert version > 1
    assert (edit.closed, edit.form, edit.version) == (None, "form", version)
    assert (new.closed, new.form, new.version) == (None, "form", None)


def test_the_status_report_is_written_private_in_the_format_chosen(
    engine: Engine, ids: tuple[int, int, int], tmp_path: Path
) -> None:
    project_id = ids[0]
    with read_session(engine) as s:
        with pytest.raises(ValidationError):
            export_status_report(s, project_id, DAY, "md", "  ")
        written = export_status_report(s, project_id, DAY, "json", str(tmp_path / "net.md"))
    assert written == str(tmp_path / "net.json")
    assert stat.S_IMODE(Path(written).stat().st_mode) == 0o600
