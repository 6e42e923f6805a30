"""The 台账 .xlsx can be printed and handed in as it is (issue 10, "Ledger" and "What counts")."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from models.catalog.tables import Material
from models.db import SessionMaker
from models.events.drafts import Count, Qualifier
from models.events.records import Event, EventStatus
from models.parsing.periods import Period, PeriodKind
from models.reporting.export import LEDGER_COLUMNS, export_ledger, ledger_heading
from models.reporting.summaries import summarize_period
from tests.report_data import District, line, log, seed_district
from tests.test_summaries import YEAR_2022

NOVEMBER = Period(PeriodKind.MONTH, date(2026, 11, 1), date(2026, 11, 30))
HEADER_ROW = 3  # title, 填报单位 line, then the header


def _book(content: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(BytesIO(content))


def _rows(sheet: Any, first: int) -> list[dict[str, Any]]:
    titles = [c.value for c in sheet[first - 1]]
    return [dict(zip(titles, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=first)]


def _evaluate(sheet: Any, formula: str) -> int:
    """=SUM(M4:M15) or =COUNT(B4:B15), computed over the cells' values the way Excel does."""
    match = re.fullmatch(r"=(SUM|COUNT)\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert match, formula
    function, column, first, _same, last = match.groups()
    values = [sheet[f"{column}{row}"].value for row in range(int(first), int(last) + 1)]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return int(sum(numbers)) if function == "SUM" else len(numbers)


async def _export(sessions: SessionMaker, period: Period = YEAR_2022) -> tuple[District, Any, Any]:
    async with sessions.begin() as session:
        district = await seed_district(session)
        heading = ledger_heading(
            area=district.east,
            period=NOVEMBER,
            unit="城东街道办事处",
            filled_by="王芳",
            today=date(2026, 11, 30),
        )
        ledger = await export_ledger(session=session, period=period, area=district.root, heading=heading)
        summary = await summarize_period(session=session, period=period, area=district.root)
    return district, ledger, summary


async def test_the_ledger_has_a_title_row_a_filled_by_line_and_a_bold_bordered_wrapped_header(
    sessions: SessionMaker,
) -> None:
    _district, ledger, _summary = await _export(sessions)
    sheet = _book(ledger.content)["台账"]
    assert sheet["A1"].value == "城东街道2026年11月普法宣传活动台账"
    assert sheet["A1"].font.b
    assert sheet["A1"].alignment.horizontal == "center"
    assert "A1:S1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：城东街道办事处    填表人：王芳    填表日期：2026年11月30日"
    header = sheet[HEADER_ROW]
    assert [c.value for c in header] == [title for title, _width in LEDGER_COLUMNS]
    for cell in header:
        assert cell.font.b, cell.value
        assert cell.alignment.wrap_text, cell.value
        assert {cell.border.left.style, cell.border.right.style, cell.border.top.style} == {"thin"}
    first_row = [c for c in sheet[HEADER_ROW + 1] if c.value is not None]
    assert all(c.border.bottom.style == "thin" for c in first_row)  # the body is boxed as well
    assert all(c.alignment.wrap_text for c in first_row)


async def test_the_ledger_prints_on_a4_landscape_with_the_header_on_every_page_and_frozen_panes(
    sessions: SessionMaker,
) -> None:
    _district, ledger, _summary = await _export(sessions)
    for sheet in _book(ledger.content):
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide, as many down as it takes
    ledger_sheet = _book(ledger.content)["台账"]
    assert ledger_sheet.print_title_rows == "$3:$3"
    assert ledger_sheet.freeze_panes == "C4"


async def test_the_total_row_is_formulas_that_evaluate_to_the_summary_figures(sessions: SessionMaker) -> None:
    _district, ledger, summary = await _export(sessions)
    book = _book(ledger.content)
    sheet = book["台账"]
    total = sheet[sheet.max_row - 1]
    assert total[0].value == "合计"
    assert sheet[sheet.max_row][0].value == (
        "统计口径：合计含已通过活动0项、待审核活动11项；已退回活动1项列于“退回活动”表，不计入合计；已删除活动不列入。"
    )
    formulas = {LEDGER_COLUMNS[c.column - 1][0]: c.value for c in total if str(c.value).startswith("=")}
    assert set(formulas) == {"活动编号", "参与人数", "咨询人次", "照片数"}
    figures = summary.current
    assert _evaluate(sheet, formulas["活动编号"]) == figures.events == 11
    assert _evaluate(sheet, formulas["参与人数"]) == figures.attendance == 690
    assert _evaluate(sheet, formulas["咨询人次"]) == figures.consultations == 60
    grouped = book["资料汇总"]
    [grouped_total] = [row for row in grouped.iter_rows() if row[0].value == "合计"]
    assert _evaluate(grouped, grouped_total[3].value) == figures.material_total == 4750


async def test_returned_events_are_on_their_own_sheet_with_the_reason(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        await session.exec(
            update(Event)
            .where(col(Event.status) == EventStatus.RETURNED)
            .values(status_note="照片与活动不符")
        )
        ledger = await export_ledger(session=session, period=YEAR_2022, area=district.root)
    book = _book(ledger.content)
    counted = _rows(book["台账"], HEADER_ROW + 1)[:-2]
    assert "已退回" not in {row["审核状态"] for row in counted}
    assert len(counted) == 11
    [returned] = _rows(book["退回活动"], 2)
    assert returned["社区"] == "阳光社区"
    assert returned["参与人数"] == 55
    assert returned["退回原因"] == "照片与活动不符"
    assert ledger.totals.returned == 1


async def test_one_handout_under_two_names_is_one_line_of_the_grouped_sheet(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        await log(
            session,
            district,
            district.happy,
            kind="law_fair",
            start_date=date(2022, 12, 4),
            attendance=100,
            materials=[line("民法典", 200, "册")],
        )
        book_title = (await session.exec(select(Material).where(Material.title == "民法典"))).one()
        handbook = (await session.exec(select(Material).where(Material.title == "民法典手册"))).one()
        book_title.canonical_id = handbook.id
        await session.flush()
        ledger = await export_ledger(session=session, period=YEAR_2022, area=district.root)
        summary = await summarize_period(session=session, period=YEAR_2022, area=district.root)
    book = _book(ledger.content)
    grouped = {row["资料名称"]: row for row in _rows(book["资料汇总"], 2) if row["序号"] != "合计"}
    assert "民法典" not in grouped
    assert (grouped["民法典手册"]["数量"], grouped["民法典手册"]["活动次数"]) == (1700, 2)
    assert {(m.title, m.quantity) for m in summary.current.materials} >= {("民法典手册", 1700)}
    detail = _rows(book["资料明细"], 2)
    assert {(r["资料名称（原文）"], r["归类名称"]) for r in detail} >= {("民法典", "民法典手册")}
    [fair] = [r for r in _rows(book["台账"], HEADER_ROW + 1) if r["起止日期"] == "2022-12-04"]
    assert fair["发放资料"] == "民法典200册"  # the ledger row keeps the worker's own words


async def test_the_ledger_has_the_event_id_end_date_content_note_and_the_approx_marks(
    sessions: SessionMaker,
) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        event = await log(
            session,
            district,
            district.happy,
            kind="law_fair",
            themes=["constitution"],
            title="“宪法宣传周”系列活动",
            start_date=date(2022, 12, 1),
            end_date=date(2022, 12, 4),
            attendance=Count(value=300, qualifier=Qualifier.MORE),
            consultations=Count(value=40, qualifier=Qualifier.ABOUT),
            partners=["城东派出所"],
            audience=["居民"],
            note="冒雨坚持到中午",
        )
        ledger = await export_ledger(session=session, period=YEAR_2022, area=district.root)
    sheet = _book(ledger.content)["台账"]
    rows = _rows(sheet, HEADER_ROW + 1)
    [week] = [r for r in rows if r["活动编号"] == event.id]
    assert week["起止日期"] == "2022-12-01至12-04"
    assert (week["形式"], week["主题"]) == ("法律大集", "宪法")
    assert week["活动内容/备注"] == "冒雨坚持到中午"
    assert week["主办/联合单位"] == "幸福社区、城东派出所"
    assert (week["对象"], week["参与人数"], week["咨询人次"]) == ("居民", 300, 40)
    assert week["审核状态"] == "待审核"
    row = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[1].value == event.id)
    assert row[12].number_format == '0"余"'  # 300余: still a number that 合计 adds up
    assert row[13].number_format == '"约"0'


async def test_text_with_xml_characters_and_escapes_reads_back_as_written(sessions: SessionMaker) -> None:
    title = " 法治<讲座> & “问答” _x0041_ "
    async with sessions.begin() as session:
        district = await seed_district(session)
        day = date(2022, 12, 2)
        await log(session, district, district.happy, kind="lecture", title=title, start_date=day)
        ledger = await export_ledger(session=session, period=YEAR_2022, area=district.root)
    rows = _rows(_book(ledger.content)["台账"], HEADER_ROW + 1)
    # openpyxl leaves OOXML's _xHHHH_ escapes as they are; Excel reads them, as this does.
    shown = [re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), row["活动名称"] or "") for row in rows]
    assert title in shown  # not "A", not trimmed, not entity-mangled


async def test_the_fast_rows_write_what_xlsxwriters_own_api_writes(
    sessions: SessionMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.reporting.ledger_cells

    def cells(content: bytes) -> list[tuple[Any, ...]]:
        book = _book(content)
        return [
            (sheet.title, c.coordinate, c.value, c.data_type, c.number_format, c.border.left.style)
            for sheet in book
            for row in sheet.iter_rows()
            for c in row
        ]

    async with sessions.begin() as session:
        district = await seed_district(session)
        fast = await export_ledger(session=session, period=YEAR_2022, area=district.root)
        monkeypatch.setattr(models.reporting.ledger_cells, "fast_rows_available", lambda sheet: False)
        plain = await export_ledger(session=session, period=YEAR_2022, area=district.root)
    assert cells(fast.content) == cells(plain.content)
