"""What a register's edit form reads in one transaction: the refusal of a closed project, or
the form's data with the version of the row it edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlmodel import Session

from itpm_tui.services.lifecycle.documents import closed_reason
from itpm_tui.services.shared.row_versions import read_version

FormT = TypeVar("FormT")


@dataclass(frozen=True)
class EditRead(Generic[FormT]):
    """Why no form opens (`closed`), or the form's data and the row's version (None: new)."""

    closed: str | None
    form: FormT | None
    version: int | None


def read_for_edit(
    session: Session,
    project_id: int,
    table: str | None,
    row_id: int | None,
    read_form: Callable[[Session], FormT],
) -> EditRead[FormT]:
    """A new row of a closed project is refused at the key; else the form and its version,
    read in the same transaction (a save over a change made since is then refused)."""
    closed = closed_reason(session, project_id) if row_id is None else None
    if closed:
        return EditRead(closed, None, None)
    version = read_version(session, table, row_id) if table and row_id is not None else None
    return EditRead(None, read_form(session), version)
