"""The Textual app: global keys, the command palette, database work off the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar, TypeVarTuple

from sqlalchemy import Engine
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen

from itpm_tui.config import Display
from itpm_tui.glyphs import Glyphs, glyphs_for
from itpm_tui.typeahead import KeyHold

ResultT = TypeVar("ResultT")
# The arguments a service function takes after its session.
Args = TypeVarTuple("Args")

if TYPE_CHECKING:
    from sqlmodel import Session

# Textual's palette commands that itpm does not offer (see get_system_commands).
DROPPED_SYSTEM_COMMANDS = frozenset({"Quit", "Keys", "Screenshot"})

# How often the app looks for changes another itpm process committed (seconds).
LIVE_REFRESH_SECONDS = 2.0


def _itpm_commands():
    # Imported when the palette first opens, not at start-up.
    from itpm_tui.commands import ItpmCommands

    return ItpmCommands


class ItpmApp(App[None]):
    """itpm: a portfolio of IT projects, from Initiation to Closure."""

    TITLE = "itpm"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    # One provider, itpm's actions first: Textual's own commands follow them (commands.py).
    COMMANDS = {lambda: _itpm_commands()}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
        # Every change made in the app, on any screen, newest first (services/undo.py).
        Binding("u", "undo", "Undo", id="app.undo", show=False),
        Binding("ctrl+r", "redo", "Redo", id="app.redo", show=False),
    ]

    def __init__(
        self,
        engine: Engine,
        display: Display | None = None,
        today: date | None = None,
        portfolio: list[Any] | None = None,
        live_refresh: float | None = LIVE_REFRESH_SECONDS,
        portfolio_complete: bool = True,
        notices: list[tuple[str, str]] | None = None,
        check_pages: bool = False,
    ) -> None:
        self.engine = engine
        # Said once the app is up: (message, severity), e.g. a failed automatic backup.
        self._start_notices = list(notices or [])
        self._check_pages = check_pages
        self._live_refresh = live_refresh
        self._watcher: Any = None
        # A change seen while a dialog was open: the screen below reloads once it closes.
        self._reload_pending = False
        self._polling = False
        self._job_numbers: dict[str, int] = {}
        # Results read ahead or kept while the database is unchanged: key -> (stamp, value).
        self._kept: dict[Any, tuple[Any, Any]] = {}
        # Portfolio rows read before start-up, shown by the first frame (then None); when
        # not complete, the first screenful only: the rest is read once it is drawn.
        self.preloaded_portfolio = portfolio
        self.preloaded_complete = portfolio_complete
        self.display_mode = display or Display()
        self.glyphs: Glyphs = glyphs_for(self.display_mode.ascii)
        self._today = today
        if today is not None:
            from itpm_tui import clock

            clock.fix_today(today)  # progress recorded here is dated on the app's day
        super().__init__()
        # Keys typed ahead wait for what the key before them opened (typeahead.py).
        self.key_hold = KeyHold(self)
        if self.display_mode.ascii:
            self.add_class("-ascii")

    @property
    def today(self) -> date:
        """Today, or the fixed date tests and snapshots run on."""
        return self._today or date.today()

    @property
    def now(self) -> datetime:
        """The time now; on a fixed `today`, noon UTC of that day, so screens repeat exactly."""
        if self._today is None:
            return datetime.now(UTC)
        return datetime.combine(self._today, time(12), tzinfo=UTC)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands that make sense here; the palette lists them after itpm's.

        Left out: Quit and Keys (itpm's own Quit and Help ? say the same), and Screenshot
        (it writes an SVG file into the working folder, outside the files itpm writes).
        """
        for command in super().get_system_commands(screen):
            if command.title not in DROPPED_SYSTEM_COMMANDS:
                yield command

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        if self.display_mode.ascii and not shown.isascii():
            # The ASCII driver keeps cell widths, so "⏎" would come out as a bare "<":
            # name the key instead ("enter", "up").
            return binding.key.split(",")[0]
        return shown

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if self.display_mode.ascii:
            from itpm_tui.terminal import ascii_driver

            return ascii_driver(driver)
        return driver

    async def on_event(self, event: events.Event) -> None:
        # A key from the terminal (not one bubbling back up) goes through the hold first.
        if isinstance(event, events.Key) and not event.is_forwarded and self.key_hold.hold(event):
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        from itpm_tui.screens.portfolio.listing import PortfolioScreen

        self.push_screen(PortfolioScreen())
        self._start_watching()
        self._say_start_notices()

    # --- what the user must know at start: a damaged file, a failed backup ---------------

    def _say_start_notices(self) -> None:
        for message, severity in self._start_notices:
            self._banner(message, severity)
        if self._check_pages:
            # Off the UI thread: on a large file quick_check takes a moment.
            self.run_db(self._page_damage, self._pages_checked, group="start-check")

    @staticmethod
    def _page_damage(engine: Engine) -> str | None:
        from itpm_tui.db import damage, damaged_message, sqlite_path

        problem = damage(engine)
        path = sqlite_path(str(engine.url))
        return None if problem is None or path is None else damaged_message(path, problem)

    def _pages_checked(self, message: str | None) -> None:
        if message is not None:
            self._banner(message, "error")

    def _banner(self, message: str, severity: str) -> None:
        # Long enough to be read; the database's state is not a passing remark.
        self.notify(
            message,
            title="Database",
            severity=severity,  # type: ignore[arg-type]
            markup=False,
            timeout=30,
        )

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()

    # --- changes made by another itpm on the same file -----------------------------------

    def _start_watching(self) -> None:
        from itpm_tui.db import ChangeWatcher, DatabaseError, read_only_reason

        # A read-only view may be of a folder where no -shm can be made: nothing to watch.
        if not self._live_refresh or read_only_reason(self.engine) is not None:
            return
        try:
            self._watcher = ChangeWatcher(self.engine)
        except (DatabaseError, OSError):
            return  # not a SQLite file: nothing to watch
        self.set_interval(self._live_refresh, self._poll_changes, name="live-refresh")

    def _poll_changes(self) -> None:
        # One look at a time; a slow one is waited for, not cancelled.
        if self._polling:
            return
        self._polling = True
        watcher = self._watcher

        def failed(_exc: Exception) -> bool:
            self._polling = False
            return True  # a busy or closing file: look again at the next tick, say nothing

        self.run_db(
            lambda _engine: watcher.changed_elsewhere(),
            self._changes_seen,
            failed=failed,
            group="live-refresh",
        )

    def _changes_seen(self, changed: bool) -> None:
        from textual.screen import ModalScreen

        self._polling = False
        if not (changed or self._reload_pending):
            return
        screen = self.screen
        if isinstance(screen, ModalScreen):
            # Never pull data from under an open form; a stale save is refused anyway.
            self._reload_pending = True
            return
        self._reload_pending = False
        reload = getattr(screen, "reload", None)
        if callable(reload):
            reload()

    # --- results kept while nothing changed ----------------------------------------------

    def data_stamp(self) -> tuple[int, int] | None:
        """Where the data is now; None when that cannot be told (nothing is kept then)."""
        import sqlite3

        if self._watcher is None:
            return None
        try:
            return self._watcher.stamp()
        except sqlite3.Error:
            return None

    def keep(self, key: Any, stamp: tuple[int, int] | None, value: Any) -> None:
        """Keep `value`, read when the data was at `stamp`, until the data changes."""
        if stamp is not None:
            self._kept[key] = (stamp, value)

    def kept(self, key: Any) -> Any | None:
        """The value kept under `key` if nothing was committed since it was read."""
        entry = self._kept.get(key)
        if entry is None:
            return None
        stamp = self.data_stamp()
        if stamp is None or stamp != entry[0]:
            del self._kept[key]
            return None
        return entry[1]

    def read_ahead(self, key: Any, job: Callable[[Engine], Any]) -> None:
        """Run `job` in the background and keep its result, for a screen likely opened next."""
        stamp = self.data_stamp()
        if stamp is None or self.kept(key) is not None:
            return
        self.run_db(
            job,
            lambda value: self.keep(key, stamp, value),
            failed=lambda _exc: True,  # nobody asked yet: the screen reads again and says why
            group=f"ahead-{key}",
        )

    # --- database work -----------------------------------------------------------------

    def run_db(
        self,
        job: Callable[[Engine], ResultT],
        done: Callable[[ResultT], Any] | None = None,
        *,
        failed: Callable[[Exception], bool] | None = None,
        group: str = "db",
        exclusive: bool = False,
        hold_keys: bool = True,
    ) -> None:
        """Run `job(engine)` in a thread; hand its result to `done` on the UI thread.

        A failure goes to `failed` first (return True when handled), then to report_error.
        With `exclusive`, only the result of the latest job of the group is delivered:
        a load started before a write committed must not land after the one started
        after it. Keys typed meanwhile wait for the job and what `done` opens, unless
        `hold_keys` is False (a write the screen already shows, such as a board move).
        """
        self._job_numbers[group] = ticket = self._job_numbers.get(group, 0) + 1

        def current() -> bool:
            return not exclusive or self._job_numbers.get(group) == ticket

        def work() -> None:
            try:
                result = job(self.engine)
            except Exception as exc:  # reported on screen, never a crash
                if current():
                    self.call_from_thread(self._job_failed, exc, failed)
                return
            if done is not None and current():
                self.call_from_thread(self._deliver, done, result, current)

        worker = self.run_worker(
            work, group=group, exclusive=exclusive, thread=True, exit_on_error=False
        )
        if not hold_keys:
            self.key_hold.ignore(worker)

    def read(
        self,
        fn: Callable[[Session, *Args], ResultT],
        *args: *Args,
        then: Callable[[ResultT], Any],
        failed: Callable[[Exception], bool] | None = None,
        group: str = "db",
        exclusive: bool = False,
        hold_keys: bool = True,
    ) -> None:
        """Call `fn(session, *args)` in a read session off the UI thread; `then` gets its result.

        The one way a screen reads: the service function does the querying, the screen
        only shows. See run_db for `failed`, `group`, `exclusive` and `hold_keys`.
        """
        from itpm_tui.db import read_session

        def job(engine: Engine) -> ResultT:
            with read_session(engine) as session:
                return fn(session, *args)

        self.run_db(job, then, failed=failed, group=group, exclusive=exclusive, hold_keys=hold_keys)

    def write(
        self,
        label: str,
        fn: Callable[[Session, *Args], ResultT],
        *args: *Args,
        then: Callable[[ResultT], Any] | None = None,
        failed: Callable[[Exception], bool] | None = None,
        project_id: int | None = None,
        group: str = "db",
        hold_keys: bool = True,
    ) -> None:
        """Call `fn(session, *args)` in one write transaction named `label` (undo and history).

        The one way a screen writes: all of it commits or none of it; `then` gets the
        result on the UI thread (typically to reload). A service may rename the action
        with name_action once it knows what it did.
        """
        from itpm_tui.db import write_session

        def job(engine: Engine) -> ResultT:
            with write_session(engine, label, project_id=project_id) as session:
                return fn(session, *args)

        self.run_db(job, then, failed=failed, group=group, hold_keys=hold_keys)

    def _deliver(
        self, done: Callable[[ResultT], Any], result: ResultT, current: Callable[[], bool]
    ) -> None:
        from textual.css.query import NoMatches

        if not current():
            return  # a newer job of the same group was started meanwhile
        try:
            done(result)
        except NoMatches:
            pass  # the screen that asked was closed meanwhile
        except Exception as exc:
            self.report_error(exc)

    def _job_failed(self, exc: Exception, failed: Callable[[Exception], bool] | None) -> None:
        if failed is not None and failed(exc):
            return
        self.report_error(exc)

    def error_text(self, exc: Exception) -> str:
        """A failure as one line for the user: the driver's own first line, never SQL."""
        from itpm_tui.db import DatabaseError
        from itpm_tui.services.shared.errors import ItpmError

        # Both carry a sentence meant for the user (a closed project's refusal, too).
        if isinstance(exc, ItpmError | DatabaseError):
            return str(exc)
        self.log.error(repr(exc))
        orig = getattr(exc, "orig", None)
        return str(orig or exc).splitlines()[0] if str(orig or exc) else type(exc).__name__

    def report_error(self, exc: Exception) -> None:
        """The one place where failures become a message for the user."""
        from itpm_tui.db import DatabaseError
        from itpm_tui.services.shared.errors import ItpmError

        message = self.error_text(exc)
        if not isinstance(exc, ItpmError | DatabaseError):
            message = f"Could not complete that: {message}"
        self.notify(message, title="Problem", severity="error", markup=False, timeout=8)

    # --- actions -------------------------------------------------------------------------

    def action_undo(self) -> None:
        self._replay("undo")

    def action_redo(self) -> None:
        self._replay("redo")

    def _replay(self, verb: str, action_id: int | None = None) -> None:
        from textual.command import CommandPalette
        from textual.screen import ModalScreen

        from itpm_tui.journal import origin
        from itpm_tui.screens.shared.confirm import ConfirmScreen
        from itpm_tui.services.shared import undo

        # Not under an open form or question: what it shows would no longer be true.
        # (Checked here, not in check_action, so help and the palette still list them.)
        if isinstance(self.screen, ModalScreen) and not isinstance(self.screen, CommandPalette):
            self.bell()
            return

        def done(result: undo.UndoResult) -> None:
            past = "Undone" if verb == "undo" else "Redone"
            self.notify(f"{past}: {result.label}", markup=False, timeout=4)
            # The screen on top shows data that just changed; those below reload on resume.
            reload = getattr(self.screen, "reload", None)
            if callable(reload):
                reload()

        def failed(exc: Exception) -> bool:
            if isinstance(exc, undo.AnotherWindows):
                # Each window undoes its own actions; another's only when asked, by name.
                other = exc.action

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._replay(verb, other.id)

                question = (
                    f"Nothing of this window's to {verb}. {verb.capitalize()} "
                    f"'{other.label}', made in another window?"
                )
                self.push_screen(ConfirmScreen(question), answered)
                return True
            if isinstance(exc, undo.NothingToUndo):
                self.notify(str(exc), severity="warning", markup=False)
                return True
            return False

        mine = origin(self.engine)
        self.run_db(
            lambda engine: undo.run(engine, verb, origin=mine, action_id=action_id),
            done,
            failed=failed,
            group="undo",
        )

    def action_help(self) -> None:
        from itpm_tui.screens.shared.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))
