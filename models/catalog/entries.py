"""The catalogues the parser matches against: forms, themes, materials and areas, as plain values.

An event has one *form* (how it was held: 法律大集, 讲座, 进企业 …; `KindEntry`, stored as EventKind) and
any number of *themes* (what law or topic it was about: 宪法, 反电信诈骗, 禁毒 …; `ThemeEntry`).
"""

from __future__ import annotations

import copy
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
    """A form: how an event was held. `place_words` let a place name imply it (学校 → 进校园)."""

    code: str
    name_zh: str
    name_en: str
    report_group: ReportGroup
    aliases: tuple[str, ...] = ()
    rank: int = 50  # when a message names several forms, the lowest rank wins
    place_words: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass(frozen=True)
class ThemeEntry:
    """A theme: what law or topic an event was about; `days` are its calendar days (3·15 → "3-15")."""

    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()
    days: tuple[str, ...] = ()
    laws: tuple[str, ...] = ()  # law titles that name it: 《民法典》 → civil_code

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


def themed_title(form: str, theme: str, language: str = "zh") -> str:
    """An event's default title from its form and first theme: 反电信网络诈骗主题法治讲座."""
    return f"{form} on {theme}" if language == "en" else f"{theme}主题{form}"


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
    themes: tuple[ThemeEntry, ...] = ()
    _kinds_by_code: dict[str, KindEntry] = field(init=False, repr=False, compare=False)
    _themes_by_code: dict[str, ThemeEntry] = field(init=False, repr=False, compare=False)
    # Every material title and alias, casefolded: sorted, and longest first. Worked out once per
    # catalogue, not once per message (the catalogue is rebuilt only when it changes).
    materials_by_alias: dict[str, MaterialEntry] = field(init=False, repr=False, compare=False)
    material_aliases: tuple[str, ...] = field(init=False, repr=False, compare=False)
    material_aliases_longest_first: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # within(area) by area id: asked two or three times for every /log and button press, each a pass over
    # a district's hundreds of areas. Kept with this catalogue, so a catalogue read again starts afresh.
    _within: dict[int, Catalog] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_within", {})
        object.__setattr__(self, "_kinds_by_code", {k.code: k for k in self.kinds})
        object.__setattr__(self, "_themes_by_code", {t.code: t for t in self.themes})
        by_alias = {a.casefold(): e for e in self.materials for a in (e.title, *e.aliases)}
        object.__setattr__(self, "materials_by_alias", by_alias)
        object.__setattr__(self, "material_aliases", tuple(sorted(by_alias)))
        longest_first = tuple(sorted(by_alias, key=len, reverse=True))
        object.__setattr__(self, "material_aliases_longest_first", longest_first)

    def find_theme(self, code: str) -> ThemeEntry | None:
        return self._themes_by_code.get(code)

    def kind(self, code: str) -> KindEntry:
        return self._kinds_by_code[code]

    def find_kind(self, code: str | None) -> KindEntry | None:
        """The kind, or None when the catalogue no longer has it (an admin retired it)."""
        return self._kinds_by_code.get(code) if code else None

    def default_title(self, form: str | None, themes: list[str], language: str = "zh") -> str | None:
        """The title an event gets when none was written: 反电信网络诈骗主题法治讲座, or the form's name."""
        kind = self.find_kind(form)
        if kind is None:
            return None
        theme = next((t for code in themes if (t := self.find_theme(code))), None)
        if theme is None:
            return kind.name(language)
        return themed_title(kind.name(language), theme.name(language), language)

    def within(self, area_id: int) -> Catalog:
        """The same catalogue with only the area and the areas under it: where a member may log."""
        if (known := self._within.get(area_id)) is not None:
            return known
        home = next((a for a in self.areas if a.id == area_id), None)
        areas = tuple(a for a in self.areas if home and a.path.startswith(home.path))
        narrowed = copy.copy(self)  # keeps the look-ups worked out once, none of which depends on areas
        object.__setattr__(narrowed, "areas", areas)
        object.__setattr__(narrowed, "_within", {})  # its own: its areas are fewer
        self._within[area_id] = narrowed
        return narrowed


def shipped_catalog(areas: tuple[AreaEntry, ...] = ()) -> Catalog:
    """Read the catalogue data file shipped in models/catalog/data, with the given areas."""
    data = tomllib.loads(resources.files("models.catalog").joinpath("data/catalog.toml").read_text("utf-8"))
    kinds = tuple(
        KindEntry(
            code=k["code"],
            name_zh=k["name_zh"],
            name_en=k["name_en"],
            report_group=ReportGroup(k["report_group"]),
            aliases=tuple(k["aliases"]),
            rank=k.get("rank", 50),
            place_words=tuple(k.get("place_words", ())),
        )
        for k in data["kinds"]
    )
    themes = tuple(
        ThemeEntry(
            code=t["code"],
            name_zh=t["name_zh"],
            name_en=t["name_en"],
            aliases=tuple(t["aliases"]),
            days=tuple(t.get("days", ())),
            laws=tuple(t.get("laws", ())),
        )
        for t in data["themes"]
    )
    materials = tuple(
        MaterialEntry(title=m["title"], unit=m.get("unit", "份"), aliases=tuple(m["aliases"]))
        for m in data["materials"]
    )
    return Catalog(kinds=kinds, materials=materials, areas=areas, themes=themes)
