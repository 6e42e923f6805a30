"""/reportnames: an admin names the area's committee, study group and meeting once; /report uses them."""

from __future__ import annotations

from models.organisation.members import Role
from tests.harness import BotUnderTest
from tests.report_data import seed_district


async def test_an_admin_names_the_study_bodies_once_and_the_report_uses_them(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    async with tg.sessions.begin() as session:
        await seed_district(session)  # 2022 as in the seed report, logged in the admin's district
    [shown] = await tg.send(admin, "/reportnames")
    assert "全区报告中的称谓" in shown.shown_text
    assert "中心组：（未设置）" in shown.shown_text
    for name in ("党委 区委", "中心组 区委理论学习中心组", "会议 区委常委会会议"):
        [saved] = await tg.send(admin, "/reportnames " + name)
        assert saved.shown_text.startswith("已保存。")
    assert "会议（会前学法）：区委常委会会议" in saved.shown_text
    text, _document = await tg.send(admin, "/report 2022")
    organiser = text.shown_text.splitlines()[1]
    assert organiser.startswith(
        "当好法治学习的组织者。2022年，区委把学习贯彻习近平法治思想作为首要政治任务，"
    )
    assert "区委理论学习中心组围绕" in organiser
    assert "通过区委常委会会议会前学法" in organiser


async def test_names_are_escaped_limited_and_cleared_with_a_dash(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    [saved] = await tg.send(admin, "/reportnames 单位 <b>城东</b>")
    assert "单位：<b>城东</b>" in saved.shown_text  # shown as typed, not as HTML
    [refused] = await tg.send(admin, "/reportnames 单位 " + "长" * 61)
    assert refused.shown_text == "称谓最多 60 个字。"
    [cleared] = await tg.send(admin, "/reportnames 单位 -")
    assert "单位：（未设置）" in cleared.shown_text


async def test_only_admins_set_the_report_names(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("协调员", role=Role.COORDINATOR, area="城东街道")
    [refused] = await tg.send(coordinator, "/reportnames 党委 街道党工委")
    assert refused.shown_text == "只有管理员可以设置报告中的称谓。"
