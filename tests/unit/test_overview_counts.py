"""The Execution task list's status counts are the board's column counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session
from itpm_tui.models import Project
from itpm_tui.services.kanban.board import DEFAULT_WORKFLOW
from itpm_tui.services.kanban.board_query import project_board
from itpm_tui.services.portfolio.overview import project_overview


def test_status_counts_are_the_boards_counts_without_milestones(demo_engine: Engine) -> None:
    today = date.today()
    with read_session(demo_engine) as s:
        project = s.exec(select(Project).where(Project.code == "ERP-S4")).one()
        overview = project_overview(s, project.id, today)  # type: ignore[arg-type]
        board = project_board(s, project.id, today)  # type: ignore[arg-type]
    assert any(m.status == "todo" for m in overview.milestones)  # the case that differed
    by_column = {column.name: column.count for column in board.columns}
    by_status = {
        name: overview.status_counts.get(status, 0) for name, status, _ in DEFAULT_WORKFLOW
    }
    assert by_status == by_column
