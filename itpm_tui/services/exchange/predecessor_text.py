"""A spreadsheet's predecessors cell as MS Project writes it (`3FS+2d;5SS`): read and written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("FS", "SS", "FF", "SF")
# A lag or lead longer than this many working days is a typing slip, not a plan (as in the app).
MAX_LAG = 999
# Lag units MS Project writes, in working days; elapsed and percent lags have no equivalent.
_UNITS = {"": 1, "d": 1, "day": 1, "days": 1, "wd": 1, "w": 5, "wk": 5, "wks": 5, "week": 5}
_UNITS["weeks"] = 5

_ENTRY = re.compile(
    r"""^(?P<ref>\d{1,7}(?:\.\d{1,6}){0,19})         # a row's id, or its WBS code
        \s*(?P<kind>FS|SS|FF|SF)?
        \s*(?:(?P<sign>[+-])\s*(?P<lag>\d{1,6})\s*(?P<unit>[a-z%]*))?$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class SheetLink:
    """One entry of a predecessors cell: the row it waits on, how, and the lag in working days."""

    ref: str
    kind: str = "FS"
    lag: int = 0


def format_link(link: SheetLink) -> str:
    """`3` for finish-to-start without lag, else `3FS+2d`, `5SS`, `2.1FF-1d`."""
    if link.kind == "FS" and link.lag == 0:
        return link.ref
    lag = f"{link.lag:+d}d" if link.lag else ""
    return f"{link.ref}{link.kind}{lag}"


def format_links(links: Iterable[SheetLink]) -> str:
    return ";".join(format_link(link) for link in links)


def _shown(text: str) -> str:
    from itpm_tui.services.shared.parsing import quoted

    return quoted(text, 23)  # one line: a message names the entry, controls stripped


def parse_links(text: str) -> list[SheetLink]:
    """Read `3FS+2d;5SS` (`,` separates too); a wrong entry raises ValueError naming it."""
    links: list[SheetLink] = []
    seen: set[str] = set()
    for raw in re.split(r"[,;]", text):
        part = raw.strip()
        if not part:
            continue
        match = _ENTRY.match(part)
        if match is None:
            raise ValueError(f"'{_shown(part)}' is not a predecessor: write e.g. 3, 3FS+2d, 5SS")
        unit = (match["unit"] or "").lower()
        if unit not in _UNITS:
            raise ValueError(
                f"'{_shown(part)}': a lag is in working days or weeks (2d, 1w), not '{unit}'"
            )
        lag = int(match["lag"] or 0) * _UNITS[unit]
        if lag > MAX_LAG:
            raise ValueError(f"'{_shown(part)}': a lag is at most {MAX_LAG} working days")
        if match["sign"] == "-":
            lag = -lag
        ref = match["ref"]
        if ref in seen:
            raise ValueError(f"{ref} is listed twice")
        seen.add(ref)
        links.append(SheetLink(ref, (match["kind"] or "FS").upper(), lag))
    return links
