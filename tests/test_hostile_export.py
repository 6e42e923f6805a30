"""Member text in the files the bot makes: never a live formula in the ledger, never part of a path."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from models.areas import add_area, ensure_root_area
from models.db import SessionMaker
from models.drafts import EventDraft, MaterialLine
from models.events import create_event
from models.export import export_ledger
from models.members import Role
from models.periods import Period, PeriodKind
from tests.factories import make_member
from tests.harness import BotUnderTest
from tests.report_data import NOW

HOSTILE = ('=HYPERLINK("http://x","点我")', "+1", "-1+2", "@SUM(A1)")
MARCH_2022 = Period(PeriodKind.MONTH, date(2022, 3, 1), date(2022, 3, 31))


def _cells(content: bytes) -> list[tuple[str, object]]:
    """(data type, value) of every cell of every sheet of the workbook."""
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content))
    return [(c.data_type, c.value) for sheet in book for row in sheet.iter_rows() for c in row]


async def test_text_that_looks_like_a_formula_is_written_as_quoted_text(sessions: SessionMaker) -> None:
    title, place, material, reporter = HOSTILE
    async with sessions.begin() as session:
        root = await ensure_root_area(session=session)
        street = await add_area(session=session, name="=1+1", parent=root)
        community = await add_area(session=session, name="\t@A1", parent=street)
        member = await make_member(session, full_name=reporter, role=Role.COORDINATOR)
        draft = EventDraft(
            kind="law_fair",
            title=title,
            place=place,
            start_date=date(2022, 3, 8),
            area_id=community.id,
            partners=["-2", "\r=3", "城东\x01派出所"],  # a control character .xlsx cannot hold is dropped
            audience=["+居民"],
            materials=[MaterialLine(title=material, quantity=5)],
            note="=note",
        )
        await create_event(session=session, draft=draft, reporter=member, now=NOW)
        ledger = await export_ledger(session=session, period=MARCH_2022, area=root)
    cells = _cells(ledger.content)
    assert [value for kind, value in cells if kind == "f"] == []
    texts = {value for kind, value in cells if kind == "s"}
    expected = {
        "'" + title,  # OWASP: a leading quote, so the text stays text when the cell is edited or exported
        "'" + place,
        "'" + reporter,
        "'-1+2",  # the material's own column on the detail sheet
        "《-1+2》5份",  # in the ledger's materials cell the text starts with 《: nothing to quote
        "'=1+1",  # the street
        "'\t@A1",  # the community
        "'\t@A1、-2、\r=3、城东派出所",  # host and partners: the cell starts with the host's name
        "'+居民",
    }
    assert expected <= texts, sorted(expected - texts)


async def test_an_exported_ledger_shows_a_hostile_member_name_as_text(tg: BotUnderTest) -> None:
    worker = await tg.worker('=HYPERLINK("http://x","点我")', area="+幸福社区", role=Role.COORDINATOR)
    await tg.send(worker, "/log 法律大集 今天 120人")
    await tg.press(worker, 1)  # ✅ 保存
    [reply] = await tg.send(worker, "/export")
    assert reply.shown_text == "1 次活动"
    [sent] = tg.api.files_sent
    cells = _cells(sent.content)
    assert [value for kind, value in cells if kind == "f"] == []
    texts = {value for kind, value in cells if kind == "s"}
    assert {"'" + '=HYPERLINK("http://x","点我")', "'+幸福社区"} <= texts
