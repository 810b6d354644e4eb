"""Helpers of the project JSON tests: export and import as the exchange runner does them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from itpm_tui.db import backup, open_database, read_session, write_session
from itpm_tui.models import Project
from itpm_tui.services.exchange.formats import (
    ExportOptions,
    ImportOptions,
    ImportReport,
    export_format,
    import_format,
)

TODAY = date(2026, 12, 3)


def project_id(engine: Engine, code: str) -> int:
    with read_session(engine) as session:
        return int(session.exec(select(Project.id).where(Project.code == code)).one())  # type: ignore[arg-type]


def codes(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(session.exec(select(Project.code).order_by(col(Project.id))))


def export_doc(engine: Engine, code: str, *, history: bool = False) -> bytes:
    with read_session(engine) as session:
        options = ExportOptions(today=TODAY, with_history=history)
        return export_format("json").write(session, project_id(engine, code), options)


def import_doc(engine: Engine, data: bytes, **options: Any) -> ImportReport:
    """In one write transaction, as `itpm import` runs it."""
    with write_session(engine, "import project") as session:
        return import_format("json").read(session, data, ImportOptions(today=TODAY, **options))


def fresh_database(template: Engine, path: Path) -> Engine:
    """Another empty itpm database file, at head."""
    backup(template, path, keep=None)
    return open_database(str(path))


def as_json(data: bytes) -> dict[str, Any]:
    return json.loads(data)


def to_bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the journal's: what "nothing saved" compares."""
    with engine.connect() as conn:
        tables = list(
            conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT IN ('action', 'change_log', 'clock')"
            ).scalars()
        )
        result = {
            t: [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY rowid')]
            for t in tables
        }
        conn.rollback()
    return result
