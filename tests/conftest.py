"""Shared fixtures: real SQLite files in tmp_path, migrated to head by the real migrations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine

from itpm_tui import clock
from itpm_tui.db import backup, open_database, write_session
from itpm_tui.demo.build import create_demo

# Property tests check results, not speed (speed is measured in tests/bench/): no per-example
# deadline, which a busy CI machine would turn into random failures.
settings.register_profile("itpm", deadline=None)
settings.load_profile("itpm")


@pytest.fixture(autouse=True)
def _machine_clock() -> Iterator[None]:
    """Each test starts on the machine's date: an app built on a fixed day fixes the clock."""
    clock.fix_today(None)
    yield
    clock.fix_today(None)


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test reads or writes the real user data folder, or follows the caller's $ITPM_DB."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ITPM_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives: a file in a folder that does not exist yet."""
    return tmp_path / "data" / "itpm.db"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One empty database migrated to head by the real migrations, once per test run."""
    engine = open_database(str(tmp_path_factory.mktemp("template") / "itpm.db"))
    yield engine
    engine.dispose()


@pytest.fixture
def engine(migrated_template: Engine, db_path: Path) -> Iterator[Engine]:
    """An empty itpm database file at `db_path`, at head, opened through `open_database`.

    The file is an online-backup copy of the migrated template (0600 in a new 0700
    folder, as `open_database` makes them): running Alembic for every test is slow.
    Migrating an empty file itself is tested in tests/unit/test_migrations.py.
    """
    backup(migrated_template, db_path, keep=None)
    engine = open_database(str(db_path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def todays_demo(
    migrated_template: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Engine]]:
    """The demo portfolio dated around the machine's date, built once per run and per day.

    Building it takes seconds; each test gets a copy of it instead (per xdist worker, as
    every session fixture). Keyed by the day, so a run that passes midnight still gets a
    demo dated around the day its test starts on, as a fresh build would be.
    """
    made: dict[date, Engine] = {}

    def template() -> Engine:
        today = date.today()
        if today not in made:
            path = backup(migrated_template, tmp_path_factory.mktemp("demo") / "itpm.db", keep=None)
            engine = open_database(str(path))
            # As `itpm demo` makes it: the demo is not an action the tests' u would undo.
            with write_session(engine, journal=False) as session:
                create_demo(session, today=today)
            made[today] = engine
        return made[today]

    yield template
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def demo_engine(todays_demo: Callable[[], Engine], db_path: Path) -> Iterator[Engine]:
    """A database file of its own at `db_path` holding the demo portfolio dated around today.

    An online-backup copy of the demo built once (see `engine` for why a copy).
    """
    backup(todays_demo(), db_path, keep=None)
    engine = open_database(str(db_path))
    yield engine
    engine.dispose()
