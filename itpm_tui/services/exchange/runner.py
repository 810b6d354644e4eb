"""The one way a project is exported to a file and a file imported, whatever the format."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from itpm_tui.services.exchange.formats import (
    IMPORTS,
    ExportOptions,
    FileProblem,
    ImportFormat,
    ImportOptions,
    ImportReport,
    export_format,
    import_format,
    load_formats,
)
from itpm_tui.services.shared.errors import ItpmError

# A plan of 100,000 tasks is a few tens of MB in any format: a larger file is refused
# before it is read, so a mistaken or hostile file never fills the memory.
MAX_IMPORT_BYTES = 200 * 1024 * 1024
_SNIFF_BYTES = 4096


class _DryRun(Exception):
    """Raised inside the import's transaction to roll it back once the report is made."""


def export_project(engine: Engine, code: str, format_name: str, options: ExportOptions) -> bytes:
    """The bytes of project `code` in the format named."""
    from itpm_tui.db import read_session
    from itpm_tui.services.portfolio.projects import find_project

    chosen = export_format(format_name)
    with read_session(engine) as session:
        project = find_project(session, code)
        return chosen.write(session, project.id, options)  # type: ignore[arg-type]


def export_to_file(
    engine: Engine, code: str, format_name: str, path: Path | str, options: ExportOptions
) -> Path:
    """Write project `code` to `path` (a regular file, replaced whole or not at all)."""
    from itpm_tui.services.shared.files import write_private

    return write_private(path, export_project(engine, code, format_name, options))


def _read_bytes(path: Path) -> bytes:
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        raise ItpmError(f"{path}: no such file") from None
    except OSError as exc:
        raise ItpmError(f"{path}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ItpmError(f"{path}: not a regular file")
    if info.st_size > MAX_IMPORT_BYTES:
        raise FileProblem(
            f"{path.name}: {info.st_size / 1024 / 1024:,.0f} MB is too large to import "
            f"(at most {MAX_IMPORT_BYTES // 1024 // 1024} MB)"
        )
    try:
        with path.open("rb") as handle:
            # One byte more than the cap: a file that grew since the stat is refused too.
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ItpmError(f"{path}: {exc.strerror}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise FileProblem(f"{path.name}: too large to import")
    return data


def detect_format(path: Path, head: bytes) -> ImportFormat:
    """The import format for a file: by its name's ending, then by its first bytes."""
    load_formats()
    name = path.name.lower()
    by_suffix = [f for f in IMPORTS.values() if any(name.endswith(s) for s in f.suffixes)]
    if len(by_suffix) == 1:
        return by_suffix[0]
    candidates = by_suffix or list(IMPORTS.values())
    for candidate in candidates:
        if candidate.sniff(head):
            return candidate
    known = ", ".join(sorted(IMPORTS)) or "none"
    raise FileProblem(
        f"{path.name}: the format is not recognised (the formats are {known}); "
        "name it with --format"
    )


def import_file(
    engine: Engine,
    path: Path | str,
    options: ImportOptions,
    format_name: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file in one write transaction (undo names it); a dry run saves nothing.

    A file the format cannot read raises FileProblem with one line naming the place,
    and nothing is saved.
    """
    from itpm_tui.db import write_session

    path = Path(path).expanduser()
    data = _read_bytes(path)
    chosen = import_format(format_name) if format_name else detect_format(path, data[:_SNIFF_BYTES])
    report: ImportReport | None = None
    try:
        with write_session(engine, f"import {path.name}") as session:
            report = _run(chosen, session, data, options, path)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert report is not None
    return report


def _run(
    chosen: ImportFormat, session: Session, data: bytes, options: ImportOptions, path: Path
) -> ImportReport:
    from itpm_tui.services.shared.text import clean_text

    try:
        return chosen.read(session, data, options)
    except FileProblem as exc:
        raise FileProblem(f"{path.name}: {exc}") from None
    except (ItpmError, SQLAlchemyError):
        raise  # the user's own words already, or the database's trouble, not the file's
    except RecursionError:
        raise FileProblem(
            f"{path.name}: not a valid {chosen.name} file: nested too deeply"
        ) from None
    except Exception as exc:  # a parser's own failure is the file's fault, said in one line
        detail = clean_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise FileProblem(f"{path.name}: not a valid {chosen.name} file: {detail[:200]}") from None
