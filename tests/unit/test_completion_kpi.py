"""% complete without a budget: the work done, weighted by planned work-days, worked by hand."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy import Engine

from itpm_tui import clock
from itpm_tui.db import read_session, write_session
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.monitoring.evm import PlannedTask, earned_value
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project

CAL = WorkCalendar()
STATUS = date(2026, 11, 18)  # a Wednesday


def test_with_no_money_percent_complete_is_weighted_by_work_days() -> None:
    tasks = [
        # Ten working days, half done; five working days from the 16th, not started.
        PlannedTask(1, date(2026, 11, 2), date(2026, 11, 13), 0, 50, weight=10),
        PlannedTask(2, date(2026, 11, 16), date(2026, 11, 20), 0, 0, weight=5),
    ]
    evm = earned_value(tasks, STATUS, 0, CAL, 0)
    assert evm.bac == 0 and evm.ev == 0
    # Done: 5 of 15 days = 33.3 %; planned by Wed 18th: 10 + 3 of 15 days = 86.7 %.
    assert evm.work_done == Fraction(1, 3)
    assert evm.percent_complete == 33
    assert evm.percent_planned == 87


def test_with_money_percent_complete_stays_ev_over_bac() -> None:
    tasks = [
        # The money is spread unlike the work: the budget decides when there is one.
        PlannedTask(1, date(2026, 11, 2), date(2026, 11, 13), 1_000, 50, weight=10),
        PlannedTask(2, date(2026, 11, 16), date(2026, 11, 20), 9_000, 0, weight=5),
    ]
    evm = earned_value(tasks, STATUS, 0, CAL)
    assert evm.percent_complete == 5  # 500 of 10,000
    assert evm.percent_planned == 64  # 1,000 + 3/5 of 9,000 = 6,400 of 10,000


def test_the_completion_kpi_of_a_project_without_a_budget(engine: Engine) -> None:
    clock.fix_today(date(2026, 11, 10))  # progress recorded before the status date
    try:
        with write_session(engine) as s:
            project = create_project(
                s, ProjectInput(code="NOB", name="No budget", start=date(2026, 11, 2))
            )
            pid = project.id
            for title, start, finish, days, percent in [
                ("Build", date(2026, 11, 2), date(2026, 11, 13), 10, 50),
                ("Test", date(2026, 11, 16), date(2026, 11, 20), 5, 0),
            ]:
                create_task(
                    s,
                    pid,  # type: ignore[arg-type]
                    TaskInput(
                        title=title,
                        start=start,
                        finish=finish,
                        estimate_days=days,
                        percent_complete=percent,
                        status="in-progress" if percent else "todo",
                    ),
                )
    finally:
        clock.fix_today(None)
    with read_session(engine) as s:
        board = project_dashboard(s, pid, STATUS)  # type: ignore[arg-type]
    assert board.evm.bac == 0
    completion = next(k for k in board.kpis if k.key == "completion")
    assert completion.shown == "33% (plan 87%)"
    assert completion.value == 33
