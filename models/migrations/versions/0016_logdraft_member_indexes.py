"""A member's open drafts and answered messages by index, not by all the drafts they ever had

Revision ID: 0016_logdraft_member_indexes
Revises: 0015_event_area_day_index
Create Date: 2026-11-30 12:00:00

Drafts stay once saved, so a member's rows in logdraft grow with every event logged. Every text a member
sends asks whether it answered a draft already and which open draft waits for an answer, and every /log
asks for another open draft; with logdraft(member_id) alone each read all of the member's drafts (after
2,000 saved drafts the three look-ups took 28,143 SQLite steps and read 6,003 PostgreSQL rows; now 138
steps and 2 rows: tests/test_draft_indexes.py). logdraft(member_id, status) and logdraft(member_id, chat_id,
last_answer_id) replace it; both begin with member_id, which the foreign key's lookups use.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_logdraft_member_indexes"
down_revision: str | None = "0015_event_area_day_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_logdraft_member_status", "logdraft", ["member_id", "status"], unique=False)
    op.create_index(
        "ix_logdraft_member_chat_answer", "logdraft", ["member_id", "chat_id", "last_answer_id"], unique=False
    )
    op.drop_index("ix_logdraft_member_id", table_name="logdraft")
    op.execute("ANALYZE logdraft")


def downgrade() -> None:
    op.create_index("ix_logdraft_member_id", "logdraft", ["member_id"], unique=False)
    op.drop_index("ix_logdraft_member_chat_answer", table_name="logdraft")
    op.drop_index("ix_logdraft_member_status", table_name="logdraft")
