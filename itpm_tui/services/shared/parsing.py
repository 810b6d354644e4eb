"""Parsers for what people type into fields: dates, numbers, percentages, money."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from itpm_tui.services.shared.text import clean_text

_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dw])$")
# SQLite stores integers in 64 bits.
MAX_MINOR_UNITS = 2**63 - 1


def quoted(text: str, limit: int = 40) -> str:
    """The input as an error message quotes it: one line, no control characters, not too long."""
    value = clean_text(text)
    return value if len(value) <= limit else value[: limit - 3] + "..."


# The dates a project can have: a year 1 start made a task 528,546 working days long.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """ISO dates (2026-11-21), 'today', or an offset such as +3d / -2w. Blank is None.

    Only dates from EARLIEST_DATE to LATEST_DATE are accepted.
    """
    value = text.strip().lower()
    if not value:
        return None
    base = today or date.today()
    day = _read_date(text, value, base)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"'{quoted(text, 24)}' is out of range: "
            f"use {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
        )
    return day


def _read_date(text: str, value: str, base: date) -> date:
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
            return date.max if sign == "+" else date.min  # out of range either way
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{quoted(text)}' is not a date: use YYYY-MM-DD, today or +3d") from None


# --- numbers and money: one grammar ------------------------------------------------------
#
# Digits, optionally grouped in thousands, then optionally a decimal mark and decimals.
# Groups are separated by spaces or by the thousands mark. The decimal mark is the point;
# where decimal commas are allowed (a currency written that way, ITPM_DECIMAL_COMMA, or a
# plain number) a comma works too, and a text that reads two ways is refused, naming both.

# Currencies usually written with a decimal comma (1.500,00).
DECIMAL_COMMA_CURRENCIES = frozenset(
    [
        "EUR",
        "DKK",
        "NOK",
        "SEK",
        "ISK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "RSD",
        "TRY",
        "RUB",
        "UAH",
        "BRL",
        "ARS",
        "CLP",
        "COP",
        "IDR",
        "VND",
    ]
)
DECIMAL_COMMA_ENV_VAR = "ITPM_DECIMAL_COMMA"
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "_": " "})
_EXPONENT = re.compile(r"^\d*\.?\d+(?:[eE][+-]?\d+)?$|^\d+\.(?:[eE][+-]?\d+)?$")


def decimal_comma(currency: str | None = None, environ: dict[str, str] | None = None) -> bool:
    """Whether amounts may be typed with a decimal comma: the setting, else the currency."""
    env = os.environ if environ is None else environ
    setting = env.get(DECIMAL_COMMA_ENV_VAR, "").strip().lower()
    if setting in ("1", "yes", "true", "on"):
        return True
    if setting in ("0", "no", "false", "off"):
        return False
    return (currency or "").strip().upper() in DECIMAL_COMMA_CURRENCIES


_WHOLE = re.compile(r"\d+|[1-9]\d{0,2}(?:[ ,.]\d{3})+")


def _grouped(value: str, mark: str) -> bool:
    """Thousands grouped by spaces or `mark`: a head of 1-3 digits, then groups of three."""
    return re.fullmatch(rf"[1-9]\d{{0,2}}(?:[ {re.escape(mark)}]\d{{3}})+", value) is not None


def _plain(digits: str) -> str:
    return digits.replace(" ", "").replace(",", "").replace(".", "")


def _two_readings(text: str, value: str, mark: str) -> ValueError:
    head, _, tail = value.partition(mark)
    whole = quoted(_plain(value), 24)
    decimal = quoted(format(Decimal(f"{_plain(head)}.{tail}").normalize(), "f"), 24)
    return ValueError(f"'{quoted(text, 24)}' reads as {whole} or as {decimal}: type one of those")


def _split(text: str, value: str, comma: bool) -> tuple[str, str | None]:
    """The whole part and the decimals (None: no decimal mark) of a text of digits and marks."""
    commas, points = value.count(","), value.count(".")
    if commas and points:
        mark = "," if value.rfind(",") > value.rfind(".") else "."
    elif commas == 1 or points == 1:
        mark = "," if commas else "."
        # One mark before three digits is a thousands separator or a decimal mark.
        if _grouped(value, mark) and (comma or mark == ","):
            # Decimals are digits only: spaces after the mark make it a thousands mark.
            if comma and value.partition(mark)[2].isdigit():
                raise _two_readings(text, value, mark)
            return value, None
    else:  # no mark, or several of one kind: only thousands separators
        if points and not comma:
            raise ValueError(f"'{quoted(text)}' is not a number: the decimal mark is a point")
        return value, None
    if mark == "," and not comma:
        head, _, tail = value.rpartition(",")
        hint = f": {quoted(_plain(head), 20)}.{quoted(tail, 8)}" if commas == 1 else ""
        raise ValueError(f"'{quoted(text, 24)}' has a decimal comma; type a point here{hint}")
    if value.count(mark) > 1:
        raise ValueError(f"'{quoted(text)}' has more than one decimal mark")
    whole, _, fraction = value.partition(mark)
    return whole, fraction


def read_decimal(text: str, *, comma: bool, what: str = "number") -> Decimal | None:
    """The number a person typed, exactly; blank is None. `comma`: a decimal comma is allowed.

    Raises ValueError naming what was read when the text is not a number or reads two ways.
    """
    value = " ".join(text.translate(_SPACES).split())
    if not value:
        return None
    negative = value[0] == "-"
    if value[0] in "+-":
        value = value[1:].lstrip()
    if not value or not re.fullmatch(r"[0-9 ,.]+", value):
        raise ValueError(f"'{quoted(text)}' is not {_article(what)}")
    whole, fraction = _split(text, value, comma)
    if fraction is not None and not fraction.isdigit():
        raise ValueError(f"'{quoted(text)}' is not {_article(what)}")
    if not (whole == "" and fraction) and not _WHOLE.fullmatch(whole):
        raise ValueError(f"'{quoted(text)}' is not {_article(what)}: group thousands by three")
    digits = _plain(whole) or "0"
    amount = Decimal(f"{digits}.{fraction}" if fraction else digits)
    return -amount if negative else amount


def _article(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def parse_number(
    text: str, *, minimum: float | None = 0.0, maximum: float | None = None, what: str = "number"
) -> float | None:
    """A decimal number within bounds; blank is None. Either decimal mark, never a guess."""
    value = text.strip()
    if not value:
        return None
    unsigned = value.lstrip("+-")
    if _EXPONENT.match(unsigned) and ("e" in unsigned.lower()):
        number = float(value)  # 1e-05 as Python writes small numbers: nothing to group
    else:
        amount = read_decimal(text, comma=True, what=what)
        if amount is None:
            return None
        number = float(amount)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{quoted(text)}' is not {_article(what)}")
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
        raise ValueError(f"'{quoted(text)}' is not a whole percentage")
    # A long run of digits is out of range; int() would refuse it with a cryptic message.
    if len(value.lstrip("-").lstrip("0")) > 3:
        raise ValueError("must be between 0 and 100")
    number = int(value)
    if not 0 <= number <= 100:
        raise ValueError("must be between 0 and 100")
    return number


def parse_money(text: str, *, decimals: int = 2, comma: bool | None = None) -> int | None:
    """An amount to minor units ('1,234.50' -> 123450); too many decimals is an error.

    `comma`: a decimal comma is allowed ('1.234,50'), as decimal_comma(currency) says;
    left out, the setting alone decides.
    """
    try:
        allowed = decimal_comma() if comma is None else comma
        amount = read_decimal(text, comma=allowed, what="amount")
    except ValueError as error:
        if "reads as" in str(error) or "decimal comma" in str(error):
            raise
        raise ValueError(f"'{quoted(text)}' is not an amount") from None
    if amount is None:
        return None
    if amount < 0:
        raise ValueError("must not be negative")
    places = -int(amount.as_tuple().exponent)
    if places > decimals:
        # '1.500' is not quietly 1.50: more decimals than the currency has is refused.
        raise ValueError(f"at most {decimals} decimals ('{quoted(text, 24)}' has {places})")
    try:
        scaled = amount.scaleb(decimals)
    except ArithmeticError:  # decimal.Overflow
        raise ValueError(f"'{quoted(text)}' is too large") from None
    if scaled != scaled.to_integral_value():
        raise ValueError(f"at most {decimals} decimals")
    if scaled > MAX_MINOR_UNITS:
        raise ValueError(f"'{quoted(text)}' is too large")
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


# The longest duration or estimate a task can have, in working days (about 20 years).
MAX_DURATION_DAYS = 5000


def parse_estimate(text: str) -> float | None:
    """Effort in working days: '3', '3d', '1.5d', '2w' (5 days), '4h' (8 h a day); blank is None.

    At most MAX_DURATION_DAYS.
    """
    from itpm_tui.services.planning.calendar import parse_duration

    if not text.strip():
        return None
    try:
        amount = parse_duration(text)
    except ValueError:
        # The calendar's message quotes the raw text; this one quotes it cleaned.
        raise ValueError(
            f"'{quoted(text)}' is not a duration: use e.g. 3d, 2w, 1.5d or 4h"
        ) from None
    if amount > MAX_DURATION_DAYS:  # 1e20 days, or hundreds of digits (inf)
        raise ValueError(
            f"'{quoted(text, 24)}' is too long: at most {MAX_DURATION_DAYS} working days"
        )
    return amount


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_datetime(text: str, *, today: date | None = None) -> datetime | None:
    """A moment in UTC: '2026-11-18 14:30', '2026-11-18T14:30', 'today 9:05', '-1d 22:00'.

    The date part is anything parse_date reads; the time is HH:MM and 00:00 when left out.
    A trailing 'UTC' or 'Z' is allowed (every moment is UTC). Blank is None.
    """
    value = " ".join(text.strip().split())
    if not value:
        return None
    lowered = value.lower()
    for suffix in (" utc", "utc", "z"):
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            lowered = lowered[: -len(suffix)].rstrip()
            break
    # ISO's 'T' between date and time; 'today' and 'tomorrow' hold a 't' of their own.
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})t(.+)", lowered)
    parts = [iso.group(1), iso.group(2)] if iso else lowered.split(" ")
    if len(parts) > 2:
        raise ValueError(f"'{quoted(text)}' is not a date and time: use YYYY-MM-DD HH:MM")
    try:
        day = parse_date(parts[0], today=today)
    except ValueError:
        raise ValueError(
            f"'{quoted(text, 24)}' is not a date and time: use YYYY-MM-DD HH:MM or today 9:30"
        ) from None
    if day is None:  # pragma: no cover - a non-blank value always has a date part
        return None
    hour = minute = 0
    if len(parts) == 2:
        clock = _CLOCK.match(parts[1])
        if clock is None:
            raise ValueError(f"'{quoted(text)}' has no time HH:MM (24-hour, UTC) after the date")
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(f"'{quoted(parts[1])}' is not a time of day: 00:00 to 23:59")
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def format_datetime(moment: datetime) -> str:
    """A moment as parse_datetime reads it back: 'YYYY-MM-DD HH:MM' in UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(token: str) -> int:
    if len(token) == 1 and token in "0123456":
        return int(token)
    # 'mon', 'tues', 'thurs' and 'monday' all name their day: three letters decide.
    for index, name in enumerate(_FULL_WEEKDAYS):
        if len(token) >= 3 and name.startswith(token):
            return index
    raise ValueError(f"'{quoted(token, 12)}' is not a weekday: use mon..sun or 0..6 (0 = Monday)")


def parse_weekdays(text: str) -> frozenset[int]:
    """Weekdays (0 = Monday): 'mon-fri', 'mon,wed,fri', '0-4', 'fri-mon', 'sat sun', 'all'."""
    value = text.strip().lower()
    if not value:
        raise ValueError("at least one weekday is required, e.g. mon-fri")
    if value in ("all", "daily", "every day", "everyday"):
        return frozenset(range(7))
    if value in ("weekdays", "workdays"):
        return frozenset(range(5))
    if value == "weekend":
        return frozenset((5, 6))
    days: set[int] = set()
    for part in re.split(r"[,\s;]+", value):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            if not first or not last or "-" in last:
                raise ValueError(f"'{quoted(part, 12)}' is not a range of weekdays, e.g. mon-fri")
            begin, end = _weekday(first), _weekday(last)
            # 'fri-mon' runs over the weekend: a window may span it.
            span = (end - begin) % 7
            days.update((begin + offset) % 7 for offset in range(span + 1))
        else:
            days.add(_weekday(part))
    if not days:
        raise ValueError("at least one weekday is required, e.g. mon-fri")
    return frozenset(days)


def format_weekdays(days: frozenset[int] | set[int]) -> str:
    """Weekdays as parse_weekdays reads them: runs of three or more as 'mon-fri'."""
    ordered = sorted(d for d in days if 0 <= d <= 6)
    if len(ordered) == 7:
        return "mon-sun"
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - index >= 2:
            parts.append(f"{WEEKDAY_NAMES[ordered[index]]}-{WEEKDAY_NAMES[ordered[end]]}")
        else:
            parts.extend(WEEKDAY_NAMES[d] for d in ordered[index : end + 1])
        index = end + 1
    return ",".join(parts)
