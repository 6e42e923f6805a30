"""The names a report uses for an area: the unit, its Party committee, study group and meeting.

An admin sets them once per area (/reportnames); the report template reads them, so a district writes
区委理论学习中心组 and 区委常委会会议 and a street 街道党工委理论学习中心组, with no name in the code. An area
without its own names gets the template's generic wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import timestamp_field

MAX_NAME = 60


class NameField(StrEnum):
    UNIT = "unit"  # 单位: 中共城东街道工作委员会, 城东街道办事处 …
    COMMITTEE = "committee"  # 党委: 区委, 街道党工委
    STUDY_GROUP = "study_group"  # 理论学习中心组: 区委理论学习中心组
    MEETING = "meeting"  # the meeting that studies before it sits: 区委常委会会议


class AreaReportNames(SQLModel, table=True):
    """One area's names for its report; a field left empty takes the template's generic wording."""

    area_id: int = Field(foreign_key="area.id", primary_key=True)
    unit: str | None = Field(default=None, max_length=MAX_NAME)
    committee: str | None = Field(default=None, max_length=MAX_NAME)
    study_group: str | None = Field(default=None, max_length=MAX_NAME)
    meeting: str | None = Field(default=None, max_length=MAX_NAME)
    updated_at: datetime = timestamp_field()
    updated_by: int | None = Field(default=None, foreign_key="member.id")


@dataclass(frozen=True)
class ReportNames:
    """What the template sees as `names`; None where the area has not named it."""

    unit: str | None = None
    committee: str | None = None
    study_group: str | None = None
    meeting: str | None = None


async def report_names(*, session: AsyncSession, area_id: int) -> ReportNames:
    row = await session.get(AreaReportNames, area_id)
    if row is None:
        return ReportNames()
    return ReportNames(row.unit, row.committee, row.study_group, row.meeting)


async def set_report_name(
    *,
    session: AsyncSession,
    area_id: int,
    field: NameField,
    value: str | None,
    member_id: int | None,
    now: datetime,
) -> ReportNames:
    """Set (or, with None, clear) one name of an area; the caller checks the length and the permission."""
    row = await session.get(AreaReportNames, area_id)
    if row is None:
        row = AreaReportNames(area_id=area_id)
        session.add(row)
    setattr(row, field.value, value)
    row.updated_at, row.updated_by = now, member_id
    await session.flush()
    return ReportNames(row.unit, row.committee, row.study_group, row.meeting)
