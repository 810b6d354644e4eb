"""Risk scoring and review dates, the change-request flow, cadences, compliance summaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.kanban.cadence import describe, next_dates, parse_cadence
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.registers.changes import allowed_next, check_transition
from itpm_tui.services.registers.compliance import summarise
from itpm_tui.services.registers.quality import mean_resolution_days, resolution_days
from itpm_tui.services.registers.risks import (
    heat_counts,
    level,
    next_review_after,
    review_due,
    score,
)
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.export import to_csv, to_markdown

TODAY = date(2026, 11, 18)


# --- risks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "i", "value", "band"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (3, 4, 12, "high"),
        (3, 5, 15, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_score_and_level(p: int, i: int, value: int, band: str) -> None:
    assert score(p, i) == value
    assert level(value) == band


@pytest.mark.parametrize(("p", "i"), [(0, 3), (6, 1), (3, -1)])
def test_score_refuses_values_off_the_scale(p: int, i: int) -> None:
    with pytest.raises(ValueError):
        score(p, i)


def test_review_interval_follows_the_level() -> None:
    assert next_review_after(TODAY, 20) == date(2026, 11, 25)  # critical: a week
    assert next_review_after(TODAY, 12) == date(2026, 12, 2)  # high: two weeks
    assert next_review_after(TODAY, 6) == date(2026, 12, 18)  # medium: 30 days
    assert next_review_after(TODAY, 2) == date(2027, 1, 17)  # low: 60 days


def test_review_due_only_for_risks_not_closed_past_their_date() -> None:
    assert review_due(date(2026, 11, 17), "open", TODAY)
    assert not review_due(TODAY, "open", TODAY)
    assert not review_due(date(2026, 11, 1), "closed", TODAY)
    assert not review_due(None, "open", TODAY)


def test_heat_counts_land_in_their_cells() -> None:
    grid = heat_counts([(5, 1), (5, 1), (1, 5), (3, 3)])
    assert grid[4][0] == 2 and grid[0][4] == 1 and grid[2][2] == 1
    assert sum(map(sum, grid)) == 4


@given(st.integers(1, 5), st.integers(1, 5))
def test_score_is_symmetric_and_its_level_is_monotone(p: int, i: int) -> None:
    bands = ["low", "medium", "high", "critical"]
    assert score(p, i) == score(i, p)
    if p < 5:
        assert bands.index(level(score(p + 1, i))) >= bands.index(level(score(p, i)))


# --- change requests --------------------------------------------------------------------


def test_change_flow() -> None:
    assert allowed_next("proposed") == ("assessed", "rejected")
    assert allowed_next("assessed") == ("approved", "rejected")
    assert allowed_next("approved") == ("implemented",)
    assert allowed_next("rejected") == () and allowed_next("implemented") == ()
    check_transition("assessed", "approved")
    with pytest.raises(ItpmError, match="A proposed change can become assessed or rejected"):
        check_transition("proposed", "approved")
    with pytest.raises(ItpmError, match="final"):
        check_transition("rejected", "approved")


# --- cadences ----------------------------------------------------------------------------


def test_presets_and_rrules_are_accepted() -> None:
    assert parse_cadence("Weekly on  Monday") == "FREQ=WEEKLY;BYDAY=MO"
    assert parse_cadence("freq=weekly;byday=tu") == "FREQ=WEEKLY;BYDAY=TU"
    assert describe("FREQ=WEEKLY;BYDAY=MO") == "weekly on monday"


@pytest.mark.parametrize("text", ["", "every blue moon", "FREQ=SOMETIMES", "BYDAY=MO"])
def test_bad_cadences_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cadence(text)


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("every 2 weeks on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2 weeks on tuesday"),
        ("fortnightly on fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2 weeks on friday"),
        (
            "every other week on mon and thu",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "every 2 weeks on monday and thursday",
        ),
        (
            "weekly on mon, wed, fri",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            "weekly on monday, wednesday and friday",
        ),
        ("every 3 days", "FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("every working day", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every working day"),
        (
            "the last working day of the month",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "monthly on the last working day",
        ),
        (
            "first working day of each quarter",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
            "quarterly on the first working day",
        ),
        ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "monthly on the 15th"),
        (
            "every 2 months on the last friday",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
            "every 2 months on the last friday",
        ),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3", "quarterly"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            "every 2 weeks on wednesday",
        ),
    ],
)
def test_everyday_phrasings_are_read_and_shown_back_in_words(
    text: str, rule: str, words: str
) -> None:
    assert parse_cadence(text) == rule
    assert describe(rule) == words
    assert parse_cadence(describe(rule)) == rule  # what is shown can be typed back


def test_a_rule_with_no_words_is_shown_as_the_rule() -> None:
    assert describe("FREQ=HOURLY;INTERVAL=5") == "FREQ=HOURLY;INTERVAL=5"


def test_every_2_weeks_on_tuesday_from_a_thursday_starts_the_coming_tuesday() -> None:
    rule = parse_cadence("every 2 weeks on tuesday")
    thursday = date(2026, 11, 19)
    assert next_dates(rule, thursday, thursday, 3) == [
        date(2026, 11, 24),
        date(2026, 12, 8),
        date(2026, 12, 22),
    ]


def test_weekly_on_monday_from_a_wednesday() -> None:
    rule = parse_cadence("weekly on monday")
    assert next_dates(rule, date(2026, 1, 5), TODAY, 3) == [
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 12, 7),
    ]


def test_first_working_day_across_month_ends() -> None:
    rule = parse_cadence("monthly on the first working day")
    # 2026-11-01 is a Sunday, 2027-05-01 a Saturday.
    got = next_dates(rule, date(2026, 1, 1), date(2026, 10, 2), 8)
    assert got[:3] == [date(2026, 11, 2), date(2026, 12, 1), date(2027, 1, 1)]
    assert date(2027, 5, 3) in got


def test_a_holiday_moves_the_date_to_the_next_working_day() -> None:
    calendar = WorkCalendar(holidays=frozenset({date(2027, 1, 1)}))
    rule = parse_cadence("monthly on the first working day")
    got = next_dates(rule, date(2026, 1, 1), date(2026, 12, 2), 2, calendar.is_working_day)
    assert got == [date(2027, 1, 4), date(2027, 2, 1)]


def test_last_working_day_of_the_month() -> None:
    rule = parse_cadence("monthly on the last working day")
    # 2027-01-31 is a Sunday: the Friday before.
    assert next_dates(rule, date(2026, 1, 1), date(2027, 1, 2), 1) == [date(2027, 1, 29)]


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(1, 6))
def test_next_dates_are_increasing_and_not_before_after(after: date, count: int) -> None:
    calendar = WorkCalendar(holidays=frozenset({date(after.year, 1, 1), date(after.year, 12, 25)}))
    got = next_dates(
        "FREQ=WEEKLY;BYDAY=MO,TH", date(2019, 1, 1), after, count, calendar.is_working_day
    )
    assert len(got) == count
    assert all(a < b for a, b in zip(got, got[1:], strict=False))
    assert got[0] >= after and all(calendar.is_working_day(d) for d in got)


# --- quality, compliance, export ------------------------------------------------------


def test_defect_resolution_time() -> None:
    assert resolution_days(date(2026, 11, 1), date(2026, 11, 4)) == 3
    assert resolution_days(date(2026, 11, 1), date(2026, 11, 1)) == 0
    assert resolution_days(date(2026, 11, 1), None) is None
    rows = [
        (date(2026, 11, 1), date(2026, 11, 4)),
        (date(2026, 11, 1), date(2026, 11, 2)),
        (date(2026, 11, 1), None),
    ]
    assert mean_resolution_days(rows) == 2.0
    assert mean_resolution_days([(date(2026, 11, 1), None)]) is None


def test_compliance_summary() -> None:
    rows = [
        ("compliant", None),
        ("compliant", None),
        ("gap", date(2026, 11, 10)),
        ("gap", date(2026, 12, 1)),
        ("gap", None),
        ("n/a", None),
        ("unassessed", None),
    ]
    summary = summarise(1, "GDPR", rows, TODAY)
    assert (summary.total, summary.compliant, summary.gaps_open) == (7, 2, 3)
    assert (summary.not_applicable, summary.unassessed) == (1, 1)
    assert summary.remediation_overdue == 1
    assert summary.next_remediation_due == date(2026, 12, 1)
    assert summary.percent_compliant == 33  # 2 of the 6 applicable


def test_csv_quotes_formulas_and_markdown_escapes_pipes() -> None:
    text = to_csv(["A", "B"], [["=SUM(A1)", "x, y"]])
    assert text == 'A,B\n\'=SUM(A1),"x, y"\n'
    md = to_markdown(["A"], [["a|b\x1b[31m"]], "T")
    assert md == "# T\n\n| A |\n|---|\n| a\\|b[31m |\n"


# --- WBS lists of change requests ---------------------------------------------------------


def test_wbs_lists_are_cleaned_and_checked() -> None:
    from itpm_tui.services.registers.change_records import parse_wbs_list

    assert parse_wbs_list(" 1.2, 3 ;1.2  4.") == ["1.2", "3", "4"]
    assert parse_wbs_list("") == []
    with pytest.raises(ValueError, match="'1.a' is not a WBS code"):
        parse_wbs_list("1, 1.a")


wbs_code = st.lists(st.integers(1, 30), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)


@given(st.lists(wbs_code, max_size=8), st.sampled_from([", ", ",", " ", "; "]))
def test_wbs_lists_round_trip_without_repeats(codes: list[str], separator: str) -> None:
    from itpm_tui.services.registers.change_records import parse_wbs_list

    parsed = parse_wbs_list(separator.join(codes))
    assert parsed == list(dict.fromkeys(codes))


@given(
    st.integers(1, 12),
    st.sets(st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday"]), min_size=1),
    st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)
def test_a_weekly_cadence_starts_within_a_week_of_its_start_and_reads_back(
    every: int, days: set[str], starts: date
) -> None:
    text = f"every {every} weeks on {' and '.join(sorted(days))}"
    rule = parse_cadence(text)
    assert parse_cadence(describe(rule)) == rule
    first = next_dates(rule, starts, starts, 1)[0]
    assert 0 <= (first - starts).days < 7
    assert first.strftime("%A").lower() in days
