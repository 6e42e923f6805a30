"""The Excel ledger opened again with openpyxl; the chart decoded, and its font has every glyph it draws."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from bot.charts import FONT_FAMILY, chart_labels, font_path, render_weekly_chart
from bot.i18n import Texts
from models.db import SessionMaker
from models.parsing.periods import Period, PeriodKind
from models.reporting.export import LEDGER_COLUMNS, export_ledger
from models.reporting.weekly import weekly_series
from tests.report_data import seed_district
from tests.test_summaries import YEAR_2022

Q1_2022 = Period(PeriodKind.QUARTER, date(2022, 1, 1), date(2022, 3, 31))


async def test_the_ledger_has_one_row_per_event_and_one_per_material_line(sessions: SessionMaker) -> None:
    from openpyxl import load_workbook

    async with sessions.begin() as session:
        district = await seed_district(session)
        ledger = await export_ledger(session=session, period=YEAR_2022, area=district.root)
    assert (ledger.events, ledger.material_lines) == (12, 6)  # 11 counted + the returned one; not the deleted
    book = load_workbook(BytesIO(ledger.content))
    assert book.sheetnames == ["台账", "资料明细", "资料汇总", "退回活动"]
    sheet = book["台账"]
    assert [c.value for c in sheet[3]] == [title for title, _width in LEDGER_COLUMNS]
    assert sheet.column_dimensions["O"].width >= 20  # 发放资料, the widest
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == 13  # 11 events, the 合计 row and what it counts; the returned one is on its own sheet
    themed = dict(zip([title for title, _width in LEDGER_COLUMNS], rows[1], strict=True))  # after 2/20
    event_id = themed.pop("活动编号")
    assert isinstance(event_id, int)
    assert themed == {
        "序号": 2,
        "起止日期": "2022-03-08",
        "街道": "城西街道",
        "社区": "和平社区",
        "形式": "设摊咨询",
        "主题": "妇女权益",
        "活动名称": "“三八”国际妇女节普法主题宣传",
        "地点": None,  # no place given: an empty cell
        "活动内容/备注": None,
        "主办/联合单位": "和平社区",
        "对象": "妇女",
        "参与人数": 120,
        "咨询人次": None,
        "发放资料": "妇女权益保障法300份",  # a catalogue title, as the worker wrote it
        "宣传品/展示": None,
        "照片数": 0,
        "填报人": "王芳",
        "审核状态": "待审核",
    }
    fair = rows[2]
    assert fair[14] == "民法典手册1500册；人民调解法1200份；劳动仲裁法1050份"
    detail = [[c.value for c in row] for row in book["资料明细"].iter_rows(min_row=2)]
    assert [(r[2], r[4], r[7]) for r in detail[:3]] == [
        ("妇女权益保障法", 300, "发放资料"),
        ("民法典手册", 1500, "发放资料"),
        ("人民调解法", 1200, "发放资料"),
    ]
    assert book["资料明细"].cell(row=2, column=2).number_format == "yyyy-mm-dd"


async def test_the_chart_is_a_png_of_the_weeks_with_every_label_in_its_font(sessions: SessionMaker) -> None:
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]
    from PIL import Image

    async with sessions.begin() as session:
        district = await seed_district(session)
        series = await weekly_series(session=session, period=Q1_2022, area=district.root)
    assert len(series.weeks) == 14  # 2021-12-27 … 2022-03-28
    assert {k.code: sum(k.events) for k in series.kinds} == {"study_group": 1, "desk": 1, "law_fair": 1}
    t = Texts("zh")
    png = render_weekly_chart(series, t=t, title="全区 · 2022年第1季度")
    image = Image.open(BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1000, 700))
    collection = TTCollection(str(font_path()))
    [face] = [f for f in collection.fonts if f["name"].getDebugName(1) == FONT_FAMILY]
    cmap = face.getBestCmap()
    labels = "".join(chart_labels(series, t=t, title="全区 · 2022年第1季度"))
    missing = sorted({ch for ch in labels if not ch.isspace() and ord(ch) not in cmap})
    assert missing == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in labels)  # the labels really are Chinese


def test_the_bot_starts_without_importing_matplotlib_openpyxl_or_docx() -> None:
    import subprocess
    import sys

    check = (
        "import sys, bot.application; "
        "print(sorted(m for m in ('matplotlib', 'openpyxl', 'docx', 'xlsxwriter') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
