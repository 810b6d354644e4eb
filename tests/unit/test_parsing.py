"""Field parsers: property tests for dates, percentages, numbers, money and estimates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itpm_tui.services.shared.parsing import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_MINOR_UNITS,
    decimal_comma,
    format_money,
    parse_date,
    parse_estimate,
    parse_money,
    parse_number,
    parse_percent,
    read_decimal,
)

PROPERTY = settings(max_examples=150, deadline=None)
TODAY = date(2026, 11, 21)
# The days a project can have: an offset from one may leave them, and is refused then.
ordinary_days = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)


def _outcome(parser: Callable[[str], object], text: str) -> object:
    """The value, or the ValueError message; any other exception escapes and fails the test."""
    try:
        return parser(text)
    except ValueError as exc:
        message = str(exc)
        assert message.strip(), f"empty message for {text!r}"
        assert not any(unicodedata.category(c) == "Cc" and c != "\t" for c in message), message
        assert len(message) < 120, message
        return message


# --- dates ---------------------------------------------------------------------------------


@PROPERTY
@given(ordinary_days)
def test_parse_date_round_trips_any_iso_date(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"  {day.isoformat()} ") == day


@PROPERTY
@given(ordinary_days, st.integers(0, 9999), st.sampled_from(["d", "w", "D", "W"]))
def test_parse_date_relative_offsets(today: date, amount: int, unit: str) -> None:
    days = amount * (7 if unit.lower() == "w" else 1)
    for sign, step in (("+", 1), ("-", -1)):
        wanted = today + timedelta(days=step * days)
        if EARLIEST_DATE <= wanted <= LATEST_DATE:
            assert parse_date(f"{sign}{amount}{unit}", today=today) == wanted
        else:
            with pytest.raises(ValueError, match="out of range"):
                parse_date(f"{sign}{amount}{unit}", today=today)


def test_parse_date_words_and_blank() -> None:
    assert parse_date("today", today=TODAY) == TODAY
    assert parse_date(" TODAY ", today=TODAY) == TODAY
    assert parse_date("tomorrow", today=TODAY) == date(2026, 11, 22)
    assert parse_date("", today=TODAY) is None
    assert parse_date("   ", today=TODAY) is None


def test_parse_date_defaults_to_the_real_today() -> None:
    assert parse_date("+0d") == date.today()


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "31/12/2026", "next week", "+3"])
def test_parse_date_refuses_non_dates_with_a_readable_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text, today=TODAY)


def test_an_error_message_quotes_the_input_cleaned_and_shortened() -> None:
    with pytest.raises(ValueError) as info:
        parse_money("\x1b]0;pwned\x07ten\nthousand" + "!" * 100)
    message = str(info.value)
    assert message.startswith("']0;pwnedten thousand!!!")
    assert "..." in message and len(message) < 80


def test_parse_date_refuses_an_offset_beyond_the_calendar() -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_date("+9999w", today=date(9990, 1, 1))
    with pytest.raises(ValueError, match="out of range"):
        parse_date("-1d", today=date.min)


@PROPERTY
@given(st.text(), st.dates())
def test_parse_date_never_raises_anything_but_value_error(text: str, today: date) -> None:
    result = _outcome(lambda t: parse_date(t, today=today), text)
    assert result is None or isinstance(result, date | str)


# --- percentages ---------------------------------------------------------------------------


@PROPERTY
@given(st.integers(0, 100))
def test_parse_percent_accepts_0_to_100(value: int) -> None:
    assert parse_percent(str(value)) == value
    assert parse_percent(f" {value}% ") == value
    assert parse_percent(f"{value} %") == value


@PROPERTY
@given(st.integers().filter(lambda n: not 0 <= n <= 100))
@example(101)
@example(-1)
def test_parse_percent_refuses_everything_outside_0_to_100(value: int) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        parse_percent(str(value))


def test_parse_percent_refuses_a_huge_number_with_the_range_message() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        parse_percent("9" * 5000)


def test_parse_percent_blank_is_zero_and_leading_zeros_are_fine() -> None:
    assert parse_percent("") == 0
    assert parse_percent("007") == 7


@pytest.mark.parametrize("text", ["50.5", "half", "1e2", "5 0"])
def test_parse_percent_refuses_what_is_not_a_whole_number(text: str) -> None:
    with pytest.raises(ValueError, match="not a whole percentage"):
        parse_percent(text)


@PROPERTY
@given(st.text())
def test_parse_percent_never_raises_anything_but_value_error(text: str) -> None:
    result = _outcome(parse_percent, text)
    assert isinstance(result, str) or (isinstance(result, int) and 0 <= result <= 100)


# --- numbers -------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)


def _unambiguous(value: float) -> str:
    """repr(value), with a trailing 0 where one mark before three digits would read two ways."""
    text = repr(value)
    return text + "0" if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text) else text


@PROPERTY
@given(finite, finite, finite)
@example(1.0, 1.0, 2.0)
@example(2.0, 1.0, 2.0)
@example(0.999, 1.0, 2.0)
@example(2.0001, 1.0, 2.0)
def test_parse_number_keeps_within_bounds(value: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    text = _unambiguous(value)
    if low <= value <= high:
        assert parse_number(text, minimum=low, maximum=high) == value
    else:
        with pytest.raises(ValueError, match="or more|or less"):
            parse_number(text, minimum=low, maximum=high)


@PROPERTY
@given(finite)
def test_parse_number_without_bounds_accepts_any_finite_number(value: float) -> None:
    assert parse_number(_unambiguous(value), minimum=None, maximum=None) == value


def test_parse_number_default_minimum_is_zero_and_blank_is_none() -> None:
    assert parse_number("0") == 0
    assert parse_number("2,5") == 2.5
    assert parse_number("") is None
    with pytest.raises(ValueError, match="must be 0 or more"):
        parse_number("-0.5")


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e999", "abc", "1.2.3"])
def test_parse_number_refuses_what_is_not_a_finite_number(text: str) -> None:
    with pytest.raises(ValueError, match="is not a rate"):
        parse_number(text, minimum=None, what="rate")


@PROPERTY
@given(st.text())
def test_parse_number_never_raises_anything_but_value_error(text: str) -> None:
    _outcome(lambda t: parse_number(t, minimum=None), text)


# --- money ---------------------------------------------------------------------------------


@PROPERTY
@given(st.integers(0, MAX_MINOR_UNITS))
def test_money_round_trips_through_format_and_parse(minor_units: int) -> None:
    assert parse_money(format_money(minor_units)) == minor_units


@PROPERTY
@given(st.integers(0, 10**15), st.integers(0, 4))
def test_money_round_trips_for_any_number_of_decimals(minor_units: int, decimals: int) -> None:
    text = format_money(minor_units, decimals=decimals)
    assert parse_money(text, decimals=decimals) == minor_units


@PROPERTY
@given(st.integers(1, 10**15))
def test_parse_money_refuses_negative_amounts(minor_units: int) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        parse_money(format_money(-minor_units))


@PROPERTY
@given(st.integers(0, 10**12), st.integers(1, 9))
def test_parse_money_refuses_more_decimals_than_the_currency_has(whole: int, digit: int) -> None:
    with pytest.raises(ValueError, match="at most 2 decimals"):
        parse_money(f"{whole}.00{digit}")


def test_format_money_examples() -> None:
    assert format_money(123450) == "1,234.50"
    assert format_money(5) == "0.05"
    assert format_money(-5) == "-0.05"
    assert format_money(1234, decimals=0) == "1,234"


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("1,234.50", 123450),
        ("1 234.5", 123450),
        ("1,234", 123400),
        ("12", 1200),
        ("0", 0),
        ("", None),
    ],
)
def test_parse_money_examples(text: str, minor: int | None) -> None:
    assert parse_money(text) == minor


@pytest.mark.parametrize("text", ["1" * 30, str(MAX_MINOR_UNITS)])
def test_parse_money_refuses_amounts_too_large_to_store(text: str) -> None:
    with pytest.raises(ValueError, match="too large"):
        parse_money(text)


@pytest.mark.parametrize("text", ["ten", "nan", "Infinity", "1.2.3", "$5", "1e99999999"])
def test_parse_money_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_money(text)


@PROPERTY
@given(st.text())
def test_parse_money_never_raises_anything_but_value_error(text: str) -> None:
    result = _outcome(parse_money, text)
    assert result is None or isinstance(result, str) or 0 <= result <= MAX_MINOR_UNITS  # type: ignore[operator]


# --- estimates -----------------------------------------------------------------------------


@PROPERTY
@given(st.integers(0, 1000), st.sampled_from(["", "d", "w", "h", " d", "W"]))
def test_parse_estimate_units(amount: int, unit: str) -> None:
    days_per = {"": 1, "d": 1, "w": 5, "h": 1 / 8}[unit.strip().lower()]
    assert parse_estimate(f"{amount}{unit}") == pytest.approx(amount * days_per)


def test_parse_estimate_examples() -> None:
    assert parse_estimate("3") == 3
    assert parse_estimate("1.5d") == 1.5
    assert parse_estimate("1,5d") == 1.5
    assert parse_estimate("2w") == 10
    assert parse_estimate("4h") == 0.5
    assert parse_estimate("") is None


@pytest.mark.parametrize("text", ["-1d", "3x", "d", "two days", "9" * 400])
def test_parse_estimate_refuses_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration|too long"):
        parse_estimate(text)


@PROPERTY
@given(st.text())
def test_parse_estimate_never_raises_anything_but_value_error(text: str) -> None:
    result = _outcome(parse_estimate, text)
    assert result is None or isinstance(result, str) or 0 <= result < float("inf")  # type: ignore[operator]


# --- one grammar for numbers and money ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "point", "comma"),
    [
        ("1500", 150000, 150000),
        ("1500.5", 150050, 150050),
        ("1,500.50", 150050, 150050),
        ("1 500", 150000, 150000),
        ("1\u00a0500,25", "decimal comma", 150025),
        ("1,500", 150000, "reads as 1500 or as 1.5"),
        ("1.500", "at most 2 decimals", "reads as 1500 or as 1.5"),
        ("1.500,00", "decimal comma", 150000),
        ("1 500,00", "decimal comma", 150000),
        ("1.500.000", "is not an amount", 150000000),
        ("1,500,000", 150000000, 150000000),
        ("12,50", "decimal comma; type a point here: 12.50", 1250),
        ("0,5", "decimal comma", 50),
        ("1,50,000", "is not an amount", "is not an amount"),
        ("1,500.000,00", "decimal comma", "is not an amount"),
        ("5.", "is not an amount", "is not an amount"),
    ],
)
def test_money_grammar_with_and_without_the_decimal_comma(
    text: str, point: int | str, comma: int | str
) -> None:
    for allowed, expected in ((False, point), (True, comma)):
        if isinstance(expected, int):
            assert parse_money(text, comma=allowed) == expected, (text, allowed)
        else:
            with pytest.raises(ValueError, match=re.escape(expected)):
                parse_money(text, comma=allowed)


def test_a_eur_amount_with_a_decimal_comma_is_never_read_as_cents() -> None:
    # Seen: '1.500,00' was saved as 1.50 in a EUR project.
    assert parse_money("1.500,00", comma=decimal_comma("EUR", {})) == 150_000
    with pytest.raises(ValueError, match="decimal comma"):
        parse_money("1.500,00", comma=decimal_comma("USD", {}))


def test_the_setting_overrides_the_currency() -> None:
    assert decimal_comma("EUR", {}) and not decimal_comma("USD", {})
    assert decimal_comma("usd", {"ITPM_DECIMAL_COMMA": "1"})
    assert not decimal_comma("EUR", {"ITPM_DECIMAL_COMMA": "0"})


def test_a_number_and_an_amount_read_the_same_text_the_same_way() -> None:
    # Seen: '1,500' was 1500.00 as money but 1.5 as a number.
    with pytest.raises(ValueError, match="reads as 1500 or as 1.5"):
        parse_number("1,500")
    assert parse_number("1,5") == 1.5 and parse_number("1 500") == 1500
    assert parse_number("1.500,5") == 1500.5 and parse_money("1.500,5", comma=True) == 150050


def _reading(text: str, comma: bool) -> Decimal | None:
    try:
        return read_decimal(text, comma=comma)
    except ValueError:
        return None


NUMBER_TEXT = st.text(alphabet=st.sampled_from(list("0123456789,. -")), max_size=14)


@PROPERTY
@given(NUMBER_TEXT)
@example("1,500")
@example("1.500")
@example("1.500,00")
def test_no_text_means_two_different_numbers(text: str) -> None:
    """Whatever the decimal mark allowed, a text that is accepted means one number."""
    point, comma = _reading(text, False), _reading(text, True)
    assert point is None or comma is None or point == comma, (text, point, comma)


@PROPERTY
@given(NUMBER_TEXT)
# Seen: spaces after a single point read as decimals, which are digits only.
@example("1.000 000 000")
def test_parsers_raise_only_value_errors_with_short_clean_messages(text: str) -> None:
    for comma in (False, True):
        _outcome(partial(parse_money, comma=comma), text)
    _outcome(lambda t: parse_number(t, minimum=None), text)


def _grouped_text(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep)


@PROPERTY
@given(
    st.integers(0, 10**12),
    st.integers(0, 99),
    st.sampled_from([",", " "]),
    st.sampled_from([".", " "]),
)
def test_every_unambiguous_form_of_an_amount_reads_back(
    whole: int, cents: int, point_group: str, comma_group: str
) -> None:
    minor = whole * 100 + cents
    assert parse_money(f"{_grouped_text(whole, point_group)}.{cents:02d}", comma=False) == minor
    assert parse_money(f"{whole}.{cents:02d}", comma=True) == minor
    assert parse_money(f"{_grouped_text(whole, comma_group)},{cents:02d}", comma=True) == minor
    assert parse_money(format_money(minor), comma=True) == minor  # what the forms show
