"""Member text in the files the bot makes: never a live formula in the ledger, never part of a path."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console import run_console
from bot.filenames import document_name, safe_file_name, safe_label
from models.db import SessionMaker
from models.events.drafts import EventDraft, MaterialLine
from models.events.records import create_event
from models.organisation.areas import add_area, ensure_root_area
from models.organisation.members import Role
from models.parsing.periods import Period, PeriodKind
from models.reporting.export import export_ledger
from tests.factories import make_member
from tests.harness import BotUnderTest
from tests.report_data import NOW

# The only formulas in a ledger are its own 合计 row's, over a range of cells.
TOTALS = re.compile(r"=(SUM|COUNT)\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)")
HOSTILE = ('=HYPERLINK("http://x","点我")', "+1", "-1+2", "@SUM(A1)")
MARCH_2022 = Period(PeriodKind.MONTH, date(2022, 3, 1), date(2022, 3, 31))


def _cells(content: bytes) -> list[tuple[str, object]]:
    """(data type, value) of every cell of every sheet of the workbook."""
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content))
    return [(c.data_type, c.value) for sheet in book for row in sheet.iter_rows() for c in row]


async def test_text_that_looks_like_a_formula_is_written_as_quoted_text(sessions: SessionMaker) -> None:
    title, place, material, reporter = HOSTILE
    async with sessions.begin() as session:
        root = await ensure_root_area(session=session)
        street = await add_area(session=session, name="=1+1", parent=root)
        community = await add_area(session=session, name="\t@A1", parent=street)
        member = await make_member(session, full_name=reporter, role=Role.COORDINATOR)
        draft = EventDraft(
            kind="law_fair",
            title=title,
            place=place,
            start_date=date(2022, 3, 8),
            area_id=community.id,
            partners=["-2", "\r=3", "城东\x01派出所"],  # a control character .xlsx cannot hold is dropped
            audience=["+居民"],
            materials=[MaterialLine(title=material, quantity=5)],
            note="=note",
        )
        await create_event(session=session, draft=draft, reporter=member, now=NOW)
        ledger = await export_ledger(session=session, period=MARCH_2022, area=root)
    cells = _cells(ledger.content)
    assert [value for kind, value in cells if kind == "f" and not TOTALS.fullmatch(str(value))] == []
    texts = {value for kind, value in cells if kind == "s"}
    expected = {
        "'" + title,  # OWASP: a leading quote, so the text stays text when the cell is edited or exported
        "'" + place,
        "'" + reporter,
        "'-1+2",  # the material's own column on the detail sheet
        "'-1+25份",  # the ledger's materials cell starts with the title as written: quoted too
        "'=1+1",  # the street
        "'\t@A1",  # the community
        "'\t@A1、-2、\n=3、城东派出所",  # host and partners, from the host's name on; CR breaks a line as LF
        "'+居民",
    }
    assert expected <= texts, sorted(expected - texts)


async def test_an_exported_ledger_shows_a_hostile_member_name_as_text(tg: BotUnderTest) -> None:
    worker = await tg.worker('=HYPERLINK("http://x","点我")', area="+幸福社区", role=Role.COORDINATOR)
    await tg.send(worker, "/log 法律大集 今天 120人")
    await tg.press(worker, 1)  # ✅ 保存
    [reply] = await tg.send(worker, "/export")
    assert reply.shown_text == "1 次活动\n其中待审核 1 次"
    [sent] = tg.api.files_sent
    cells = _cells(sent.content)
    assert [value for kind, value in cells if kind == "f" and not TOTALS.fullmatch(str(value))] == []
    texts = {value for kind, value in cells if kind == "s"}
    assert {"'" + '=HYPERLINK("http://x","点我")', "'+幸福社区"} <= texts


def test_a_file_name_keeps_only_a_safe_label_of_member_text() -> None:
    assert safe_label("../../../tmp/PWNED") == "tmp_PWNED"
    assert safe_label("..\\..\\windows\\system32") == "windows_system32"
    assert safe_label("坏\x00名") == "坏_名"
    assert safe_label(".bashrc") == "bashrc"
    assert safe_label("／etc／passwd") == "etc_passwd"  # full-width slashes read as slashes
    assert safe_label("幸福社区" * 30) == "幸福社区" * 10
    assert safe_label("...") == ""
    assert (
        document_name("台账", "...", MARCH_2022, "xlsx", fallback="area7")
        == "台账-area7-20220301-20220331.xlsx"
    )
    assert safe_file_name("../../x.xlsx", fallback="document-1") == "x.xlsx"
    assert safe_file_name("/etc/passwd", fallback="document-1") == "etc_passwd"
    assert safe_file_name(None, fallback="photo-2") == "photo-2"
    assert len(safe_file_name("长" * 500 + ".png", fallback="photo-2").encode()) <= 255


@pytest.mark.parametrize("name", ["../../../tmp/PWNED", "..\\..\\PWNED", "区/街道\\社区"])
async def test_documents_of_an_area_named_like_a_path_have_plain_names(tg: BotUnderTest, name: str) -> None:
    admin = await tg.admin()
    await tg.send(admin, f"/areas add {name}")
    for command in ("/export", "/report", "/chart"):
        await tg.send(admin, f"{command} 2022 {name}")
    names = [sent.filename or "" for sent in tg.api.files_sent]
    label = safe_label(name)
    assert names == [
        f"台账-{label}-20220101-20221231.xlsx",
        f"报告-{label}-20220101-20221231.docx",
        f"图表-{label}-20220101-20221231.png",
    ]
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)


def test_the_console_writes_files_inside_its_folder_and_reads_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the console writes to data/console under the working directory
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    script = [
        "/areas add ../../../tmp/PWNED",
        "/export 2022 ../../../tmp/PWNED",
        "/areas add 坏\x00名",
        "/export 2022 坏\x00名",
        "/help",
    ]
    out = io.StringIO()
    june = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)
    assert (
        run_console(settings, source=io.StringIO("\n".join(script) + "\n"), out=out, clock=lambda: june) == 0
    )
    text = out.getvalue()
    assert "📎 data/console/台账-tmp_PWNED-20220101-20221231.xlsx" in text
    assert "📎 data/console/台账-坏_名-20220101-20221231.xlsx" in text
    assert "/help — 使用说明" in text  # the /help after the files: the console read on
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith(("data/console/", "c.sqlite3"))] == []
    assert len([p for p in written if p.startswith("data/console/")]) == 2
