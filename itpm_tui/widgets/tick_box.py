"""A checkbox whose two states differ by a glyph, not by colour alone: `[x]` / `[ ]` in ASCII."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's Checkbox draws `X` in both states; this one draws the state itself.

    Space ticks it; enter saves the form it is in, as on every other one-line field (the
    form's footer says "enter: save"), where Textual's Checkbox would toggle it again.
    """

    BINDINGS = [Binding("enter", "screen.save", "Save", show=False)]

    @property
    def _button(self) -> Content:
        glyphs = getattr(self.app, "glyphs", None)
        if glyphs is None or glyphs.check_on == "":
            return super()._button
        # The state is the glyph; the toggle's colours still mark focus and hover.
        shown = glyphs.check_on if self.value else glyphs.check_off
        return Content.assemble((shown, self.get_visual_style("toggle--label")))
