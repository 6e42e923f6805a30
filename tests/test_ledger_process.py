"""The 台账 written by a process of its own is the one written in the bot's, cell for cell."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from models.db import SessionMaker
from models.events.drafts import Count, EventDraft, MaterialLine, Qualifier
from models.events.photos import EventPhoto
from models.events.records import create_event
from models.events.vocabulary import MaterialCategory
from models.reporting.export import (
    LEDGER_COLUMNS,
    export_ledger,
    export_ledger_apart,
    ledger_heading,
    ledger_query,
)
from models.reporting.ledger_fields import LedgerRow
from models.reporting.ledger_process import LedgerJob, LedgerProcessFailed, write_ledger_apart
from tests.report_data import NOW, seed_district
from tests.test_summaries import YEAR_2022


def _cells(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(BytesIO(content))
    return [
        (sheet.title, c.coordinate, c.value, c.data_type, c.number_format, c.alignment.wrap_text)
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
    ] + [(sheet.title, n, d.height) for sheet in book for n, d in sheet.row_dimensions.items()]


async def test_the_writer_process_writes_the_same_ledger_as_the_bot_would(
    sessions: SessionMaker, database_url: str
) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        draft = EventDraft(  # text that takes the long ways: escaped, quoted, broken, wrapped, spaced
            kind="law_fair",
            title=" <法治>&_x0041_讲座 ",
            place="=广场\r\n东侧",
            start_date=date(2022, 3, 8),
            end_date=date(2022, 3, 10),
            area_id=district.sunny.id,
            partners=["城东派出所", "司法所"],
            audience=["居民", "商户"],
            topics=["民法典", "反诈"],
            attendance=Count(value=120, qualifier=Qualifier.MORE),
            consultations=Count(value=30, qualifier=Qualifier.ABOUT),
            materials=[
                MaterialLine(title="《民法典》手册" * 6, quantity=300, qualifier=Qualifier.NEARLY),
                MaterialLine(title="展板", quantity=4, unit="块", category=MaterialCategory.DISPLAY),
            ],
            note="一个很长的备注，" * 8,
        )
        event = await create_event(session=session, draft=draft, reporter=district.worker, now=NOW)
        session.add_all(
            EventPhoto(event_id=event.id, file_id=f"photo{n}", file_unique_id=f"u{n}", added_at=NOW)
            for n in range(2)
        )
    async with sessions() as session:
        heading = ledger_heading(
            area=district.root, period=YEAR_2022, unit=None, filled_by="王芳", today=date(2022, 12, 31)
        )
        here = await export_ledger(session=session, period=YEAR_2022, area=district.root, heading=heading)
        apart = await export_ledger_apart(
            session=session,
            database_url=database_url,
            period=YEAR_2022,
            area=district.root,
            heading=heading,
        )
    assert apart.totals == here.totals
    assert apart.totals.events == 12
    assert _cells(apart.content) == _cells(here.content)
    cells = _cells(apart.content)
    texts = {c[2] for c in cells if len(c) == 6 and c[3] == "s"}
    assert {"'=广场\n东侧", "2022-03-08至03-10"} <= texts
    assert any(t.startswith(" <法治>&_x") and t.endswith("讲座 ") for t in texts)  # spaces and markup kept
    [row] = [
        r
        for r in load_workbook(BytesIO(apart.content))["台账"].iter_rows(values_only=True)
        if r[1] == event.id
    ]
    assert row[LEDGER_COLUMNS.index(("照片数", 5))] == 2
    assert any(c[2] and c[2] > 40 for c in cells if len(c) == 3)  # the long texts' row is three lines tall


async def test_the_ledger_query_selects_the_columns_the_ledger_reads(sessions: SessionMaker) -> None:
    async with sessions() as session:
        query = ledger_query(session, lists_as_text=True)
    assert tuple(query.selected_columns.keys()) == LedgerRow._fields


def test_a_writer_process_that_fails_says_why(tmp_path: Any) -> None:
    job = LedgerJob(
        backend="sqlite",
        address=str(tmp_path / "missing.sqlite3"),
        sql="SELECT * FROM no_such_table",
        parameters=[],
        dates=[],
        names=[],
        heading={"title": "台账", "unit": "", "filled_by": "", "filled_on": "2022-12-31"},
    )
    with pytest.raises(LedgerProcessFailed, match="no such table: no_such_table"):
        write_ledger_apart(job)
