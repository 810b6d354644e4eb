"""Chart axes: dates placed by time, counts marked in whole numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.widgets.plots import date_ticks, whole_ticks


def test_an_uneven_series_keeps_its_dates_where_they_fall() -> None:
    # 12-01, 12-03 and 12-10 as day offsets: all three fit, at their own distances.
    assert date_ticks([0, 2, 9], 6) == [0, 2, 9]


def test_a_long_series_is_labelled_evenly_over_its_time() -> None:
    days = [0, 1, 2, 3, 30, 31, 32, 33, 60]
    ticks = date_ticks(days, 3)
    assert ticks == [0, 30, 60]  # not the first three points, which sit in one week


@given(st.lists(st.integers(0, 400), min_size=1, max_size=80, unique=True), st.integers(2, 8))
def test_date_ticks_are_points_of_the_series_and_span_it(xs: list[int], most: int) -> None:
    xs.sort()
    ticks = date_ticks(xs, most)
    assert set(ticks) <= set(xs)
    assert len(ticks) <= max(most, len(xs) if len(xs) <= most else most)
    assert ticks[0] == xs[0] and ticks[-1] == xs[-1]


@given(st.integers(0, 500), st.integers(0, 500), st.integers(2, 8))
def test_count_axes_are_whole_numbers_evenly_stepped(a: int, b: int, most: int) -> None:
    low, high = min(a, b), max(a, b)
    marks = whole_ticks(low, high, most)
    assert all(isinstance(m, int) for m in marks)
    assert marks[0] <= low and len(marks) <= most
    steps = {b - a for a, b in zip(marks, marks[1:], strict=False)}
    assert len(steps) <= 1
    assert marks[-1] + (steps.pop() if steps else 1) > high  # the top is reached
