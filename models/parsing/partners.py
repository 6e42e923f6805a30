"""Find the units that took part: 联合城东派出所, 区司法局、区妇联联合…, 邀请XX律师事务所, …协办, 与…一起.

A unit's name ends in a unit word (派出所, 司法所, 律师事务所 …) and is cut there, so it never runs on into
the next words (…派出所到我们社区) and never splits a place name (和谐广场). Bodies of the law and the state
(strong suffixes) take part wherever they are named; schools, companies and the like only when a verb
says they took part, since they are more often the venue or the audience.
"""

from __future__ import annotations

import re

_STRONG = (
    r"派出所|司法所|司法局|公安局|公安分局|分局|人民法院|中级法院|法院|中院|人民法庭|法庭|人民检察院|检察院|检察室"
    r"|律师事务所|律所|公证处|法律援助中心|法律援助工作站|法律服务所|法律服务中心|妇联|妇女联合会|团委|团县委|团区委"
    r"|团市委|市场监督管理所|市场监管所|市场监督管理局|市场监管局|人社局|人力资源和社会保障局|劳动监察大队|劳动保障监察大队"
    r"|交警大队|交警中队|交巡警大队|消防救援站|消防救援大队|消防大队|禁毒办|禁毒委|综治中心|综治办|普法办|依法治区办"
    r"|依法治县办|依法治市办|关工委|总工会|工会|残联|民政局|教育局|卫健局|卫生健康局|税务局|税务所|税务分局|应急管理局"
    r"|生态环境局|退役军人事务局|人武部|武装部|政法委|宣传部|调解委员会|调委会|律师协会|法学会|警务室|警务站|网信办"
    r"|反诈中心|医保局|医疗保障局|银保监|金融办|信访局|农业农村局|住建局|人民调解委员会|派出法庭|法律顾问团|律师团"
    r"|宣讲团|讲师团|志愿服务队|志愿者服务队|志愿者协会|服务队|普法队|刑侦大队|治安大队|巡特警大队|国家安全局|法治办"
    r"|禁毒大队|刑警大队|文艺队|法制办|司法所|公安派出所|法律服务站|党校|律协|消委会|消费者协会|人大常委会|政协|人大(?!代表)"
    r"|市场监管分局|发改局|住建局|财政局|自然资源局|城管局|城管执法局|农业农村局|水利局|交通局|文旅局|科协|侨联|工商联"
    r"|文明办|国安办|综治办|社综办|消防救援支队|支队|中队|警务室|联合会|协会|研究院|艺术团|商会|环保局|环保委|政府办"
    r"|(?:区|县|市)委(?=联合|和|与|及|、|,|\s|$)|社保局|人力社保局|工商所|安全办|平安办|农管站|大队|交管大队"
)
_WEAK = (
    r"中心|办公室|局|所|站|队|委员会|协会|学会|商会|联合会|基金会|工作室|服务社|社工站|社会工作服务中心|驿站"
    r"|银行|支行|分行|信用社|农商行|邮政|供电所|供电公司|保险公司|公司|集团|医院|卫生院|学校|中学|小学|大学|学院|幼儿园"
    r"|街道办事处|街道办|办事处|镇政府|乡政府|政府|村委会|居委会|党支部|党委|部门|部|处|科|社区|社|团|厂|大队|园区|高新园"
    r"|委会|委员会|律所"
)
_NAME_CHARS = r"[\u4e00-\u9fffA-Za-z0-9()（）·]"
_STRONG_NAME = re.compile(rf"{_NAME_CHARS}{{0,16}}?(?:{_STRONG})(?![员长])")
# A strong name runs on into its own sub-unit: 县公安局禁毒大队, 县委政法委, 区司法局法律援助中心.
_SUB_UNIT = re.compile(
    rf"{_NAME_CHARS}{{0,6}}?(?:{_STRONG}|大队|中队|支队|分局|法律援助中心|中心|科|股|工作站|服务站|法制委|政法委)(?![员长组])"
)
# Names may follow these; a name never starts with them.
_NAME_START = re.compile(
    r"(?:联合|会同|携手|协同|联同|联手|邀请|特邀|邀|由|与|同|和|及|以及|跟|在|到|走进|来到|前往|深入|赴|为|向|对|给"
    r"|组织|开展|举办|了|并|还|共同|一起|分别|积极|主动|配合|支持|指导|参加|参与|协办|主办|承办|还有|以及|现场|牵头|带领|带"
    r"|等|各|我们|我|本|上午|下午|当天|日|号|月|期间|活动|普法|宣传|法治|的|是|把|将|据|于|今年|去年|今天|昨天|截至目前"
    r"|目前|近期|近日|日前|此次|本次|去|请|[节饭会年后]前|[饭节会]后)"
)
# A verb that says the units around it took part.
_TOOK_PART_BEFORE = re.compile(
    r"(?:联合|会同|携手|协同|联同|联手|邀请|特邀|邀|与(?!会)|(?<![共一协会])同(?![志学事时样意步])|跟|伙同|会合|配合)\s*"
)
_TOOK_PART_AFTER = re.compile(
    r"(?:等\s*\d*\s*家?(?:单位|部门))?(?:共同|一起|一同|联合|协办|主办|承办|配合|支持|指导|积极参与|牵头"
    r"|(?:参加|参与)(?!\s*(?:人数|人员|了?[\d一二两三四五六七八九十百千万约近超逾])))"
)
_ENDS_IN_UNIT = re.compile(rf"(?:{_STRONG}|{_WEAK})$")
_NAME_RUN = re.compile(f"{_NAME_CHARS}{{2,30}}")
# Where a name listed after a verb stops: 联合城东派出所在幸福社区 …, 联合区妇联开展 …
_NAME_STOP = re.compile(
    r"(?:在|到|走进|来到|前往|深入|赴|为|向|对|给|开展|举办|组织|进行|召开|举行|共同|一起|一同|联合|来|去|进|办(?!公)|搞|带|的"
    r"|主办|协办|承办|参加|参与|牵头|配合|支持|指导|和|及|与|组成|组建|成立|集中|学法|学习)"
)
_TRAILING_VERB = re.compile(r"(?:主办|协办|承办|参加|参与|牵头|配合|支持|指导|联合|一起|共同|一同)+$")
_GENERIC = re.compile(
    r"^(?:相关|有关|各|多个|多家|其他|有关部门|相关部门|部门|单位|律所$|\d+家|[一二三四五六七八九十]+家)"
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


def trim_name(name: str) -> str:
    """Cut the words before a unit's name: 幸福社区联合城东派出所 → 城东派出所."""
    name = _TRAILING_VERB.sub("", name)
    start = 0
    for found in _NAME_START.finditer(name):
        if found.end() < len(name) - 1 and (found[0] not in "和及与" or _JOINED.match(name, found.start())):
            start = found.end()
    name = _ETC.sub("", name[start:]).strip("()（）· ").lstrip("、")
    return "" if _GENERIC.match(name) or name.endswith("干部") else name


def strong_units(text: str) -> list[tuple[int, int, str]]:
    """Every name ending in a strong unit word: these took part wherever they are named."""
    found = []
    for unit in _STRONG_NAME.finditer(text):
        end = _sub_unit_end(text, unit.end())
        if not _VENUE_AFTER.match(text, end):  # 区委党校礼堂: where it was held, not who took part
            found.append((unit.start(), end, text[unit.start() : end]))
    return found


_VENUE_AFTER = re.compile(r"礼堂|会议室|大厅|报告厅|广场|门口|门前|院内|大院|多功能厅|活动室|操场|食堂")


def _sub_unit_end(text: str, end: int) -> int:
    """Where a unit's name ends with its own sub-unit (县公安局禁毒大队), never across a verb or 和."""
    sub = _SUB_UNIT.match(text, end)
    if sub is None or _NAME_STOP.search(sub[0]) or re.search(r"[和及与、等\d]", sub[0]):
        return end
    return sub.end()


def _listed_name(text: str, position: int) -> tuple[int, int, str] | None:
    """The unit name starting at `position`: the longest start of its run that ends in a unit word."""
    if (strong := _STRONG_NAME.match(text, position)) is not None and not _NAME_STOP.search(strong[0], 2):
        end = _sub_unit_end(text, strong.end())
        return position, end, text[position:end]
    run = _NAME_RUN.match(text, position)
    if run is None:
        return None
    words = run[0]
    if stop := _NAME_STOP.search(words, 2):
        words = words[: stop.start()]
    for end in range(len(words), 1, -1):
        if _ENDS_IN_UNIT.search(words[:end]):
            return position, position + end, words[:end]
    return None


def listed_units(text: str) -> list[tuple[int, int, str]]:
    """Units named beside a took-part verb, before it (…协办, X、Y联合) or after it (联合X、Y, 邀请X)."""
    found: list[tuple[int, int, str]] = []
    for verb in _TOOK_PART_BEFORE.finditer(text):
        position = verb.end()
        while (name := _listed_name(text, position)) is not None:
            found.append(name)
            joiner = re.match(r"\s*(?:[、,及和与]|以及)\s*", text[name[1] :])
            if joiner is None:
                break
            position = name[1] + joiner.end()
    for verb in _TOOK_PART_AFTER.finditer(text):
        end = verb.start()
        while (name := _last_name(text, end)) is not None:
            found.append(name)
            joiner = re.search(r"(?:[、,及和与]|以及)\s*$", text[: name[0]])
            if joiner is None:
                break
            end = joiner.start()
    return found


def _last_name(text: str, end: int) -> tuple[int, int, str] | None:
    window = text[max(0, end - 24) : end]
    name = re.search(rf"{_NAME_CHARS}{{2,22}}(?:{_STRONG}|{_WEAK})$", window)
    if name is None:
        return None
    start = max(0, end - 24) + name.start()
    return start, end, name[0]


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
    return re.fullmatch(f"(?:{_STRONG}|{_WEAK})", name) is not None


def split_joined(name: str) -> list[str]:
    """网格中心和派出所 → 网格中心, 派出所: names joined by 和/及/与 after a unit word are two units."""
    parts, start = [], 0
    for joint in _JOINED.finditer(name):
        parts.append(name[start : joint.start()])
        start = joint.end()
    return [*parts, name[start:]]
