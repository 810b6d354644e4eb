"""0011_change_lengthen on a file holding changes: they lengthen nothing, and come back down."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from alembic import command

from itpm_tui import db
from itpm_tui.db import open_database


def test_changes_recorded_before_lengthen_nothing_and_downgrade_keeps_them(
    db_path: Path,
) -> None:
    engine = open_database(str(db_path), migrate=False)
    try:
        with engine.connect() as conn:
            command.upgrade(db._alembic_config(conn), "0010_progress_history")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            raw.execute(
                "INSERT INTO project (code, name, project_type, methodology, phase, health, "
                "sponsor, description, created_at, updated_at, version) VALUES ('P', 'P', "
                "'other', 'waterfall', 'planning', 'green', '', '', '2026-01-01', "
                "'2026-01-01', 1)"
            )
            raw.execute(
                "INSERT INTO change_request (project_id, title, description, requester, reason, "
                "scope_impact, schedule_days, cost_cents, status, decided_by, affected_wbs, "
                "version, updated_at) VALUES (1, 'Later', '', '', '', '', 5, 0, 'implemented', "
                "'', '1', 1, '2026-01-01')"
            )
            raw.execute(
                "INSERT INTO change_task (change_id, task_title, shifted_days) VALUES (1, 'T', 5)"
            )
            raw.commit()
        assert db.upgrade(engine) == ("0010_progress_history", db.head_revision())
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            assert raw.execute(
                "SELECT title, schedule_days, extend_days FROM change_request"
            ).fetchall() == [("Later", 5, 0)]
            assert raw.execute(
                "SELECT shifted_days, extended_days FROM change_task"
            ).fetchall() == [(5, 0)]
        with engine.connect() as conn:
            command.downgrade(db._alembic_config(conn), "0010_progress_history")
            conn.commit()
        with contextlib.closing(sqlite3.connect(db_path)) as raw:
            assert raw.execute("SELECT title, schedule_days FROM change_request").fetchall() == [
                ("Later", 5)
            ]
            columns = [row[1] for row in raw.execute("PRAGMA table_info(change_request)")]
            assert "extend_days" not in columns
    finally:
        engine.dispose()
