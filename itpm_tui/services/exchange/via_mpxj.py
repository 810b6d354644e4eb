"""Other planning formats (.mpp, Primavera XER, GanttProject, ProjectLibre, Planner) through MPXJ.

MPXJ runs on Java; a Java virtual machine cannot be restarted inside one process, so
each file is converted to MSPDI by a Python child process and then imported as MSPDI.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlmodel import Session

from itpm_tui.services.exchange.formats import (
    IMPORTS,
    FileProblem,
    ImportFormat,
    ImportOptions,
    ImportReport,
)

SUFFIXES = (".mpp", ".mpt", ".mpx", ".xer", ".pmxml", ".gan", ".pod", ".planner", ".gnt")
INSTALL = "pip install 'itpm[mpxj]' and a Java runtime (e.g. apt install default-jre-headless)"
# A big .mpp converts in seconds; a minute more is a converter that hangs.
TIMEOUT_SECONDS = 300

# The child's program: read any file MPXJ knows, write it as MSPDI.
_CONVERT = """
import sys
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
import jpype
jpype.startJVM(convertStrings=True)
from org.mpxj.reader import UniversalProjectReader
from org.mpxj.mspdi import MSPDIWriter
project = UniversalProjectReader().read(sys.argv[1])
if project is None:
    print("MPXJ does not know this format", file=sys.stderr)
    sys.exit(3)
MSPDIWriter().write(project, sys.argv[2])
"""


def missing() -> str | None:
    """What is missing to convert through MPXJ, or None when it can run."""
    needs = []
    if importlib.util.find_spec("mpxj") is None or importlib.util.find_spec("jpype") is None:
        needs.append("the mpxj package")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        needs.append("a Java runtime")
    if not needs:
        return None
    return f"{' and '.join(needs)} missing: install with {INSTALL}"


def convert_to_mspdi(data: bytes, suffix: str) -> bytes:
    """The file as MSPDI, converted by MPXJ in a child process."""
    reason = missing()
    if reason is not None:
        raise FileProblem(f"reading this format needs MPXJ: {reason}")
    with tempfile.TemporaryDirectory(prefix="itpm-mpxj-") as folder:
        source = Path(folder) / f"plan{suffix}"
        target = Path(folder) / "plan.xml"
        source.write_bytes(data)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CONVERT, str(source), str(target)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise FileProblem(f"MPXJ took over {TIMEOUT_SECONDS} s to read it: stopped") from None
        if done.returncode != 0 or not target.exists():
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            why = lines[-1][:200] if lines else f"exit status {done.returncode}"
            raise FileProblem(f"MPXJ cannot read it: {why}")
        return target.read_bytes()


def _sniff(head: bytes) -> bool:
    # An OLE compound document (.mpp), a Primavera export, a GanttProject file.
    return (
        head.startswith(b"\xd0\xcf\x11\xe0")
        or head.startswith(b"ERMHDR")
        or (b"<project" in head[:512] and b"ganttproject" in head.lower())
    )


def import_via_mpxj(session: Session, data: bytes, options: ImportOptions) -> ImportReport:
    from itpm_tui.services.exchange.mspdi import import_mspdi

    suffix = ".mpp" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
    if data.startswith(b"ERMHDR"):
        suffix = ".xer"
    elif b"ganttproject" in data[:4096].lower():
        suffix = ".gan"
    return import_mspdi(session, convert_to_mspdi(data, suffix or ".mpp"), options)


IMPORTS["mpxj"] = ImportFormat(
    name="mpxj",
    suffixes=SUFFIXES,
    description="MS Project .mpp, Primavera XER, GanttProject, ProjectLibre (needs MPXJ, Java)",
    sniff=_sniff,
    read=import_via_mpxj,
)
