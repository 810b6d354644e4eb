"""history: change log and undo journal

Revision ID: 0007_history
Revises: 0006_monitoring
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

revision: str = "0007_history"
down_revision: str | None = "0006_monitoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
