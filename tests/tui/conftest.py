"""Fixtures for the UI tests: a real SQLite file per test, the demo dated on a fixed day."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import open_database, write_session
from itpm_tui.services.demo import create_demo

from .helpers import TODAY


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Engine]:
    """An itpm database file with the schema and nothing in it."""
    engine = open_database(str(tmp_path / "tui" / "itpm.db"))
    yield engine
    engine.dispose()


@pytest.fixture
def demo_db(empty_db: Engine) -> Engine:
    """The demo portfolio (7 projects, 9 people), dated around TODAY."""
    with write_session(empty_db) as session:
        create_demo(session, today=TODAY)
    return empty_db


@pytest.fixture
def make_app() -> Callable[..., ItpmApp]:
    """Build the app on an engine with the fixed date; ascii=True for the ASCII character set."""

    def build(engine: Engine, *, ascii: bool = False) -> ItpmApp:
        return ItpmApp(engine, display=Display(ascii=ascii), today=TODAY)

    return build
