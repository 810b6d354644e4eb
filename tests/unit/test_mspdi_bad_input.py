"""Hostile and broken MSPDI files: one message naming the place, nothing saved, no hang."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from itpm_tui.db import read_session
from itpm_tui.models import Dependency, Person, Project, Task
from itpm_tui.services.exchange import runner
from itpm_tui.services.exchange.formats import ExportOptions, FileProblem, ImportOptions

TODAY = date.today()
NS = 'xmlns="http://schemas.microsoft.com/project"'


def _task(uid: int, name: str, extra: str = "", level: int = 1) -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Start>2027-03-01T08:00:00</Start>"
        f"<Finish>2027-03-02T17:00:00</Finish><Duration>PT16H0M0S</Duration>{extra}</Task>"
    )


def _plan(*tasks: str, resources: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Project {NS}><Name>Plan</Name>'
        f"<StartDate>2027-03-01T08:00:00</StartDate><Tasks>{''.join(tasks)}</Tasks>"
        f"<Resources>{resources}</Resources></Project>"
    )


def _link(uid: int, kind: int = 1) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID>"
        f"<Type>{kind}</Type></PredecessorLink>"
    )


# A resource in every file: a refused file must not leave a person behind either.
PERSON = "<Resource><UID>1</UID><Name>Grace Hopper</Name></Resource>"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + f"]>\n<Project {NS}><Name>&lol9;</Name></Project>"
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    f"<Project {NS}><Name>&x;</Name></Project>"
)
CASES = {
    "billion laughs": (BILLION_LAUGHS, "declares a DTD"),
    "external entity": (EXTERNAL, "declares a DTD"),
    "truncated": (_plan(_task(1, "A"))[:150], r"not well-formed XML: .*line 2"),
    "binary garbage": ("\x00\x01\x02PK\x03\x04 garbage", "not well-formed XML"),
    "not a project": (f"<Tasks {NS}/>", "the root element is <Tasks>, not <Project>"),
    "missing task": (
        _plan(_task(1, "A"), _task(2, "B", _link(99)), resources=PERSON),
        "Task UID 2 'B': its predecessor UID 99 is not a task of the file",
    ),
    "self link": (
        _plan(_task(1, "A", _link(1))),
        "Task UID 1 'A': the task is its own predecessor",
    ),
    "cycle": (
        _plan(_task(1, "Alpha", _link(3)), _task(2, "Beta", _link(1)), _task(3, "Gamma", _link(2))),
        r"links cannot be scheduled: .*cycle.*Alpha",
    ),
    "date out of range": (
        _plan(_task(1, "A", "<ActualStart>1066-10-14T08:00:00</ActualStart>")),
        "Task UID 1 'A': ActualStart 1066-10-14 is out of range",
    ),
    "not a date": (
        _plan(
            _task(1, "A", "<ConstraintType>4</ConstraintType><ConstraintDate>soon</ConstraintDate>")
        ),
        "Task UID 1 'A': ConstraintDate 'soon' is not a date and time",
    ),
    "long name": (_plan(_task(1, "x" * 10_000)), "Name is 10,000 characters long: at most 255"),
    "skipped level": (
        _plan(_task(1, "A"), _task(2, "B", level=3)),
        "Task UID 2: OutlineLevel 3 follows level 1",
    ),
    "huge duration": (
        _plan(_task(1, "A").replace("PT16H0M0S", "PT99999999H0M0S")),
        "Task UID 1 'A': Duration is 12,500,000 working days: at most 5,000",
    ),
    "long task marked summary": (
        _plan(_task(1, "A", "<Summary>1</Summary>").replace("PT16H0M0S", "PT99999H0M0S")),
        "Task UID 1: its Duration or Work is over 5,000 working days",
    ),
    "bad link type": (
        _plan(_task(1, "A"), _task(2, "B", _link(1, kind=7))),
        "Task UID 2 'B', predecessor UID 1: Type 7 is not a link type",
    ),
    "summary link kind": (
        _plan(_task(1, "Phase"), _task(2, "Work", level=2), _task(3, "Next", _link(1, kind=3))),
        r"links cannot be scheduled",
    ),
    "percent": (
        _plan(_task(1, "A", "<PercentComplete>250</PercentComplete>")),
        "Task UID 1 'A': PercentComplete 250 is not between 0 and 100",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_one_message_naming_the_place_and_nothing_is_saved(
    engine: Engine, tmp_path: Path, case: str
) -> None:
    text, message = CASES[case]
    path = tmp_path / "plan.xml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(FileProblem, match=message) as caught:
        runner.import_file(engine, path, ImportOptions(today=TODAY))
    shown = str(caught.value)
    assert shown.startswith("plan.xml: ")
    assert "\n" not in shown and len(shown) < 400
    with read_session(engine) as session:
        for table in (Project, Task, Dependency, Person):
            assert session.exec(select(func.count()).select_from(table)).one() == 0, table


def test_control_and_bidi_characters_are_cleaned_and_markup_kept(
    engine: Engine, tmp_path: Path
) -> None:
    # XML 1.0 has no ESC at all; C1 controls (CSI) and bidi overrides it does carry.
    name = "Deploy \u009b31m[b]red[/b] \u202eevil"
    notes = "line one\nline \u009b2J two"
    path = tmp_path / "plan.xml"
    path.write_text(_plan(_task(1, name, f"<Notes>{notes}</Notes>")), encoding="utf-8")
    runner.import_file(engine, path, ImportOptions(today=TODAY))
    with read_session(engine) as session:
        task = session.exec(select(Task)).one()
    assert task.title == "Deploy 31m[b]red[/b] evil"
    assert task.description == "line one\nline 2J two"


def test_a_task_title_with_xml_special_characters_goes_out_and_back(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(_plan(_task(1, "R&amp;D &lt;beta&gt; &quot;x&quot; [/]")), encoding="utf-8")
    report = runner.import_file(engine, path, ImportOptions(today=TODAY, code="RND"))
    assert report.created["tasks"] == 1
    out = runner.export_project(engine, "RND", "mspdi", ExportOptions(today=TODAY))
    assert b'<Name>R&amp;D &lt;beta&gt; "x" [/]</Name>' in out


def test_unsupported_constraints_and_lags_are_warned_not_refused(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xml"
    elapsed = (
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>"
        "<LinkLag>100800</LinkLag><LagFormat>8</LagFormat></PredecessorLink>"
    )
    path.write_text(
        _plan(
            _task(1, "A", "<ConstraintType>1</ConstraintType>"),
            _task(2, "B", elapsed),
        ),
        encoding="utf-8",
    )
    report = runner.import_file(engine, path, ImportOptions(today=TODAY))
    joined = " | ".join(report.warnings)
    assert "Task UID 1 'A': the constraint 'as late as possible' is not carried" in joined
    assert "an elapsed lag is taken as working days" in joined
    with read_session(engine) as session:
        link = session.exec(select(Dependency)).one()
    # 7 elapsed days are 5 working days.
    assert link.lag_days == 5


def test_a_summary_longer_than_a_task_may_be_imports(engine: Engine, tmp_path: Path) -> None:
    # A summary's duration is its tasks' span: long plans have summaries over 5,000 days.
    summary = _task(1, "Programme", "<Summary>1</Summary>").replace("PT16H0M0S", "PT99999H0M0S")
    path = tmp_path / "plan.xml"
    path.write_text(_plan(summary, _task(2, "Work", level=2)), encoding="utf-8")
    report = runner.import_file(engine, path, ImportOptions(today=TODAY))
    assert report.created["tasks"] == 2


def test_a_utf16_file_is_read_and_its_dtd_refused_all_the_same(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xml"
    text = _plan(_task(1, "Überprüfung")).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    report = runner.import_file(engine, path, ImportOptions(today=TODAY))
    assert report.created["tasks"] == 1
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BILLION_LAUGHS.replace('<?xml version="1.0"?>', "").encode("utf-16"))
    with pytest.raises(FileProblem, match="bomb.xml: the file declares a DTD"):
        runner.import_file(engine, bomb, ImportOptions(today=TODAY, code="B"))
