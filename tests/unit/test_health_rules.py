"""Health rules: every threshold just inside, at and beyond it, and the overall colour."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services.monitoring.budget_records import LineInput, add_line
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.monitoring.health import AMBER, GREEN, RED, area_rule, combine, rate_areas
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.health import cost_rule, quality_rule, risk_rule
from itpm_tui.services.portfolio.projects import ProjectInput, create_project

D = Decimal


@pytest.mark.parametrize(
    ("area", "indicator", "value", "health"),
    [
        ("schedule", "slip_days", 0, GREEN),
        ("schedule", "slip_days", 1, AMBER),
        ("schedule", "slip_days", 10, AMBER),
        ("schedule", "slip_days", 11, RED),
        ("schedule", "slipped_milestones", 0, GREEN),
        ("schedule", "slipped_milestones", 1, AMBER),
        ("schedule", "slipped_milestones", 2, RED),
        ("schedule", "overdue_tasks", 0, GREEN),
        ("schedule", "overdue_tasks", 1, AMBER),
        ("schedule", "overdue_tasks", 500, AMBER),
        ("schedule", "spi", D("0.951"), GREEN),
        ("schedule", "spi", D("0.95"), GREEN),
        ("schedule", "spi", D("0.949"), AMBER),
        ("schedule", "spi", D("0.80"), AMBER),
        ("schedule", "spi", D("0.799"), RED),
        ("schedule", "spi", D("0.10"), RED),
        ("schedule", "spi", None, GREEN),  # no earned value yet: not rated
        ("cost", "forecast_over", Fraction(0), GREEN),
        ("cost", "forecast_over", Fraction(1, 1000), AMBER),
        ("cost", "forecast_over", Fraction(1, 10), AMBER),
        ("cost", "forecast_over", Fraction(101, 1000), RED),
        ("cost", "unbudgeted_spend", 0, GREEN),
        ("cost", "unbudgeted_spend", 1, AMBER),
        ("cost", "cpi", D("0.95"), GREEN),
        ("cost", "cpi", D("0.949"), AMBER),
        ("cost", "cpi", D("0.80"), AMBER),
        ("cost", "cpi", D("0.799"), RED),
        ("risk", "manager_rating", 0, GREEN),
        ("risk", "manager_rating", 1, AMBER),
        ("risk", "manager_rating", 2, RED),
        ("risk", "blocked_tasks", 2, GREEN),
        ("risk", "blocked_tasks", 3, AMBER),
        ("risk", "blocked_tasks", 40, AMBER),
        ("quality", "open_defects", 2, GREEN),
        ("quality", "open_defects", 3, AMBER),
        ("quality", "open_defects", 7, AMBER),
        ("quality", "open_defects", 8, RED),
        ("quality", "satisfaction", Fraction(7, 2), GREEN),
        ("quality", "satisfaction", Fraction(349, 100), AMBER),
        ("quality", "satisfaction", Fraction(3), AMBER),
        ("quality", "satisfaction", Fraction(299, 100), RED),
        ("kpis", "kpis_red", 0, GREEN),
        ("kpis", "kpis_red", 1, AMBER),
        ("kpis", "kpis_red", 2, RED),
    ],
)
def test_each_threshold_just_inside_at_and_beyond(
    area: str, indicator: str, value: object, health: str
) -> None:
    assert area_rule(area, {indicator: value}).health == health  # type: ignore[dict-item]


def test_the_wrappers_keep_the_thresholds() -> None:
    assert cost_rule(1000, 1100, 500).health == AMBER
    assert cost_rule(1000, 1101, 500).health == RED
    assert cost_rule(0, 0, 0).reason == "no budget yet"
    assert cost_rule(0, 0, 1).health == AMBER
    assert risk_rule("amber", 0).health == AMBER and risk_rule("green", 2).health == GREEN
    assert quality_rule(0, Fraction(3)).health == AMBER


def test_overall_is_the_worst_area_and_names_every_area_of_that_colour() -> None:
    # Seen: SPI 0.10 and two KPIs red, yet the project read AMBER.
    rules = rate_areas({"spi": D("0.10"), "kpis_red": 2, "manager_rating": 1})
    health, reason = combine(rules)
    assert health == RED
    assert reason == "schedule: SPI 0.10; kpis: 2 KPIs red"
    assert combine(rate_areas({"overdue_tasks": 1, "blocked_tasks": 3})) == (
        AMBER,
        "schedule: 1 task overdue; risk: 3 blocked tasks",
    )
    assert combine(rate_areas({"spi": D("1.2"), "kpis_red": 0})) == (GREEN, "on track")


def test_a_dashboard_with_a_red_spi_reads_red(engine: Engine) -> None:
    """Planned 90 % done by the status date, nothing earned: SPI 0.00, schedule red."""
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="P1", name="One", start=date(2026, 11, 2)))
        pid = int(project.id)  # type: ignore[arg-type]
        create_task(
            s, pid, TaskInput(title="Build", start=date(2026, 11, 2), finish=date(2026, 11, 13))
        )
        add_line(s, pid, LineInput("labour", "Team", 100_000))
    with read_session(engine) as s:
        board = project_dashboard(s, pid, date(2026, 11, 12))
    assert board.evm.spi is not None and board.evm.spi < D("0.80")
    assert board.health == RED
    assert "schedule: SPI 0.00" in board.health_reason
