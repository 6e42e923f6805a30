"""All tables, imported once so that SQLModel.metadata (and Alembic) sees the whole schema."""

from sqlmodel import SQLModel

from models.catalog.tables import EventKind, Material
from models.events.log_drafts import LogDraft
from models.events.photos import EventPhoto
from models.events.records import Event, EventMaterial, Revision
from models.intake import HandledUpdate
from models.organisation.areas import Area
from models.organisation.audit import AuditEntry
from models.organisation.invites import Invite
from models.organisation.members import Member
from models.reporting.report_names import AreaReportNames
from models.reporting.rollup_tables import KindRollup, MaterialRollup, ThemeRollup
from models.scheduling.digests import DigestDelivery, DigestSubscription
from models.scheduling.reminders import Notice, ReminderOptOut

metadata = SQLModel.metadata

__all__ = [
    "Area",
    "AreaReportNames",
    "AuditEntry",
    "DigestDelivery",
    "DigestSubscription",
    "Event",
    "EventKind",
    "EventMaterial",
    "EventPhoto",
    "HandledUpdate",
    "Invite",
    "KindRollup",
    "LogDraft",
    "Material",
    "MaterialRollup",
    "Member",
    "Notice",
    "ReminderOptOut",
    "Revision",
    "ThemeRollup",
    "metadata",
]
