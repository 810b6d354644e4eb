"""Files the user asks for (reports, exports): written readable by their owner only."""

from __future__ import annotations

import os
from pathlib import Path

from itpm_tui.services.errors import ItpmError


def write_private(path: Path | str, text: str) -> Path:
    """Write `text` to a file only its owner can read (0600), replacing what was there."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ItpmError(f"{path} is a folder: give a file name.")
    if not path.parent.exists():
        raise ItpmError(f"The folder {path.parent} does not exist.")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise ItpmError(f"Cannot write {path}: {exc.strerror}.") from None
    # An existing file keeps its mode through O_CREAT: make it private too.
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
