"""All tables, imported once so that SQLModel.metadata (and Alembic) sees the whole schema."""

from sqlmodel import SQLModel

from models.areas import Area
from models.catalog_tables import EventKind, Material
from models.events import Event, EventMaterial, Revision
from models.log_drafts import LogDraft
from models.members import Member
from models.photos import EventPhoto

metadata = SQLModel.metadata

__all__ = [
    "Area",
    "Event",
    "EventKind",
    "EventMaterial",
    "EventPhoto",
    "LogDraft",
    "Material",
    "Member",
    "Revision",
    "metadata",
]
