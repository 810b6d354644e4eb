"""The base of the Line-API widgets (the Gantt chart, the board): today, styles, line cache.

Both draw plain data line by line; a line once drawn is kept until the data, the size,
the styles or the day change. Component styles are looked up once per theme.
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from textual.cache import LRUCache
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """A scrolling widget that draws cached lines, with the day it counts from."""

    def __init__(
        self,
        *,
        today: date | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._today = today
        self._line_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}

    @property
    def today(self) -> date:
        """The day the view counts from: the one given, else the system's today."""
        return self._today or date.today()

    @today.setter
    def today(self, value: date | None) -> None:
        self._today = value
        self.today_changed()

    def today_changed(self) -> None:
        """Redraw for another day; a view whose layout depends on the day does more."""
        self._line_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._line_cache.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.component_style(name)
        return style

    def component_style(self, name: str) -> Style:
        """The Rich style of a named part, looked up once per theme by `_style`."""
        return self.get_component_rich_style(name)
