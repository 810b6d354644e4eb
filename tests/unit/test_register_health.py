"""Health from the registers, by the manager's thresholds, read the same in every view."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from itpm_tui import clock
from itpm_tui.db import read_session, write_session
from itpm_tui.models import (
    ComplianceFramework,
    ComplianceRequirement,
    Defect,
    LogEntry,
    Person,
    QualityCheck,
    Risk,
)
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.monitoring.health import AMBER, BY_INDICATOR, GREEN, RED, THRESHOLDS
from itpm_tui.services.monitoring.health_thresholds import (
    format_limit,
    list_thresholds,
    parse_limit,
    reset_threshold,
    set_threshold,
)
from itpm_tui.services.monitoring.register_health import register_indicators
from itpm_tui.services.monitoring.status_report import portfolio_report
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.health import portfolio_health
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.portfolio.rating import rated_portfolio
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 20)


def _project(engine: Engine, code: str = "REG") -> int:
    with write_session(engine) as s:
        project = create_project(
            s, ProjectInput(code=code, name="Registers", start=date(2026, 11, 2))
        )
        return int(project.id)  # type: ignore[arg-type]


def _fill_registers(engine: Engine, pid: int) -> None:
    """Each register with rows that count and rows that must not."""
    with write_session(engine) as s:
        # Risks: 4x4 open counts; 4x4 closed and 3x4 open (high, not critical) do not.
        s.add(Risk(project_id=pid, title="Vendor fails", probability=4, impact=4))
        s.add(Risk(project_id=pid, title="Occurred", probability=5, impact=3, status="occurred"))
        s.add(Risk(project_id=pid, title="Closed", probability=4, impact=4, status="closed"))
        s.add(Risk(project_id=pid, title="High", probability=3, impact=4))
        # Issues: open past due counts; resolved, not yet due, decisions do not.
        late = DAY - timedelta(days=3)
        s.add(LogEntry(project_id=pid, description="Late", raised=late, due=late))
        s.add(
            LogEntry(
                project_id=pid,
                description="Done",
                raised=late,
                due=late,
                status="resolved",
                resolution="fixed",
            )
        )
        s.add(LogEntry(project_id=pid, description="Later", raised=late, due=DAY))
        s.add(LogEntry(project_id=pid, kind="decision", description="D", raised=late, due=late))
        # Checks: fail and partial count, pass and not yet run do not.
        for result in ("fail", "partial", "pass", ""):
            s.add(QualityCheck(project_id=pid, title=f"Check {result}", result=result))
        framework = ComplianceFramework(project_id=pid, name="ISO 27001")
        s.add(framework)
        s.flush()
        for status in ("gap", "gap", "compliant", "unassessed"):
            s.add(
                ComplianceRequirement(
                    framework_id=int(framework.id),  # type: ignore[arg-type]
                    title=f"Control {status}",
                    status=status,
                    current_state="as is",
                )
            )
        # Defects: open on DAY counts; resolved by DAY, opened after DAY do not.
        s.add(Defect(project_id=pid, title="Open", opened=DAY - timedelta(days=5)))
        s.add(Defect(project_id=pid, title="Fixed after", opened=late, resolved=DAY + timedelta(1)))
        s.add(Defect(project_id=pid, title="Fixed", opened=late, resolved=DAY))
        s.add(Defect(project_id=pid, title="Future", opened=DAY + timedelta(days=1)))
        # Tasks tagged as defects: whole tags only, open only, not one a defect names.
        create_task(s, pid, TaskInput(title="Crash", tags="ui, bug"))
        create_task(s, pid, TaskInput(title="Debugging aid", tags="debugging"))
        create_task(s, pid, TaskInput(title="Done bug", tags="bug", status="done"))
        named = create_task(s, pid, TaskInput(title="Named", tags="defect"))
        s.add(Defect(project_id=pid, title="Named", opened=late, task_id=named.id))


def test_each_register_counts_what_it_should(engine: Engine) -> None:
    pid = _project(engine)
    _fill_registers(engine, pid)
    with read_session(engine) as s:
        found = register_indicators(s, DAY)[pid]
    assert found == {
        "critical_risks": 2,  # open and occurred, scored 16 and 15
        "overdue_issues": 1,
        "failed_checks": 2,
        "compliance_gaps": 2,
        # Open, fixed after DAY, the named one's defect; and the open task tagged bug.
        "open_defects": 4,
    }


def test_registers_rate_the_project(engine: Engine) -> None:
    pid = _project(engine)
    _fill_registers(engine, pid)
    with read_session(engine) as s:
        row = portfolio_health(s, DAY, pid)[0]
    assert row.risk == AMBER
    assert "2 critical risks open" in row.reasons["risk"]
    assert "1 issue overdue" in row.reasons["risk"]
    assert row.quality == AMBER
    assert row.reasons["quality"] == (
        "4 open defects, 2 quality checks failed or partial, 2 compliance gaps"
    )


def test_people_loaded_past_capacity_count_for_their_projects(engine: Engine) -> None:
    with write_session(engine) as s:
        person = Person(name="Ben Keller")
        s.add(person)
        s.flush()
        ids = []
        for code in ("A", "B", "C"):
            project = create_project(s, ProjectInput(code=code, name=code, start=DAY))
            ids.append(int(project.id))  # type: ignore[arg-type]
        # Mon-Fri of one week, a full day's work each in A and B: 200 % that week.
        monday = DAY - timedelta(days=DAY.weekday()) + timedelta(weeks=1)
        for pid in ids[:2]:
            create_task(
                s,
                pid,
                TaskInput(
                    title="Work",
                    start=monday,
                    finish=monday + timedelta(days=4),
                    estimate_days=5,
                    assignee_id=person.id,
                ),
            )
    with read_session(engine) as s:
        found = register_indicators(s, DAY)
        alone = register_indicators(s, DAY, ids[0])
        rows = {r.code: r for r in portfolio_health(s, DAY)}
    assert found[ids[0]]["peak_load"] == Fraction(2) == found[ids[1]]["peak_load"]
    assert "peak_load" not in found.get(ids[2], {})  # C gives Ben no work
    assert alone[ids[0]]["peak_load"] == Fraction(2)
    assert rows["A"].reasons["risk"] == f"Ben Keller loaded 200% (week of {monday.isoformat()})"
    assert rows["C"].risk == GREEN


def test_thresholds_are_the_projects_own_else_the_portfolios_else_the_default(
    engine: Engine,
) -> None:
    pid = _project(engine)
    other = _project(engine, "OTHER")
    _fill_registers(engine, pid)
    _fill_registers(engine, other)

    def risk() -> dict[int, str]:
        with read_session(engine) as s:
            return {r.id: r.risk for r in portfolio_health(s, DAY)}

    assert risk() == {pid: AMBER, other: AMBER}
    with write_session(engine, "portfolio limit") as s:
        # Portfolio-wide: a single critical risk is red.
        set_threshold(s, None, "critical_risks", Decimal(0), Decimal(0))
    assert risk() == {pid: RED, other: RED}
    with write_session(engine, "project limit") as s:
        # This project tolerates up to five before amber, never red.
        set_threshold(s, pid, "critical_risks", Decimal(5), None)
        set_threshold(s, pid, "overdue_issues", None, None)
    assert risk() == {pid: GREEN, other: RED}
    with read_session(engine) as s:
        rows = {r.indicator: r for r in list_thresholds(s, pid)}
        portfolio_rows = {r.indicator: r for r in list_thresholds(s, None)}
    assert (rows["critical_risks"].source, rows["critical_risks"].amber) == ("project", 5)
    assert portfolio_rows["critical_risks"].source == "portfolio"
    assert rows["slip_days"].source == "default"
    with write_session(engine, "reset") as s:
        assert reset_threshold(s, pid, "critical_risks")
        assert not reset_threshold(s, pid, "critical_risks")
    assert risk() == {pid: RED, other: RED}


def test_a_threshold_with_red_short_of_amber_is_refused(engine: Engine) -> None:
    pid = _project(engine)
    with write_session(engine) as s:
        with pytest.raises(ValidationError) as above:
            set_threshold(s, pid, "slip_days", Decimal(10), Decimal(5))
        with pytest.raises(ValidationError) as below:
            set_threshold(s, pid, "spi", Decimal("0.8"), Decimal("0.9"))
        with pytest.raises(ValidationError):
            set_threshold(s, pid, "manager_rating", Decimal(0), Decimal(1))  # the rule itself
    assert above.value.errors["red"] == "red must be at or above amber (10 d)"
    assert below.value.errors["red"] == "red must be at or below amber (0.8)"


EDITABLE = [t for t in THRESHOLDS if t.editable]


@given(
    threshold=st.sampled_from(EDITABLE),
    value=st.decimals(min_value=0, max_value=5, places=2, allow_nan=False),
)
def test_a_limit_reads_back_as_it_was_shown(threshold, value) -> None:
    if threshold.unit in ("days", "count"):
        value = value.to_integral_value()
    typed = parse_limit(threshold, format_limit(threshold, parse_limit(threshold, str(value))))
    expected = value / 100 if threshold.unit == "percent" else value
    assert typed == expected


def test_limits_are_typed_in_their_unit() -> None:
    assert parse_limit(BY_INDICATOR["forecast_over"], "10%") == Decimal("0.1")
    assert parse_limit(BY_INDICATOR["slip_days"], "10 d") == 10
    assert parse_limit(BY_INDICATOR["spi"], "never") is None
    assert format_limit(BY_INDICATOR["peak_load"], Fraction(3, 2)) == "150%"
    with pytest.raises(ValueError, match="a whole number"):
        parse_limit(BY_INDICATOR["overdue_tasks"], "1.5")
    with pytest.raises(ValueError, match="at most 5"):
        parse_limit(BY_INDICATOR["satisfaction"], "6")
    with pytest.raises(ValueError, match="not negative"):
        parse_limit(BY_INDICATOR["slip_days"], "-1")


def test_every_view_reads_the_colour_and_reasons_of_the_projects_dashboard(
    demo_engine: Engine,
) -> None:
    """Seen: NET-CORE green on the portfolio with SPI 0.91 and a critical risk on its own."""
    today = clock.today()
    with read_session(demo_engine) as s:
        rated = rated_portfolio(s, today)
        report = {p["code"]: p for p in portfolio_report(s, today)["projects"]}
        for row in rated:
            board = project_dashboard(s, row.id, today, with_alerts=False)
            assert (row.health, row.reasons) == (board.health, board.health_reasons), row.code
            assert report[row.code]["health"] == board.health
    by_code = {r.code: r for r in rated}
    assert by_code["NET-CORE"].health != GREEN
    assert "critical risk" in by_code["NET-CORE"].reasons["risk"]
    assert "compliance gap" in by_code["SEC-MFA"].reasons["quality"]
    assert "critical risk" in by_code["ERP-S4"].reasons["risk"]
    assert "compliance gap" in by_code["ERP-S4"].reasons["quality"]
