"""The x export and the w status report refuse a FIFO or a device beside the field, at once."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import Engine

from itpm_tui.screens.shared.forms import FormScreen

from .helpers import field_error, fill, open_code, press, settle


async def test_export_and_report_to_a_fifo_or_a_device_are_refused_beside_the_field(
    demo_db: Engine, make_app, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo, 0o644)
    device = tmp_path / "null.csv"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.chmod(device, 0o666)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "2", "k", "x")  # the risk register of Planning, then export
        await fill(pilot, "path", str(fifo))
        # A FIFO opened for writing would block the worker until a reader came: the form
        # must answer at once, and the app must still quit.
        await press(pilot, "enter")
        assert "is a FIFO (named pipe), not a regular file" in field_error(pilot, "path")
        await fill(pilot, "path", str(device))
        await press(pilot, "enter")
        assert "is a character device, not a regular file" in field_error(pilot, "path")
        await press(pilot, "escape", "escape", "4", "w")  # Monitoring's status report
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "path", str(device))
        await press(pilot, "enter")
        assert "is a character device, not a regular file" in field_error(pilot, "path")
    assert stat.S_IMODE(device.lstat().st_mode) == 0o666 and stat.S_ISCHR(device.lstat().st_mode)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("tui")) == [
        "null.csv",
        "pipe.csv",
    ]
