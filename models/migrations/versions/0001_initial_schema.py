"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 22:50:16.187694
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.columns

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "area",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["area.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_area_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_path"), ["path"], unique=False)

    op.create_table(
        "eventkind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_zh", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("report_group", sa.String(length=16), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("title"),
    )
    op.create_table(
        "member",
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_telegram_user_id"), ["telegram_user_id"], unique=True)

    op.create_table(
        "logdraft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source_message_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("defaulted", sa.JSON(), nullable=False),
        sa.Column("unknown", sa.JSON(), nullable=False),
        sa.Column("awaiting", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("card_message_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "source_message_id"),
    )
    with op.batch_alter_table("logdraft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_logdraft_member_id"), ["member_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("attendance_approx", sa.Boolean(), nullable=False),
        sa.Column("consultations", sa.Integer(), nullable=True),
        sa.Column("consultations_approx", sa.Boolean(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("source_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["logdraft.id"],
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["eventkind.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_kind_id"), ["kind_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)

    op.create_table(
        "eventmaterial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["material.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "material_id"),
    )
    with op.batch_alter_table("eventmaterial", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eventmaterial_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_eventmaterial_material_id"), ["material_id"], unique=False)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_event_id"), ["event_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_event_id"))

    op.drop_table("revision")
    with op.batch_alter_table("eventmaterial", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eventmaterial_material_id"))
        batch_op.drop_index(batch_op.f("ix_eventmaterial_event_id"))

    op.drop_table("eventmaterial")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_start_date"))
        batch_op.drop_index(batch_op.f("ix_event_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_event_kind_id"))
        batch_op.drop_index(batch_op.f("ix_event_area_id"))

    op.drop_table("event")
    with op.batch_alter_table("logdraft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_logdraft_member_id"))

    op.drop_table("logdraft")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_telegram_user_id"))
        batch_op.drop_index(batch_op.f("ix_member_area_id"))

    op.drop_table("member")
    op.drop_table("material")
    op.drop_table("eventkind")
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_path"))
        batch_op.drop_index(batch_op.f("ix_area_parent_id"))

    op.drop_table("area")
