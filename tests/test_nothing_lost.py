"""Words the parser did not place are the note, seen wherever the event is; title and note can change."""

from __future__ import annotations

from io import BytesIO

from sqlmodel import select

from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.members import Role
from models.parsing.periods import Period, PeriodKind
from models.reporting.export import LEDGER_COLUMNS, export_ledger
from tests.harness import BotUnderTest
from tests.test_event_changes import saved_event

LINE = "/log 法律大集 昨天 120人 冒雨坚持到中午 《民法典手册》300份"


async def test_the_note_is_on_the_saved_card_my_pending_and_the_ledger(tg: BotUnderTest) -> None:
    from openpyxl import load_workbook

    worker = await tg.worker("王芳")
    [draft] = await tg.send(worker, LINE)
    assert "未识别（记入备注）：冒雨坚持到中午" in draft.shown_text
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    assert "备注：冒雨坚持到中午" in listing.shown_text
    [card] = await tg.press(worker, 1, message=listing)
    assert "备注：冒雨坚持到中午" in card.shown_text
    coordinator = await tg.worker("协调员", role=Role.COORDINATOR, area="城东街道")
    async with tg.sessions.begin() as session:
        event = (await session.exec(select(Event))).one()
        street = (await session.exec(select(Area).where(Area.name == "城东街道"))).one()
        home = await session.get(Area, event.area_id)
        assert home is not None
        home.parent_id, home.path = street.id, f"{street.path}{home.id}/"  # 幸福社区 under 城东街道
    [pending] = await tg.send(coordinator, "/pending")
    assert "备注：冒雨坚持到中午" in pending.shown_text
    async with tg.sessions() as session:
        root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
        year = Period(PeriodKind.YEAR, event.start_date.replace(month=1, day=1), event.start_date)
        ledger = await export_ledger(session=session, period=year, area=root)
    sheet = load_workbook(BytesIO(ledger.content))["台账"]
    row = dict(zip([title for title, _ in LEDGER_COLUMNS], [c.value for c in sheet[4]], strict=True))
    assert row["活动内容/备注"] == "冒雨坚持到中午"


async def test_the_title_and_the_note_are_changed_from_the_card(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await saved_event(tg, worker, LINE)
    await tg.press(worker, "✏️ 修改", message=card)
    [prompt, _card] = await tg.press(worker, "名称", message=card)
    assert "活动名称是什么？" in prompt.shown_text
    [confirm] = await tg.send(worker, "“民法典进万家”法律大集")
    assert "名称：民法典主题法律大集 → “民法典进万家”法律大集" in confirm.shown_text
    await tg.press(worker, "✅ 保存修改")
    await tg.press(worker, "✏️ 修改", message=card)
    await tg.press(worker, "备注", message=card)
    [confirm] = await tg.send(worker, "冒雨坚持到中午，群众踊跃")
    assert "备注：冒雨坚持到中午 → 冒雨坚持到中午，群众踊跃" in confirm.shown_text
    await tg.press(worker, "✅ 保存修改")
    async with tg.sessions() as session:
        event = (await session.exec(select(Event))).one()
    assert (event.title, event.note) == ("“民法典进万家”法律大集", "冒雨坚持到中午，群众踊跃")
