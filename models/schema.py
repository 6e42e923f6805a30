"""All tables, imported once so that SQLModel.metadata (and Alembic) sees the whole schema."""

from sqlmodel import SQLModel

from models.areas import Area
from models.audit import AuditEntry
from models.catalog_tables import EventKind, Material
from models.digests import DigestDelivery, DigestSubscription
from models.events import Event, EventMaterial, Revision
from models.invites import Invite
from models.log_drafts import LogDraft
from models.members import Member
from models.photos import EventPhoto
from models.reminders import Notice, ReminderOptOut

metadata = SQLModel.metadata

__all__ = [
    "Area",
    "AuditEntry",
    "DigestDelivery",
    "DigestSubscription",
    "Event",
    "EventKind",
    "EventMaterial",
    "EventPhoto",
    "Invite",
    "LogDraft",
    "Material",
    "Member",
    "Notice",
    "ReminderOptOut",
    "Revision",
    "metadata",
]
