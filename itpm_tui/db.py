"""The database: engine and SQLite pragmas, sessions, private files, migrate-on-start, backups."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
BACKUPS_KEPT = 10


class DatabaseError(Exception):
    """A problem with the database file that the user can act on; str() is the message."""


def to_url(target: str) -> str:
    """A path becomes a sqlite URL; a URL stays as it is."""
    if "://" in target:
        return target
    # Rendered through URL so that '?', '#' and '%' in a file name are escaped, not parsed.
    path = str(Path(target).expanduser().absolute())
    return URL.create("sqlite", database=path).render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _make_private_dirs(folder: Path) -> None:
    """Create every missing folder on the way to `folder` readable by the owner only."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder {path}: {exc.strerror}") from None


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by the owner only (0600)."""
    _make_private_dirs(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for `path` that creates nothing beside the file.

    With no -wal beside it nobody has the file open: `immutable` reads it without a -shm
    (which a read-only connection would leave behind, or could not create in a folder we
    cannot write to). With a -wal, someone may be writing: `mode=ro` shares their -shm.
    """
    # as_uri() escapes '?' and '#', which would otherwise end the file name.
    wal = path.with_name(path.name + "-wal")
    return path.absolute().as_uri() + ("?mode=ro" if wal.exists() else "?immutable=1")


def not_writable(path: Path) -> str | None:
    """Why this process cannot write the database file at `path` (or create it), or None.

    os.access, so a read-only file system counts too; root passes every permission check.
    """
    folder = path.parent if path.parent.exists() else None
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        return f"{path} is read-only"
    # SQLite writes its -wal and -shm (and a backups folder) beside the file.
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        return f"{path} is in a folder you cannot write to ({folder})"
    return None


def check_sqlite_file(path: Path, *, read_only: bool = False) -> None:
    """Refuse, without touching it, a file that cannot be an itpm database we may open.

    With read_only, a file we cannot write is fine (it must exist); otherwise it is refused.
    """
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not path.exists():
        if read_only:
            raise DatabaseError(f"{path} does not exist")
        return
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"{path} cannot be read (permission denied)")
    if not read_only:
        reason = not_writable(path)
        if reason is not None:
            raise DatabaseError(
                f"{reason}; open it with --read-only to look at it, or choose another with --db"
            )
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not an itpm database (not a SQLite file, or corrupt)")
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            tables = _table_names(conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
            _refuse_foreign(tables)
            stored = _stored_revision(conn, tables, path)
            # Decided here, read-only, because connecting for real switches the file to WAL.
            _refuse_newer(stored)
            _refuse_mismatch(conn, tables, stored, path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is corrupt or unreadable: {exc}") from None


def _table_names(rows: Iterable[Sequence[object]]) -> set[str]:
    return {str(row[0]) for row in rows}


def _own_tables(tables: set[str]) -> set[str]:
    return {t for t in tables if not t.startswith("sqlite_") and t != "alembic_version"}


def _stored_revision(conn: sqlite3.Connection, tables: set[str], path: Path) -> str | None:
    """The one revision stored in the file, or None for a file without a schema yet."""
    if "alembic_version" not in tables:
        return None
    rows = [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")]
    if len(rows) == 1:
        return rows[0]
    if not rows and not _own_tables(tables):
        return None  # a schema taken back to nothing: migrated like a new file
    found = "no revision" if not rows else f"{len(rows)} revisions"
    raise DatabaseError(
        f"{path}: its schema revision cannot be established ({found} stored beside "
        f"{len(_own_tables(tables))} tables); the file was not changed"
    )


def _schema_of(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, set[str]]:
    return {
        t: {str(r[1]) for r in conn.execute(f"PRAGMA table_info({_quoted(t)})")} for t in tables
    }


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _expected_schema(revision: str) -> dict[str, set[str]]:
    """Tables and columns an itpm database at `revision` has."""
    if revision == head_revision():
        from itpm_tui.models import load_all
        from itpm_tui.models.base import metadata

        load_all()
        return {t.name: {c.name for c in t.columns} for t in metadata.tables.values()}
    # An older revision: what the migrations make of an empty database, in memory.
    from alembic import command

    memory = create_engine("sqlite://")
    try:
        with memory.connect() as conn:
            command.upgrade(_alembic_config(conn), revision)
            conn.commit()
            raw = conn.connection.dbapi_connection
            assert raw is not None
            names = _table_names(raw.execute("SELECT name FROM sqlite_master WHERE type='table'"))
            return _schema_of(raw, _own_tables(names))  # type: ignore[arg-type]
    finally:
        memory.dispose()


def _refuse_mismatch(
    conn: sqlite3.Connection, tables: set[str], revision: str | None, path: Path
) -> None:
    """Refuse a file whose tables are not those of the revision it names."""
    if revision is None:
        if _own_tables(tables):
            raise DatabaseError(
                f"{path} has tables but no schema revision; the file was not changed"
            )
        return
    expected = _expected_schema(revision)
    found = _schema_of(conn, _own_tables(tables))
    if found == expected:
        return
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(t for t in set(expected) & set(found) if expected[t] != found[t])
    parts = [
        f"{label}: {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
        for label, names in (
            ("missing tables", missing),
            ("unknown tables", extra),
            ("other columns in", changed),
        )
        if names
    ]
    raise DatabaseError(
        f"{path}: its tables do not match its schema revision {revision} "
        f"({'; '.join(parts)}); the file was not changed"
    )


def _refuse_foreign(tables: set[str]) -> None:
    if "alembic_version" not in tables and any(not t.startswith("sqlite_") for t in tables):
        raise DatabaseError("this SQLite file is not an itpm database (no itpm schema)")


def _refuse_newer(revision: str | None) -> None:
    head = head_revision()
    if revision is not None and revision != head and revision not in known_revisions():
        raise DatabaseError(
            f"this database was written by a newer itpm (schema revision {revision}); "
            f"this itpm knows revisions up to {head}. Upgrade itpm to open it. "
            "The file was not changed."
        )


class _CommitCounter:
    """How many transactions this process committed through one engine; `stamped`, how
    many of them moved the database's commit clock (write_session's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0
        self.stamped = 0

    def bump(self) -> None:
        with self._lock:
            self.value += 1

    def bump_stamped(self) -> None:
        with self._lock:
            self.stamped += 1


# Per engine, so that a second engine on the same file (another process, in tests)
# counts as "someone else".
_COMMITS: weakref.WeakKeyDictionary[Engine, _CommitCounter] = weakref.WeakKeyDictionary()


def _configure_sqlite(engine: Engine) -> None:
    counter = _COMMITS.setdefault(engine, _CommitCounter())

    @event.listens_for(engine, "commit")
    def _on_commit(_conn: object) -> None:
        counter.bump()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy (below) emit BEGIN itself, so writes can BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        # foreign_keys must be set outside a transaction, so here, on the raw connection.
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode loses nothing on a process crash; only power loss can
        # roll back the last commits, and it never corrupts the file.
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" if another process wrote in between: writes ask for
        # the lock up front.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine with our pragmas; for a sqlite file, the file must already be prepared."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


@contextlib.contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A short session for reading; objects stay usable after it closes."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


class ProjectReadOnly(DatabaseError):
    """A write to a closed project, refused by the database itself."""


def _closed_refusal(engine: Engine, exc: BaseException, project_id: int | None) -> None:
    """Raise ProjectReadOnly when `exc` is the closed-project trigger's refusal."""
    from sqlalchemy.exc import DBAPIError

    from itpm_tui.journal import CLOSED_MESSAGE

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error) or CLOSED_MESSAGE not in str(orig):
        return
    named = "This project"
    if project_id is not None:
        with contextlib.suppress(Exception), engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT code, closed_on FROM project WHERE id = ?", (project_id,)
            ).first()
            conn.rollback()
            if row is not None and row[1] is not None:
                named = f"{row[0]} was closed on {row[1]} and"
    raise ProjectReadOnly(
        f"{named} is read-only; reopen it (Closure screen, key O) to change it. Nothing was saved."
    ) from None


def _bump_commit_clock(conn: object) -> bool:
    """Count this write transaction on the database's commit clock (when it has one)."""
    from sqlalchemy.exc import OperationalError

    try:
        result = conn.exec_driver_sql(  # type: ignore[attr-defined]
            "UPDATE clock SET value = value + 1 WHERE name = 'commits'"
        )
    except OperationalError:
        return False  # a schema from before the clock
    return bool(result.rowcount)


# --- versions numbered by the database -------------------------------------------------------

_FLUSHED_VERSIONED = "itpm.flushed_versioned"


@event.listens_for(Session, "after_flush")
def _note_versioned(session: Session, _context: object) -> None:
    # Still the pre-flush lists here: what this flush inserts and updates.
    rows = [
        obj
        for obj in (*session.new, *session.dirty)
        if "version" in getattr(getattr(obj, "__table__", None), "c", ())
    ]
    if rows:
        session.info[_FLUSHED_VERSIONED] = rows


@event.listens_for(Session, "after_flush_postexec")
def _read_versions(session: Session, _context: object) -> None:
    """Give the objects just written the version the database's triggers gave their rows,
    so an object kept after its session still holds the number a later save checks."""
    from sqlalchemy.orm.attributes import set_committed_value

    rows = session.info.pop(_FLUSHED_VERSIONED, None)
    if not rows:
        return
    by_table: dict[str, dict[int, object]] = {}
    for obj in rows:
        row_id = getattr(obj, "id", None)
        if isinstance(row_id, int):
            by_table.setdefault(obj.__table__.name, {})[row_id] = obj
    conn = session.connection()
    for table, objects in by_table.items():
        ids = list(objects)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found = conn.exec_driver_sql(
                f'SELECT id, version FROM "{table}" WHERE id IN ({marks})', tuple(chunk)
            )
            for row_id, version in found:
                set_committed_value(objects[row_id], "version", version)


@contextlib.contextmanager
def write_session(
    engine: Engine,
    action: str | None = None,
    *,
    project_id: int | None = None,
    journal: bool = True,
) -> Iterator[Session]:
    """One write transaction (BEGIN IMMEDIATE): commits all of it, or rolls all of it back.

    Every change it makes is journalled as one user action named `action` (undo and
    history); a service may name it later with name_action. journal=False is for undo
    and redo themselves.
    """
    from itpm_tui import clock, progress_log
    from itpm_tui import journal as journal_

    bind = engine.execution_options(sqlite_begin="IMMEDIATE")
    stamped = False
    with Session(bind, expire_on_commit=False) as session:
        try:
            # Begin now: a Session starts its transaction lazily, at the first statement.
            conn = session.connection()
            action_id = None
            if journal and journal_.is_journalled(engine):
                action_id = journal_.begin_action(conn, project_id, journal_.origin(engine))
                session.info[ACTION_LABEL] = action
            yield session
            session.flush()
            if progress_log.is_recording(engine):
                # Progress the triggers recorded in this write gets this process's day.
                progress_log.stamp_recorded_day(session.connection(), clock.today())
            if action_id is not None:
                journal_.end_action(
                    session.connection(), action_id, session.info.get(ACTION_LABEL), project_id
                )
            if journal_.is_journalled(engine):
                stamped = _bump_commit_clock(session.connection())
            session.commit()
        except BaseException as exc:
            session.rollback()
            _closed_refusal(engine, exc, project_id)
            raise
    if stamped and (counter := _COMMITS.get(engine)) is not None:
        # Counted once committed: a watcher reads this count before the clock, so the
        # clock never shows fewer of our commits than the count does.
        counter.bump_stamped()


ACTION_LABEL = "itpm.action_label"


def name_action(session: Session, label: str) -> None:
    """Name the user action this write session records ("move 'X' to Done")."""
    session.info[ACTION_LABEL] = label


class ChangeWatcher:
    """Tells whether another process committed to the database since the last look.

    Every write transaction moves the database's commit clock by one; this process
    counts its own, so when the clock moved further than that, someone else wrote
    too, even in the same interval as our own writes. `PRAGMA data_version` on one
    long-lived connection catches writers that do not move the clock (another tool):
    it changes whenever any other connection commits, which includes our own engine,
    so alone it cannot tell our commits from theirs. Both are cheap enough to ask
    every couple of seconds.
    """

    def __init__(self, engine: Engine) -> None:
        path = sqlite_path(str(engine.url))
        if path is None:
            raise DatabaseError("watching for changes needs a SQLite database file")
        # Used from whichever worker thread polls, one poll at a time.
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._counter = _COMMITS.get(engine) or _CommitCounter()
        self._lock = threading.Lock()
        self._ours = self._counter.value
        self._ours_stamped = self._counter.stamped
        self._clock = self._commit_clock()
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _commit_clock(self) -> int | None:
        try:
            row = self._conn.execute("SELECT value FROM clock WHERE name = 'commits'").fetchone()
        except sqlite3.OperationalError:
            return None  # a schema without the clock
        return None if row is None else int(row[0])

    def changed_elsewhere(self) -> bool:
        """True when someone else committed since the previous call."""
        with self._lock:
            # Our counts first, the database's after: a commit of ours landing in between
            # is then seen as someone else's (one reload too many), never the reverse.
            ours, ours_stamped = self._counter.value, self._counter.stamped
            clock = self._commit_clock()
            version = self._data_version()
            moved = version != self._version
            mine = ours != self._ours
            theirs = (
                clock is not None
                and self._clock is not None
                and clock - self._clock > ours_stamped - self._ours_stamped
            )
            self._version, self._ours, self._ours_stamped = version, ours, ours_stamped
            self._clock = clock
            # Our own commits move data_version too; when we wrote meanwhile the screen
            # reloaded after that write already, unless the clock says others wrote too.
            return theirs or (moved and not mine)

    def stamp(self) -> tuple[int, int]:
        """Where the data is, as this process sees it: while the stamp stays the same,
        nothing was committed, here or elsewhere (it does not move the watcher on)."""
        with self._lock:
            return self._counter.value, self._data_version()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


# --- revisions ---------------------------------------------------------------------------


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stored in the database, None for an empty database.

    Raises DatabaseError for a database that has tables but is not an itpm one, or whose
    revision cannot be established (no row, or several, beside tables).
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        tables = _table_names(raw.execute("SELECT name FROM sqlite_master WHERE type='table'"))
        _refuse_foreign(tables)
        path = sqlite_path(str(engine.url)) or Path(str(engine.url))
        revision = _stored_revision(raw, tables, path)  # type: ignore[arg-type]
        conn.rollback()
    return revision


def _alembic_config(connection: object) -> Config:
    from importlib.resources import files

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("itpm_tui.migrations")))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return [rev.revision for rev in script.walk_revisions()]


def head_revision() -> str:
    from itpm_tui.migrations import HEAD_REVISION

    return HEAD_REVISION


def upgrade(engine: Engine, *, backup_dir: Path | None = None) -> tuple[str | None, str]:
    """Bring the schema to head; back the data up first when there is any.

    Returns (revision before, revision after). A database from a newer itpm, or one whose
    tables are not those of its revision, is refused untouched: no backup, no trigger
    dropped.
    """
    before = current_revision(engine)
    head = head_revision()
    if before == head:
        return before, head
    _refuse_newer(before)
    path = sqlite_path(str(engine.url))
    if path is not None:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            tables = _table_names(raw.execute("SELECT name FROM sqlite_master WHERE type='table'"))
            _refuse_mismatch(raw, tables, before, path)  # type: ignore[arg-type]
            conn.rollback()
    if before is not None:
        backup(engine, default_backup_path(engine, backup_dir, reason=f"before-{head}"))
    _run_migrations(engine)
    return before, head


def _run_migrations(engine: Engine) -> None:
    from alembic import command

    from itpm_tui import progress_log
    from itpm_tui.journal import drop_triggers

    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        # Batch migrations copy and drop tables: with foreign keys on, dropping a
        # parent table would cascade-delete its children's rows.
        if raw is not None and engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            # Batch migrations copy and rename tables, which trips over triggers naming
            # them; they are recreated from the new schema once the migration is done.
            # Dropped in the migration's own transaction: a failed migration keeps them.
            drop_triggers(conn)
            progress_log.drop_triggers(conn)
            command.upgrade(_alembic_config(conn), "head")
            conn.commit()
            if raw is not None and engine.dialect.name == "sqlite":
                problems = raw.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseError(f"migration left broken references: {problems[:5]}")
        finally:
            if raw is not None and engine.dialect.name == "sqlite":
                raw.execute("PRAGMA foreign_keys=ON")


# --- opening -------------------------------------------------------------------------------


_READ_ONLY: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def read_only_reason(engine: Engine) -> str | None:
    """Why `engine` only reads (its writes are refused with this), or None when it writes."""
    return _READ_ONLY.get(engine)


class ReadOnlyDatabase(DatabaseError):
    """A write asked of a database opened read-only."""


def _make_read_only_engine(url: str, path: Path, reason: str) -> Engine:
    uri = read_only_uri(path)
    engine = create_engine(
        url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    _configure_sqlite(engine)
    _READ_ONLY[engine] = reason

    # First in line, before BEGIN IMMEDIATE is sent: every write transaction is refused
    # with the reason, not with SQLite's "attempt to write a readonly database".
    @event.listens_for(engine, "begin", insert=True)
    def _refuse_writes(conn: Connection) -> None:
        if conn.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            raise ReadOnlyDatabase(f"Read-only: {reason}; nothing was changed.")

    return engine


def _neighbours(path: Path) -> set[Path]:
    return {p for p in (path.with_name(path.name + s) for s in ("-wal", "-shm")) if p.exists()}


def open_database(target: str, *, migrate: bool = True, read_only: bool | None = False) -> Engine:
    """Prepare the file (private), check it, connect, and migrate to head if asked.

    read_only=True opens an existing file to read only (every write transaction is
    refused with the reason); None does so when the file or its folder is not writable
    (see read_only_reason), False refuses such a file. A file that is refused is left as
    it was, with nothing new beside it.
    """
    url = to_url(target)
    path = sqlite_path(url)
    reason: str | None = None
    there_before: set[Path] = set()
    if path is not None:
        if read_only is None:
            reason = not_writable(path)
        elif read_only:
            reason = not_writable(path) or f"{path} was opened with --read-only"
        check_sqlite_file(path, read_only=reason is not None)
        there_before = _neighbours(path)
        if reason is None and not path.exists():
            create_private_file(path)
    engine: Engine | None = None
    try:
        if path is not None and reason is not None:
            engine = _make_read_only_engine(url, path, reason)
            revision = current_revision(engine)
            if migrate and revision != head_revision():
                raise DatabaseError(
                    f"{path} is at schema revision {revision or 'none'} and needs an upgrade "
                    f"to {head_revision()}, which a read-only file cannot have; "
                    "the file was not changed"
                )
            return engine
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
            from itpm_tui import progress_log
            from itpm_tui.journal import ensure_triggers

            ensure_triggers(engine)
            progress_log.ensure_triggers(engine)
        else:
            current_revision(engine)
    except Exception as exc:  # sqlite3/SQLAlchemy errors become one clear line
        if engine is not None:
            engine.dispose()  # a refused database keeps no open handle
        if path is not None:
            # Nothing left beside a refused file: no empty -wal or -shm of ours.
            for made in _neighbours(path) - there_before:
                made.unlink(missing_ok=True)
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"cannot open the database {path or url}: {_reason(exc)}") from None
    return engine


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


# --- backups -------------------------------------------------------------------------------


def default_backup_path(engine: Engine, folder: Path | None = None, reason: str = "") -> Path:
    path = sqlite_path(str(engine.url))
    if path is None:
        raise DatabaseError("backups are only available for SQLite database files")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{reason}" if reason else ""
    return (folder or path.parent / "backups") / f"{path.stem}-{stamp}{suffix}.db"


class DamagedDatabase(DatabaseError):
    """The database file fails SQLite's quick_check: a page is corrupt."""


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA quick_check` finds through `conn`, or None when it is sound."""
    try:
        first = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:  # too damaged to even walk
        return str(exc)
    if first is None or first[0] == "ok":
        return None
    return str(first[0]).splitlines()[0]


def damage(engine: Engine) -> str | None:
    """What is wrong with the database's pages (quick_check), or None when they are sound."""
    path = sqlite_path(str(engine.url))
    if path is None:
        return None
    with contextlib.closing(_connect_source(engine, path)) as conn:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return _quick_check(conn)


def _connect_source(engine: Engine, path: Path) -> sqlite3.Connection:
    """A raw connection to the engine's file, read-only (creating nothing) when it is."""
    if read_only_reason(engine) is not None:
        return sqlite3.connect(read_only_uri(path), uri=True)
    return sqlite3.connect(path)


def damaged_message(path: Path, problem: str) -> str:
    return (
        f"{path} is DAMAGED ({problem}); run `itpm db check`, and `itpm db restore` "
        "a backup if it is bad"
    )


def _space_note(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text or "I/O error" in text:
        return f"{text} (no space left?)"
    return text


# A temporary file of ours: ".<target name>.<pid>-<anything>.tmp", and SQLite's files of it.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[^.]+\.tmp(-journal|-wal|-shm)?")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own are removed by the writer that made them
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's live process
    return True


def remove_dead_leftovers(folder: Path, name: str | None = None) -> None:
    """Remove the temporary files a killed backup, report or export left in `folder` (of
    the target `name` only, when given): only those whose writing process is gone."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _LEFTOVER.fullmatch(entry.name)
        if found is None or (name is not None and found["name"] != name):
            continue
        if not _alive(int(found["pid"])):
            with contextlib.suppress(OSError):
                entry.unlink()


def backup(engine: Engine, dest: Path, *, keep: int | None = BACKUPS_KEPT) -> Path:
    """Copy the live database with SQLite's online backup API into a new private file.

    The source is checked first (a damaged one is refused: its copy would push a good
    backup out of the rotation). The copy is made under a temporary name beside `dest`,
    checked, and only then renamed: a killed or failed backup leaves no file with a
    backup's name. Rotation happens after that.
    """
    source = sqlite_path(str(engine.url))
    if source is None:
        raise DatabaseError("backups are only available for SQLite database files")
    dest = dest.expanduser().absolute()
    if dest.exists() or dest.is_symlink():
        raise DatabaseError(f"{dest} already exists; choose a new file name")
    temp = dest.with_name(f".{dest.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with contextlib.closing(_connect_source(engine, source)) as src:
            src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            problem = _quick_check(src)
            if problem is not None:
                raise DamagedDatabase(
                    damaged_message(source, problem)
                    + "; no backup was taken and the existing ones were kept"
                )
            temp.unlink(missing_ok=True)  # a leftover of a killed backup of this same process id
            # And those of backups killed before (each one up to the database's size).
            remove_dead_leftovers(dest.parent)
            create_private_file(temp)  # and the folders on the way, 0700
            with contextlib.closing(sqlite3.connect(temp)) as dst:
                src.backup(dst)
                problem = _quick_check(dst)
        if problem is not None:
            raise DatabaseError(f"backup to {dest} failed: the copy does not check ({problem})")
        os.rename(temp, dest)
    except sqlite3.Error as exc:
        raise DatabaseError(f"backup to {dest} failed: {_space_note(exc)}") from None
    except OSError as exc:
        raise DatabaseError(f"backup to {dest} failed: {exc.strerror}") from None
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    if keep is not None:
        _rotate(dest.parent, source.stem, keep)
    return dest


def _rotate(folder: Path, stem: str, keep: int) -> None:
    """Keep the newest `keep` automatic backups of this database in `folder`."""
    if folder.name != "backups":
        return  # only our own backup folder is pruned, never a folder the user chose
    # Only names default_backup_path makes: "itpm-old.db" beside "itpm.db" keeps its own.
    ours = _automatic_backups(folder, stem)
    for old in ours[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def _automatic_backups(folder: Path, stem: str) -> list[Path]:
    stamped = re.compile(re.escape(stem) + r"-\d{8}-\d{6}-\d{6}(-.*)?\.db")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{stem}-*.db") if stamped.fullmatch(p.name))


def auto_backup(
    engine: Engine, keep: int, *, every: timedelta = timedelta(hours=24)
) -> Path | None:
    """Take the periodic backup when the newest one is older than `every`; keep `keep` of them.

    Returns the new backup, or None when none was due (or keep is 0: switched off).
    """
    path = sqlite_path(str(engine.url))
    if keep <= 0 or path is None or not path.exists():
        return None
    folder = path.parent / "backups"
    existing = _automatic_backups(folder, path.stem)
    if existing:
        newest = datetime.fromtimestamp(existing[-1].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < every:
            return None
    return backup(engine, default_backup_path(engine, folder, reason="auto"), keep=keep)


# --- checking and restoring ----------------------------------------------------------------


def check(engine: Engine) -> list[str]:
    """Integrity and foreign-key problems of the database, as lines; [] when it is sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        integrity = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems += [f"integrity: {line}" for line in integrity]
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"broken reference: {table} row {rowid} points to a missing {parent}")
        conn.rollback()
    return problems


def inspect_backup(path: Path) -> str | None:
    """Read-only: the schema revision of an itpm database file we could restore from.

    Raises DatabaseError when the file is missing, not SQLite, not itpm's, from a newer
    itpm, or damaged.
    """
    path = path.expanduser().absolute()
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist or is not a file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseError(f"{path} is not an itpm database (not a SQLite file)")
    try:
        # Not mode=ro: a read-only connection to a WAL file leaves -wal and -shm behind.
        with contextlib.closing(sqlite3.connect(path)) as conn:
            tables = _table_names(conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
            if "alembic_version" not in tables:
                raise DatabaseError(f"{path} is not an itpm database (no itpm schema)")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise DatabaseError(f"{path} is damaged (quick_check failed)")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is corrupt or unreadable: {exc}") from None
    revision = row[0] if row else None
    _refuse_newer(revision)
    return revision


def restore(engine: Engine, source: Path, *, keep: int = BACKUPS_KEPT) -> Path:
    """Replace the database's contents with `source`, after backing the current ones up.

    Uses the online backup API, so another itpm with the file open sees the restored
    data (and never a half-written file). Returns the backup of what was there before.
    """
    target = sqlite_path(str(engine.url))
    if target is None:
        raise DatabaseError("restoring is only available for SQLite database files")
    source = source.expanduser().absolute()
    if source == target.absolute():
        raise DatabaseError("that is the database itself; choose a backup file")
    inspect_backup(source)
    safety = backup(engine, default_backup_path(engine, reason="before-restore"), keep=keep)
    engine.dispose()  # no pooled connection keeps pages of the old contents
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            dst.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            src.backup(dst)
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"restore failed: {exc}; the previous contents are in {safety}"
        ) from None
    upgrade(engine)  # a backup from an older itpm is brought to this schema
    return safety
