"""On a closed project a key that opens a form to write refuses at the key, with the reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import write_session
from itpm_tui.models import Project
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import TODAY, notices, open_code, press, record_notices, settle

OPENERS = [
    (("3",), "t", "board log time"),
    (("3", "T"), "n", "new task"),
    (("2", "k"), "n", "new risk"),
    (("4", "t"), "n", "log time"),
]


@pytest.mark.parametrize(("keys", "opener", "name"), OPENERS, ids=[o[2] for o in OPENERS])
async def test_a_form_opener_on_a_closed_project_refuses_at_the_key(
    demo_db: Engine, keys: tuple[str, ...], opener: str, name: str
) -> None:
    with write_session(demo_db, journal=False) as session:
        project = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
        project.closed_on = date(2026, 11, 17)
    app = ItpmApp(demo_db, display=Display(ascii=True), today=TODAY, live_refresh=None)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, *keys)
        screen = app.screen
        await press(pilot, opener)
        assert not isinstance(app.screen, FormScreen), name
        assert app.screen is screen
        assert any("NET-CORE was closed on 2026-11-17 and is read-only" in n for n in notices(app))
