"""KPI targets, the service window and downtime on a real database file, and what they change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.models import KpiTarget, Project
from itpm_tui.services.monitoring import kpi_records as records
from itpm_tui.services.monitoring.dashboard import project_dashboard
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared import undo
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 18)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def project_id(engine: Engine) -> int:
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="NET", name="Net", start=date(2026, 11, 2)))
        return int(project.id)  # type: ignore[arg-type]


def kpi(engine: Engine, project_id: int, key: str):
    with read_session(engine) as s:
        board = project_dashboard(s, project_id, DAY)
    return next((k for k in board.kpis if k.key == key), None), board.alerts


# --- targets ---------------------------------------------------------------------------------


def test_a_target_is_stored_in_hundredths_and_the_dashboard_uses_it(engine, project_id) -> None:
    with write_session(engine, "set the on-time delivery target") as s:
        records.set_target(s, project_id, "on_time", Decimal("87.25"))
    with read_session(engine) as s:
        rows = {r.kpi: r for r in records.list_targets(s, project_id)}
        stored = s.get(KpiTarget, 1)
    assert stored is not None and stored.target == 8725
    assert rows["on_time"] == records.TargetRow("on_time", Decimal("87.25"), True)
    assert rows["uptime"] == records.TargetRow("uptime", Decimal("99.5"), False)
    assert list(rows) == records.KPI_KEYS
    on_time, _ = kpi(engine, project_id, "on_time")
    assert on_time.target == Decimal("87.25")


def test_setting_a_target_twice_keeps_one_row_and_reset_goes_back_to_default(
    engine, project_id
) -> None:
    for value in ("4.5", "3.25"):
        with write_session(engine, "set") as s:
            records.set_target(s, project_id, "satisfaction", Decimal(value))
    with read_session(engine) as s:
        own = [r for r in records.list_targets(s, project_id) if r.own]
    assert own == [records.TargetRow("satisfaction", Decimal("3.25"), True)]
    with write_session(engine, "reset") as s:
        assert records.reset_target(s, project_id, "satisfaction") is True
        assert records.reset_target(s, project_id, "satisfaction") is False
    satisfaction, _ = kpi(engine, project_id, "satisfaction")
    assert satisfaction.target == Decimal("4.0")


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("uptime", "100.5", "between 0 and 100"),
        ("uptime", "-1", "between 0 and 100"),
        ("uptime", "99.5055", "at most 2 decimals"),
        ("uptime", "lots", "is not a number"),
        ("uptime", "", "a target is required"),
        ("satisfaction", "0.5", "between 1 and 5"),
        ("satisfaction", "6", "between 1 and 5"),
        ("defects", "-2", "between 0 and 3650"),
        ("budget", "0", "between 0.01 and 10"),
        ("on_time", "NaN", "is not a number"),
        ("on_time", "Infinity", "is not a number"),
    ],
)
def test_parse_target_refuses_what_the_kpi_cannot_mean(key, text, message) -> None:
    with pytest.raises(ValueError, match=message):
        records.parse_target(key, text)


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("uptime", "99.5", "99.50"),
        ("uptime", "99,95 %", "99.95"),
        ("budget", "0.9", "0.90"),
        ("defects", "0", "0.00"),
        ("satisfaction", "5", "5.00"),
    ],
)
def test_parse_target_reads_what_people_type(key, text, value) -> None:
    assert records.parse_target(key, text) == Decimal(value)


def test_set_target_refuses_out_of_range_and_unknown_kpis(engine, project_id) -> None:
    with write_session(engine) as s:
        with pytest.raises(ValidationError) as caught:
            records.set_target(s, project_id, "uptime", Decimal("101"))
        assert "between 0 and 100" in caught.value.errors["target"]
        with pytest.raises(ValidationError) as caught:
            records.set_target(s, project_id, "velocity", Decimal("1"))
        assert "kpi" in caught.value.errors
    with read_session(engine) as s:
        assert not any(r.own for r in records.list_targets(s, project_id))


def test_format_target_shows_the_unit() -> None:
    assert records.format_target("uptime", Decimal("99.5")) == "99.50%"
    assert records.format_target("budget", Decimal("0.95")) == "CPI 0.95"
    assert records.format_target("defects", Decimal("5")) == "5.00 d"
    assert records.format_target("satisfaction", Decimal("4")) == "4.00/5"


# --- service window --------------------------------------------------------------------------


def test_the_service_window_is_one_per_project_and_turns_on_the_uptime_kpi(
    engine, project_id
) -> None:
    assert kpi(engine, project_id, "uptime")[0] is None
    with write_session(engine, "set the service window") as s:
        records.save_window(
            s, project_id, records.ServiceWindowInput("Core \x1b[31m", 8, 18, "mon-fri")
        )
    with write_session(engine, "set the service window") as s:
        records.save_window(s, project_id, records.ServiceWindowInput("Core", 6, 22, "mon,wed,fri"))
    with read_session(engine) as s:
        window = records.get_window(s, project_id)
    assert window is not None
    assert (window.system, window.start_hour, window.end_hour, window.weekdays) == (
        "Core",
        6,
        22,
        "0,2,4",
    )
    assert records.describe_window(window) == "Core, 06:00-22:00 UTC, mon,wed,fri"
    up, _ = kpi(engine, project_id, "uptime")
    assert up is not None and up.value == Decimal("100.00")


def test_the_system_name_is_stored_without_control_characters(engine, project_id) -> None:
    with write_session(engine) as s:
        window = records.save_window(
            s, project_id, records.ServiceWindowInput("A\x1b[2Jb", 0, 24, "0-6")
        )
        assert "\x1b" not in window.system


@pytest.mark.parametrize(
    ("start", "end", "days", "field", "message"),
    [
        (8, 8, "mon-fri", "end_hour", "must differ from the start hour"),
        (6, 6, "mon-fri", "end_hour", "must differ from the start hour"),
        (24, 6, "mon-fri", "start_hour", "0 to 23"),
        (None, 6, "mon-fri", "start_hour", "required"),
        (0, 25, "mon-fri", "end_hour", "0 to 24"),
        (0, 24, "funday", "weekdays", "not a weekday"),
        (0, 24, "mon-", "weekdays", "not a range of weekdays"),
        (0, 24, "", "weekdays", "at least one weekday"),
    ],
)
def test_a_wrong_window_saves_nothing(engine, project_id, start, end, days, field, message) -> None:
    with write_session(engine) as s, pytest.raises(ValidationError) as caught:
        records.save_window(s, project_id, records.ServiceWindowInput("X", start, end, days))
    assert message in caught.value.errors[field]
    with read_session(engine) as s:
        assert records.get_window(s, project_id) is None


@pytest.mark.parametrize(("text", "hour"), [("0", 0), ("6", 6), ("24", 24), ("22:00", 22)])
def test_parse_hour(text: str, hour: int) -> None:
    assert records.parse_hour(text) == hour


@pytest.mark.parametrize("text", ["25", "6.5", "-1", "six", "100"])
def test_parse_hour_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="hour"):
        records.parse_hour(text)


# --- downtime --------------------------------------------------------------------------------


def test_downtime_add_edit_delete_and_the_uptime_it_costs(engine, project_id) -> None:
    with write_session(engine) as s:
        records.save_window(s, project_id, records.ServiceWindowInput("Core", 0, 24, "mon-sun"))
        first = records.add_downtime(
            s, project_id, records.DowntimeInput(at(10, 10), at(10, 22), False, "Core", "cut")
        )
        records.add_downtime(
            s, project_id, records.DowntimeInput(at(12, 1), at(12, 5), True, "Core", "patch")
        )
    assert first.id is not None
    with read_session(engine) as s:
        listed = records.list_downtime(s, project_id)
    assert [d.note for d in listed] == ["patch", "cut"]  # newest first
    up, alerts = kpi(engine, project_id, "uptime")
    # 30 days of 24 h, 4 h planned out of it, 12 h unplanned down: 98.32 % is red.
    assert up.value == Decimal(str(round(100 * (716 - 12) / 716, 2)))
    assert up.health == "red"
    [alert] = [a for a in alerts if a.source == "uptime"]
    assert alert.target == "kpis" and alert.severity == "high"
    with write_session(engine) as s:
        records.update_downtime(
            s, first.id, records.DowntimeInput(at(10, 10), at(10, 15), False, "Core", "cut")
        )
    up, alerts = kpi(engine, project_id, "uptime")
    assert up.value == Decimal("99.30") and up.health == "amber"
    assert any(a.source == "uptime" and a.severity == "medium" for a in alerts)
    with write_session(engine) as s:
        records.delete_downtime(s, first.id)
    up, alerts = kpi(engine, project_id, "uptime")
    assert up.value == Decimal("100.00") and not [a for a in alerts if a.source == "uptime"]


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (at(10, 10), at(10, 10), "end", "after the start"),
        (at(10, 10), at(10, 9), "end", "after the start"),
        (None, at(10, 9), "start", "required"),
        (at(10, 10), None, "end", "required"),
    ],
)
def test_wrong_downtime_saves_nothing(engine, project_id, start, end, field, message) -> None:
    with write_session(engine) as s, pytest.raises(ValidationError) as caught:
        records.add_downtime(s, project_id, records.DowntimeInput(start, end))
    assert message in caught.value.errors[field]
    with read_session(engine) as s:
        assert records.list_downtime(s, project_id) == []


def test_format_duration() -> None:
    assert records.format_duration(at(1, 10), at(1, 10, 40)) == "40 min"
    assert records.format_duration(at(1, 10), at(1, 11, 35)) == "1 h 35 min"
    assert records.format_duration(at(1, 10), at(3, 13)) == "2 d 3 h"


def test_each_write_is_an_action_that_undo_takes_back(engine, project_id) -> None:
    with write_session(engine, "record downtime", project_id=project_id) as s:
        records.add_downtime(s, project_id, records.DowntimeInput(at(10, 10), at(10, 11)))
    with write_session(engine, "set the system uptime target", project_id=project_id) as s:
        records.set_target(s, project_id, "uptime", Decimal("99.9"))
    assert undo.run(engine, "undo").label == "set the system uptime target"
    assert undo.run(engine, "undo").label == "record downtime"
    with read_session(engine) as s:
        assert records.list_downtime(s, project_id) == []
        assert not any(r.own for r in records.list_targets(s, project_id))


def test_the_overview_holds_all_six_kpis_targets_window_and_downtime(engine, project_id) -> None:
    with write_session(engine) as s:
        records.save_window(s, project_id, records.ServiceWindowInput("Core", 6, 22, "mon-fri"))
        records.add_downtime(s, project_id, records.DowntimeInput(at(16, 9), at(16, 10)))
    with read_session(engine) as s:
        overview = records.kpi_overview(s, project_id, DAY)
        project = s.get(Project, project_id)
    assert project is not None and overview.code == project.code
    assert set(overview.kpis) == set(records.KPI_KEYS)
    assert [t.kpi for t in overview.targets] == records.KPI_KEYS
    assert len(overview.downtime) == 1 and overview.window is not None
    assert overview.uptime_from == date(2026, 10, 20)


def test_a_night_window_crosses_midnight(engine, project_id) -> None:
    with write_session(engine, "set the service window") as s:
        window = records.save_window(
            s, project_id, records.ServiceWindowInput("Batch", 22, 6, "mon-fri")
        )
        assert records.describe_window(window) == (
            "Batch, 22:00-06:00 UTC (to the next day), mon-fri"
        )
    with read_session(engine) as s:
        saved = records.get_window(s, project_id)
    assert saved is not None and (saved.start_hour, saved.end_hour) == (22, 6)


def test_the_defect_kpi_reads_the_quality_register(engine, project_id) -> None:
    from itpm_tui.services.registers.quality import DefectInput, save_defect

    found, _ = kpi(engine, project_id, "defects")
    assert (found.value, found.reason) == (None, "no defect logged")
    with write_session(engine, "log defects") as s:
        opened = date(2026, 11, 10)
        save_defect(s, project_id, None, DefectInput("Login loops", opened=opened), DAY)
        save_defect(
            s,
            project_id,
            None,
            DefectInput("VPN drops", opened=opened, resolved=date(2026, 11, 14)),
            DAY,
        )
        # Resolved on the status date itself: it counts as resolved then.
        save_defect(
            s,
            project_id,
            None,
            DefectInput("Late fix", opened=opened, resolved=date(2026, 11, 18)),
            DAY,
        )
    found, _ = kpi(engine, project_id, "defects")
    # Resolved: 4 and 8 days; as of the 18th both count, one still open.
    assert found.value == Decimal("6.0")
    assert found.reason == "2 resolved, 1 open, target 5 d"
    with read_session(engine) as s:
        earlier = project_dashboard(s, project_id, date(2026, 11, 16))
    before = next(k for k in earlier.kpis if k.key == "defects")
    assert (before.value, before.reason) == (Decimal("4.0"), "1 resolved, 2 open, target 5 d")


def test_a_target_changed_elsewhere_since_it_was_read_is_neither_set_nor_reset(
    engine, project_id
) -> None:
    from itpm_tui.services.shared.errors import StaleEdit

    with write_session(engine, "mine") as s:
        records.set_target(s, project_id, "budget", Decimal("0.95"))
    with read_session(engine) as s:
        seen = records.get_target(s, project_id, "budget")
    with write_session(engine, "another window") as s:
        records.set_target(s, project_id, "budget", Decimal("0.90"))
    with pytest.raises(StaleEdit), write_session(engine, "reset") as s:
        records.ensure_target_unchanged(s, project_id, "budget", seen.version)
        records.reset_target(s, project_id, "budget")
    with read_session(engine) as s:
        now = records.get_target(s, project_id, "budget")
        assert (now.own, now.target) == (True, Decimal("0.90"))
        records.ensure_target_unchanged(s, project_id, "budget", now.version)  # fresh: passes
