"""The catalogues the parser matches against: event kinds, materials and areas, as plain values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources


class ReportGroup(StrEnum):
    """Where an event kind counts in report section one."""

    STUDY = "study"  # 学法: 理论学习中心组, 常委会会前学法, 专题讲座
    OUTREACH = "outreach"  # 普法宣传


@dataclass(frozen=True)
class KindEntry:
    code: str
    name_zh: str
    name_en: str
    report_group: ReportGroup
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass(frozen=True)
class MaterialEntry:
    title: str
    unit: str = "份"
    aliases: tuple[str, ...] = ()
    id: int | None = None  # the database id, for buttons; None in the shipped file


@dataclass(frozen=True)
class AreaEntry:
    id: int
    name: str
    path: str = ""  # "/1/5/9/": the ids from the root down to this area


@dataclass(frozen=True)
class Catalog:
    """Everything the parser may recognise by name; built from the database, or by hand in tests."""

    kinds: tuple[KindEntry, ...] = ()
    materials: tuple[MaterialEntry, ...] = ()
    areas: tuple[AreaEntry, ...] = ()
    _kinds_by_code: dict[str, KindEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kinds_by_code", {k.code: k for k in self.kinds})

    def kind(self, code: str) -> KindEntry:
        return self._kinds_by_code[code]

    def find_kind(self, code: str | None) -> KindEntry | None:
        """The kind, or None when the catalogue no longer has it (an admin retired it)."""
        return self._kinds_by_code.get(code) if code else None

    def within(self, area_id: int) -> Catalog:
        """The same catalogue with only the area and the areas under it: where a member may log."""
        home = next((a for a in self.areas if a.id == area_id), None)
        areas = tuple(a for a in self.areas if home and a.path.startswith(home.path))
        return Catalog(kinds=self.kinds, materials=self.materials, areas=areas)


def shipped_catalog(areas: tuple[AreaEntry, ...] = ()) -> Catalog:
    """Read the catalogue data file shipped in models/data, with the given areas."""
    data = tomllib.loads(resources.files("models").joinpath("data/catalog.toml").read_text("utf-8"))
    kinds = tuple(
        KindEntry(
            code=k["code"],
            name_zh=k["name_zh"],
            name_en=k["name_en"],
            report_group=ReportGroup(k["report_group"]),
            aliases=tuple(k["aliases"]),
        )
        for k in data["kinds"]
    )
    materials = tuple(
        MaterialEntry(title=m["title"], unit=m.get("unit", "份"), aliases=tuple(m["aliases"]))
        for m in data["materials"]
    )
    return Catalog(kinds=kinds, materials=materials, areas=areas)
