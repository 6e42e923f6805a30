"""Admins extend the forms and themes in the bot: a new word, a new theme or form, a word taken back."""

from __future__ import annotations

from sqlmodel import select

from models.catalog.tables import EventKind, Theme
from tests.harness import BotUnderTest


def _field(card: str, name: str) -> str:
    return next(line.split("：", 1)[1] for line in card.splitlines() if line.startswith(name + "："))


async def test_an_admin_gives_a_form_a_new_word_that_the_next_message_is_read_with(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    worker = await tg.worker()
    [before] = await tg.send(worker, "/log 法治夜市 昨天 80人")
    assert _field(before.shown_text, "形式") == "—"
    await tg.press(worker, "❌ 取消")

    [done] = await tg.send(admin, "/catalog alias 法律大集 法治夜市")
    assert done.shown_text == "今后消息里的“法治夜市”都按“法律大集”记录。 已保存的活动不变。"
    [after] = await tg.send(worker, "/log 法治夜市 昨天 80人")
    assert _field(after.shown_text, "形式") == "法律大集"

    # One word, one meaning: the same word for a theme is refused, naming its owner.
    [taken] = await tg.send(admin, "/catalog 别名 禁毒 法治夜市")
    assert taken.shown_text == "“法治夜市”已经表示“法律大集”：一个说法只能对应一个形式或主题。"

    [back] = await tg.send(admin, "/catalog unalias 法治夜市")
    assert back.shown_text == "“法治夜市”不再表示“法律大集”。 已保存的活动不变。"
    async with tg.sessions() as session:
        fair = (await session.exec(select(EventKind).where(EventKind.code == "law_fair"))).one()
    assert "法治夜市" not in fair.aliases
    assert "普法赶大集" in fair.aliases


async def test_an_admin_adds_a_theme_and_a_form_that_workers_messages_then_name(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    worker = await tg.worker()
    [theme] = await tg.send(admin, "/catalog 主题 反洗钱 洗钱 anti-money-laundering")
    assert theme.shown_text == "已新增主题：反洗钱。 已保存的活动不变。"
    [form] = await tg.send(admin, "/catalog form 法治夜市 夜市宣传")
    assert form.shown_text == "已新增活动形式：法治夜市。 已保存的活动不变。"

    [card] = await tg.send(worker, "/log 夜市宣传 预防洗钱 昨天 阳光广场 60人")
    assert _field(card.shown_text, "形式") == "法治夜市"
    assert _field(card.shown_text, "主题") == "反洗钱"
    [listing] = await tg.send(admin, "/catalog")
    assert "• 法治夜市：夜市宣传" in listing.shown_text
    assert "• 反洗钱：洗钱、anti-money-laundering" in listing.shown_text
    async with tg.sessions() as session:
        row = (await session.exec(select(Theme).where(Theme.name_zh == "反洗钱"))).one()
    assert row.code.startswith("own_")


async def test_words_that_cannot_be_taken_are_refused_with_the_reason(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    worker = await tg.worker()
    not_a_word = "不能作为形式或主题的说法：不能有空格、引号或《》，也不能只是数字。"
    replies = {
        "/catalog alias 法律大集 集": "“集”太短：说法至少 2 个字。",
        "/catalog alias 法律大集 " + "夜" * 33: "“" + "夜" * 33 + "”太长：说法最多 32 个字。",
        "/catalog alias 法律大集 《民法典》": "“《民法典》”" + not_a_word,
        "/catalog alias 法律大集 2024": "“2024”" + not_a_word,
        "/catalog alias 夜市 法治夜市": "没有叫“夜市”的形式或主题。发送 /catalog 查看全部。",
        "/catalog unalias 赶大集": "“赶大集”是系统自带的说法，不能删除；只能删去管理员自己加的说法。",
        "/catalog unalias 法律大集": "“法律大集”是“法律大集”的名称，不是另加的说法。",
        "/catalog theme 普法赶大集": "“普法赶大集”已经表示“法律大集”：一个说法只能对应一个形式或主题。",
    }
    for command, expected in replies.items():
        [reply] = await tg.send(admin, command)
        assert reply.shown_text == expected, command
    [usage] = await tg.send(admin, "/catalog 改名 法律大集")
    assert usage.shown_text.startswith("没看懂这条指令，请这样写：\n/catalog 别名 名称 说法")
    [refused] = await tg.send(worker, "/catalog alias 法律大集 法治夜市")
    assert "只有管理员可以修改活动形式和主题。" in refused.shown_text
    async with tg.sessions() as session:
        kinds = (await session.exec(select(EventKind))).all()
        themes = (await session.exec(select(Theme))).all()
    assert not [k for k in kinds if k.code.startswith("own_") or "法治夜市" in k.aliases]
    assert not [t for t in themes if t.code.startswith("own_")]
