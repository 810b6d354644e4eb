"""Public holidays of a country and subdivision for any year, from the `holidays` package.

The package computes the years 1901 to 2100; outside them a region has no public holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from itpm_tui.services.shared.parsing import quoted

__all__ = ["Region", "RegionError", "check_region", "public_holidays", "public_holidays_between"]


class RegionError(ValueError):
    """A country or subdivision the package does not know; `field` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Region:
    """Whose public holidays: a country code ("DE") and optionally a subdivision ("BY")."""

    country: str
    subdivision: str = ""

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


@cache
def _supported() -> dict[str, tuple[str, ...]]:
    import holidays

    return {country: tuple(subs) for country, subs in holidays.list_supported_countries().items()}


def _matching(wanted: str, known: tuple[str, ...] | list[str]) -> str | None:
    """The known code spelled as the package spells it ("BY", "Augsburg"), case aside."""
    folded = wanted.casefold()
    return next((code for code in known if code.casefold() == folded), None)


def check_region(country: str, subdivision: str = "") -> Region:
    """The region as the package knows it; RegionError naming what is unknown and what is known."""
    country_text = " ".join(country.split())
    subdivision_text = " ".join(subdivision.split())
    supported = _supported()
    found = _matching(country_text, list(supported))
    if found is None:
        raise RegionError(
            "country",
            f"'{quoted(country_text, 20)}' is not a known country code: "
            "use an ISO code such as DE, AT, CH, GB, US or FR",
        )
    if not subdivision_text:
        return Region(found)
    known = supported[found]
    sub = _matching(subdivision_text, known)
    if sub is None:
        some = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
        hint = f"those of {found} are {some}" if known else f"{found} has none"
        raise RegionError(
            "subdivision",
            f"'{quoted(subdivision_text, 20)}' is not a subdivision of {found}: {hint}",
        )
    return Region(found, sub)


def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivision codes the package knows for a (known) country."""
    return _supported().get(country, ())


@cache
def _year(country: str, subdivision: str, year: int) -> tuple[tuple[date, str], ...]:
    """One year's public holidays, sorted; cached, as every calendar of the region asks."""
    import holidays

    try:
        found: Any = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    # Unknown codes are refused before they are stored; a year the package cannot compute
    # (far past or future) has no public holidays rather than no calendar.
    except (NotImplementedError, ValueError, KeyError, OverflowError):
        return ()
    return tuple(sorted((day, str(name)) for day, name in found.items() if day.year == year))


def public_holidays(region: Region, year: int) -> list[tuple[date, str]]:
    """The region's public holidays of `year`, by date, each with its name."""
    return list(_year(region.country, region.subdivision, year))


def public_holidays_between(region: Region, first: date, end: date) -> set[date]:
    """The region's public holidays in [first, end)."""
    return {
        day
        for year in range(first.year, end.year + 1)
        for day, _ in _year(region.country, region.subdivision, year)
        if first <= day < end
    }
