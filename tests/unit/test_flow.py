"""Flow metrics from card moves, hand-computed: cycle and lead time, throughput, cumulative flow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itpm_tui.services.kanban.flow import Move, cumulative_flow, flow_summary

D0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC
COLUMNS = ["Backlog", "To do", "In progress", "Review", "Done"]
STARTED = {"In progress", "Review", "Done"}


def at(days: float) -> datetime:
    return D0 + timedelta(days=days)


def to(task_id: int, column: str, days: float) -> Move:
    """A move of card `task_id` into `column`, `days` after D0."""
    return Move(task_id, column, column == "Done", column in STARTED, at(days))


def test_cycle_time_runs_from_the_first_start_to_done_and_lead_time_from_creation() -> None:
    moves = [
        to(1, "To do", 1),  # not started yet
        to(1, "In progress", 2),
        to(1, "Review", 3),  # still the same piece of work
        to(1, "Done", 5.5),
    ]
    summary = flow_summary(moves, {1: at(0)}, now=at(6))
    assert summary.cycle_time_days == pytest.approx(3.5)
    assert summary.lead_time_days == pytest.approx(5.5)
    assert summary.throughput == 1
    assert summary.window_days == 14


def test_averages_over_the_finished_cards_in_any_order() -> None:
    moves = [
        to(2, "Done", 4),
        to(1, "In progress", 1),
        to(2, "In progress", 3),
        to(1, "Done", 3),
        to(3, "In progress", 2),  # started, not finished: not in the averages
    ]
    created = {1: at(0), 2: at(0), 3: at(0)}
    summary = flow_summary(moves, created, now=at(5))
    assert summary.cycle_time_days == pytest.approx((2 + 1) / 2)
    assert summary.lead_time_days == pytest.approx((3 + 4) / 2)
    assert summary.throughput == 2


def test_a_restart_counts_from_the_first_start_to_the_last_arrival_in_done() -> None:
    moves = [
        to(1, "In progress", 1),
        to(1, "Done", 2),
        to(1, "In progress", 3),  # reopened
        to(1, "Done", 6),
    ]
    summary = flow_summary(moves, {1: at(0)}, now=at(7))
    assert summary.cycle_time_days == pytest.approx(5)
    assert summary.lead_time_days == pytest.approx(6)
    assert summary.throughput == 1


def test_a_card_that_left_done_again_is_not_finished() -> None:
    moves = [to(1, "In progress", 1), to(1, "Done", 2), to(1, "Review", 3)]
    summary = flow_summary(moves, {1: at(0)}, now=at(4))
    assert summary.throughput == 0
    assert summary.cycle_time_days is None and summary.lead_time_days is None


def test_straight_to_done_has_a_cycle_time_of_zero() -> None:
    summary = flow_summary([to(1, "To do", 1), to(1, "Done", 2)], {1: at(0)}, now=at(3))
    assert summary.cycle_time_days == 0
    assert summary.lead_time_days == pytest.approx(2)


def test_throughput_counts_cards_done_in_the_last_14_days() -> None:
    now = at(20)  # the window starts at day 6
    moves = [
        to(1, "Done", 5.9),  # before the window
        to(2, "Done", 6),  # on its first instant
        to(3, "Done", 19),
        to(4, "Done", 20),  # now
        to(5, "Done", 20.5),  # after now: not yet
        to(6, "In progress", 10),
    ]
    summary = flow_summary(moves, {}, now=now)
    assert summary.throughput == 3
    assert summary.lead_time_days is None  # no creation times known
    assert flow_summary(moves, {}, now=now, window_days=1).throughput == 2  # 3 and 4
    assert flow_summary(moves, {}, now=now, window_days=30).throughput == 4


def test_no_moves_no_metrics() -> None:
    summary = flow_summary([], {1: at(0)}, now=at(1))
    assert (summary.cycle_time_days, summary.lead_time_days, summary.throughput) == (None, None, 0)


def test_cumulative_flow_counts_cards_per_column_at_the_end_of_each_day() -> None:
    initial = {1: "To do", 2: "To do", 3: "Backlog"}
    moves = [
        to(1, "In progress", -3),  # before the first day: already there on day 0
        to(2, "In progress", 1.1),
        to(2, "Review", 1.5),  # two moves in a day: the last one counts
        to(3, "To do", 2.2),
        to(1, "Done", 2.5),
        to(3, "In progress", 3.0),
        to(2, "Done", 9),  # after the last day: never shown
    ]
    result = cumulative_flow(moves, initial, COLUMNS, date(2026, 11, 2), date(2026, 11, 6))
    assert [day for day, _ in result] == [date(2026, 11, d) for d in range(2, 7)]
    assert [[counts[c] for c in COLUMNS] for _, counts in result] == [
        [1, 1, 1, 0, 0],  # Nov 2: 1 moved on before; 2 waits; 3 in the backlog
        [1, 0, 1, 1, 0],  # Nov 3: 2 went through In progress into Review
        [0, 1, 0, 1, 1],  # Nov 4: 3 to To do, 1 done
        [0, 0, 1, 1, 1],  # Nov 5: 3 in progress
        [0, 0, 1, 1, 1],  # Nov 6: nothing moved
    ]


def test_cumulative_flow_without_moves_repeats_where_cards_sit() -> None:
    result = cumulative_flow(
        [], {1: "Done", 2: "To do"}, COLUMNS, date(2026, 11, 2), date(2026, 11, 3)
    )
    assert result == [
        (date(2026, 11, 2), {"Backlog": 0, "To do": 1, "In progress": 0, "Review": 0, "Done": 1}),
        (date(2026, 11, 3), {"Backlog": 0, "To do": 1, "In progress": 0, "Review": 0, "Done": 1}),
    ]


def test_a_card_counts_only_from_the_day_it_was_created() -> None:
    # Card 3 was quick-added straight into In progress on Nov 4; card 2 came on Nov 3.
    initial = {1: "To do", 2: "To do", 3: "In progress"}
    created = {1: at(-10), 2: at(1), 3: at(2.3)}
    moves = [to(1, "Done", 3.2)]
    result = cumulative_flow(moves, initial, COLUMNS, date(2026, 11, 2), date(2026, 11, 6), created)
    scope = [sum(counts.values()) for _, counts in result]
    assert scope == [1, 2, 3, 3, 3]  # scope grows on the days cards were added
    in_progress = [counts["In progress"] for _, counts in result]
    assert in_progress == [0, 0, 1, 1, 1]  # not in progress before it existed
    assert [counts["Done"] for _, counts in result] == [0, 0, 0, 1, 1]


# --- properties ----------------------------------------------------------------------------

move_lists = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=8),  # card
        st.sampled_from(COLUMNS),
        st.floats(min_value=-5, max_value=40, allow_nan=False),  # days after D0
    ),
    max_size=40,
)


def _moves(raw: list[tuple[int, str, float]]) -> list[Move]:
    return [to(task_id, column, days) for task_id, column, days in raw]


@settings(max_examples=200, deadline=None)
@given(raw=move_lists, now_days=st.floats(min_value=0, max_value=45), window=st.integers(1, 30))
def test_throughput_never_exceeds_the_cards_and_cycle_time_is_never_negative(
    raw: list[tuple[int, str, float]], now_days: float, window: int
) -> None:
    moves = _moves(raw)
    summary = flow_summary(moves, {m.task_id: at(-10) for m in moves}, at(now_days), window)
    assert 0 <= summary.throughput <= len({m.task_id for m in moves})
    if summary.throughput:
        assert summary.cycle_time_days is not None and summary.cycle_time_days >= 0
        assert summary.lead_time_days is not None
        assert summary.lead_time_days >= summary.cycle_time_days  # created before any move
    else:
        assert summary.cycle_time_days is None


@settings(max_examples=200, deadline=None)
@given(
    raw=move_lists,
    initial=st.dictionaries(
        st.integers(min_value=1, max_value=8), st.sampled_from(COLUMNS), min_size=8, max_size=8
    ),
    first=st.integers(min_value=-3, max_value=30),
    length=st.integers(min_value=0, max_value=12),
)
def test_cumulative_flow_holds_every_card_every_day(
    raw: list[tuple[int, str, float]], initial: dict[int, str], first: int, length: int
) -> None:
    start = D0.date() + timedelta(days=first)
    result = cumulative_flow(_moves(raw), initial, COLUMNS, start, start + timedelta(days=length))
    assert len(result) == length + 1
    assert [day for day, _ in result] == [start + timedelta(days=n) for n in range(length + 1)]
    for _, counts in result:
        assert list(counts) == COLUMNS
        assert sum(counts.values()) == len(initial)
