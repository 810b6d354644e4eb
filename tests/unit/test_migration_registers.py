"""0005_registers on a file holding data: the register tables come and go, the rest stays."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from itpm_tui import db
from itpm_tui.db import open_database

REGISTER_TABLES = {
    "raci_member",
    "raci_assignment",
    "risk",
    "risk_assessment",
    "log_entry",
    "change_request",
    "change_task",
    "quality_check",
    "defect",
    "compliance_framework",
    "compliance_requirement",
    "communication_item",
    "communication_log",
    "maintenance_window",
}


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_registers_upgrade_over_data_and_downgrade_cleanly(db_path: Path) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0004_lifecycle")
            conn.commit()
        assert not REGISTER_TABLES & _tables(engine)
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute(
                "INSERT INTO person (name, role, email, team, cost_rate_cents, "
                "capacity_hours_per_day, created_at, updated_at, version) "
                "VALUES ('Ann', '', '', '', 0, 8, '2026-01-01', '2026-01-01', 1)"
            )
            raw.execute(
                "INSERT INTO project (code, name, project_type, methodology, phase, health, "
                "sponsor, description, created_at, updated_at, version) VALUES ('P', 'P', "
                "'other', 'waterfall', 'planning', 'green', '', '', '2026-01-01', "
                "'2026-01-01', 1)"
            )
            raw.commit()
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0005_registers")
            conn.commit()
        assert _tables(engine) >= REGISTER_TABLES
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute(
                "INSERT INTO risk (project_id, title, category, probability, impact, trigger, "
                "response, mitigation, contingency, status, created_at, updated_at, version) "
                "VALUES (1, 'R', 'vendor', 2, 3, '', 'accept', '', '', 'open', '2026-01-01', "
                "'2026-01-01', 1)"
            )
            raw.commit()
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        with engine.connect() as conn:
            command.downgrade(db._alembic_config(conn), "0004_lifecycle")
            conn.commit()
        assert not REGISTER_TABLES & _tables(engine)
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            assert raw.execute("SELECT code FROM project").fetchall() == [("P",)]
            assert raw.execute("SELECT name FROM person").fetchall() == [("Ann",)]
    finally:
        engine.dispose()
