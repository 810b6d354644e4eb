"""A change that lengthens tasks, driven by keys in the change register: edit, approve, apply."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from itpm_tui.db import read_session
from itpm_tui.models import ChangeRequest, Task
from itpm_tui.screens.registers.changes import ChangesScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import TODAY, fill, notices, open_code, press, settle


def tasks(engine: Engine, *titles: str) -> dict[str, tuple[Any, ...]]:
    with read_session(engine) as s:
        found = s.exec(select(Task).where(col(Task.title).in_(titles))).all()
        return {
            t.title: (t.duration_days, t.actual_start, t.percent_complete, t.finish) for t in found
        }


def change(engine: Engine, title: str) -> ChangeRequest:
    with read_session(engine) as s:
        return s.exec(select(ChangeRequest).where(ChangeRequest.title == title)).one()


async def test_a_change_lengthens_tasks_from_the_register_and_undo_takes_it_back(
    demo_db: Engine, make_app
) -> None:
    app = make_app(demo_db, ascii=True)
    before = tasks(demo_db, "Cutover rehearsal", "Hypercare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "3", "T", "C")  # C: change requests
        assert isinstance(app.screen, ChangesScreen)
        await press(pilot, "n")
        await fill(pilot, "title", "Longer hypercare")
        await fill(pilot, "extend_days", "3")
        await fill(pilot, "affected_wbs", "4.1, 4.3")
        await press(pilot, "ctrl+s")
        assert change(demo_db, "Longer hypercare").extend_days == 3
        row = app.screen.selected_row()
        assert row is not None
        assert row.title == "Longer hypercare"
        # proposed -> assessed -> approved, each by t and the status form.
        await press(pilot, "t", "ctrl+s")
        await press(pilot, "t")
        await fill(pilot, "decided_by", "Steering")
        await press(pilot, "ctrl+s")
        assert change(demo_db, "Longer hypercare").status == "approved"
        # Edited once approved: back to assessed, to be approved again.
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        assert "an edit sends it back to assessed" in app.screen.form_title
        await fill(pilot, "extend_days", "4")
        await press(pilot, "ctrl+s")
        edited = change(demo_db, "Longer hypercare")
        assert (edited.status, edited.extend_days, edited.decided_by) == ("assessed", 4, "")
        await press(pilot, "p")
        assert "Only an approved change can be applied; this one is assessed." in notices(app)
        await press(pilot, "t")
        await fill(pilot, "decided_by", "Steering")
        await press(pilot, "ctrl+s")
        await press(pilot, "p", "y")
        applied = change(demo_db, "Longer hypercare")
        assert (applied.status, applied.implemented_on) == ("implemented", TODAY)
        after = tasks(demo_db, "Cutover rehearsal", "Hypercare")
        # Hypercare had not started: 15 -> 19 days. The rehearsal had (actual start kept):
        # its remaining work grows, 0.7 of 5 days done is 8 % of 9.
        assert after["Hypercare"][0] == 19
        assert after["Cutover rehearsal"][:3] == (9, before["Cutover rehearsal"][1], 8)
        assert any("lengthen by 4 working days" in n for n in notices(app))
        await press(pilot, "u")
        assert tasks(demo_db, "Cutover rehearsal", "Hypercare") == before
        assert change(demo_db, "Longer hypercare").status == "approved"
