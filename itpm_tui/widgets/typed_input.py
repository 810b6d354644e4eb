"""A text field whose editing keys take effect in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TypedInput(Input):
    """Input that runs its own key bindings (backspace, ctrl+u, arrows, ...) as keys arrive.

    Textual runs a widget's bindings only once the key has bubbled up to the app, while
    the field inserts printable keys at once. Keys that arrive together, as over a slow
    link when someone types ahead, were applied out of order: 'ab', backspace, 'c' gave
    'ab', and ctrl+u followed by new text cleared the new text.
    """

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)
