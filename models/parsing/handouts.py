"""Find material lines as written: 《民法典》宣传手册300份, 悬挂横幅2条, 宣传资料、宣传袋等1000多份.

A title is kept the way the worker wrote it; the catalogue only says which title it groups under. What
was done with it decides its category: handed out, put on show (横幅, 展板, 张贴的海报), or given away.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from models.events.drafts import MaterialCategory
from models.parsing.gates import gated
from models.parsing.numbers import COUNT, POST_QUALIFIER, VAGUE

# Book titles are replaced by one private-use character each before matching (see event_text), so a
# title's inside is never read as a count or a date; these classes let them stand in a material title.
BOOK_MARK = "\ue000-\uf8ff"
UNITS = "份|册|本|张|个|条|袋|套|块|幅|面|件|盒|包|把|支|只|瓶|双|卷|副|封|盏|顶"
_UNIT = rf"(?:{UNITS}|\bcop(?:y|ies)\b|\bpcs\b|\bleaflets?\b)"
_HAND_VERBS = r"发放|派发|分发|赠送|赠发|发出|送出|发送|免费发放|现场发放|递发|发|送|赠|派|递"
# 挂 before 历 or 图 is a noun's first character: 挂历 and 挂图 are handed out.
_SHOW_VERBS = (
    r"悬挂|张贴|摆放|设置|展出|展示|布置|竖立|树立|摆设|拉起|挂起|展放|制作|设立|挂(?![历图])|贴|摆|拉|设"
)
_VERB = re.compile(rf"(?:{_HAND_VERBS}|{_SHOW_VERBS})")
_SHOW_VERB = re.compile(rf"(?:{_SHOW_VERBS})$")

_DISPLAY_NOUNS = (
    r"横幅|条幅|展板|展架|展牌|易拉宝|标语|宣传栏|宣传橱窗|LED屏|电子屏|宣传展板|横额|彩旗|海报|宣传图片|版面|宣传版面"
    r"|通告|公告|告示|挂图|宣传画|黑板报|板报|墙报"
)
_GIVEAWAY_NOUNS = (
    r"礼包|礼品|宣传品|纪念品|环保袋|购物袋|手提袋|帆布袋|扇子|折扇|围裙|纸巾|抽纸|雨伞|水杯|杯子|钥匙扣|笔记本"
    r"|签字笔|中性笔|鼠标垫|毛巾|牙膏|洗衣粉|肥皂|鸡蛋|挂历|台历|日历|春联|福字|袋子|文具|书包|笔|伞|奖品|纸杯|面巾纸"
    r"|米面|大米|食用油|口罩|法治文化产品|文化产品|小礼品|雨衣|马甲|帽子|文创|文创产品|法治挂历|台历|灯笼|布袋|扇|头盔"
    r"|宣传物品|物品|书签|宣传袋|袋|礼物|小礼物"
)
_HANDOUT_NOUNS = (
    r"资料|手册|宣传册|册子|宣传页|宣传单|单页|彩页|折页|传单|书籍|图书|读本|口袋书|小册子|明白纸|明白卡|联系卡|便民卡"
    r"|提示卡|警示卡|服务卡|宣传卡|卡片|画册|漫画|告知书|倡议书|公开信|一封信|读物|报纸|法律书籍|单行本"
    r"|汇编|问答|贴纸|材料|杂志|期刊|图册|指南|宣传资料|法律法规|问卷|调查问卷|援助卡|卡|图片|宣传册子|单张|文本|小册|册页|宣传册页"
)
_NOUN = rf"(?:{_HANDOUT_NOUNS}|{_GIVEAWAY_NOUNS}|{_DISPLAY_NOUNS}|[{BOOK_MARK}])"
# A title: a run of Chinese (and book marks, 、 lists) ending in a material noun; the start is trimmed later.
_TITLE_CHARS = rf"[\u4e00-\u9fff{BOOK_MARK}A-Za-z、·\-]"
_TOTAL = r"(?:共计|合计|总计|累计|共|计|达)"
_AMOUNT = rf"\s*(?:{_TOTAL}\s*)?(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT}){POST_QUALIFIER}"

# How many of a material: 300份, 1000多份, 共计300余份, 200张以上; its title is read backwards from here.
AMOUNT = gated(rf"(?P<etc>等)?(?:(?:发|派发|发放|送)(?:了|出了?))?{_AMOUNT}", re.IGNORECASE)
# What can start a run but never a title: the unit of the count before it (300余份、春联100副).
_UNIT_FIRST = re.compile(rf"^[余多]?(?:{UNITS})(?:以上|左右)?、")
_TITLE_RUN = re.compile(rf"{_TITLE_CHARS}{{1,40}}$")
_ENDS_IN_NOUN = re.compile(rf"(?:{_NOUN})$")
_LAW_END = re.compile(r"(?:法|条例|规定|办法|纲要|决定)$")
# 发放300份《宪法》, 1,200份宣传单, 悬挂2条横幅: the count before the title.
COUNT_FIRST = gated(
    rf"(?P<verb>{_HAND_VERBS}|{_SHOW_VERBS})?\s*(?P<count>{COUNT})\s*(?P<unit>{_UNIT}){POST_QUALIFIER}\s*"
    rf"(?:的)?(?P<title>(?:[{BOOK_MARK}](?:、[{BOOK_MARK}])*)(?:{_HANDOUT_NOUNS}|{_GIVEAWAY_NOUNS})?"
    rf"|(?:{_HANDOUT_NOUNS}|{_GIVEAWAY_NOUNS}|{_DISPLAY_NOUNS}))"
)
# "Labour Contract Law leaflet" x100, 100 copies of "X", 《反诈手册》x200: quoted, with x or a unit.
_QUOTED_TITLE = r"[\"“「](?P<title>[^\"“”「」\n]{1,60})[\"”」]"
QUOTED = (
    gated(rf"{_QUOTED_TITLE}\s*[x×*]\s*(?P<count>{COUNT})\s*(?P<unit>{_UNIT})?", re.IGNORECASE),
    gated(rf"{_QUOTED_TITLE}\s*(?P<count>{COUNT})\s*(?P<unit>{_UNIT})", re.IGNORECASE),
    gated(rf"(?P<title>[{BOOK_MARK}])\s*[x×*]\s*(?P<count>{COUNT})\s*(?P<unit>{_UNIT})?", re.IGNORECASE),
    gated(
        rf"(?P<count>{COUNT})\s*(?P<unit>{_UNIT})\s*of\s+[\"“「](?P<title>[^\"“”「」\n]{{1,60}})[\"”」]", re.I
    ),
)
# 各100份 after a list: each of them, not all of them together: 《宪法》、《民法典》各100本.
EACH = gated(
    rf"(?P<titles>{_TITLE_CHARS}{{1,60}}?)\s*各\s*(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT})?"
    rf"{POST_QUALIFIER}"
)
EACH_SPLIT = re.compile(r"[、,及和与]")
# A breakdown after a total: 发放资料300份，其中《民法典手册》50份.
BREAKDOWN = gated(rf"其中[^。;\n]*?{COUNT}\s*(?:{UNITS})")
BREAKDOWN_FOLLOWS = re.compile(r"\s*[,;:]?\s*其中")
# Where a title cannot start: after these words the title begins afresh.
_TITLE_START = re.compile(
    rf"(?:{_HAND_VERBS}|{_SHOW_VERBS}|以及|并|还|另|向|为|给|对|在|了|的|有(?!奖)|其中|现场|共|同时|此外|印发|准备|携带)"
)
_TRIM_ENDS = re.compile(r"^(?:各类|各种|相关|一批|大量|等|免费)+|(?:等各类|等各种|等)+$")


def category_of(title: str, verb: str | None) -> MaterialCategory:
    """What was done with a material, from its noun and the verb before it."""
    if verb and _SHOW_VERB.search(verb):
        return MaterialCategory.DISPLAY
    if re.search(rf"(?:{_DISPLAY_NOUNS})$", title):
        # 海报 and 挂图 are put up, unless a verb like 发放 says they were handed out
        handed = verb is not None and re.fullmatch(_HAND_VERBS, verb) is not None
        put_up = not (handed and title.endswith(("海报", "挂图")))
        return MaterialCategory.DISPLAY if put_up else MaterialCategory.HANDOUT
    if re.search(rf"(?:{_GIVEAWAY_NOUNS})$", title) and not re.search(rf"(?:{_HANDOUT_NOUNS})", title):
        return MaterialCategory.GIVEAWAY
    return MaterialCategory.HANDOUT


def trim_title(run: str) -> tuple[str, str | None]:
    """Cut a run of words down to the material's title; return it and the verb that came before it."""
    verb = None
    start = 0
    for found in _TITLE_START.finditer(run):
        if found.end() < len(run):
            start = found.end()
            if _VERB.fullmatch(found[0]):
                verb = found[0]
    title = _TRIM_ENDS.sub("", run[start:].strip("、·- "))
    return title, verb


def verb_before(text: str, start: int) -> str | None:
    """The verb just before a title (across a few words), for titles whose run began at a verb."""
    found = re.search(rf"({_HAND_VERBS}|{_SHOW_VERBS})[ \u3000]{{0,2}}$", text[max(0, start - 8) : start])
    return found[1] if found else None


def title_before(text: str, end: int, known: AbstractSet[str]) -> tuple[int, str, str | None] | None:
    """The material title written just before text[end]: (where its run starts, the title, the verb).

    A run of title characters is read back from `end`; it must end in a material noun, a book title, a
    catalogue title, or a law's name after a verb (发放宪法100本). None when nothing before is a material.
    """
    run = _TITLE_RUN.search(text, max(0, end - 40), end)
    if run is None:
        return None
    title, verb = trim_title(_UNIT_FIRST.sub("", run[0]))
    verb = verb or verb_before(text, run.start())
    if not title:
        return None
    if not (
        _ENDS_IN_NOUN.search(title)
        or title.casefold() in known
        or any(title.casefold().endswith(k) for k in known if len(k) >= 2)
        or (verb and _LAW_END.search(title))
    ):
        return None
    return run.start() + run[0].rindex(title), title, verb
