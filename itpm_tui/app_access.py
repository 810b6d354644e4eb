"""The running app typed as ItpmApp, for screens and widgets (Textual types `self.app` as App)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.app import App

if TYPE_CHECKING:
    from itpm_tui.app import ItpmApp


class InApp(Protocol):
    """Anything Textual knows the app of: a screen, a widget, a command provider, the app."""

    @property
    def app(self) -> App[object]: ...


def itpm_app(node: InApp) -> ItpmApp:
    """The ItpmApp that `node` runs in (the app is its own)."""
    app = node if isinstance(node, App) else node.app
    return cast("ItpmApp", app)
