"""A worker's new material title stays theirs until a coordinator takes it into the catalogue."""

from __future__ import annotations

from sqlmodel import select

from models.catalog.tables import Material
from models.events.records import Event, EventMaterial
from models.organisation.members import Role
from tests.harness import BotUnderTest
from tests.test_organisation import district, member


async def test_a_coordinator_takes_a_new_title_into_the_catalogue(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await tg.send(worker, "/log 法律大集 昨天 100人 发放法律援助联系卡200张")
    await tg.press(worker, "✅ 保存")
    async with tg.sessions() as session:
        card = (await session.exec(select(Material).where(Material.title == "法律援助联系卡"))).one()
    assert not card.accepted  # kept on the event as written, not yet in the shared catalogue

    [refused] = await tg.send(worker, "/materials")
    assert "只有协调员和管理员可以收录资料名称" in refused.shown_text
    [listing] = await tg.send(coordinator, "/materials")
    assert "法律援助联系卡：1 次活动，共 200" in listing.shown_text
    assert listing.button_labels == ["✅ 法律援助联系卡"]
    [after] = await tg.press(coordinator, "✅ 法律援助联系卡", message=listing)
    assert "本辖区用到的资料名称都已收录" in after.shown_text
    async with tg.sessions() as session:
        card = (await session.exec(select(Material).where(Material.title == "法律援助联系卡"))).one()
        assert (card.accepted, card.aliases) == (True, ["法律援助联系卡"])
        lines = (await session.exec(select(EventMaterial).join(Event))).all()
        assert [line.material_id for line in lines] == [card.id]  # the saved event is unchanged

    # The catalogue now knows it: a later message written without a unit noun is still read.
    [draft] = await tg.send(worker, "/log 法律大集 昨天 80人 法律援助联系卡50")
    assert "法律援助联系卡50份" in draft.shown_text
