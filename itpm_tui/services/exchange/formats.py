"""The file formats a project goes out in and comes in from, each one entry, found by name.

A format module provides plain functions; this table names them, so the command line and
the screens offer every format the same way (`itpm export --format NAME`, the export
dialog). Each `read` runs inside the one write transaction the importer opens: it adds
rows through the services and raises FileProblem naming the place of the first fault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from itpm_tui.services.shared.errors import ItpmError


class FileProblem(ItpmError):
    """A file that cannot be read as its format: the message names the place ("line 12: ...")."""


@dataclass(frozen=True)
class ExportOptions:
    """What an export covers beyond the plan itself."""

    today: date
    with_history: bool = False


@dataclass(frozen=True)
class ImportOptions:
    """Where an import lands: a new project (its code) or an existing one."""

    today: date
    code: str | None = None  # the new project's code; None: the one in the file
    into_project: str | None = None  # the code of an existing project to add tasks to
    replace: bool = False  # a project with the same code is replaced (asked for)


@dataclass(frozen=True)
class Refusal:
    """One row or element left out, where it is and why."""

    place: str  # "line 12", "Task UID 40"
    reason: str


@dataclass
class ImportReport:
    """What an import created (or would create, on a dry run) and what it refused."""

    project_code: str
    created: dict[str, int] = field(default_factory=dict)  # "tasks" -> 120, "links" -> 96
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportFormat:
    name: str  # "mspdi", "json", "csv", "xlsx", "ics"
    suffix: str  # the file name's ending: ".xml"
    description: str  # one line for the dialog and --help
    write: Callable[[Session, int, ExportOptions], bytes]  # project id -> the file's bytes


@dataclass(frozen=True)
class ImportFormat:
    name: str
    suffixes: tuple[str, ...]
    description: str
    sniff: Callable[[bytes], bool]  # the file's first 4 KiB look like this format
    read: Callable[[Session, bytes, ImportOptions], ImportReport]


EXPORTS: dict[str, ExportFormat] = {}
IMPORTS: dict[str, ImportFormat] = {}

# The modules under itpm_tui.services.exchange that add their formats to the tables above
# when imported; loaded on first use, so start-up pays for none of them.
FORMAT_MODULES: tuple[str, ...] = (
    "mspdi",
    "via_mpxj",
    "icalendar_export",
    "project_json",
    "spreadsheet",
)


def load_formats() -> None:
    from importlib import import_module

    for module in FORMAT_MODULES:
        import_module(f"itpm_tui.services.exchange.{module}")


def export_format(name: str) -> ExportFormat:
    load_formats()
    try:
        return EXPORTS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTS)) or "none"
        raise ItpmError(f"no export format {name!r}: the formats are {known}") from None


def import_format(name: str) -> ImportFormat:
    load_formats()
    try:
        return IMPORTS[name]
    except KeyError:
        known = ", ".join(sorted(IMPORTS)) or "none"
        raise ItpmError(f"no import format {name!r}: the formats are {known}") from None
