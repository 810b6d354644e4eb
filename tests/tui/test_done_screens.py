"""One meaning of done through the keys: % on the chart, the task form of a summary."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session
from itpm_tui.models import Task, WorkflowColumn
from itpm_tui.screens.planning.gantt import GanttScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import TODAY, choose, field_error, fill, open_code, press, settle
from .test_gantt_screen import open_gantt, select_task


def progress(engine: Engine, title: str) -> tuple[Any, ...]:
    with read_session(engine) as s:
        task = s.exec(select(Task).where(Task.title == title)).one()
        column = s.get(WorkflowColumn, task.column_id)
        return (
            task.status,
            task.percent_complete,
            column.name if column else None,
            task.actual_start is not None,
            task.actual_finish,
        )


async def test_100_percent_on_the_chart_finishes_the_task_and_u_reopens_it(
    demo_db: Engine, make_app
) -> None:
    before = progress(demo_db, "Order hardware")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "percent_sign")
        await fill(pilot, "percent", "100")
        await press(pilot, "enter")
        assert isinstance(app.screen, GanttScreen)
        assert progress(demo_db, "Order hardware") == ("done", 100, "Done", True, TODAY)
        await press(pilot, "u")
        assert progress(demo_db, "Order hardware") == before


async def test_a_summary_status_typed_in_the_task_form_is_refused_beside_the_field(
    demo_db: Engine, make_app
) -> None:
    before = progress(demo_db, "Blueprint")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "2", "e")  # the first row: 1 Blueprint, a summary
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Edit task: Blueprint"
        await choose(pilot, "status", "To do")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "status") == "^ a summary's status comes from its sub-tasks"
        assert progress(demo_db, "Blueprint") == before
