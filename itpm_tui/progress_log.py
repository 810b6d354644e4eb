"""Triggers that keep every task's progress history, and the stamp of its working day.

Any change to a task's % complete, status or actual dates, by any path (a form, the board,
the chart, a bulk update, undo), adds a progress_record row. The trigger cannot know the
working day of the process that wrote (tests and demos run on a fixed day), so it leaves
`recorded_on` empty and `stamp_recorded_day` fills it in before the write commits.
"""

from __future__ import annotations

import weakref
from datetime import date

from sqlalchemy import Connection, Engine

TRIGGERS = {
    "progress_on_insert": (
        "CREATE TRIGGER IF NOT EXISTS progress_on_insert AFTER INSERT ON task "
        "WHEN NEW.percent_complete > 0 OR NEW.status = 'done' OR NEW.actual_start IS NOT NULL "
        "BEGIN {insert}; END"
    ),
    "progress_on_update": (
        "CREATE TRIGGER IF NOT EXISTS progress_on_update "
        "AFTER UPDATE OF percent_complete, status, actual_start, actual_finish ON task "
        "WHEN OLD.percent_complete IS NOT NEW.percent_complete "
        "OR (OLD.status = 'done') IS NOT (NEW.status = 'done') "
        "OR OLD.actual_start IS NOT NEW.actual_start "
        "OR OLD.actual_finish IS NOT NEW.actual_finish "
        "BEGIN {insert}; END"
    ),
}
_INSERT = (
    "INSERT INTO progress_record (task_id, percent, actual_start, actual_finish, recorded_on) "
    "VALUES (NEW.id, CASE WHEN NEW.status = 'done' THEN 100 ELSE NEW.percent_complete END, "
    "NEW.actual_start, NEW.actual_finish, NULL)"
)


# Engines whose file keeps the history (at a revision that has it): only they stamp it.
_recording: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_triggers(conn: Connection) -> None:
    """Install the progress triggers (idempotent; a table rebuild by a migration drops them)."""
    for sql in TRIGGERS.values():
        conn.exec_driver_sql(sql.format(insert=_INSERT))


def ensure_triggers(engine: Engine) -> None:
    """Install the triggers where the schema has the history table and they are missing."""
    with engine.begin() as conn:
        tables = {
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'progress_record'"
            )
        }
        if tables:
            create_triggers(conn)
            _recording.add(engine)


def is_recording(engine: Engine) -> bool:
    return engine in _recording


def drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def stamp_recorded_day(conn: Connection, day: date) -> None:
    """Give the progress recorded by this write its working day.

    One write (an action) may change a task in several steps: its record is the last.
    """
    conn.exec_driver_sql(
        "DELETE FROM progress_record WHERE recorded_on IS NULL AND id NOT IN "
        "(SELECT MAX(id) FROM progress_record WHERE recorded_on IS NULL GROUP BY task_id)"
    )
    conn.exec_driver_sql(
        "UPDATE progress_record SET recorded_on = ? WHERE recorded_on IS NULL", (day.isoformat(),)
    )
