"""Find the units that took part: 联合城东派出所, 区司法局、区妇联联合…, 邀请XX律师事务所, …协办, 与…一起.

A unit's name ends in a unit word (派出所, 司法所, 律师事务所 …) and is cut there, so it never runs on into
the next words (…派出所到我们社区) and never splits a place name (和谐广场). Bodies of the law and the state
(strong suffixes) take part wherever they are named; schools, companies and the like only when a verb
says they took part, since they are more often the venue or the audience.
"""

from __future__ import annotations

import re
from functools import lru_cache

from models.parsing import units
from models.parsing.measures import AUDIENCE_WORDS, STAFF_WORDS
from models.parsing.tries import compiled, ends_with_any
from models.parsing.units import NAME_CHARS, UNIT_LENGTHS, UNIT_WORDS, is_name_char

_STRONG_WORDS = compiled(tuple(units.STRONG))
_UNIT_WORDS = compiled(tuple(sorted(UNIT_WORDS)))
_STRONG_AT = re.compile(rf"{NAME_CHARS}{{0,16}}?(?:{_STRONG_WORDS.pattern})(?![员长])")
# A strong name runs on into its own sub-unit: 县公安局禁毒大队, 县委政法委, 区司法局法律援助中心.
_SUB_UNIT = re.compile(rf"{NAME_CHARS}{{0,6}}?(?:{compiled(units.SUB_UNITS).pattern})(?![员长组])")
# 人大代表 are people, and 区委 names a unit only when nothing follows it (not 区委理论学习中心组).
_NOT_A_UNIT_AFTER = {"人大": re.compile("代表|机关|常委会组成"), "区委": re.compile(r"(?![和与及、,\s]|$)")}
# 格局, 大局, 开局 …: a 局 that is no bureau.
_NOT_A_BUREAU = frozenset("格结布开大全当饭赌残顾骗")
_NOT_A_UNIT_AFTER |= {"县委": _NOT_A_UNIT_AFTER["区委"], "市委": _NOT_A_UNIT_AFTER["区委"]}
_NOT_A_UNIT_AFTER["反诈中心"] = re.compile("(?i:app)")  # 国家反诈中心APP is an app
# Names may follow these; a name never starts with them.
_NAME_START = re.compile(
    r"(?:联合|会同|携手|协同|联同|联手|联袂|邀请|特邀|邀|由|与|同|和|及|以及|跟|在|到|走进|来到|前往|深入|赴|为|向|对|给"
    r"|组织|组成|开展|举办|了|并|还|再|又|搞|共同|一起|分别|积极|主动|配合|支持|指导(?!中心|站|组|委|所)|参加|参与|协办|主办|承办|还有|以及|现场|牵头|带领|带"
    r"|等|各|我们|我|本|上午|下午|当天|(?<=[\d〇零一二两三四五六七八九十\x00])[日号月]|期间|活动(?!服务|中心|室|站)|普法|宣传|法治|的|是|把|将|据|于|今年|去年|今天|昨天|截至目前"
    r"|目前|近期|近日|日前|此次|本次|去|请|[节饭会年后]前|[饭节会]后|主会场|分会场|会场|暨|启动|推广(?!中心|站|所))"
)
# A verb that says the units around it took part.
_TOOK_PART_BEFORE = re.compile(
    r"(?:联合|会同|携手|协同|联同|联手|邀请|特邀|邀|(?<![参给赋授])与(?!会)|(?<![共一协会大])同(?![志学事时样意步])|跟|伙同"
    r"|会合|配合|联袂|组织(?=[^\s]{2,24}?[、和]))\s*"  # 组织A、B在…: the units it brought
)
_TOOK_PART_AFTER = re.compile(
    r"(?:等\s*\d*\s*家?(?:单位|部门))?(?:共同|一起|一同|联合|协办|主办|承办|配合|支持|指导|积极参与|牵头"
    r"|(?:参加|参与)(?!\s*(?:人数|人员|了?[\d一二两三四五六七八九十百千万约近超逾])))"
)
_NAME_RUN = re.compile(f"{NAME_CHARS}{{2,30}}")
# Where a name listed after a verb stops: 联合城东派出所在幸福社区 …, 联合区妇联开展 …
_NAME_STOP = re.compile(
    r"(?:在|到|走进|来到|前往|深入|赴|为|向|对|给|开展|举办|组织|进行|召开|举行|共同|一起|一同|联合|来|去|进|把|将|办(?!公|[、,和及与\s]|$|走|到|在|送|联合|等)|搞|带|的"
    r"|主办|协办|承办|参加|参与|牵头|配合|支持|指导(?!中心|站|组|委|所)|和|及|与|组成|组建|成立|集中|学法|学习)"
)
_TRAILING_VERB = re.compile(r"(?:主办|协办|承办|参加|参与|牵头|配合|支持|指导|联合|一起|共同|一同)+$")
_GENERIC = re.compile(
    r"^(?:全[区县市镇乡]|(?:[区县市镇乡村]里)?(?:相关|有关|各|多个|多家|其他|有关部门|相关部门|部门|单位|律所$|\d+[家个]|[一二三四五六七八九十]+[家个]))"
)
# 和, 及, 与 join two names only after a unit word; inside a name (浙江和义律师事务所) they stay.
_JOINED = re.compile(r"(?<=[所局院会委队站心部室社区村园办庭科联])[和及与]")
_SELF = re.compile(r"^(?:我们?|本|我所|我局|我院|我队|我镇|我街道|我社区|辖区)")
_ETC = re.compile(r"等\s*[\d一二三四五六七八九十]*\s*家?(?:单位|部门|机构)?$")
_ENGLISH = (
    re.compile(r"\bpartners?\s*[:=]\s*(?P<names>[^\n;|]+)", re.IGNORECASE),
    re.compile(r"\b(?:together\s+with|jointly\s+with|with)\s+(?P<names>[A-Za-z][^\n;,]*)", re.IGNORECASE),
)
_ENGLISH_END = re.compile(r"\s+(?:at|in|on)\s+|\s*\d", re.IGNORECASE)
_ENGLISH_SPLIT = re.compile(r"\s*(?:[,/&]|\band\b)\s*", re.IGNORECASE)


_LEVELS = frozenset("省市区县镇乡州旗")
_VERB_OFFICE = re.compile(r"[举承主协创开兴督包代交买筹置操合]办$")  # 举办 is no office


@lru_cache(maxsize=1024)
def trim_name(name: str, *, listed: bool = False) -> str:
    """Cut the words before a unit's name: 幸福社区联合城东派出所 → 城东派出所. Never inside the unit word
    (县依法治县办 stays whole); a name listed right after a verb (联合同善社工中心) keeps its first word."""
    name = _TRAILING_VERB.sub("", name)
    unit = ends_with_any(name, UNIT_WORDS, UNIT_LENGTHS) or ""
    start = 0
    for found in _NAME_START.finditer(name):  # the whole name, so a lookahead sees the unit word after
        if found.end() > len(name) - len(unit):
            break
        if (listed and found.start() == 0) or name[: found.start()] in _LEVELS:
            continue  # 县普法讲师团: after a level's one character the word is the name's own
        if found.end() < len(name) - 1 and (found[0] not in "和及与" or _JOINED.match(name, found.start())):
            start = found.end()
    name = _ETC.sub("", name[start:]).strip("()（）· ").lstrip("、")
    refused = (
        _GENERIC.match(name)
        or _COUNTED.match(name)
        or name.endswith(("干部", "模拟法庭"))
        or _VERB_OFFICE.search(name)
    )
    return "" if refused else name


# A count never begins a unit's name: 30余名中小学生…, 20余个部门 are people or a number of units.
_COUNTED = re.compile(r"[\d〇零一二两三四五六七八九十百千万]+\s*[余多来]?\s*[名位个家]")


def strong_units(text: str) -> list[tuple[int, int, str]]:
    """Every name ending in a strong unit word: these took part wherever they are named.

    The unit words are found first (one trie regex), then each name is read back from its unit word over
    at most 16 name characters, never into the name before it: linear in the text.
    """
    found: list[tuple[int, int, str]] = []
    floor = 0
    for word in _STRONG_WORDS.finditer(text):
        # 20余名少先队员走进区检察院: a head count before the name is the audience's, never the name's.
        if counted := list(_COUNT_OF_PEOPLE.finditer(text, max(floor, word.start() - 16), word.start())):
            floor = max(floor, counted[-1].end())
        end = word.end()
        if text[end : end + 1] in ("员", "长", "队") or word.start() < floor:  # 律师团队 is no 律师团
            continue
        if (after := _NOT_A_UNIT_AFTER.get(word[0])) is not None and after.match(text, end):
            continue
        if word[0] == "局" and (word.start() == 0 or text[word.start() - 1] in _NOT_A_BUREAU):
            continue
        start = word.start()
        while start > floor and word.start() - start < 16 and is_name_char(text[start - 1]):
            start -= 1
        end = _sub_unit_end(text, end)
        if not _VENUE_AFTER.match(text, end):  # 区委党校礼堂: where it was held, not who took part
            found.append((start, end, text[start:end]))
        floor = end
    return found


_COUNT_OF_PEOPLE = re.compile(r"[\d〇零一二两三四五六七八九十百千万]+\s*[余多]?\s*[名人位个]")
_VENUE_AFTER = re.compile(r"礼堂|会议室|大厅|报告厅|广场|门口|门前|院内|大院|多功能厅|活动室|操场|食堂|驿站")


def _sub_unit_end(text: str, end: int) -> int:
    """Where a unit's name ends with its sub-units (交警支队一大队七中队), never across a verb or 和."""
    while (sub := _SUB_UNIT.match(text, end)) is not None:
        if _NAME_STOP.search(sub[0]) or re.search(r"[和及与、等\d]", sub[0]):
            break
        end = sub.end()
    return end


def _listed_name(text: str, position: int) -> tuple[int, int, str] | None:
    """The unit name starting at `position`: the longest start of its run that ends in a unit word."""
    if (strong := _STRONG_AT.match(text, position)) is not None and not _NAME_STOP.search(strong[0], 2):
        end = _sub_unit_end(text, strong.end())
        return position, end, text[position:end]
    run = _NAME_RUN.match(text, position)
    if run is None or _NAME_STOP.match(run[0]):
        return None  # 联合办村（社区）…培训班: a verb, not a name
    words = run[0]
    if stop := _NAME_STOP.search(words, 2):
        words = words[: stop.start()]
    ends = [found.end() for found in _UNIT_WORDS.finditer(words) if found.end() >= 2]
    return (position, position + ends[-1], words[: ends[-1]]) if ends else None


_PEOPLE = re.compile(f"{AUDIENCE_WORDS}|{STAFF_WORDS}")


def _loose_name(text: str, position: int) -> tuple[int, int, str] | None:
    """In a list that began with a unit (联合区法院、金坛电视台组织…), a name without a unit word."""
    run = _NAME_RUN.match(text, position)
    if run is None:
        return None
    stop = _NAME_STOP.search(run[0], 2)
    words = run[0][: stop.start()] if stop else run[0]
    if (
        not 2 <= len(words) <= 12
        or _GENERIC.match(words)
        or _PEOPLE.search(words)
        or _NAME_START.match(words)
    ):
        return None  # 联合派出所、社区居民一起: people, not a unit
    return position, position + len(words), words


def listed_units(text: str) -> list[tuple[int, int, str]]:
    """Units named beside a took-part verb, before it (…协办, X、Y联合) or after it (联合X、Y, 邀请X)."""
    found: list[tuple[int, int, str]] = []
    covered = -1  # a list already read is not read again from a verb inside it: linear in the text
    for verb in _TOOK_PART_BEFORE.finditer(text):
        if verb.start() < covered:
            continue
        position = verb.end()
        first = True
        while name := _listed_name(text, position) or (None if first else _loose_name(text, position)):
            first = False
            found.append(name)
            covered = name[1]
            joiner = re.match(r"\s*(?:[、,及和与]|以及)\s*", text[name[1] : name[1] + 8])
            if joiner is None:
                break
            position = name[1] + joiner.end()
    for verb in _TOOK_PART_AFTER.finditer(text):
        end = verb.start()
        while (name := _last_name(text, end)) is not None:
            found.append(name)
            joiner = re.search(r"(?:[、,及和与]|以及)\s*$", text[max(0, name[0] - 8) : name[0]])
            if joiner is None:
                break
            end = name[0] - (len(text[max(0, name[0] - 8) : name[0]]) - joiner.start())
    return found


# The message's subject: 市发展改革委组织…, 工行崇礼支行在…设点, 袁州区人武部、区征兵办到…: the units that
# ran the event, written first (after the date), each ending in a unit word, right before what they did.
# (A blank after the names: 组织干部50人 was taken as staff before the partners are read.)
_SUBJECT = re.compile(
    rf"^[\s\x00]*(?:[^\s\x00]{{1,12}}\s+)?(?:上午|下午|晚上)?\s*(?P<names>{NAME_CHARS}{{2,24}}?(?:、{NAME_CHARS}{{2,24}}?)*)"
    r"(?=(?:学生|志愿者|民警|干警|律师|医生|法官|检察官|工作人员)?"  # 计算机学院学生到…
    r"(?:组织|在|到|来|搞|开展|举办|牵头|邀请|联合|会同|带领|带着|走进|深入|赴|利用|给|为|设|送法|把|\x00))"
)


_STRONG_SET = frozenset(units.STRONG)
# Bare words that name a kind of place or body, never one unit (高新园 alone is one).
GENERIC_BODIES = frozenset(
    {"社区", "村", "小区", "学校", "中心", "部门", "单位", "政府", "医院", "公司", "企业", "法庭"}
)
_STRONG_LENGTHS = tuple(sorted({len(w) for w in units.STRONG}, reverse=True))
_VENUE = re.compile(r"(?:中心|广场|公园|站|馆|厅|室|市场|大集|集市)$")  # where it was, unless 县…中心
_WENT = re.compile(r"在|到|走进|来到|深入|赴|联合|邀请")
_TIME_WORD = re.compile(r"[日节周月]")  # 赶集日反诈宣传站: the day's words, not a unit's name


def subject_units(text: str, areas: set[str]) -> list[tuple[int, int, str]]:
    """The units a message starts with, when every one ends in a unit word (处非办, 发展改革委 too).

    A weak unit of the reporter's own area (大豫镇文体中心搞…) is where it was held, not a partner.
    """
    found = _SUBJECT.match(text)
    if found is None:
        return []
    names, start = [], found.start("names")
    for name in found["names"].split("、"):
        if not ends_with_any(name, UNIT_WORDS, UNIT_LENGTHS) or _TIME_WORD.search(name):
            return []
        strong = ends_with_any(name, _STRONG_SET, _STRONG_LENGTHS) is not None
        own = any(name.startswith(area) for area in areas)
        went = _WENT.match(text, found.end())  # 来龙镇未成年人保护工作站在侍岭社区…: it went somewhere
        if not strong and _VENUE.search(name) and name[0] not in _LEVELS and not (own and went):
            return []  # 三八维权周 体育中心设咨询台: a venue, not a unit (县妇儿工委组织… is one)
        if own and not strong and not went:
            return []
        names.append((start, start + len(name), name))
        start += len(name) + 1
    return names


def _last_name(text: str, end: int) -> tuple[int, int, str] | None:
    """The unit name that ends at `end`: at least two characters before its unit word, at most 24 in all."""
    floor = max(0, end - 24)
    word = ends_with_any(text[floor:end], UNIT_WORDS, UNIT_LENGTHS)
    if word is None:
        return None
    start = end - len(word)
    while start > floor and is_name_char(text[start - 1]):
        start -= 1
    if end - start < len(word) + 2:
        return None
    return start, end, text[start:end]


def is_self(name: str, before: str = "") -> bool:
    """我们社区, 本所, or a name right after 我们 (我们武装部): the reporter's own unit."""
    return _SELF.match(name) is not None or re.search(r"(?:我们|我|本)$", before) is not None


def english_partners(text: str) -> list[tuple[int, int, list[str]]]:
    """partner: HR bureau; together with the HR bureau: (start, end, names)."""
    found = []
    for pattern in _ENGLISH:
        for match in pattern.finditer(text):
            names = match["names"]
            if end := _ENGLISH_END.search(names):
                names = names[: end.start()]
            found.append(
                (
                    match.start(),
                    match.start("names") + len(names),
                    [n for n in _ENGLISH_SPLIT.split(names) if n],
                )
            )
    return found


def is_bare_unit(name: str) -> bool:
    """妇联, 司法所: a unit word with no name of its own."""
    return name in UNIT_WORDS


def split_joined(name: str) -> list[str]:
    """网格中心和派出所 → 网格中心, 派出所: names joined by 和/及/与 after a unit word are two units."""
    parts, start = [], 0
    for joint in _JOINED.finditer(name):
        parts.append(name[start : joint.start()])
        start = joint.end()
    return [*parts, name[start:]]
