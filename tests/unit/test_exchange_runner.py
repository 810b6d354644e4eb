"""The exchange runner: one transaction per import (undo names it), dry runs, size cap, format."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Person, Project, Task
from itpm_tui.services.exchange import runner
from itpm_tui.services.exchange.formats import (
    IMPORTS,
    ExportOptions,
    FileProblem,
    ImportFormat,
    ImportOptions,
    ImportReport,
)
from itpm_tui.services.shared.errors import ItpmError
from itpm_tui.services.shared.undo import undo

TODAY = date.today()


def _counts(engine: Engine) -> tuple[int, int, int]:
    with read_session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Project)).one(),
            session.exec(select(func.count()).select_from(Task)).one(),
            session.exec(select(func.count()).select_from(Person)).one(),
        )


@pytest.fixture
def exported(demo_engine: Engine, tmp_path: Path) -> Path:
    return runner.export_to_file(
        demo_engine, "erp-s4", "mspdi", tmp_path / "plan.xml", ExportOptions(today=TODAY)
    )


def test_export_to_file_is_private_and_whole(demo_engine: Engine, exported: Path) -> None:
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert exported.read_bytes() == runner.export_project(
        demo_engine, "ERP-S4", "mspdi", ExportOptions(today=TODAY)
    )
    assert not [p for p in exported.parent.iterdir() if p.name.startswith(".")]


def test_an_unknown_format_or_project_is_one_message(demo_engine: Engine) -> None:
    with pytest.raises(ItpmError, match="no export format 'pdf'.*mspdi"):
        runner.export_project(demo_engine, "ERP-S4", "pdf", ExportOptions(today=TODAY))
    with pytest.raises(ItpmError, match="no project with the code 'NOPE'"):
        runner.export_project(demo_engine, "NOPE", "mspdi", ExportOptions(today=TODAY))


def test_an_import_is_one_action_undo_names_and_takes_back(
    demo_engine: Engine, exported: Path
) -> None:
    before = _counts(demo_engine)
    report = runner.import_file(demo_engine, exported, ImportOptions(today=TODAY, code="COPY"))
    assert report.project_code == "COPY"
    assert report.created["tasks"] == 15
    assert _counts(demo_engine)[1] == before[1] + 15
    with write_session(demo_engine, journal=False) as session:
        result = undo(session)
    assert result.label == "import plan.xml"
    assert _counts(demo_engine) == before


def test_a_dry_run_reports_and_saves_nothing(demo_engine: Engine, exported: Path) -> None:
    before = _counts(demo_engine)
    report = runner.import_file(
        demo_engine, exported, ImportOptions(today=TODAY, code="COPY"), dry_run=True
    )
    assert report.created["tasks"] == 15 and report.created["links"] == 10
    assert _counts(demo_engine) == before


def test_a_file_over_the_cap_is_refused_before_it_is_read(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"<Project>" + b" " * 2000 + b"</Project>")
    monkeypatch.setattr(runner, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(FileProblem, match="big.xml: .* too large to import"):
        runner.import_file(engine, big, ImportOptions(today=TODAY))


def test_not_a_file_is_one_message(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ItpmError, match="no such file"):
        runner.import_file(engine, tmp_path / "missing.xml", ImportOptions(today=TODAY))
    with pytest.raises(ItpmError, match="not a regular file"):
        runner.import_file(engine, tmp_path, ImportOptions(today=TODAY))


def test_the_format_is_found_by_suffix_then_by_content(exported: Path, tmp_path: Path) -> None:
    head = exported.read_bytes()[:4096]
    assert runner.detect_format(exported, head).name == "mspdi"
    assert runner.detect_format(tmp_path / "plan.data", head).name == "mspdi"
    assert runner.detect_format(tmp_path / "plan.mpp", b"\xd0\xcf\x11\xe0").name == "mpxj"
    # Plain text may be a tab-separated table (Excel's "Text" export): CSV takes it.
    assert (
        runner.detect_format(tmp_path / "notes.txt", b"Name\tDuration\nSurvey\t3d\n").name == "csv"
    )
    with pytest.raises(FileProblem, match="notes.bin: the format is not recognised"):
        runner.detect_format(tmp_path / "notes.bin", b"\x00\xff\x00\x01 not a plan")


def test_a_parser_crash_is_one_line_and_nothing_is_saved(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(session, data: bytes, options: ImportOptions) -> ImportReport:
        session.add(Project(code="HALF", name="half way"))
        session.flush()
        raise ValueError("bad Tasks\nTraceback (most recent call last)")

    broken = ImportFormat("broken", (".brk",), "a parser that fails", lambda head: False, read)
    monkeypatch.setitem(IMPORTS, "broken", broken)
    path = tmp_path / "plan.brk"
    path.write_bytes(b"anything")
    with pytest.raises(FileProblem) as caught:
        runner.import_file(engine, path, ImportOptions(today=TODAY))
    assert str(caught.value) == "plan.brk: not a valid broken file: bad Tasks"
    assert _counts(engine)[0] == 0
