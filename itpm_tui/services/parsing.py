"""Parsers for what people type into fields: dates, numbers, percentages, money."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from itpm_tui.services.text import clean_text

_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dw])$")
# SQLite stores integers in 64 bits.
MAX_MINOR_UNITS = 2**63 - 1


def _shown(text: str, limit: int = 40) -> str:
    """The input as an error message quotes it: one line, no control characters, not too long."""
    value = clean_text(text)
    return value if len(value) <= limit else value[: limit - 3] + "..."


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """ISO dates (2026-11-21), 'today', or an offset such as +3d / -2w. Blank is None."""
    value = text.strip().lower()
    if not value:
        return None
    base = today or date.today()
    if value == "today":
        return base
    if value == "tomorrow":
        return base + timedelta(days=1)
    match = _RELATIVE.match(value)
    if match:
        sign, amount, unit = match.groups()
        days = int(amount) * (7 if unit == "w" else 1)
        try:
            return base + timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            raise ValueError(f"'{_shown(text)}' is too far from {base.isoformat()}") from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{_shown(text)}' is not a date: use YYYY-MM-DD, today or +3d") from None


def parse_number(
    text: str, *, minimum: float | None = 0.0, maximum: float | None = None, what: str = "number"
) -> float | None:
    """A decimal number within bounds; blank is None."""
    value = text.strip().replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{_shown(text)}' is not a {what}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{_shown(text)}' is not a {what}")
    if minimum is not None and number < minimum:
        raise ValueError(f"must be {minimum:g} or more")
    if maximum is not None and number > maximum:
        raise ValueError(f"must be {maximum:g} or less")
    return number


def parse_percent(text: str) -> int:
    """A whole percentage 0-100; '50%' and blank (0) are accepted."""
    value = text.strip().rstrip("%").strip()
    if not value:
        return 0
    if not re.fullmatch(r"-?\d+", value):
        raise ValueError(f"'{_shown(text)}' is not a whole percentage")
    # A long run of digits is out of range; int() would refuse it with a cryptic message.
    if len(value.lstrip("-").lstrip("0")) > 3:
        raise ValueError("must be between 0 and 100")
    number = int(value)
    if not 0 <= number <= 100:
        raise ValueError("must be between 0 and 100")
    return number


def parse_money(text: str, *, decimals: int = 2) -> int | None:
    """An amount to minor units ('1,234.50' -> 123450); too many decimals is an error."""
    value = text.strip().replace(" ", "").replace("_", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(",", "")
    elif value.count(",") == 1 and len(value.split(",")[1]) <= decimals:
        value = value.replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"'{_shown(text)}' is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"'{_shown(text)}' is not an amount")
    if amount < 0:
        raise ValueError("must not be negative")
    try:
        scaled = amount.scaleb(decimals)
    except ArithmeticError:  # decimal.Overflow on e.g. 1e99999999
        raise ValueError(f"'{_shown(text)}' is too large") from None
    if scaled != scaled.to_integral_value():
        raise ValueError(f"at most {decimals} decimals")
    if scaled > MAX_MINOR_UNITS:
        raise ValueError(f"'{_shown(text)}' is too large")
    return int(scaled)


def format_money(minor_units: int, *, decimals: int = 2) -> str:
    """123450 -> '1,234.50'."""
    sign = "-" if minor_units < 0 else ""
    whole, frac = divmod(abs(minor_units), 10**decimals)
    return f"{sign}{whole:,}.{frac:0{decimals}d}" if decimals else f"{sign}{whole:,}"


def format_estimate(days: float) -> str:
    """Working days as a form shows them ('3d', '1.5d'); parse_estimate reads it back.

    Not '%g': that writes 1234567.5 as '1.23457e+06', which is neither exact nor a duration.
    """
    text = f"{days:.6f}".rstrip("0").rstrip(".")
    return f"{text or '0'}d"


def parse_estimate(text: str) -> float | None:
    """Effort in working days: '3', '3d', '1.5d', '2w' (5 days), '4h' (8 h a day); blank is None."""
    from itpm_tui.services.calendar import parse_duration

    if not text.strip():
        return None
    try:
        amount = parse_duration(text)
    except ValueError:
        # The calendar's message quotes the raw text; this one quotes it cleaned.
        raise ValueError(
            f"'{_shown(text)}' is not a duration: use e.g. 3d, 2w, 1.5d or 4h"
        ) from None
    if amount == float("inf"):  # hundreds of digits
        raise ValueError(f"'{_shown(text)}' is too large")
    return amount
