"""Area files as an office has them: GBK or UTF-8 CSV, .xlsx, a header row, the district's name, a preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from bot.cli import main
from models.organisation.areas import Area
from tests.harness import BotUnderTest

ROWS = "街道,社区\n城东区,城东街道,幸福社区\n城东街道,阳光社区\n城西街道,\n"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/areas.sqlite3")
    monkeypatch.setenv("DISTRICT_NAME", "城东区")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_a_csv_as_excel_saves_it_imports_without_its_header_or_an_extra_level(
    office: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = office / "辖区.csv"
    path.write_bytes(ROWS.encode(encoding))
    assert main(["areas", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "added 城东区 / 城东街道 / 幸福社区" in out
    assert (
        "3 rows read, 4 new areas" in out
    )  # 城东街道, 幸福社区, 阳光社区, 城西街道; no 街道, no 城东区 below 城东区


def test_a_dry_run_shows_what_would_be_added_and_changes_nothing(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = office / "areas.csv"
    path.write_bytes(ROWS.encode("gbk"))
    assert main(["areas", "import", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "would add 城东区 / 城西街道" in out
    assert "4 would be added (dry run: nothing changed)" in out
    assert main(["areas", "import", str(path)]) == 0
    assert "4 new areas" in capsys.readouterr().out  # the preview kept nothing


def test_an_xlsx_with_a_bad_row_names_its_line_and_imports_nothing(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["街道", "社区"],
        ["城东街道", "幸福社区"],
        ["城东街道", None, "孤儿小区"],
        ["城西街道", "光明社区"],
    ):
        sheet.append(row)
    path = office / "areas.xlsx"
    book.save(path)
    assert main(["areas", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3: an empty name inside the path" in err
    assert "nothing was imported" in err
    sheet.delete_rows(3)
    book.save(path)
    assert main(["areas", "import", str(path)]) == 0
    assert "2 rows read, 4 new areas" in capsys.readouterr().out


def test_text_that_is_neither_utf8_nor_gbk_is_refused_with_a_reason(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = office / "areas.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8\x00\xd8")
    assert main(["areas", "import", str(path)]) == 1
    assert "save the file as CSV UTF-8" in capsys.readouterr().err


@pytest.mark.settings(district_name="城东区")
async def test_the_district_is_named_from_the_setting_on_start_up(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    [tree] = await tg.send(admin, "/areas")
    assert tree.shown_text.startswith("城东区 #1")
    assert "/areas add 名称 [in 上级名称]" in tree.shown_text  # usage in the member's language
    async with tg.sessions() as session:
        assert [a.name for a in await session.exec(select(Area))] == ["城东区"]
