"""guided drafts, photos, longer names

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:22:10.335341
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.columns

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eventphoto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("file_id", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
        sa.Column("file_unique_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("added_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["logdraft.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "file_unique_id"),
        sa.UniqueConstraint("event_id", "file_unique_id"),
    )
    with op.batch_alter_table("eventphoto", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eventphoto_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_eventphoto_event_id"), ["event_id"], unique=False)

    with op.batch_alter_table("logdraft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mode", sa.String(length=16), nullable=False, server_default="message"))
        batch_op.add_column(
            sa.Column("media_group_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("material_title", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True)
        )
        batch_op.add_column(
            sa.Column("return_to_card", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("last_answer_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_logdraft_chat_id_media_group_id", ["chat_id", "media_group_id"])

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.alter_column(
            "full_name",
            existing_type=sa.VARCHAR(length=128),
            type_=sqlmodel.sql.sqltypes.AutoString(length=256),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.alter_column(
            "full_name",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=256),
            type_=sa.VARCHAR(length=128),
            existing_nullable=False,
        )

    with op.batch_alter_table("logdraft", schema=None) as batch_op:
        batch_op.drop_constraint("uq_logdraft_chat_id_media_group_id", type_="unique")
        batch_op.drop_column("last_answer_id")
        batch_op.drop_column("return_to_card")
        batch_op.drop_column("material_title")
        batch_op.drop_column("failures")
        batch_op.drop_column("media_group_id")
        batch_op.drop_column("mode")

    with op.batch_alter_table("eventphoto", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eventphoto_event_id"))
        batch_op.drop_index(batch_op.f("ix_eventphoto_draft_id"))

    op.drop_table("eventphoto")
