"""Words: one name per status, English plurals, photos that say whose they are."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import bot
from models.organisation.members import Role
from tests.harness import BotUnderTest
from tests.test_photos import album

CATALOGS = Path(bot.__file__).parent / "locales/zh/LC_MESSAGES"


def test_the_approved_status_has_one_name_everywhere() -> None:
    strings: list[str] = []
    for path in sorted(CATALOGS.glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po):
                said = message.string
                strings += [said] if isinstance(said, str) else list(said or ())
    assert [s for s in strings if "已审核" in s] == []  # 已通过 is the approved status's one name
    assert any(s == "已通过" for s in strings)


async def test_english_counts_take_their_plural(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("Alice", language_code="en", role=Role.COORDINATOR)
    await tg.send(coordinator, "/log law fair yesterday attendance 45")
    await tg.press(coordinator, "✅ Save")
    [card] = await tg.send(coordinator, "/summary this month")
    assert "law fair: 1 event, 45 people" in card.shown_text
    assert "1 events" not in card.shown_text


async def test_photos_sent_back_say_which_event_they_belong_to(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    for update in album(tg, worker, caption_on=0):
        await tg.driver.deliver(update)
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=listing)
    photos = await tg.press(worker, "📷 照片（3）", message=card)
    assert [p.caption for p in photos] == ["活动 #1 的照片，共 3 张", None, None]
