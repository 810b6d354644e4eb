"""RACI rules on plain values: the role cycle, one A and some R per row, idle and busy people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# What the cycle key steps through; A and R together is one of the stops.
ROLE_CYCLE: tuple[str, ...] = ("", "R", "A", "AR", "C", "I")
VALID_ROLES = frozenset(ROLE_CYCLE)


def normalise_roles(text: str) -> str:
    """'ra', 'R/A', ' A R ' -> 'AR'; '' stays ''. Raises ValueError for anything else."""
    letters = {c for c in text.upper() if c.isalpha()}
    if not letters:
        return ""
    if letters <= {"A", "R"}:
        return "".join(sorted(letters))
    if len(letters) == 1 and letters <= {"C", "I"}:
        return next(iter(letters))
    raise ValueError(f"'{text}' is not a RACI role: use R, A, A/R, C, I or blank")


def next_role(roles: str) -> str:
    """The next stop of the cycle after `roles`."""
    current = normalise_roles(roles)
    return ROLE_CYCLE[(ROLE_CYCLE.index(current) + 1) % len(ROLE_CYCLE)]


def row_problems(cells: Sequence[str]) -> list[str]:
    """What is wrong with one row's roles: exactly one A and at least one R are required."""
    accountable = sum("A" in roles for roles in cells)
    responsible = sum("R" in roles for roles in cells)
    problems: list[str] = []
    if accountable == 0:
        problems.append("no A")
    elif accountable > 1:
        problems.append(f"{accountable} A")
    if responsible == 0:
        problems.append("no R")
    return problems


def overload_limit(row_count: int) -> int:
    """A person Responsible or Accountable on more rows than this has too many roles.

    Half the rows, but never fewer than 3: on a small chart one person owning two
    of four rows is normal.
    """
    return max(3, row_count // 2)


@dataclass
class RaciCheck:
    """The verdict on a whole matrix."""

    row_problems: dict[int, list[str]] = field(default_factory=dict)
    idle: list[int] = field(default_factory=list)
    overloaded: list[int] = field(default_factory=list)
    load: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.row_problems or self.idle or self.overloaded)


def check_matrix(
    rows: Mapping[int, Mapping[int, str]], people: Sequence[int], limit: int | None = None
) -> RaciCheck:
    """Check every row (row id -> person id -> roles) and every person (column)."""
    check = RaciCheck()
    limit = overload_limit(len(rows)) if limit is None else limit
    any_role = {person: 0 for person in people}
    check.load = {person: 0 for person in people}
    for row_id, cells in rows.items():
        problems = row_problems([cells.get(person, "") for person in people])
        if problems:
            check.row_problems[row_id] = problems
        for person in people:
            roles = cells.get(person, "")
            if roles:
                any_role[person] += 1
            if "A" in roles or "R" in roles:
                check.load[person] += 1
    check.idle = [person for person in people if any_role[person] == 0]
    check.overloaded = [person for person in people if check.load[person] > limit]
    return check
