"""RACI rules: the role cycle, one A and some R per row, people with no role or too many."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.registers.raci import (
    ROLE_CYCLE,
    check_matrix,
    next_role,
    normalise_roles,
    overload_limit,
    row_problems,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("r", "R"),
        ("A", "A"),
        ("ra", "AR"),
        ("A/R", "AR"),
        (" r a ", "AR"),
        ("c", "C"),
        ("I", "I"),
    ],
)
def test_roles_are_normalised(typed: str, stored: str) -> None:
    assert normalise_roles(typed) == stored


@pytest.mark.parametrize("typed", ["X", "RC", "AI", "CI", "R2D2x"])
def test_other_letters_and_mixes_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a RACI role"):
        normalise_roles(typed)


def test_the_cycle_steps_blank_r_a_ar_c_i_and_back() -> None:
    seen = [""]
    for _ in range(6):
        seen.append(next_role(seen[-1]))
    assert seen == ["", "R", "A", "AR", "C", "I", ""]


@pytest.mark.parametrize(
    ("cells", "problems"),
    [
        (["A", "R"], []),
        (["AR"], []),
        (["AR", "C", "I"], []),
        (["R", "R", "A"], []),
        (["R", "C"], ["no A"]),
        (["A", "C"], ["no R"]),
        (["", "I"], ["no A", "no R"]),
        (["A", "AR"], ["2 A"]),
        (["A", "A", "C"], ["2 A", "no R"]),
    ],
)
def test_row_problems(cells: list[str], problems: list[str]) -> None:
    assert row_problems(cells) == problems


def test_matrix_flags_rows_idle_and_overloaded_people() -> None:
    # Person 1 is R or A on all four rows (limit 3), person 3 has no role at all.
    rows = {
        10: {1: "AR", 2: "C"},
        11: {1: "A", 2: "R"},
        12: {1: "AR"},
        13: {1: "R", 2: "I"},
    }
    check = check_matrix(rows, [1, 2, 3])
    assert check.row_problems == {13: ["no A"]}
    assert check.idle == [3]
    assert check.overloaded == [1]
    assert check.load == {1: 4, 2: 1, 3: 0}
    assert not check.ok


def test_overload_limit_is_half_the_rows_but_at_least_three() -> None:
    assert [overload_limit(n) for n in (0, 4, 7, 8, 15)] == [3, 3, 3, 4, 7]


roles = st.sampled_from(ROLE_CYCLE)


@given(st.lists(roles, min_size=1, max_size=8))
def test_a_row_is_valid_exactly_when_one_a_and_some_r(cells: list[str]) -> None:
    valid = sum("A" in c for c in cells) == 1 and any("R" in c for c in cells)
    assert (row_problems(cells) == []) == valid


@given(roles)
def test_six_steps_come_back_to_the_start(start: str) -> None:
    role = start
    for _ in range(len(ROLE_CYCLE)):
        role = next_role(role)
    assert role == start


@given(st.dictionaries(st.integers(0, 20), st.dictionaries(st.integers(0, 4), roles), max_size=10))
def test_idle_people_hold_no_role_anywhere(rows: dict[int, dict[int, str]]) -> None:
    people = [0, 1, 2, 3, 4]
    check = check_matrix(rows, people)
    for person in people:
        holds = any(cells.get(person) for cells in rows.values())
        assert (person in check.idle) == (not holds)
