"""registers: RACI, risks, issues and decisions, change requests, quality, compliance, communication

Revision ID: 0005_registers
Revises: 0004_lifecycle
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

revision: str = "0005_registers"
down_revision: str | None = "0004_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
