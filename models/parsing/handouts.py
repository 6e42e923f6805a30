"""Find handouts in a message: 《民法典手册》300份, 发放宣传单200份, 《宪法》、《民法典》各100本."""

from __future__ import annotations

import re

from models.catalog import MaterialEntry
from models.parsing.numbers import COUNT, VAGUE

CHINESE_UNITS = frozenset("份册本张套")
_HANDOUT = r"(?:(?:发放|派发|分发|赠送)\s*)?"
_UNIT = r"(?:份|册|本|张|套|\bcop(?:y|ies)\b|\bpcs\b)"
# 宣传资料共计300份 is 300 of 宣传资料: the total word belongs to neither the title nor the count.
_TOTAL = r"(?:共计|合计|总计|共)"
_QUOTE = r"[《“\"「](?P<title>[^《》“”\"「」\n]{1,60})[》”\"」]"
_QUOTED = r"[《“\"「][^《》“”\"「」\n]{1,60}[》”\"」]"
# 《劳动合同法》宣传单 is the handout 劳动合同法宣传单, not the law itself.
_FORMS = r"宣传单|宣传册|宣传页|宣传折页|折页|传单|手册|小册子|口袋书|读本|单行本"
_FORM = rf"(?P<form>{_FORMS})?"
# How many of a title: x100, 300余份, 三百份, or a bare number ending the phrase.
_AMOUNT = (
    rf"\s*(?:{_TOTAL}\s*)?(?:[x×*]\s*)?(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))"
    rf"\s*(?:(?P<unit>{_UNIT})|(?=[\s,;:)。、]|$))"
)
# 各100份 after a list of titles: each of them, not all of them together.
_EACH = rf"\s*各\s*(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT})?"
_LIST_JOIN = r"\s*(?:[、,和及与]\s*)?"

# Handouts with a quoted title: 《民法典手册》300份, "Leaflet" x100, 300份《宪法》, 100 copies of "X".
QUOTED_MATERIALS = (
    re.compile(rf"{_HANDOUT}{_QUOTE}{_FORM}{_AMOUNT}", re.IGNORECASE),
    re.compile(rf"{_HANDOUT}(?P<count>{COUNT})\s*(?P<unit>{_UNIT})\s*(?:of\s+)?{_QUOTE}", re.IGNORECASE),
)
# Handouts of any title after 发放: 发放普法手册200份.
HANDED_OUT = re.compile(
    rf"(?:发放|派发|分发|赠送)\s*(?P<title>[^\s\d,;:。、《》“”\"]{{1,20}}?)\s*(?:{_TOTAL}\s*)?"
    rf"(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT})"
)
# Handouts named by what they are, without 发放 and outside the catalogue: 宣传资料共计300份, 普法书籍50本.
GENERIC_MATERIALS = re.compile(
    r"(?P<title>(?:普法|法治|法律|宣传|反诈|禁毒|安全)*(?:资料|手册|书籍|图书|海报|宣传品|宣传册|宣传页|折页|读本"
    rf"|小册子|口袋书))\s*(?:{_TOTAL}\s*)?(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT})"
)
# A breakdown after a total: 发放资料300份，其中《民法典手册》50份.
BREAKDOWN = re.compile(rf"其中[^。;\n]*?{COUNT}\s*{_UNIT}")
BREAKDOWN_FOLLOWS = re.compile(r"\s*[,;:]?\s*其中")


def material_patterns(materials: dict[str, MaterialEntry]) -> tuple[re.Pattern[str], ...]:
    """Match catalogue titles written without quotes, when a count comes with them."""
    if not materials:
        return ()
    title = rf"(?<![A-Za-z])(?P<title>{_names(materials)})(?![A-Za-z])"
    return (
        re.compile(rf"{_HANDOUT}{title}{_FORM}{_AMOUNT}", re.IGNORECASE),
        re.compile(
            rf"{_HANDOUT}(?P<count>{COUNT})\s*(?:(?P<unit>{_UNIT})\s*(?:of\s+)?|\s(?=[A-Za-z])){title}",
            re.IGNORECASE,
        ),
    )


def each_patterns(materials: dict[str, MaterialEntry]) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Match lists of titles sharing one count (《宪法》、《民法典》各100本), each with its item pattern."""
    quoted = (
        re.compile(
            rf"{_HANDOUT}(?P<titles>{_QUOTED}(?:{_FORMS})?(?:{_LIST_JOIN}{_QUOTED}(?:{_FORMS})?)+){_EACH}"
        ),
        re.compile(f"{_QUOTE}{_FORM}"),
    )
    if not materials:
        return (quoted,)
    names = _names(materials)
    listed = (
        re.compile(rf"{_HANDOUT}(?P<titles>(?:{names})(?:{_LIST_JOIN}(?:{names}))+){_EACH}", re.IGNORECASE),
        re.compile(f"(?P<title>{names})", re.IGNORECASE),
    )
    return quoted, listed


def _names(materials: dict[str, MaterialEntry]) -> str:
    return "|".join(re.escape(a) for a in sorted(materials, key=len, reverse=True))
