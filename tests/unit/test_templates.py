"""Project templates: a new project from each built-in one, and saving a project as one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, HandoverItem, Task
from itpm_tui.services.lifecycle.templates import (
    BUILTINS,
    create_from_template,
    list_templates,
    load_template,
    save_as_template,
)
from itpm_tui.services.planning.tasks import list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, find_project
from itpm_tui.services.registers.risk_records import list_risks
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize("template", BUILTINS, ids=[t.ref for t in BUILTINS])
def test_every_builtin_template_makes_a_scheduled_project(engine, template) -> None:
    with write_session(engine) as session:
        pid = create_from_template(session, template.ref, ProjectInput("T-1", "From it"), DAY)
    with read_session(engine) as session:
        rows = list_task_rows(session, pid)
        project = find_project(session, "T-1")
        assert project.project_type == template.project_type
        assert [r.title for r in rows] == [line.title for line in template.tasks]
        milestones = [r for r in rows if r.is_milestone]
        assert milestones and all(r.start == r.finish for r in milestones)
        assert all(r.start and r.start >= DAY for r in rows)
        links = session.exec(select(Dependency)).all()
        assert links and all(link.kind == "FS" for link in links)
        # Chained: every task starts after its predecessor finishes.
        by_id = {r.id: r for r in rows}
        for link in links:
            starts, after = by_id[link.successor_id].start, by_id[link.predecessor_id].finish
            assert starts is not None and after is not None and starts >= after
        items = session.exec(select(HandoverItem).where(HandoverItem.project_id == pid)).all()
        assert [i.title for i in items][:2] == ["Documentation", "Support runbook"]
        risks = list_risks(session, pid, DAY)
        assert [r.title for r in risks] == sorted(
            (line.title for line in template.lines if line.kind == "risk"), key=str.lower
        )
        assert all(r.status == "open" and r.next_review == DAY + timedelta(days=14) for r in risks)


def test_save_a_project_as_a_template_and_reuse_it(demo_engine) -> None:
    with write_session(demo_engine) as session:
        pid = find_project(session, "HW-LAPTOP").id
        ref_id = save_as_template(session, pid, "Laptop refresh", "from HW-LAPTOP")  # type: ignore[arg-type]
    with write_session(demo_engine) as session, pytest.raises(ValidationError) as taken:
        save_as_template(session, pid, "laptop REFRESH")  # type: ignore[arg-type]
    assert "already a template" in taken.value.errors["name"]
    with write_session(demo_engine) as session, pytest.raises(ValidationError):
        save_as_template(session, pid, "  ")  # type: ignore[arg-type]
    with write_session(demo_engine) as session:
        names = [t.name for t in list_templates(session)]
        assert names[-1] == "Laptop refresh" and len(names) == len(BUILTINS) + 1
        template = load_template(session, f"db:{ref_id}")
        new = create_from_template(session, template.ref, ProjectInput("HW-2027", "Next"), DAY)
    with read_session(demo_engine) as session:
        old_rows = list_task_rows(session, pid)  # type: ignore[arg-type]
        new_rows = list_task_rows(session, new)
        assert [(r.title, r.wbs, r.is_milestone) for r in new_rows] == [
            (r.title, r.wbs, r.is_milestone) for r in old_rows
        ]
        assert all(
            t.status == "todo" for t in session.exec(select(Task).where(Task.project_id == new))
        )
        handover = session.exec(select(HandoverItem).where(HandoverItem.project_id == new)).all()
        assert len(handover) == 6 and not any(h.done for h in handover)
