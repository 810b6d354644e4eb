"""Completing a file path as a shell does: the longest name a typed prefix can only go on to."""

from __future__ import annotations

import os
from pathlib import Path

# A directory of more entries than this is not listed on every key.
MAX_ENTRIES = 5000


def complete_path(typed: str, *, suffixes: tuple[str, ...] = ()) -> str | None:
    """`typed` extended as far as its directory's entries agree, else None.

    "~/pla" -> "~/plans/" when plans is the only entry starting "pla" and a directory;
    with several candidates, their common prefix. Hidden entries are offered only when the
    typed name starts with a dot; with `suffixes`, files of other endings are left out.
    """
    if not typed:
        return None
    folder_text, _, stem = typed.rpartition("/")
    folder_text = folder_text + "/" if "/" in typed else ""
    folder = Path(os.path.expanduser(folder_text or "."))
    try:
        with os.scandir(folder) as entries:
            names: list[tuple[str, bool]] = []
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    return None
                if not entry.name.startswith(stem) or (
                    entry.name.startswith(".") and not stem.startswith(".")
                ):
                    continue
                is_dir = entry.is_dir()
                if not is_dir and suffixes and not entry.name.lower().endswith(suffixes):
                    continue
                names.append((entry.name, is_dir))
    except OSError:
        return None
    if not names:
        return None
    if len(names) == 1:
        name, is_dir = names[0]
        return folder_text + name + ("/" if is_dir else "")
    common = os.path.commonprefix([name for name, _ in names])
    return folder_text + common if len(common) > len(stem) else None
