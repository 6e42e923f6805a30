"""Find where an event was held: 在李家村文化广场, 走进XX公司, 幸福社区党群服务中心, at the town hall."""

from __future__ import annotations

import re

PLACE_SUFFIX = (
    r"党群服务中心|党群服务站|便民服务大厅|便民服务中心|为民服务中心|新时代文明实践站|新时代文明实践所|新时代文明实践中心"
    r"|文化活动中心|文化礼堂|文化广场|文化站|文化中心|文化室|活动中心|活动室|会议室|多功能厅|多功能室|报告厅|礼堂|大礼堂"
    r"|服务大厅|大厅|广场|公园|集市|农贸市场|菜市场|市场|超市|商场|商圈|步行街|学校|小学|中学|大学|学院|幼儿园|校园"
    r"|教室|操场|公司|企业|工厂|厂区|车间|工地|项目部|园区|产业园|小区|社区|村委会|居委会|村部|村|街道|大院|院坝|祠堂"
    r"|戏台|书屋|长廊|法治公园|驿站|服务站|服务中心|中心|医院|卫生院|车站|码头|食堂|景区|阵地|基地|家园|敬老院|养老院|工坊|花园|菜场|商铺|街心"
    r"|幸福院|老年大学|法庭|大楼|会馆|展馆|纪念馆|图书馆|体育馆|剧场|剧院|会堂|课堂|讲堂|食堂|停车场"
    r"|门口|门前|附近|路口|大集|庙会|夜市|早市|舞台|读书室|院子|湖畔|商业街|体育中心|花园|分校|门店|商铺|商贸城"
)
_NAME = r"[\u4e00-\u9fffA-Za-z0-9()（）·]"
NAME_RUN = re.compile(f"{_NAME}+")
_AT = re.compile(
    r"(?:在|于|到|走进|来到|前往|深入|赴|(?<![送法])进(?!行|一步|村|社区|校园|企业|工地|乡村|农村|课堂|小区|家|基层|机关|单位|园区|网格|楼)|来(?!到|自)|去|地点[:=]?|地址[:=]?)\s*"
)
_STOP = re.compile(
    r"(?:开展|举办|组织|进行|发放|联合|为|向|对|给|召开|举行|设置|设立|摆|搭|宣传|普法|宣讲|讲解|开设|围绕|以案|集中|搞|办|送法"
    r"|(?<![前推促先引改增跟演挺奋精激行上新并渐])进(?:企业|校园|社区|乡村|农村|村|工地|课堂|小区|家)|法治|宪法|民法典|学法|学习|赶集|入户|走访|禁毒|反诈|扫黑"
    r"|和|与|同|共同|一起|面向|针对|上午|下午|当天)"
)
_ENDS_IN_PLACE = re.compile(rf"(?:{PLACE_SUFFIX})$")
_PLACE_WORDS = (
    r"(?i:community|village|square|park|school|college|university|company|cent(?:re|er)|hall|market|hospital"
    r"|street|plaza)"
)
# at the town hall, or a capitalised name: Xingfu Community Centre
ENGLISH_PLACES = (
    re.compile(rf"\b(?i:at|in)\s+(?i:the\s+)?(?P<place>[A-Za-z][A-Za-z' -]*\b{_PLACE_WORDS})\b"),
    re.compile(rf"\b(?P<place>(?:[A-Z][A-Za-z'-]*\s+)+{_PLACE_WORDS}(?:\s+{_PLACE_WORDS})*)\b"),
)


_NOT_A_PLACE_START = re.compile(r"^(?:各|我们|我|本)")


def venues(text: str) -> list[tuple[int, int, str]]:
    """Places named after 在/到/走进 …: (start, end, name), the name cut at its last place word."""
    found = []
    for at in _AT.finditer(text):
        run = re.match(f"{_NAME}{{2,30}}", text[at.end() :])
        if run is None:
            continue
        words = run[0]
        if stop := _STOP.search(words, 1):
            words = words[: stop.start()]
        place = longest_place(words)
        if place and not _NOT_A_PLACE_START.match(place):
            found.append((at.start(), at.end() + len(place), place))
    return found


def longest_place(words: str) -> str | None:
    """The longest start of `words` that ends in a place word: 文化广场开展 → 文化广场."""
    for end in range(len(words), 1, -1):
        if _ENDS_IN_PLACE.search(words[:end]):
            return words[:end]
    return None


def is_place(token: str) -> bool:
    return len(token) >= 2 and not token[0].isdigit() and _ENDS_IN_PLACE.search(token) is not None


def cut_at_stop(words: str, start: int = 1) -> str:
    """The words up to the first that cannot be part of a place name (李家村送法进乡村 → 李家村)."""
    stop = _STOP.search(words, start)
    return words[: stop.start()] if stop else words
