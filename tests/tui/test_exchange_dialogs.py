"""Export and import from the keyboard: a format and a file out; a path, a preview, then in."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from textual.widgets import Input, Static

from itpm_tui.screens.exchange.export_dialog import ExportScreen
from itpm_tui.screens.exchange.import_dialog import ImportScreen
from itpm_tui.services.exchange.formats import ExportOptions
from itpm_tui.services.exchange.runner import export_to_file

from .helpers import TODAY, burst, press, project_codes, settle, type_text, widget_text


def _field(screen: object, name: str) -> Input:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return screen.query_one(f"#{name}", Input)


async def test_export_writes_the_chosen_file_private_and_whole(
    demo_db: Engine, make_app, tmp_path: Path
) -> None:
    app = make_app(demo_db)
    target = tmp_path / "net.xml"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results: list[Path | None] = []
        app.push_screen(ExportScreen("NET-CORE", TODAY), results.append)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert _field(screen, "path").value == "~/NET-CORE.xml"
        # A folder that is not there: said in place, nothing written, the dialog stays.
        await burst(pilot, "ctrl+u")
        await type_text(pilot, str(tmp_path / "missing" / "net.xml"))
        await press(pilot, "enter")
        assert app.screen is screen
        assert "Nothing was written" in widget_text(screen.query_one("#error", Static))
        await burst(pilot, "ctrl+u")
        await type_text(pilot, str(target))
        await press(pilot, "enter")
        assert results == [target]
        assert target.read_bytes().startswith(b"<?xml")
        assert b"Core network" in target.read_bytes()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_import_previews_without_saving_then_imports_in_one_action(
    demo_db: Engine, make_app, tmp_path: Path
) -> None:
    plan = tmp_path / "plans" / "network-plan.xml"
    plan.parent.mkdir()
    export_to_file(demo_db, "NET-CORE", "mspdi", plan, ExportOptions(today=date(2026, 12, 3)))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results: list[str | None] = []
        app.push_screen(ImportScreen(TODAY), results.append)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        # Tab completes the folder, then the only file in it.
        await type_text(pilot, f"{tmp_path}/pl")
        await press(pilot, "tab")
        assert _field(screen, "path").value == f"{tmp_path}/plans/"
        await press(pilot, "tab")
        assert _field(screen, "path").value == str(plan)
        await press(pilot, "tab")
        await type_text(pilot, "net2")
        await press(pilot, "enter")
        summary = widget_text(screen.query_one("#summary", Static))
        assert "project NET2 with" in summary and "tasks" in summary
        assert "NET2" not in project_codes(demo_db)  # the preview saved nothing
        await press(pilot, "enter")
        assert results == ["NET2"]
        assert "NET2" in project_codes(demo_db)
        # One action: undo takes the whole project away again.
        await press(pilot, "u")
        await settle(pilot)
        assert "NET2" not in project_codes(demo_db)


async def test_a_file_that_is_not_a_plan_is_refused_in_place(
    demo_db: Engine, make_app, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"\x00\x01garbage<<<")
    app = make_app(demo_db)
    before = project_codes(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ImportScreen(TODAY))
        await settle(pilot)
        screen = app.screen
        await type_text(pilot, str(junk))
        await press(pilot, "enter")
        assert app.screen is screen
        error = widget_text(screen.query_one("#error", Static))
        assert error.startswith("Nothing was imported: junk.xml")
        assert project_codes(demo_db) == before
