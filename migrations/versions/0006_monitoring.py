"""monitoring: budget, expenses, time entries, capacity, KPIs, downtime

Revision ID: 0006_monitoring
Revises: 0005_registers
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

revision: str = "0006_monitoring"
down_revision: str | None = "0005_registers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
