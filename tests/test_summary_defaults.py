"""/summary answers the usual questions: last week on a Monday, months and runs of days as written."""

from __future__ import annotations

from models.organisation.members import Role
from tests.harness import BotUnderTest


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
