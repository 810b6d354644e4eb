"""Time sheets, budget records and the project dashboard on a real database file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from itpm_tui import clock
from itpm_tui.db import read_session, write_session
from itpm_tui.models import BudgetLine, Expense, Person, Project, Task, TimeEntry
from itpm_tui.services.monitoring import alerts
from itpm_tui.services.monitoring.budget_records import (
    ExpenseInput,
    LineInput,
    add_expense,
    add_line,
    line_figures,
)
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.monitoring.timesheet import TimeInput, add_time, parse_hours
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 18)


@pytest.fixture
def small(engine: Engine) -> dict[str, int]:
    with write_session(engine) as s:
        ana = create_person(s, PersonInput("Ana", cost_rate_cents=9000))
        project = create_project(s, ProjectInput(code="P1", name="One", start=date(2026, 11, 2)))
        task = create_task(
            s,
            project.id,  # type: ignore[arg-type]
            TaskInput(
                title="Build",
                assignee_id=ana.id,
                start=date(2026, 11, 2),
                finish=date(2026, 11, 13),
            ),
        )
        return {"person": ana.id, "project": project.id, "task": task.id}  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1.5", 90), ("1:30", 90), ("90m", 90), ("2h", 120), ("0.25", 15), ("24", 1440)],
)
def test_parse_hours(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "must not be negative"),
        ("25", "a day has at most 24 hours"),
        ("1.0055", "at most 2 decimals"),
        ("0.01", "whole minutes"),
        ("abc", "is not a number of hours"),
        ("", "required"),
    ],
)
def test_parse_hours_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


def test_more_than_24_hours_a_day_is_refused_and_nothing_saved(engine: Engine, small) -> None:
    with write_session(engine) as s:
        add_time(s, TimeInput(small["task"], small["person"], DAY, 20 * 60))
    with pytest.raises(ValidationError) as caught, write_session(engine) as s:
        add_time(s, TimeInput(small["task"], small["person"], DAY, 5 * 60))
    assert "at most 24 hours" in caught.value.errors["minutes"]
    with read_session(engine) as s:
        assert s.exec(select(func.count()).select_from(TimeEntry)).one() == 1


def test_expense_checks_and_labour_on_the_labour_line(engine: Engine, small) -> None:
    with write_session(engine) as s:
        labour = add_line(s, small["project"], LineInput("labour", "Team", 100_000))
        # 11,500 ordered, 9,500 of it invoiced: 2,000 still open.
        cloud = add_line(s, small["project"], LineInput("cloud", "Hosting", 10_000, 11_500))
        add_expense(s, small["project"], ExpenseInput(cloud.id, DAY, 9_500, "Azure"))
        add_time(s, TimeInput(small["task"], small["person"], DAY, 150))  # 2.5 h at 90.00
    assert labour.id and cloud.id  # flushed: the lines have their ids
    with pytest.raises(ValidationError) as caught, write_session(engine) as s:
        add_expense(s, small["project"], ExpenseInput(None, None, -5))
    assert set(caught.value.errors) == {"line_id", "spent_on", "amount_cents"}
    with read_session(engine) as s:
        figures = {f.line_id: f for f in line_figures(s, small["project"])}
        assert s.exec(select(func.count()).select_from(Expense)).one() == 1
    assert figures[labour.id].spent == 22_500
    assert figures[cloud.id].spent == 9_500
    assert figures[cloud.id].open_committed == 2_000
    assert figures[cloud.id].over_budget  # 9,500 spent + 2,000 open > 10,000


def test_an_invoice_against_its_commitment_is_not_counted_twice(engine: Engine, small) -> None:
    """Planned 85,000 with 85,000 committed, then the 85,000 invoice: forecast stays 85,000."""
    from itpm_tui.services.portfolio.health import GREEN, portfolio_health

    pid = small["project"]
    with write_session(engine) as s:
        line = add_line(s, pid, LineInput("hardware", "Switches", 8_500_000, 8_500_000))
    assert line.id  # flushed: the line has its id
    with read_session(engine) as s:
        before = {f.line_id: f for f in line_figures(s, pid)}[line.id]
    assert (before.committed, before.open_committed, before.spent) == (8_500_000, 8_500_000, 0)
    assert before.forecast == 8_500_000 and not before.over_budget
    with write_session(engine) as s:
        add_expense(s, pid, ExpenseInput(line.id, DAY, 3_000_000, "Cisco"))
    with read_session(engine) as s:
        part = {f.line_id: f for f in line_figures(s, pid)}[line.id]
    assert (part.open_committed, part.spent, part.forecast) == (5_500_000, 3_000_000, 8_500_000)
    with write_session(engine) as s:
        add_expense(s, pid, ExpenseInput(line.id, DAY, 5_500_000, "Cisco"))
    with read_session(engine) as s:
        after = {f.line_id: f for f in line_figures(s, pid)}[line.id]
        health = portfolio_health(s, DAY, pid)[0]
        board = project_dashboard(s, pid, DAY)
    assert (after.open_committed, after.spent, after.forecast) == (0, 8_500_000, 8_500_000)
    assert not after.over_budget
    assert (health.cost, health.planned, health.forecast) == (GREEN, 8_500_000, 8_500_000)
    assert board.budget.forecast == 8_500_000 and board.budget.over_budget == []
    assert not [a for a in board.alerts if a.source == "budget"]
    # Invoices beyond the order are an overrun: 5,000 more is a forecast of 90,000.
    with write_session(engine) as s:
        add_expense(s, pid, ExpenseInput(line.id, DAY, 500_000, "Cisco"))
    with read_session(engine) as s:
        over = {f.line_id: f for f in line_figures(s, pid)}[line.id]
        health = portfolio_health(s, DAY, pid)[0]
    assert (over.open_committed, over.forecast, over.over_budget) == (0, 9_000_000, True)
    assert health.forecast == 9_000_000


def test_dashboard_evm_from_budget_time_and_progress(engine: Engine, small) -> None:
    clock.fix_today(date(2026, 11, 5))  # the progress below is recorded on the 5th
    with write_session(engine) as s:
        add_line(s, small["project"], LineInput("labour", "Team", 100_000))
        add_line(s, small["project"], LineInput("contingency", "Reserve", 50_000))
        task = s.get(Task, small["task"])
        task.percent_complete = 40  # type: ignore[union-attr]
        add_time(s, TimeInput(small["task"], small["person"], date(2026, 11, 4), 8 * 60))
        add_time(s, TimeInput(small["task"], small["person"], date(2026, 11, 30), 8 * 60))
    with read_session(engine) as s:
        board = project_dashboard(s, small["project"], date(2026, 11, 6))
    # BAC leaves the contingency out; five of ten days planned; 40 % earned; 8 h at 90.
    assert board.evm.bac == 100_000
    assert board.evm.pv == 50_000
    assert board.evm.ev == 40_000
    assert board.evm.ac == 72_000  # the entry after the status date does not count
    assert board.baseline_name is None
    assert not board.progress_unknown
    with read_session(engine) as s:
        before = project_dashboard(s, small["project"], date(2026, 11, 4))
    # On the 4th no progress had been recorded yet: nothing earned, and the board says so.
    assert before.evm.ev == 0 and before.progress_unknown


def test_status_date_before_the_start_is_refused(engine: Engine, small) -> None:
    with read_session(engine) as s, pytest.raises(ValidationError) as caught:
        project_dashboard(s, small["project"], date(2026, 10, 1))
    assert "before the project starts" in caught.value.errors["status_date"]


def test_alert_sources_can_be_added(engine: Engine, small) -> None:
    def risks(_session, ctx):
        return [alerts.Alert("risk", alerts.HIGH, "Risk R1 past review", "risk", 1)]

    alerts.register(risks)
    try:
        with read_session(engine) as s:
            board = project_dashboard(s, small["project"], DAY)
        assert any(a.source == "risk" for a in board.alerts)
        # The task is past its finish and not done: an overdue alert leads to it.
        overdue = next(a for a in board.alerts if a.source == "overdue")
        assert (overdue.target, overdue.target_id) == ("task", small["task"])
    finally:
        alerts.ALERT_SOURCES.remove(risks)


def test_demo_has_monitoring_data_and_a_consistent_dashboard(demo_engine: Engine) -> None:
    today = date.today()
    with read_session(demo_engine) as s:
        assert s.exec(select(func.count()).select_from(BudgetLine)).one() > 10
        assert s.exec(select(func.count()).select_from(TimeEntry)).one() > 50
        projects = list(s.exec(select(Project)))
        for project in projects:
            board = project_dashboard(s, project.id, today)  # type: ignore[arg-type]
            # Plans are baselined once delivery starts; before, the current plan is the measure.
            early = project.phase in ("initiation", "planning")
            assert board.baseline_name == (None if early else "Approved plan")
            assert board.budget.planned > 0
            assert board.evm.ac >= 0
            if board.curve:
                last_known = [p for p in board.curve if p.ac is not None][-1]
                assert last_known.ac == board.evm.ac
        # No person books more than 24 hours on a day.
        most = s.exec(
            select(
                func.max(
                    select(func.sum(TimeEntry.minutes))
                    .group_by(col(TimeEntry.person_id), col(TimeEntry.worked_on))
                    .subquery()
                    .c[0]
                )
            )
        ).one()
        assert most is None or most <= 24 * 60
        assert s.exec(select(func.count()).select_from(Person)).one() >= 5


def test_days_off_lower_capacity_and_duplicates_are_refused(engine: Engine, small) -> None:
    from itpm_tui.services.resources.capacity import add_day_off, delete_day_off
    from itpm_tui.services.resources.load import resource_load

    monday = date(2026, 11, 16)
    with write_session(engine) as s:
        add_day_off(s, small["person"], monday, "Leave")
    with pytest.raises(ValidationError) as caught, write_session(engine) as s:
        add_day_off(s, small["person"], monday)
    assert "already a day off" in caught.value.errors["on"]
    with read_session(engine) as s:
        load = resource_load(s, monday, 1)
    assert load.loads[small["person"]][0].capacity == 32  # four days of eight hours
    with write_session(engine) as s:
        assert delete_day_off(s, small["person"], monday)
        assert not delete_day_off(s, small["person"], monday)


def test_burn_up_is_the_done_band_of_the_cumulative_flow(demo_engine: Engine) -> None:
    from itpm_tui.models import WorkflowColumn

    with read_session(demo_engine) as s:
        project = s.exec(select(Project).where(Project.code == "APP-PORTAL")).one()
        board = project_dashboard(s, project.id, date.today())  # type: ignore[arg-type]
        done_now = s.exec(
            select(func.count())
            .select_from(Task)
            .join(WorkflowColumn, WorkflowColumn.id == Task.column_id)  # type: ignore[arg-type]
            .where(
                Task.project_id == project.id,
                WorkflowColumn.is_done,
                Task.is_milestone.is_(False),  # type: ignore[attr-defined]
            )
        ).one()
        parents = select(Task.parent_id).where(Task.parent_id.is_not(None))  # type: ignore[union-attr]
        cards = s.exec(
            select(Task.created_at).where(
                Task.project_id == project.id,
                Task.column_id.is_not(None),  # type: ignore[union-attr]
                Task.is_milestone.is_(False),  # type: ignore[attr-defined]
                Task.id.not_in(parents),  # type: ignore[union-attr]
            )
        ).all()
        milestones_on_board = s.exec(
            select(func.count())
            .select_from(Task)
            .where(Task.project_id == project.id, Task.is_milestone, Task.column_id.is_not(None))  # type: ignore[union-attr]
        ).one()
    assert board.flow_columns[-1] == "Done"
    day, done, total = board.burn[-1]
    assert day == date.today()
    assert (done, total) == (done_now, len(cards))
    assert milestones_on_board > 0  # the demo's board holds milestones: they are not cards
    # Scope on each day: the cards created by the end of it, never more.
    for day, counts in board.flow:
        made = sum(1 for at in cards if at.date() <= day)
        assert sum(counts.values()) == made


def _week_load(engine: Engine, person: int, week: date, first: date, weeks: int) -> float:
    from itpm_tui.services.resources.load import resource_load

    with read_session(engine) as s:
        load = resource_load(s, first, weeks, as_of=date(2026, 11, 2))
    return next(w for w in load.loads[person] if w.week == week).load


def _estimate_ten_days(engine: Engine, task_id: int) -> None:
    with write_session(engine) as s:
        task = s.get(Task, task_id)
        assert task is not None
        task.estimate_days = 10.0
        s.add(task)


def test_a_weeks_load_is_the_same_in_every_window(engine: Engine, small) -> None:
    _estimate_ten_days(engine, small["task"])
    # Build: 10 days (2 to 13 November), 80 hours not started. Paging to the second
    # week must not squeeze the whole 80 hours into it.
    second = date(2026, 11, 9)
    assert _week_load(engine, small["person"], second, date(2026, 11, 2), 2) == 40
    assert _week_load(engine, small["person"], second, second, 1) == 40
    assert _week_load(engine, small["person"], second, second, 4) == 40


def test_a_day_off_outside_the_window_still_spreads_the_work(engine: Engine, small) -> None:
    from itpm_tui.services.resources.capacity import add_day_off

    _estimate_ten_days(engine, small["task"])
    with write_session(engine) as s:
        add_day_off(s, small["person"], date(2026, 11, 4), "Leave")
    # 80 hours over the 9 days Ana works on Build: 5 of them in the second week.
    second = date(2026, 11, 9)
    expected = pytest.approx(80 * 5 / 9)
    assert _week_load(engine, small["person"], second, date(2026, 11, 2), 2) == expected
    assert _week_load(engine, small["person"], second, second, 1) == expected


def test_a_project_holiday_lowers_capacity(engine: Engine, small) -> None:
    from itpm_tui.models import Holiday
    from itpm_tui.services.resources.load import resource_load

    with write_session(engine) as s:
        s.add(Holiday(project_id=small["project"], name="Armistice", on=date(2026, 11, 11)))
    with read_session(engine) as s:
        load = resource_load(s, date(2026, 11, 9), 2, as_of=date(2026, 11, 2))
    weeks = load.loads[small["person"]]
    assert [w.capacity for w in weeks] == [32, 40]  # four days of eight hours, then five
