"""Every text a project holds is cleaned on the way in: one-line fields keep no tab."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, String, inspect, text

from itpm_tui.db import read_session
from itpm_tui.services.lifecycle.documents import CHARTER_TEXTS

if TYPE_CHECKING:  # pytest puts tests/ on the path; mypy names the module from the root
    from tests import hostile
else:
    import hostile

# Fields a form edits as several lines: tab and newline are theirs to keep.
MULTILINE = {
    "description",
    "mitigation",
    "contingency",
    "current_state",
    "evidence",
    "reason",
    "scope_impact",
    "acceptance_criteria",
    "notes",
    "comment",
    "went_well",
    "went_badly",
    "recommendation",
    "pre_tests",
    "rollback_plan",
    "resolution",
    "trigger",
    *CHARTER_TEXTS,
}


def _controls(value: str, allowed: str) -> list[str]:
    return [c for c in value if unicodedata.category(c) == "Cc" and c not in allowed]


def test_no_one_line_field_stores_a_tab_or_a_control_character(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each hostile text pasted with a tab, a bell and an escape in the middle of it.
    monkeypatch.setattr(hostile, "HOSTILE", [f"tab\there \x07\x1b[1m{t}" for t in hostile.HOSTILE])
    hostile.fill_hostile(engine, date.today())
    found: list[str] = []
    with read_session(engine) as session:
        connection = session.connection()
        for table in inspect(connection).get_table_names():
            if table.startswith("alembic"):
                continue
            columns = [
                c["name"]
                for c in inspect(connection).get_columns(table)
                if isinstance(c["type"], String)
            ]
            for name in columns:
                allowed = "\t\n" if name in MULTILINE else ""
                for (value,) in connection.execute(
                    text(f'SELECT "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL')
                ):
                    if isinstance(value, str) and _controls(value, allowed):
                        found.append(f"{table}.{name}: {value[:30]!r}")
                        break
    assert found == []
