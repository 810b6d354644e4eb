"""Task tables in and out: CSV imported (Excel, MS Project, Jira), CSV and XLSX exported."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, Project, Sprint, Task, WorkflowColumn
from itpm_tui.services.exchange.formats import (
    ExportOptions,
    FileProblem,
    ImportOptions,
    ImportReport,
    export_format,
    import_format,
)
from itpm_tui.services.planning.plan_view import plan_view
from itpm_tui.services.planning.schedule_records import reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, find_project
from itpm_tui.services.resources.people import PersonInput, create_person

MONDAY = date(2026, 3, 2)


def import_csv(
    engine: Engine, data: bytes | str, today: date = MONDAY, **where: object
) -> ImportReport:
    """As the importer runs a format: one write transaction, committed."""
    raw = data.encode() if isinstance(data, str) else data
    with write_session(engine, "import tasks") as session:
        return import_format("csv").read(session, raw, ImportOptions(today, **where))  # type: ignore[arg-type]


def export(engine: Engine, code: str, name: str, today: date = MONDAY) -> bytes:
    with read_session(engine) as session:
        project = find_project(session, code)
        return export_format(name).write(session, int(project.id), ExportOptions(today))  # type: ignore[arg-type]


def tasks_of(session: Session, code: str) -> dict[str, Task]:
    project = find_project(session, code)
    return {t.title: t for t in session.exec(select(Task).where(Task.project_id == project.id))}


def links_of(session: Session, code: str) -> set[tuple[str, str, str, int]]:
    tasks = tasks_of(session, code)
    title = {t.id: name for name, t in tasks.items()}
    found = session.exec(
        select(Dependency).where(col(Dependency.successor_id).in_(list(title)))
    ).all()
    return {(title[d.predecessor_id], title[d.successor_id], d.kind, d.lag_days) for d in found}


@pytest.fixture
def people(engine: Engine) -> None:
    with write_session(engine) as session:
        create_person(session, PersonInput("Ada Lovelace", email="ada@example.com"))
        create_person(session, PersonInput("Linus T", email="linus@example.com"))


# --- MS Project's and Excel's CSV ------------------------------------------------------------

MS_PROJECT = """ID,Name,Duration,Start,Finish,Predecessors,Resource Names,% Complete,Outline Level
1,Design,5 days,Mon 3/2/26,Fri 3/6/26,,Ada Lovelace,100%,1
2,Build,,,,,,0%,1
3,Backend,10 days,,,1FS+2 days,linus@example.com,0%,2
4,Frontend,5 days,Tue 3/3/26,,3SS,,40%,2
5,Go-live,0 days,,,2,,0%,1
"""


def test_an_ms_project_table_becomes_a_plan_with_its_outline_links_and_people(
    engine: Engine, people: None
) -> None:
    report = import_csv(engine, MS_PROJECT, date(2026, 3, 4), code="NEW")
    assert report.refused == []
    assert report.created == {"tasks": 5, "links": 3}
    with read_session(engine) as session:
        tasks = tasks_of(session, "NEW")
        assert tasks["Backend"].parent_id == tasks["Build"].id
        assert tasks["Frontend"].parent_id == tasks["Build"].id
        assert tasks["Go-live"].is_milestone
        assert links_of(session, "NEW") == {
            ("Design", "Backend", "FS", 2),
            ("Backend", "Frontend", "SS", 0),
            ("Build", "Go-live", "FS", 0),
        }
        assert tasks["Design"].status == "done"
        assert (tasks["Design"].actual_start, tasks["Design"].actual_finish) == (
            date(2026, 3, 2),
            date(2026, 3, 6),
        )
        # Under way: started on its start date.
        assert tasks["Frontend"].percent_complete == 40
        assert tasks["Frontend"].status == "in-progress"
        assert tasks["Frontend"].actual_start == date(2026, 3, 3)
        rows = {r.title: r for r in list_task_rows(session, find_project(session, "NEW").id)}  # type: ignore[arg-type]
        assert rows["Design"].assignee == "Ada Lovelace"
        assert rows["Backend"].assignee == "Linus T"  # found by e-mail
        assert [r.wbs for r in rows.values()] == ["1", "2", "2.1", "2.2", "3"]
        # Design done on its dates; Backend two working days after it, for 10 days.
        assert (rows["Backend"].start, rows["Backend"].finish) == (
            date(2026, 3, 11),
            date(2026, 3, 24),
        )
        assert rows["Go-live"].start == date(2026, 3, 24)  # a milestone: at the finish


def test_an_unknown_assignee_is_refused_with_its_line_never_invented(
    engine: Engine, people: None
) -> None:
    report = import_csv(engine, "Title,Assignee\nA,Ada Lovelace\nB,Bob\n", code="NEW")
    assert [(r.place, r.reason) for r in report.refused] == [
        ("line 3", "unknown assignee 'Bob': add the person first")
    ]
    with read_session(engine) as session:
        assert list(tasks_of(session, "NEW")) == ["A"]
        names = session.exec(select(col(Task.title))).all()
        assert "B" not in names


def test_predecessor_numbers_are_wbs_codes_when_there_is_no_id_column(engine: Engine) -> None:
    data = "WBS,Title,Duration,Predecessors\n1,A,2,\n2,B,,\n2.1,C,3,1\n2.2,D,1,2.1FF\n"
    report = import_csv(engine, data, code="NEW")
    assert report.refused == []
    with read_session(engine) as session:
        assert links_of(session, "NEW") == {("A", "C", "FS", 0), ("C", "D", "FF", 0)}


def test_predecessor_numbers_are_row_numbers_without_id_or_wbs(engine: Engine) -> None:
    report = import_csv(engine, "Title;Predecessors\nA;\nB;1\nC;1;2SS+1d\n", code="NEW")
    assert report.refused == []
    with read_session(engine) as session:
        assert links_of(session, "NEW") == {("A", "B", "FS", 0), ("A", "C", "FS", 0)}
    report = import_csv(engine, 'Title;Predecessors\nA;\nB;1\nC;"1;2SS+1d"\n', code="NEW2")
    with read_session(engine) as session:
        assert ("B", "C", "SS", 1) in links_of(session, "NEW2")


def test_start_dates_hold_a_task_only_where_its_links_would_start_it_sooner(
    engine: Engine,
) -> None:
    data = (
        "Title,Duration,Start,Predecessors\nA,3,2026-03-02,\nB,2,2026-03-05,1\nC,2,2026-03-16,1\n"
    )
    report = import_csv(engine, data, code="NEW")
    with read_session(engine) as session:
        tasks = tasks_of(session, "NEW")
        assert (tasks["B"].constraint_kind, tasks["B"].start) == ("ASAP", date(2026, 3, 5))
        assert (tasks["C"].constraint_kind, tasks["C"].start) == ("SNET", date(2026, 3, 16))
        assert find_project(session, "NEW").start == MONDAY
    assert report.warnings == []


def test_a_start_the_links_cannot_keep_is_said(engine: Engine) -> None:
    data = "Title,Duration,Start,Predecessors\nA,5,2026-03-02,\nB,2,2026-03-03,1\n"
    report = import_csv(engine, data, code="NEW")
    assert report.warnings == [
        "1 task(s) start later than the file says, after their predecessors: 2"
    ]


def test_tasks_go_into_an_existing_project_after_its_own(engine: Engine) -> None:
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="OLD", name="Old", start=MONDAY))
        create_task(session, int(project.id), TaskInput(title="Existing"))  # type: ignore[arg-type]
    report = import_csv(engine, "Title,Status\nNew one,Review\n", into_project="old")
    assert report.project_code == "OLD"
    with read_session(engine) as session:
        rows = list_task_rows(session, find_project(session, "OLD").id)  # type: ignore[arg-type]
        assert [(r.wbs, r.title, r.status) for r in rows] == [
            ("1", "Existing", "todo"),
            ("2", "New one", "review"),
        ]


def test_a_new_project_s_code_already_taken_is_refused(engine: Engine) -> None:
    import_csv(engine, "Title\nA\n", code="NEW")
    with pytest.raises(FileProblem, match="NEW is already a project"):
        import_csv(engine, "Title\nB\n", code="new")
    report = import_csv(engine, "Title\nB\n", code="new", replace=True)
    assert report.created == {"tasks": 1, "links": 0}
    with read_session(engine) as session:
        assert list(tasks_of(session, "NEW")) == ["B"]


def test_a_file_without_a_title_column_names_its_header_line(engine: Engine) -> None:
    with pytest.raises(FileProblem, match="^line 2: no title column"):
        import_csv(engine, "\nName of thing?,Start\nA,2026-03-02\n", code="NEW")
    with read_session(engine) as session:
        assert session.exec(select(Project)).all() == []  # nothing saved


def test_columns_it_does_not_know_are_named_in_a_warning(engine: Engine) -> None:
    report = import_csv(engine, "Title,Cost centre,Colour\nA,4711,red\n", code="NEW")
    assert report.warnings == ["columns left out: Cost centre, Colour"]


# --- Jira ------------------------------------------------------------------------------------

JIRA = "\n".join(
    [
        "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Sprint,Sprint,"
        "Labels,Labels,Due date,Created",
        "Login page,WEB-1,10001,Story,Done,High,Ada Lovelace,Sprint 1,,ui,auth,"
        "21/Mar/26 5:00 PM,02/Mar/26 9:15 AM",
        "Password reset,WEB-2,10002,Story,In Progress,Highest,Linus T,Sprint 1,Sprint 2,auth,,,"
        "02/Mar/26 9:20 AM",
        "Audit log,WEB-3,10003,Task,To Do,Lowest,,Sprint 2,,,,,03/Mar/26 11:00 AM",
    ]
)


def test_jira_s_export_lands_on_the_board(engine: Engine, people: None) -> None:
    report = import_csv(engine, JIRA, code="WEB")
    assert report.refused == []
    assert report.created == {"tasks": 3, "links": 0, "sprints": 2}
    with read_session(engine) as session:
        tasks = tasks_of(session, "WEB")
        columns = {c.id: c.name for c in session.exec(select(WorkflowColumn))}
        assert {t: columns[tasks[t].column_id] for t in tasks} == {
            "Login page": "Done",
            "Password reset": "In progress",
            "Audit log": "To do",
        }
        assert [tasks[t].priority for t in tasks] == ["high", "critical", "low"]
        assert tasks["Login page"].tags == "ui,auth"
        assert tasks["Login page"].description == "Jira issue WEB-1"
        assert tasks["Login page"].created_at.date() == date(2026, 3, 2)
        assert (tasks["Login page"].constraint_kind, tasks["Login page"].constraint_date) == (
            "FNLT",
            date(2026, 3, 21),
        )
        sprints = {s.id: s.name for s in session.exec(select(Sprint))}
        assert sprints[tasks["Audit log"].sprint_id] == "Sprint 2"
        # Carried over: Jira lists every sprint it was in, the last is where it is now.
        assert sprints[tasks["Password reset"].sprint_id] == "Sprint 2"
        assert find_project(session, "WEB").methodology == "agile"
    assert report.warnings == [
        "columns left out: Issue id, Issue Type",
        "sprints added (check their dates): Sprint 1, Sprint 2",
    ]


def test_a_status_naming_a_board_column_puts_the_card_in_it(engine: Engine) -> None:
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="OLD", name="Old"))
        session.add(
            WorkflowColumn(project_id=project.id, name="QA", position=9, status="review")  # type: ignore[arg-type]
        )
    import_csv(engine, "Summary,Status\nCheck it,QA\nOdd one,Limbo\n", into_project="OLD")
    with read_session(engine) as session:
        task = tasks_of(session, "OLD")["Check it"]
        column = session.get(WorkflowColumn, task.column_id)
        assert (column.name, task.status) == ("QA", "review")  # type: ignore[union-attr]
        assert "Odd one" not in tasks_of(session, "OLD")


# --- export ----------------------------------------------------------------------------------


@pytest.fixture
def small(engine: Engine) -> None:
    import_csv(
        engine,
        'WBS,Title,Duration,Predecessors,Notes\n1,"=HYPERLINK(""http://x"")",3,,\n'
        "2,Ship,2,1FS+1d,- ship it\n3,@SUM(A1),0,2,+1 for this\n",
        code="SMALL",
    )


def test_the_csv_export_is_the_table_a_sponsor_opens(engine: Engine, small: None) -> None:
    data = export(engine, "SMALL", "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8 by it
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "WBS",
        "Title",
        "Start",
        "Finish",
        "Duration (days)",
        "Estimate (days)",
        "% Complete",
        "Predecessors",
    ]
    assert [r[:5] for r in rows[1:]] == [
        ["1", '\'=HYPERLINK("http://x")', "2026-03-02", "2026-03-04", "3"],
        ["2", "Ship", "2026-03-06", "2026-03-09", "2"],
        ["3", "'@SUM(A1)", "2026-03-09", "2026-03-09", "0"],  # at Ship's finish
    ]
    header = rows[0]
    assert [r[header.index("Predecessors")] for r in rows[1:]] == ["", "1FS+1d", "2"]
    assert [r[header.index("Critical")] for r in rows[1:]] == ["yes", "yes", "yes"]
    assert [r[header.index("Total float (days)")] for r in rows[1:]] == ["0", "0", "0"]


def test_formula_like_text_comes_back_as_it_was(engine: Engine, small: None) -> None:
    data = export(engine, "SMALL", "csv")
    assert b"'- ship it" in data and b"'+1 for this" in data
    import_csv(engine, data, code="AGAIN")
    with read_session(engine) as session:
        again = {t: task.description for t, task in tasks_of(session, "AGAIN").items()}
        assert again == {t: task.description for t, task in tasks_of(session, "SMALL").items()}
        assert again["Ship"] == "- ship it"


def test_the_xlsx_export_has_dates_as_dates_and_formulas_as_text(
    engine: Engine, small: None, tmp_path: Path
) -> None:
    path = tmp_path / "small.xlsx"
    path.write_bytes(export(engine, "SMALL", "xlsx"))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["WBS", "Title", "Start", "Finish"]
    assert values[1][2] == datetime(2026, 3, 2)
    assert sheet.cell(2, 3).number_format == "yyyy-mm-dd"
    assert values[1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(2, 2).data_type == "s"  # text, never a formula
    assert values[2][4] == 2 and values[2][7] == "1FS+1d"


# --- the round trip --------------------------------------------------------------------------

PROJECTS = ["APP-PORTAL", "CLD-BKP", "CRM-AZ", "ERP-S4", "HW-LAPTOP", "NET-CORE", "SEC-MFA"]


def _plan(session: Session, code: str, today: date = MONDAY) -> list[tuple[object, ...]]:
    project = find_project(session, code)
    view = plan_view(session, project.id, today)  # type: ignore[arg-type]
    listed = {r.id: r for r in list_task_rows(session, project.id)}  # type: ignore[arg-type]
    return [
        (
            r.wbs,
            r.name,
            r.start,
            r.finish,
            r.duration,
            r.percent,
            r.milestone,
            r.predecessor_text,
            r.critical,
            listed[r.id].assignee,
            listed[r.id].status,
            listed[r.id].priority,
            listed[r.id].tags,
        )
        for r in view.rows
    ]


def test_every_demo_project_comes_back_the_same_through_csv(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        codes = [p.code for p in session.exec(select(Project).order_by(col(Project.code)))]
    assert codes == PROJECTS
    today = date.today()  # the demo is dated around it
    for code in codes:
        copy = f"RT-{code}"[:20]
        data = export(demo_engine, code, "csv", today)
        report = import_csv(demo_engine, data, today, code=copy)
        assert report.refused == [], code
        with read_session(demo_engine) as session:
            assert _plan(session, copy, today) == _plan(session, code, today), code
            assert links_of(session, copy) == links_of(session, code), code
            assert report.created["links"] == len(links_of(session, code))


def test_reschedule_after_an_import_changes_nothing(engine: Engine, people: None) -> None:
    import_csv(engine, MS_PROJECT, code="NEW")
    with write_session(engine) as session:
        before = _plan(session, "NEW")
        reschedule(session, find_project(session, "NEW").id, MONDAY)  # type: ignore[arg-type]
        assert _plan(session, "NEW") == before


@st.composite
def sheets(draw: st.DrawFn) -> str:
    """A task table: an outline of up to 12 rows, lengths, milestones, links to earlier tasks."""
    count = draw(st.integers(1, 12))
    codes: list[str] = []
    earlier: list[int] = []
    lines = ["WBS,Title,Duration,Predecessors,Priority"]
    for index in range(count):
        parent = draw(st.sampled_from([None, *range(len(codes))])) if codes else None
        if parent is not None and lines[parent + 1].split(",")[2] == "0":
            parent = None  # a milestone holds no tasks
        siblings = [
            c
            for c in codes
            if c.rpartition(".")[0] == (codes[parent] if parent is not None else "")
        ]
        number = len(siblings) + 1
        code = f"{codes[parent]}.{number}" if parent is not None else str(number)
        days = draw(st.integers(0, 8))
        chosen = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        kinds = st.sampled_from(["FS", "SS", "FF"])
        lags = st.sampled_from(["", "+2d", "-1d"])
        links = ";".join(
            f"{codes[i]}{draw(kinds)}{draw(lags)}"
            for i in chosen
            if not code.startswith(codes[i] + ".")
        )
        priority = draw(st.sampled_from(["low", "medium", "high", "critical"]))
        lines.append(f"{code},Task {index},{days},{links},{priority}")
        codes.append(code)
        earlier.append(index)
    return "\n".join(lines) + "\n"


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets())
def test_any_plan_comes_back_the_same_through_csv(engine: Engine, table: str) -> None:
    with read_session(engine) as session:
        number = len(session.exec(select(Project)).all())
    first, second = f"A{number}", f"B{number}"
    import_csv(engine, table, code=first)  # links to summaries may be refused here
    report = import_csv(engine, export(engine, first, "csv"), code=second)
    assert report.refused == []  # what an export writes imports whole
    with read_session(engine) as session:
        assert _plan(session, second) == _plan(session, first)
        assert links_of(session, second) == links_of(session, first)
