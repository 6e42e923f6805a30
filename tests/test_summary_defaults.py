"""/summary answers the usual questions: last week on a Monday, months and runs of days as written."""

from __future__ import annotations

import pytest

from models.organisation.members import Role
from tests.harness import BotUnderTest
from tests.test_organisation import district, member


async def test_on_a_monday_a_bare_summary_covers_last_week_and_says_which(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("李协调", role=Role.COORDINATOR)
    await tg.send(coordinator, "法律大集 昨天 120人")  # Sunday 19 June, the week just ended
    await tg.press(coordinator, "✅ 保存")
    [card] = await tg.send(coordinator, "/summary")
    lines = card.shown_text.splitlines()
    assert lines[0] == "幸福社区 · 2022年6月13日 – 2022年6月19日"
    assert "活动次数：1（比上期 +1）" in lines


async def test_months_and_runs_of_days_written_in_chinese_are_read(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("李协调", role=Role.COORDINATOR)
    [month] = await tg.send(coordinator, "/summary 6月")
    assert month.shown_text.splitlines()[0] == "幸福社区 · 2022年6月"
    [days] = await tg.send(coordinator, "/summary 2022年6月1日至6月15日")
    assert days.shown_text.splitlines()[0] == "幸福社区 · 2022年6月1日 – 2022年6月15日"
    [short] = await tg.send(coordinator, "/summary 6月1日-15日 幸福社区")
    assert short.shown_text.splitlines()[0] == "幸福社区 · 2022年6月1日 – 2022年6月15日"
    [refused] = await tg.send(coordinator, "/summary 2月30日-31日")
    assert refused.shown_text.startswith("无法识别")


async def test_a_workers_summary_shows_their_own_figures(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    colleague = await tg.worker("张强")
    for text in ("法律大集 昨天 120人 《民法典手册》300份", "法治讲座 反诈 6月15日 80人 咨询15人次"):
        await tg.send(worker, text)
        await tg.press(worker, "✅ 保存")
    await tg.send(colleague, "法律大集 昨天 500人")
    await tg.press(colleague, "✅ 保存")
    [card] = await tg.send(worker, "/summary")
    lines = card.shown_text.splitlines()
    assert lines[0] == "我的数据 · 2022年6月13日 – 2022年6月19日"
    assert lines[2:6] == ["活动次数：2", "参与人次：200", "咨询人次：15", "发放资料：300"]
    [refused] = await tg.send(worker, "/summary 本月 幸福社区")  # an area's figures stay with coordinators
    assert refused.shown_text.startswith("您")
    assert "我的数据" not in refused.shown_text


async def test_a_streets_own_events_have_their_line_so_the_areas_add_up(tg: BotUnderTest) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    await tg.send(worker, "法律大集 昨天 120人")
    await tg.press(worker, "✅ 保存")
    await tg.send(coordinator, "法治讲座 反诈 昨天 城东街道 80人")
    await tg.press(coordinator, "✅ 保存")
    [card] = await tg.send(coordinator, "/summary 本月")
    lines = [line.strip() for line in card.shown_text.splitlines()]
    assert "活动次数：2（比上期 +2）" in lines
    assert "幸福社区：1 次，120 人" in lines
    assert "（城东街道本级）：1 次，80 人" in lines


@pytest.mark.settings(workers_see_area=True)
async def test_where_the_office_allows_a_worker_also_sees_their_areas_figures(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    await tg.send(worker, "法律大集 昨天 120人")
    await tg.press(worker, "✅ 保存")
    [card] = await tg.send(worker, "/summary")
    own, area = card.shown_text.split("\n\n幸福社区 · ", 1)
    assert own.startswith("我的数据 · 2022年6月13日 – 2022年6月19日")
    assert area.startswith("2022年6月13日 – 2022年6月19日")
    assert "活动次数：1" in area
    assert card.button_labels == []  # the area's buttons stay with coordinators
