"""An index for the workers who logged nothing in a period

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_reporter_day", "event", ["reporter_id", "start_date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_reporter_day", table_name="event")
