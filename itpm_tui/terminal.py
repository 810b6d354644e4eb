"""ASCII output for terminals without UTF-8: every character written is printable ASCII.

Textual writes UTF-8 whatever the locale says. In ASCII mode the driver below turns
each non-ASCII character into ASCII of the same width, so borders, scrollbars and
user text cannot put bytes on the wire that a C-locale terminal shows as garbage.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from textual.driver import Driver

# Box drawing, blocks and common symbols to their nearest ASCII shape.
_SHAPES = {
    **dict.fromkeys("─━═╌╍┄┅┈┉╴╶╸╺▁▔", "-"),
    **dict.fromkeys("│┃║╎╏┆┇┊┋╵╷╹╻▏▕", "|"),
    **dict.fromkeys(
        "┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋"
        "╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬╭╮╯╰",
        "+",
    ),
    **dict.fromkeys("█▉▊▋▌▍▎▐▀▄▆▇▅▃▂▓▒", "#"),
    "░": ".",
    **dict.fromkeys("◆◇♦", "*"),
    **dict.fromkeys("●○•◉◎∙·", "*"),
    **dict.fromkeys("▶►▸▹→⟶", ">"),
    **dict.fromkeys("◀◄◂◃←", "<"),
    **dict.fromkeys("▲▴△↑", "^"),
    **dict.fromkeys("▼▾▽↓", "v"),
    **dict.fromkeys("✓✔☑", "x"),
    **dict.fromkeys("✗✘☒×", "x"),
    "…": ".",
    "⏎": "<",
    "🔎": ">",
    "⌫": "<",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    " ": " ",
}


@lru_cache(maxsize=4096)
def _ascii_char(char: str) -> str:
    if char.isascii():
        return char
    width = cell_len(char)
    if width == 0:
        return ""
    shape = _SHAPES.get(char)
    if shape is None:
        # Accented letters keep their base letter (é -> e).
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if c.isascii() and c.isprintable())
        shape = base[:1] or "?"
    return (shape * width)[:width] if len(shape) == 1 else shape[:width].ljust(width, "?")


def to_ascii(text: str) -> str:
    """Replace every non-ASCII character by printable ASCII of the same cell width."""
    if text.isascii():
        return text
    return "".join(_ascii_char(c) for c in text)


def ascii_driver(base: type[Driver]) -> type[Driver]:
    """Wrap a Textual driver class so that everything it writes is printable ASCII."""

    class AsciiDriver(base):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            super().write(to_ascii(data))

    return AsciiDriver
