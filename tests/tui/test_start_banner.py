"""What the app says as it opens: a damaged database file, a failed backup."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import open_database, sqlite_path

from .helpers import TODAY, notices, press, record_notices, settle


def _damage_lessons(engine: Engine) -> Path:
    path = sqlite_path(str(engine.url))
    assert path is not None
    engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='lesson'").fetchone()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xff" * size
    path.write_bytes(bytes(data))
    return path


async def test_a_damaged_file_is_said_in_red_as_the_app_opens(demo_db: Engine) -> None:
    path = _damage_lessons(demo_db)
    engine = open_database(str(path))
    try:
        app = ItpmApp(engine, display=Display(ascii=True), today=TODAY, check_pages=True)
        record_notices(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.app.workers.wait_for_complete()
            await settle(pilot)
            (message,) = notices(app, "error")
            assert "is DAMAGED" in message and "itpm db check" in message
    finally:
        engine.dispose()


async def test_start_notices_are_shown(demo_db: Engine) -> None:
    warning = "The automatic backup failed: database or disk is full."
    app = ItpmApp(demo_db, today=TODAY, notices=[(warning, "warning")])
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert notices(app, "warning") == [warning]
        assert notices(app, "error") == []


async def test_a_read_only_view_refuses_a_write_with_the_reason(demo_db: Engine) -> None:
    path = sqlite_path(str(demo_db.url))
    assert path is not None
    demo_db.dispose()
    before = path.read_bytes()
    engine = open_database(str(path), read_only=True)
    try:
        app = ItpmApp(engine, today=TODAY)
        record_notices(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "d", "y")  # delete the project under the cursor
            await pilot.app.workers.wait_for_complete()
            await settle(pilot)
            (message,) = notices(app, "error")
            assert message == f"Read-only: {path} was opened with --read-only; nothing was changed."
    finally:
        engine.dispose()
    assert path.read_bytes() == before
