"""lifecycle: charter, business case, stakeholders, approvals, gates, closure, templates

Revision ID: 0004_lifecycle
Revises: 0003_board
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

revision: str = "0004_lifecycle"
down_revision: str | None = "0003_board"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
