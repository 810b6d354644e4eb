"""The governance registers driven by keys: RACI, risks, changes, log, comms, quality."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from itpm_tui.db import read_session
from itpm_tui.models import ChangeRequest, LogEntry, Risk, Task
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.registers.changes import ChangesScreen
from itpm_tui.screens.registers.communications import CommunicationsScreen
from itpm_tui.screens.registers.compliance import ComplianceScreen
from itpm_tui.screens.registers.issue_log import IssueLogScreen
from itpm_tui.screens.registers.quality import QualityScreen
from itpm_tui.screens.registers.raci import RaciScreen
from itpm_tui.screens.registers.risks import RisksScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.help import HelpScreen
from itpm_tui.services.registers import compliance
from itpm_tui.services.registers import raci_records as raci
from itpm_tui.services.registers import risk_records as risks

from .helpers import (
    TODAY,
    choose,
    column,
    field_error,
    fill,
    known,
    open_code,
    press,
    project_named,
    screen_text,
    settle,
    type_text,
)


def erp(engine: Engine) -> int:
    project_id = project_named(engine, "ERP-S4").id
    assert project_id is not None
    return project_id


def table(pilot: Pilot[Any]) -> DataTable[Any]:
    return pilot.app.screen.query_one("#register", DataTable)


async def open_planning(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, PlanningScreen)


async def open_execution_list(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "3", "T")  # the board, then its task list


# --- RACI ----------------------------------------------------------------------------------


async def test_raci_cycle_edit_filter_and_export(demo_db: Engine, make_app, tmp_path: Path) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_planning(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, RaciScreen)
        text = screen_text(pilot)
        assert "2.2" in text and "no A" in text and "2 A" in text
        assert "no role: Sara Novak" in text
        # Row 2.2 (the sixth), Maria Lopez's column (the first person): blank -> R -> A.
        await press(pilot, "down", "down", "down", "down", "down")
        await press(pilot, "space")
        await press(pilot, "space")
        with read_session(demo_db) as s:
            matrix = raci.load_matrix(s, erp(demo_db))
        row = next(r for r in matrix.rows if r.wbs == "2.2")
        maria = next(p.id for p in matrix.people if p.name == "Maria Lopez")
        assert row.cells[maria] == "A" and row.problems == []
        assert "no A" not in screen_text(pilot).split("2.2")[1].splitlines()[0]
        # e types the roles: a wrong one is refused beside the field, nothing saved.
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "roles", "X")
        await press(pilot, "enter")
        assert "not a RACI role" in field_error(pilot, "roles")
        await fill(pilot, "roles", "a/r")
        await press(pilot, "enter")
        assert isinstance(app.screen, RaciScreen)
        with read_session(demo_db) as s:
            row = next(r for r in raci.load_matrix(s, erp(demo_db)).rows if r.wbs == "2.2")
        assert row.cells[maria] == "AR"
        # / narrows the rows; escape shows them all again.
        await press(pilot, "slash")
        await type_text(pilot, "go-live")
        await settle(pilot)
        assert app.screen.query_one("#raci", DataTable).row_count == 1
        await press(pilot, "enter", "escape")
        assert app.screen.query_one("#raci", DataTable).row_count == 15
        # x exports the chart; the file is private.
        await press(pilot, "x")
        await fill(pilot, "path", str(tmp_path / "chart"))
        await press(pilot, "enter")
        out = tmp_path / "chart.csv"
        assert out.exists() and stat.S_IMODE(out.stat().st_mode) == 0o600
        assert out.read_text().splitlines()[0] == "WBS,Task,ML,JB,EC,DK,LW,PO,SN,Check"


async def test_raci_add_and_remove_a_person(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "a", "n")
        await type_text(pilot, "Tom Becker")
        await settle(pilot)
        await press(pilot, "enter")
        with read_session(demo_db) as s:
            names = [p.name for p in raci.load_matrix(s, erp(demo_db)).people]
        assert names[-1] == "Tom Becker"
        assert "no role: Sara Novak, " not in screen_text(pilot)
        assert "no role: Tom Becker" in screen_text(pilot)
        # d on Sara Novak's column (the seventh person) takes her off the chart.
        await press(pilot, *["right"] * 6, "d", "y")
        with read_session(demo_db) as s:
            names = [p.name for p in raci.load_matrix(s, erp(demo_db)).people]
        assert "Sara Novak" not in names


# --- risks ---------------------------------------------------------------------------------


async def test_risks_heat_map_form_errors_and_reassessment(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "k")
        assert isinstance(app.screen, RisksScreen)
        assert table(pilot).row_count == 6
        assert "2 past review" in screen_text(pilot)
        # The map: from P5 x I5, down and left to P4 x I4, enter shows that cell's risk.
        await press(pilot, "M", "down", "left", "enter")
        assert column(table(pilot), 3) == ["Bank interface certification slips"]
        await press(pilot, "escape")
        assert table(pilot).row_count == 6
        # A new risk: the blank title and the probability off the scale are refused.
        await press(pilot, "n")
        await fill(pilot, "probability", "9")
        await press(pilot, "enter")
        assert "not 1 to 5" in field_error(pilot, "probability")
        await fill(pilot, "probability", "5")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "title") == "^ a title is required"
        await fill(pilot, "title", "Auditor [bold]finds[/] gaps")
        await fill(pilot, "impact", "2")
        await choose(pilot, "category", "compliance")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RisksScreen)
        with read_session(demo_db) as s:
            risk = s.exec(select(Risk).where(Risk.title == "Auditor [bold]finds[/] gaps")).one()
        assert (risk.probability, risk.impact, risk.category) == (5, 2, "compliance")
        # The new risk is selected; a re-assesses it, h shows the score over time.
        await press(pilot, "a")
        await fill(pilot, "probability", "2")
        await fill(pilot, "note", "auditor booked")
        await press(pilot, "ctrl+s")
        with read_session(demo_db) as s:
            history = risks.history(s, known(risk.id))
        assert [(a.score, a.note) for a in history] == [
            (10, "first assessment"),
            (4, "auditor booked"),
        ]
        await press(pilot, "h")
        assert "Score over time" in screen_text(pilot) and "auditor booked" in screen_text(pilot)
        await press(pilot, "escape")
        # s sorts by the first column (score), lowest first; S reverses.
        await press(pilot, "s")
        assert column(table(pilot), 0)[0] == " 3 low"
        await press(pilot, "S")
        assert column(table(pilot), 0)[0] == "16 crit"


# --- change requests ---------------------------------------------------------------------


async def test_change_status_flow_and_apply(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_execution_list(pilot)
        await press(pilot, "C")
        assert isinstance(app.screen, ChangesScreen)
        # Row 2 is assessed: t, approve without saying who decided -> refused by the field.
        await press(pilot, "down", "t")
        await choose(pilot, "status", "approved")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "decided_by") == "^ say who decided"
        await fill(pilot, "decided_by", "Steering committee")
        await press(pilot, "ctrl+s")
        with read_session(demo_db) as s:
            change = s.exec(select(ChangeRequest).where(ChangeRequest.id == 2)).one()
        assert (change.status, change.decided_by, change.decided_on) == (
            "approved",
            "Steering committee",
            TODAY,
        )
        # Row 1 is approved: p applies it; its tasks move five working days.
        with read_session(demo_db) as s:
            before = s.exec(select(Task).where(Task.title == "Hypercare")).one().finish
        await press(pilot, "up", "p", "y")
        with read_session(demo_db) as s:
            after = s.exec(select(Task).where(Task.title == "Hypercare")).one().finish
            status = known(s.get(ChangeRequest, 1)).status
        assert status == "implemented"
        assert before is not None and after is not None and (after - before).days == 7
        assert column(table(pilot), 2)[0] == "implemented"


# --- issues and decisions --------------------------------------------------------------


async def test_issue_log_new_entry_and_errors(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_execution_list(pilot)
        await press(pilot, "i")
        assert isinstance(app.screen, IssueLogScreen)
        assert table(pilot).row_count == 5
        await press(pilot, "n")
        await fill(pilot, "due", "yesterday-ish")
        await press(pilot, "ctrl+s")
        assert "not a date" in field_error(pilot, "due")
        await fill(pilot, "due", "2026-11-01")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "description") == "^ a description is required"
        assert "must not be before" in field_error(pilot, "due")
        await fill(pilot, "description", "Printer drivers missing")
        await fill(pilot, "due", "+5d")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, IssueLogScreen)
        with read_session(demo_db) as s:
            entry = s.exec(
                select(LogEntry).where(LogEntry.description == "Printer drivers missing")
            ).one()
        assert entry.kind == "issue" and entry.raised == TODAY and entry.due is not None
        # / filters by any text of the row.
        await press(pilot, "slash")
        await type_text(pilot, "decision")
        await settle(pilot)
        assert column(table(pilot), 0) == ["decision", "decision"]


# --- communication ---------------------------------------------------------------------


async def test_communication_views_and_cadence_error(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "m")
        assert isinstance(app.screen, CommunicationsScreen)
        assert column(table(pilot), 5)[1] == "2026-11-20"  # key users: weekly on Friday
        await press(pilot, "n")
        await fill(pilot, "audience", "Auditors")
        await fill(pilot, "cadence", "now and then")
        await press(pilot, "ctrl+s")
        assert "not a cadence" in field_error(pilot, "cadence")
        await fill(pilot, "cadence", "monthly on the last working day")
        await press(pilot, "ctrl+s")
        assert column(table(pilot), 0)[-1] == "Auditors"
        assert column(table(pilot), 5)[-1] == "2026-11-30"
        await press(pilot, "v")  # what is due
        dates = column(table(pilot), 0)
        assert dates[0] == "Wed 2026-11-18" and "Mon 2026-11-30" in dates
        await press(pilot, "n")  # computed: no form
        assert not isinstance(app.screen, FormScreen)
        await press(pilot, "v")  # the log
        assert table(pilot).row_count == 3
        await press(pilot, "v")  # the windows
        assert "No maintenance" in screen_text(pilot)


# --- quality and compliance (through the palette and R) --------------------------------


async def test_quality_through_the_palette(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Open Quality of ERP-S4")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, QualityScreen)
        assert "4 checks: 1 pass, 0 fail, 1 partial, 2 to do" in screen_text(pilot)
        await press(pilot, "v")
        assert "mean resolution 3.5 days" in screen_text(pilot)
        await press(pilot, "n")
        await fill(pilot, "title", "Login loops")
        await fill(pilot, "opened", "2026-11-10")
        await fill(pilot, "resolved", "2026-11-01")
        await press(pilot, "ctrl+s")
        assert "must not be before" in field_error(pilot, "resolved")
        await fill(pilot, "resolved", "2026-11-12")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, QualityScreen)
        assert "Login loops" in column(table(pilot), 0)
        assert "5 defects, 2 open; mean resolution 3.0 days" in screen_text(pilot)


async def test_compliance_framework_and_remediation(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "R")
        await type_text(pilot, "Compliance")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ComplianceScreen)
        assert column(table(pilot), 0) == ["SOX IT general controls"]
        await press(pilot, "n")
        await choose(pilot, "starter", "PCI DSS")
        await press(pilot, "ctrl+s")
        assert column(table(pilot), 0) == ["PCI DSS", "SOX IT general controls"]
        await press(pilot, "v")
        statuses = column(table(pilot), 2)
        gap = statuses.index("GAP")
        await press(pilot, *["down"] * gap, "g")
        with read_session(demo_db) as s:
            gaps = compliance.open_compliance_gaps(s, erp(demo_db))
            tasks = s.exec(select(Task).where(Task.tags == "compliance")).all()
        assert len(tasks) == 1 and tasks[0].title.startswith("Remediate SOX IT general controls")
        assert tasks[0].id in {g.remediation_task_id for g in gaps}
        assert column(table(pilot), 5)[gap] == "task"


async def test_help_and_export_of_a_register(demo_db: Engine, make_app, tmp_path: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planning(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(
            zip(
                column(app.screen.query_one(DataTable), 1),
                column(app.screen.query_one(DataTable), 0),
                strict=True,
            )
        )
        assert rows["Registers"] == "R" and rows["RACI"] == "a" and rows["Risks"] == "k"
        await press(pilot, "escape", "k", "x")
        await choose(pilot, "format", "Markdown")
        await fill(pilot, "path", str(tmp_path / "risks"))
        await press(pilot, "enter")
        text = (tmp_path / "risks.md").read_text()
        assert text.startswith("# erp-s4-risks (6 rows)")
        assert "| 16 crit | 4 | 4 | Bank interface certification slips |" in text
        # A folder that does not exist: the message is beside the field.
        await press(pilot, "x")
        await fill(pilot, "path", str(tmp_path / "nope" / "x.csv"))
        await press(pilot, "enter")
        assert "does not exist" in field_error(pilot, "path")
        assert isinstance(app.screen.query_one("#field-path"), Input)


async def test_empty_registers_say_what_to_do(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "CLD-BKP")  # in Planning, no RACI chart yet
        await press(pilot, "a")
        assert isinstance(app.screen, RaciScreen)
        assert "No people on the chart yet: press n to add one." in screen_text(pilot)
        await press(pilot, "space", "e", "d")  # nothing to cycle, edit or remove: no crash
        assert isinstance(app.screen, RaciScreen)
        await press(pilot, "escape", "k")
        assert isinstance(app.screen, RisksScreen)
        assert table(pilot).row_count == 1
        await press(pilot, "d", "y")  # delete its one risk, after the question
        assert "No risks yet: press n to add the first one." in screen_text(pilot)
        cld = project_named(demo_db, "CLD-BKP").id
        assert cld is not None
        with read_session(demo_db) as s:
            assert risks.list_risks(s, cld, TODAY) == []
        await press(pilot, "e", "d", "a", "h")
        assert isinstance(app.screen, RisksScreen)
        # A phase key leaves the register for that phase.
        await press(pilot, "1")
        assert type(app.screen).__name__ == "InitiationScreen"
