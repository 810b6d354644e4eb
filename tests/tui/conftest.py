"""Fixtures for the UI tests: a real SQLite file per test, the demo dated on a fixed day."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import backup, open_database, write_session
from itpm_tui.demo.build import create_demo

from .helpers import TODAY, record_notices


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An itpm database migrated to head, made once per run."""
    engine = open_database(str(tmp_path_factory.mktemp("tui-empty") / "itpm.db"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo portfolio dated around TODAY, made once per run."""
    engine = open_database(str(tmp_path_factory.mktemp("tui-demo") / "itpm.db"))
    # As `itpm demo` makes it: the demo is not an action the tests' u would undo.
    with write_session(engine, journal=False) as session:
        create_demo(session, today=TODAY)
    yield engine
    engine.dispose()


def _copy(template: Engine, path: Path) -> Engine:
    # An online-backup copy, opened the way the app opens a file: each test gets its own.
    backup(template, path, keep=None)
    return open_database(str(path))


@pytest.fixture
def empty_db(empty_template: Engine, tmp_path: Path) -> Iterator[Engine]:
    """An itpm database file with the schema and nothing in it."""
    engine = _copy(empty_template, tmp_path / "tui" / "itpm.db")
    yield engine
    engine.dispose()


@pytest.fixture
def demo_db(demo_template: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A database file of its own holding the demo portfolio (7 projects, 9 people)."""
    engine = _copy(demo_template, tmp_path / "tui" / "itpm.db")
    yield engine
    engine.dispose()


@pytest.fixture
def make_app() -> Callable[..., ItpmApp]:
    """Build the app on an engine with the fixed date; ascii=True for the ASCII character set."""

    def build(engine: Engine, *, ascii: bool = False) -> ItpmApp:
        app = ItpmApp(engine, display=Display(ascii=ascii), today=TODAY)
        record_notices(app)
        return app

    return build
