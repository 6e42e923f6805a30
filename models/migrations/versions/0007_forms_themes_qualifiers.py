"""Form × theme, counts with their qualifier, staff and households, material lines as written

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 04:00:00

The old event kinds mixed how an event was held with what it was about. They become forms, and three
of them (《民法典》宣讲, 防范电信诈骗, 主题宣传日) become a form and a theme, so every saved event keeps its
meaning: a 民法典宣讲 is now a lecture (讲座·宣讲) with the theme 民法典. A count saved as approximate was
shown as 余 ("more than"), so it keeps that qualifier. Drafts still open are rewritten the same way.
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# old code → (form code, form name zh, form name en, themes)
RENAMED = {
    "enterprise_visit": ("enterprise", "送法进企业", "enterprise visit"),
    "community_talk": ("community", "送法进社区", "community visit"),
    "school_visit": ("school", "法治进校园", "school visit"),
    "expert_lecture": ("lecture", "法治讲座", "lecture"),
    "consultation": ("desk", "设摊咨询", "information desk"),
}
MERGED = {  # old kind → (form it joins, theme it gives)
    "civil_code": ("lecture", "civil_code"),
    "anti_fraud": ("lecture", "anti_fraud"),
    "themed_day": ("desk", None),
}
THEMES = {
    "civil_code": ("民法典", "Civil Code"),
    "anti_fraud": ("反电信网络诈骗", "anti-fraud"),
}
# The aliases the old data file shipped for the renamed kinds: an admin's own aliases are the others.
OLD_SHIPPED = {
    "enterprise_visit": [
        "送法进企业",
        "人社服务送法进企业",
        "法治进企业",
        "普法进企业",
        "进企业",
        "enterprise visit",
        "company visit",
    ],
    "community_talk": [
        "送法进社区",
        "法治宣传进社区",
        "普法进社区",
        "法治进社区",
        "普法讲座",
        "法治讲座",
        "法律讲座",
        "community talk",
        "legal lecture",
    ],
    "school_visit": ["法治进校园", "送法进校园", "普法进校园", "法治副校长讲座", "school visit"],
    "expert_lecture": ["专家讲法", "专家讲座", "专家授课", "专家讲解", "expert lecture", "expert talk"],
    "consultation": [
        "法律咨询台",
        "法律咨询",
        "义务法律咨询",
        "咨询台",
        "consultation desk",
        "legal consultation",
    ],
}
QUALIFIER = sa.String(length=8)
# Light table objects, so JSON values are bound the way each database wants them.
_KIND = sa.table(
    "eventkind",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("name_zh", sa.String()),
    sa.column("name_en", sa.String()),
    sa.column("report_group", sa.String()),
    sa.column("aliases", sa.JSON()),
    sa.column("rank", sa.Integer()),
    sa.column("place_words", sa.JSON()),
    sa.column("sort_order", sa.Integer()),
    sa.column("active", sa.Boolean()),
)
_THEME = sa.table(
    "theme",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("name_zh", sa.String()),
    sa.column("name_en", sa.String()),
    sa.column("aliases", sa.JSON()),
    sa.column("days", sa.JSON()),
    sa.column("laws", sa.JSON()),
    sa.column("sort_order", sa.Integer()),
    sa.column("active", sa.Boolean()),
)
_DRAFT = sa.table(
    "logdraft",
    sa.column("id", sa.Integer()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
)


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_zh", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("laws", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "eventtheme",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.PrimaryKeyConstraint("event_id", "theme_id"),
    )
    with op.batch_alter_table("eventtheme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eventtheme_theme_id"), ["theme_id"], unique=False)
    with op.batch_alter_table("eventkind", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=False, server_default="50"))
        batch_op.add_column(sa.Column("place_words", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("event", schema=None) as batch_op:
        for name in ("attendance", "consultations", "staff", "households"):
            if name in ("staff", "households"):
                batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch_op.add_column(
                sa.Column(f"{name}_qualifier", QUALIFIER, nullable=False, server_default="exact")
            )
    op.add_column("material", sa.Column("accepted", sa.Boolean(), nullable=False, server_default=sa.true()))
    if op.get_bind().dialect.name == "sqlite":
        # With its reference in one ALTER TABLE: SQLite can, without copying a table others point at.
        op.execute("ALTER TABLE material ADD COLUMN canonical_id INTEGER REFERENCES material (id)")
    else:
        op.add_column("material", sa.Column("canonical_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_material_canonical_id_material", "material", "material", ["canonical_id"], ["id"]
        )
    with op.batch_alter_table("eventmaterial", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qualifier", QUALIFIER, nullable=False, server_default="exact"))
        batch_op.add_column(sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("category", sa.String(length=16), nullable=False, server_default="handout")
        )
    _move_data()
    # The server defaults stay: they filled the rows that were there, and removing them would make SQLite
    # copy every table, which its foreign keys forbid while rows point at them.


def _move_data() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE event SET attendance_qualifier = 'more' WHERE attendance_approx"))
    bind.execute(sa.text("UPDATE event SET consultations_qualifier = 'more' WHERE consultations_approx"))
    bind.execute(sa.text("UPDATE eventmaterial SET qualifier = 'more' WHERE approximate"))
    kinds = {
        code: (id_, aliases)
        for id_, code, aliases in bind.execute(sa.select(_KIND.c.id, _KIND.c.code, _KIND.c.aliases))
    }
    for old, (new, name_zh, name_en) in RENAMED.items():
        if old not in kinds or new in kinds:
            continue
        kind_id, aliases = kinds.pop(old)
        own = [a for a in _list(aliases) if a not in OLD_SHIPPED[old]]  # an admin's aliases stay
        bind.execute(
            sa.update(_KIND)
            .where(_KIND.c.id == kind_id)
            .values(code=new, name_zh=name_zh, name_en=name_en, aliases=own)
        )
        kinds[new] = (kind_id, own)
    theme_ids = {}
    for order, (code, (name_zh, name_en)) in enumerate(THEMES.items()):
        bind.execute(
            sa.insert(_THEME).values(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                aliases=[],
                days=[],
                laws=[],
                sort_order=order,
                active=True,
            )
        )
        theme_ids[code] = bind.execute(
            sa.text("SELECT id FROM theme WHERE code = :c"), {"c": code}
        ).scalar_one()
    for old, (form, theme) in MERGED.items():
        if old not in kinds:
            continue
        old_id = kinds[old][0]
        form_id = _form_id(bind, kinds, form)
        if theme is not None:
            bind.execute(
                sa.text(
                    "INSERT INTO eventtheme (event_id, theme_id) "
                    "SELECT id, :theme FROM event WHERE kind_id = :kind"
                ),
                {"theme": theme_ids[theme], "kind": old_id},
            )
        bind.execute(
            sa.text("UPDATE event SET kind_id = :form WHERE kind_id = :old"), {"form": form_id, "old": old_id}
        )
        bind.execute(sa.text("UPDATE eventkind SET active = :no WHERE id = :id"), {"no": False, "id": old_id})
    _rewrite_open_drafts(bind)


def _form_id(bind: Any, kinds: dict[str, tuple[int, Any]], code: str) -> int:
    """The form's id, created when the database never had it (a kind an admin had removed)."""
    if code not in kinds:
        name_zh, name_en = {"lecture": ("法治讲座", "lecture"), "desk": ("设摊咨询", "information desk")}[
            code
        ]
        bind.execute(
            sa.insert(_KIND).values(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                report_group="outreach",
                aliases=[],
                rank=50,
                place_words=[],
                sort_order=0,
                active=True,
            )
        )
        kinds[code] = (
            bind.execute(sa.text("SELECT id FROM eventkind WHERE code = :c"), {"c": code}).scalar_one(),
            [],
        )
    return kinds[code][0]


def _rewrite_open_drafts(bind: Any) -> None:
    """Open drafts name kinds by code in their JSON: give them the form and theme the events got."""
    rows = bind.execute(sa.select(_DRAFT.c.id, _DRAFT.c.payload).where(_DRAFT.c.status == "open")).all()
    for draft_id, payload in rows:
        draft = _dict(payload)
        kind = draft.get("kind")
        if kind in RENAMED:
            draft["kind"] = RENAMED[kind][0]
        elif kind in MERGED:
            draft["kind"], theme = MERGED[kind]
            draft["themes"] = [theme] if theme else []
        else:
            continue
        bind.execute(sa.update(_DRAFT).where(_DRAFT.c.id == draft_id).values(payload=draft))


def _list(value: Any) -> list[str]:
    return list(json.loads(value) if isinstance(value, str) else value or [])


def _dict(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value)


def downgrade() -> None:
    with op.batch_alter_table("eventmaterial", schema=None) as batch_op:
        batch_op.drop_column("category")
        batch_op.drop_column("unit")
        batch_op.drop_column("qualifier")
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_column("canonical_id")
        batch_op.drop_column("accepted")
    with op.batch_alter_table("event", schema=None) as batch_op:
        for name in ("households", "staff", "consultations", "attendance"):
            batch_op.drop_column(f"{name}_qualifier")
            if name in ("staff", "households"):
                batch_op.drop_column(name)
    with op.batch_alter_table("eventkind", schema=None) as batch_op:
        batch_op.drop_column("place_words")
        batch_op.drop_column("rank")
    with op.batch_alter_table("eventtheme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eventtheme_theme_id"))
    op.drop_table("eventtheme")
    op.drop_table("theme")
