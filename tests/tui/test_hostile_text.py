"""Hostile text in every field: every screen shows it literally, nothing crashes or runs."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import pytest

from .helpers import TODAY, screen_text
from .walk import walk

# pytest puts tests/ on the path (tests/hostile.py is `hostile` there); mypy reads it as a
# module of the tests package.
if TYPE_CHECKING:
    from tests.hostile import CODE, LITERAL, fill_hostile
else:
    from hostile import CODE, LITERAL, fill_hostile


def _controls(text: str) -> list[str]:
    return [repr(c) for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


@pytest.mark.parametrize("ascii_mode", [False, True], ids=["unicode", "ascii"])
async def test_every_screen_of_a_hostile_project_shows_its_text_literally(
    empty_db, make_app, ascii_mode: bool
) -> None:
    fill_hostile(empty_db, TODAY)
    app = make_app(empty_db, ascii=ascii_mode)
    shown: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:

        async def visit(name: str) -> None:
            # Still running: no [@click=app.quit] was turned into an action.
            assert app.is_running and app.return_code is None, name
            text = screen_text(pilot)
            assert _controls(text) == [], name
            shown[name] = text

        visited = await walk(pilot, CODE, visit)
        assert app.is_running
    assert len(visited) >= 18
    everything = "\n".join(shown.values())
    # Shown as typed, not as markup (with the escape characters stripped).
    for literal in LITERAL:
        assert literal in everything, literal
    assert "[bold]x [/" in shown["portfolio"]
    for name in ("initiation", "board", "gantt", "monitoring"):
        # The project's name in the header, cleaned of its escape and bidi override.
        assert "[bold]x [/] [/ [@click=app.quit]q [2JE" in shown[name], name
    assert "[@click=" in shown["board"]
    # The service window's system and the downtime recorded against it.
    assert "[@click=app.quit]quit[/]" in shown["kpis and uptime"]
    assert "path C:\\" in shown["kpis and uptime"]
    assert "\u202e" not in everything
    for name in ("people", "planning", "execution task list"):
        assert "[bold]x" in shown[name] or "[/] closing" in shown[name], name
