"""The id of a row the database has saved, as an int (the models type it `int | None`)."""

from __future__ import annotations

from typing import Protocol


class HasId(Protocol):
    """A model row: its id is None until the row is inserted."""

    @property
    def id(self) -> int | None: ...


def id_of(row: HasId) -> int:
    """The id of a row read or saved through a session, which always has one."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never saved")
    return int(row.id)
