"""Keys typed ahead: held while the app still acts on earlier input, then handed on in order."""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual import events
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.worker import Worker

# The worker group that hands held keys on; it is not "work in progress" itself.
FEEDER_GROUP = "typed-ahead"
# Work that runs beside the person, never on their behalf: it does not hold keys.
BACKGROUND_GROUPS = ("live-refresh", "ahead-", FEEDER_GROUP)
# Keys that act at once, whatever is held: leaving must never wait.
NEVER_HELD = frozenset({"ctrl+q"})
# Searches that only refresh a list of results from the text being typed (the command
# palette's): the next letter need not wait for them - each one starts the search again -
# but enter and the cursor keys do, so that they act on the results of the whole text.
SEARCH_GROUPS = ("--textual-command-palette-gather-commands",)
# Keys that edit the text being searched for.
EDITING_KEYS = frozenset({"backspace", "delete", "left", "right", "home", "end", "ctrl+u"})
# The safety net: keys are never held longer than this without anything moving on.
HOLD_LIMIT = 5.0
# A busy app is looked at again after each turn of the event loop, for so many turns
# (most keys take only a few), then every POLL seconds (a database read, a new screen).
QUICK_LOOKS = 50
POLL = 0.002


def _is_idle(pump: MessagePump, dispatching: bool = False) -> bool:
    """True when `pump` has run everything it was sent and waits for more.

    A pump that is dispatching a message has taken it off its queue, so an empty queue is
    not enough: only an idle pump has a task parked in the queue's `get`. With
    `dispatching`, the caller runs inside the pump's one message: nothing else counts.
    """
    if pump._closing or pump._closed:
        return True  # on its way out: nothing more will come of it
    if not pump._is_mounted or pump._next_callbacks or pump._pending_message is not None:
        return False
    queue: asyncio.Queue[Message | None] = pump._message_queue
    return queue.empty() and (dispatching or bool(getattr(queue, "_getters", True)))


class KeyHold:
    """Hands keys to the app one at a time, each once the one before has had its effect.

    Textual sends a key to the focused widget at once and runs the screen's bindings only
    when the key has bubbled back up to the app; a screen opened by a key (or by the
    database read the key started) is pushed later still. Keys that arrive together, as
    over a slow link, used to reach the old screen in between. Here every key waits until
    the app is quiet - no message pending anywhere on the screens, every new screen
    mounted, no database work running for the person - and is then delivered, in order.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.held: deque[events.Key] = deque()
        self._released: set[int] = set()
        self._feeding = False
        # Work the screen already shows the outcome of (a board move being written).
        self._ignored: WeakSet[Worker[Any]] = WeakSet()

    def ignore(self, worker: Worker[Any]) -> None:
        """Let keys typed while `worker` runs act at once."""
        self._ignored.add(worker)

    @property
    def waiting(self) -> bool:
        """True while keys are held or being handed on."""
        return bool(self.held) or self._feeding

    def hold(self, event: events.Key) -> bool:
        """Take a key that has just arrived; True when it is held, to be delivered later."""
        if id(event) in self._released:
            self._released.discard(id(event))
            return False
        if event.key in NEVER_HELD:
            return False
        if not self.held and not self._feeding and self.settled(dispatching=True, key=event):
            return False  # nothing is under way: the key acts now, as it always did
        self.held.append(event)
        if not self._feeding:
            self._feeding = True
            self.app.run_worker(self._feed(), group=FEEDER_GROUP, exit_on_error=False)
        return True

    def settled(self, dispatching: bool = False, key: events.Key | None = None) -> bool:
        """True when everything earlier input started has happened and the app waits.

        `dispatching`: asked by the app while it handles a message (a key just arrived).
        `key`: the key to be delivered next; text typed into a search needs no search done.
        """
        app = self.app
        typing = key is not None and (key.is_printable or key.key in EDITING_KEYS)
        for worker in app.workers:
            if worker.is_finished or worker.group.startswith(BACKGROUND_GROUPS):
                continue
            if typing and worker.group in SEARCH_GROUPS:
                continue
            if worker not in self._ignored:
                return False
        stack = app.screen_stack
        if not stack or not _is_idle(app, dispatching):
            return False
        for screen in stack:
            if screen._callbacks or not _is_idle(screen):
                return False
            if not all(_is_idle(node) for node in screen.walk_children()):
                return False
        return True

    async def _feed(self) -> None:
        try:
            since = monotonic()
            looks = 0
            while self.held:
                if not self.settled(key=self.held[0]):
                    if monotonic() - since < HOLD_LIMIT:
                        looks += 1
                        await asyncio.sleep(0 if looks < QUICK_LOOKS else POLL)
                        continue
                    # Something never finished: deliver what is held rather than lose it.
                    self.app.log.warning(f"keys held {HOLD_LIMIT}s: delivering them now")
                    while self.held:
                        self._release(self.held.popleft())
                    break
                self._release(self.held.popleft())
                since = monotonic()
                looks = 0
                # The app now has the key in its queue, so it is busy until it has run it.
        finally:
            self._feeding = False
            # A failure here must never keep keys from the person.
            while self.held:
                self._release(self.held.popleft())

    def _release(self, event: events.Key) -> None:
        self._released.add(id(event))
        self.app.post_message(event)
