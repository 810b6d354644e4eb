"""The service functions screens read and write through: section records, the closure
report file, the task form's read, the chart's read and an edit named for undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Goal, Task
from itpm_tui.services.lifecycle import section_records as records
from itpm_tui.services.lifecycle.closure import write_closure_report
from itpm_tui.services.planning import chart_records
from itpm_tui.services.planning.task_form import task_form_view
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.services.shared.errors import StaleEdit, ValidationError
from itpm_tui.services.shared.history import history

DAY = date(2026, 11, 18)


def _project_id(engine, code: str) -> int:
    with read_session(engine) as session:
        found = find_project(session, code).id
    assert found is not None
    return found


def test_a_section_record_is_saved_refused_when_stale_and_deleted(demo_engine) -> None:
    pid = _project_id(demo_engine, "SEC-MFA")
    values = {"title": "Faster logins", "target": "under 5 s"}
    with write_session(demo_engine) as session:
        goal_id = records.GOALS.save(session, pid, None, values, None, "goal")
    with read_session(demo_engine) as session:
        goal = session.get(Goal, goal_id)
        assert goal is not None and goal.target == "under 5 s"
        version = goal.version
    with write_session(demo_engine) as session:
        records.GOALS.save(session, pid, goal_id, {"target": "under 3 s"}, version, "goal")
    # The form that read the first version may no longer save over the change.
    with (
        pytest.raises(StaleEdit, match="This goal was changed elsewhere"),
        write_session(demo_engine) as session,
    ):
        records.GOALS.save(session, pid, goal_id, {"target": "under 9 s"}, version, "goal")
    with write_session(demo_engine) as session:
        records.GOALS.delete(session, pid, goal_id)
    with read_session(demo_engine) as session:
        assert session.get(Goal, goal_id) is None


def test_the_closure_report_file_is_checked_then_written(demo_engine, tmp_path: Path) -> None:
    pid = _project_id(demo_engine, "HW-LAPTOP")
    with read_session(demo_engine) as session:
        with pytest.raises(ValidationError) as blank:
            write_closure_report(session, pid, DAY, "  ")
        assert blank.value.errors == {"path": "a file name is required"}
        with pytest.raises(ValidationError) as folder:
            write_closure_report(session, pid, DAY, str(tmp_path))
        assert set(folder.value.errors) == {"path"}
        written = write_closure_report(session, pid, DAY, str(tmp_path / "report.md"))
    text = Path(written).read_text()
    assert text.startswith("# Closure report: HW-LAPTOP")


def test_the_task_form_reads_the_task_and_where_it_may_go(demo_engine) -> None:
    pid = _project_id(demo_engine, "NET-CORE")
    with read_session(demo_engine) as session:
        task = session.exec(select(Task).where(Task.project_id == pid)).first()
        assert task is not None and task.id is not None
        new = task_form_view(session, pid, None)
        edit = task_form_view(session, pid, task.id)
    assert new.closed is None and new.task is None and new.people
    assert task.id in [task_id for _, task_id in new.parents]
    # A task cannot go under itself.
    assert edit.task is not None and edit.task.id == task.id
    assert task.id not in [task_id for _, task_id in edit.parents]


def test_a_chart_edit_is_one_action_named_by_the_edit(demo_engine) -> None:
    pid = _project_id(demo_engine, "NET-CORE")
    with read_session(demo_engine) as session:
        view = chart_records.chart_view(session, pid, DAY, None)
    row = next(r for r in view.rows if not r.summary)

    def rename(session: Session) -> str:
        task = session.get(Task, row.id)
        assert task is not None
        task.title = "Renamed"
        session.add(task)
        return f"rename '{row.name}'"

    # The label given at the start is a stand-in: the edit names the action.
    with write_session(demo_engine, "edit a task", project_id=pid) as session:
        assert chart_records.edit_and_reschedule(session, pid, DAY, rename) == (
            f"rename '{row.name}'"
        )
    with read_session(demo_engine) as session:
        newest = history(session, project_id=pid)[0]
    assert newest.action == f"rename '{row.name}'"
