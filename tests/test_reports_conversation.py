"""/summary, /report, /export and /chart through the real Application, and the summary card's buttons."""

from __future__ import annotations

from io import BytesIO

from bot.standin.model import FakeUser
from models.organisation.members import Role
from tests.harness import BotUnderTest


async def logged(tg: BotUnderTest, worker: FakeUser, *lines: str) -> None:
    for line in lines:
        await tg.send(worker, line)
        await tg.press(worker, 1)  # ✅ Save


async def test_a_coordinator_sees_this_weeks_summary_of_their_area(tg: BotUnderTest) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    await logged(
        tg,
        worker,
        "/log 法律大集 今天 120人 《民法典手册》300份 联合城东派出所",
        "/log 反诈宣讲 昨天 80人 咨询15人次",  # Sunday: last week
    )
    [card] = await tg.send(worker, "/summary 本周")  # on a Monday a bare /summary covers last week
    lines = card.shown_text.splitlines()
    assert lines[0] == "幸福社区 · 2022年6月20日"  # this week so far: the harness's Monday
    # Compared with the same days of the week before (last Monday): Sunday's event is in neither.
    assert "活动次数：1（比上期 +1）" in lines
    assert "参与人次：120（比上期 +120）" in lines
    assert "  法律大集：1 次，120 人" in lines
    assert "  《民法典手册》 300册" in lines
    assert card.button_labels == [
        "◀ 上一期",
        "下一期 ▶",
        "📝 报告",
        "📝 报告（约数）",
        "📊 Excel 台账",
        "📈 图表",
    ]
    [before] = await tg.press(worker, "◀ 上一期", message=card)
    assert before.shown_text.splitlines()[0] == "幸福社区 · 2022年6月13日 – 2022年6月19日"
    assert "  法治讲座：1 次，80 人" in before.shown_text.splitlines()
    assert "  反电信网络诈骗：1 次，80 人" in before.shown_text.splitlines()


async def test_a_period_the_bot_cannot_read_gets_the_accepted_forms(tg: BotUnderTest) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    [reply] = await tg.send(worker, "/summary 2022-13")
    assert "无法识别这个期间" in reply.shown_text
    assert "2022-Q1" in reply.shown_text
    [reply] = await tg.send(worker, "/summary 本月 阳光社区")
    assert reply.shown_text == "您的辖区内没有名为“阳光社区”的区域。"


async def test_the_report_comes_as_text_and_as_a_docx(tg: BotUnderTest) -> None:
    from docx import Document

    worker = await tg.worker(role=Role.COORDINATOR)
    await logged(tg, worker, "/log 反诈宣讲 6月1日 80人 联合城东派出所 反诈宣传单3750份")
    text, document = await tg.send(worker, "/report 2022 约数")
    assert text.shown_text.startswith("一、强化理论武装，提升法治素养\n当好法治学习的组织者。")
    assert "幸福社区联合城东派出所开展反电信网络诈骗主题法治讲座活动" in text.shown_text
    assert "向群众发放普法资料3700余份" in text.shown_text  # a 宣传单 is no title: no 《》, no 等
    [sent] = tg.api.files_sent
    assert sent.filename == "报告-幸福社区-20220101-20221231-约数.docx"  # the rounded variant
    paragraphs = [p.text for p in Document(BytesIO(sent.content)).paragraphs]
    assert any(p.startswith("当好法治学习的推动者。") for p in paragraphs)
    assert document.document is not None


async def test_export_and_chart_buttons_send_the_files_of_the_same_period(tg: BotUnderTest) -> None:
    from openpyxl import load_workbook
    from PIL import Image

    worker = await tg.worker(role=Role.COORDINATOR)
    await logged(tg, worker, "/log 法律大集 今天 120人 《民法典手册》300份")
    [card] = await tg.send(worker, "/summary 本周")
    [xlsx] = await tg.press(worker, "📊 Excel 台账", message=card)
    assert xlsx.shown_text == "1 次活动\n其中待审核 1 次"
    [png] = await tg.press(worker, "📈 图表", message=card)
    assert png.photo is not None
    assert (png.caption or "").endswith("统计口径：已通过和已提交的活动，其中 1 次待审核。")
    ledger, chart = tg.api.files_sent
    assert ledger.filename == "台账-幸福社区-20220620-20220620.xlsx"
    rows = list(load_workbook(BytesIO(ledger.content))["台账"].iter_rows(min_row=4, values_only=True))
    assert [(r[3], r[4], r[5], r[12]) for r in rows] == [
        ("幸福社区", None, "法律大集", 120),
        (None, None, None, "=SUM(M4:M4)"),
        (None, None, None, None),
    ]  # under the root: a street; the columns are 街道, 社区, 形式 and 参与人数; then 合计 and its basis
    assert Image.open(BytesIO(chart.content)).format == "PNG"


async def test_a_button_for_an_area_outside_the_members_subtree_shows_nothing(tg: BotUnderTest) -> None:
    owner = await tg.worker("王芳", role=Role.COORDINATOR)
    [card] = await tg.send(owner, "/summary")
    other = await tg.worker("李强", area="阳光社区")
    press = tg.api.callback_update(other, card, "◀ 上一期")
    press["callback_query"]["message"]["chat"] = {"id": other.id, "type": "private", "first_name": "李强"}
    assert await tg.driver.deliver(press) == []
    assert tg.answer_to(press) == "您无权查看该辖区的数据。"


async def test_an_english_speaker_gets_an_english_card(tg: BotUnderTest) -> None:
    worker = await tg.worker("Alice", language_code="en", role=Role.COORDINATOR)
    [card] = await tg.send(worker, "/summary last month")
    assert card.shown_text.splitlines()[0] == "幸福社区 · May 2022"
    assert "Nothing was logged in this period." in card.shown_text
    assert card.button_labels[:2] == ["◀ Previous", "Next ▶"]
