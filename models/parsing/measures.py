"""The people counts of a message, each with its own measure: consultations, staff, households, attendance.

They are taken in this order, so that 咨询30人次 is never the audience, 民警3名 never the audience, and
走访80户 never a head count. Every pattern has a `count` group and a `post` group (左右, 以上 after the unit);
most have a `vague` group for 很多人, which is refused with a reason.
"""

from __future__ import annotations

import re

from models.parsing.gates import gated
from models.parsing.numbers import COUNT, POST_QUALIFIER, VAGUE

_AMOUNT = rf"(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))"
_TOTAL = r"(?:共计|共有|总计|合计|累计|共|计|达到|达)?"
_ASKERS = r"(?:群众|居民|村民|市民|职工|员工|学生|家长|老人|妇女|商户|农民工)"
_CONSULT_UNIT = r"(?:人次|人|名|位|条|个|件|次|起|例|批)"

# 咨询30人次, 接受咨询30余人次, 解答群众咨询30余次, 答疑20余条, 解答问题30个, 接待来访15人次, 咨询人数20.
CONSULTATIONS = (
    gated(
        rf"(?:(?:现场)?(?:接受|解答|受理|接待|提供|开展|回答))?{_ASKERS}?(?:法律|政策|现场)?"
        rf"(?:(?:咨询|咨旬|咨洵|资询|咨讯)(?!台|点|服务台|室|窗口)(?:问题)?(?:的)?{_ASKERS}?|答疑(?:解惑)?|释疑|来访|提问"
        rf"|(?<=解答)(?:{_ASKERS}|日常)?(?:法律)?(?:问题|疑问|疑惑|疑难)|(?<=解答)(?=\s*\d))"
        rf"(?:人数|数量)?\s*[:=]?\s*{_TOTAL}\s*{_AMOUNT}\s*{_CONSULT_UNIT}?{POST_QUALIFIER}",
        re.IGNORECASE,
    ),
    # 30余人次咨询, 接受30余人次的法律咨询, 解答30余个问题
    gated(
        rf"(?:接受|解答|受理|接待|回答|提供)?\s*(?P<count>{COUNT})\s*{_CONSULT_UNIT}{POST_QUALIFIER}\s*"
        r"(?:群众|居民|村民)?的?(?:现场)?(?:法律|政策)?(?:(?:咨询|咨旬|咨洵|资询)(?!台|点)|(?:(?<=个)|(?<=条)|(?<=件))(?:法律)?(?:问题|疑问))"
    ),
    # 解答家庭矛盾、邻里纠纷问题18个: what was asked, then how many questions
    gated(
        rf"解答[\u4e00-\u9fff、]{{0,14}}?(?:问题|疑问|疑惑|难题)\s*{_TOTAL}\s*(?P<count>{COUNT})\s*{_CONSULT_UNIT}"
        rf"{POST_QUALIFIER}"
    ),
    gated(rf"\b(?:consultations?|enquiries|inquiries)\s*[:=]?\s*(?P<count>{COUNT}){POST_QUALIFIER}", re.I),
    gated(
        rf"(?P<count>{COUNT})\s*(?:legal\s+)?(?:consultations?|enquiries|inquiries)\b{POST_QUALIFIER}", re.I
    ),
)

STAFF_WORDS = (
    r"(?:司法所工作人员|机关干部|社区干部|村干部|网格员|义工|普法志愿者|党员志愿者|青年志愿者|志愿者|工作人员|参与人员"
    r"|出动人员|法援人员|执法人员|宣讲员|宣传员|普法宣传员|讲解员|公证员|所长|宣传队员|警力"
    r"|执法人员|公职律师|律师|民警|辅警|干警|交警|警察|法官|检察官|社工|法律顾问|调解员|讲师|专家|干部|消防官兵|官兵|消防员|宣传队伍|工作队伍|宣传队|法律工作者)"
)
_SENT = r"(?:出动|组织|安排|派出|抽调|动员|邀请|特邀|选派|派|由)?"
# Who ran the event is not its audience: 出动工作人员8人, 志愿者10人参与, 3名律师.
STAFF = (
    gated(
        rf"{_SENT}(?P<who>{STAFF_WORDS})(?:队伍)?\s*{_TOTAL}\s*(?P<count>{COUNT})\s*(?:人次|人|名|位){POST_QUALIFIER}"
    ),
    gated(rf"(?P<who>出动|派出)\s*{_TOTAL}\s*(?P<count>{COUNT})\s*(?:人次|人|名){POST_QUALIFIER}"),
    gated(
        rf"{_SENT}(?P<count>{COUNT})\s*(?:人|名|位){POST_QUALIFIER}\s*[\u4e00-\u9fff]{{0,4}}?(?P<who>{STAFF_WORDS})"
    ),
)
# 走访80户, 入户120户, 覆盖300余户居民
HOUSEHOLDS = (
    gated(rf"(?P<count>{COUNT})\s*户(?!外|籍|口|型|主)(?:家庭|居民|村民|群众|商户)?{POST_QUALIFIER}"),
    gated(r"\b(?P<count>\d{1,7})\s*households?\b", re.I),
)

AUDIENCE_WORDS = (
    "人大代表|政协委员|企业职工|青少年|未成年人|老年人|农民工|师生|学生|家长|居民|村民|群众|市民|职工|员工"
    "|妇女|老人|儿童|党员|商户|游客|群众代表|干部"
)
_PEOPLE = r"(?:人次|人(?!民|员|士|转)|名|位)"  # 二人转 is a folk show
# Attendance: 120人, 参加人数120, 群众200余人, 受教育群众500余人次, 120名群众, attendance 45.
ATTENDANCE = (
    gated(
        rf"(?:参与|参加|到场|出席|受众|观看|现场)?人数\s*[:=]?\s*{_TOTAL}\s*{_AMOUNT}\s*(?:人次|人)?{POST_QUALIFIER}"
    ),
    gated(
        rf"(?:(?:参与|参加|到场|出席|覆盖|吸引|受众|受益|惠及|服务|教育|辐射|受教育|现场|观看|听课|聆听)\s*)?"
        rf"{_TOTAL}\s*{_AMOUNT}\s*{_PEOPLE}(?!次){POST_QUALIFIER}",
        re.IGNORECASE,
    ),
    gated(rf"观看(?:人数|量)?\s*{_TOTAL}\s*{_AMOUNT}\s*(?:人次|人)?{POST_QUALIFIER}"),
    gated(
        rf"{_AMOUNT}\s*(?:\b(?:people|ppl|persons|attendees|participants)(?![A-Za-z])){POST_QUALIFIER}",
        re.IGNORECASE,
    ),
    gated(
        rf"\b(?:attendance|attendence|attendees|participants|turnout)\s*[:=]?\s*(?P<count>{COUNT}){POST_QUALIFIER}",
        re.IGNORECASE,
    ),
)
# 群众200人，其中老年人50人 and 3场 每场50人: a part of the head count, not the head count.
PART_BEFORE = re.compile(r"(?:其中[^\d,;。\n]{0,8}|每[场次天期班日]?|各)\s*$")
# 全镇共开展40场, 举办讲座3期: a total over many events, which one event must not hold.
CAMPAIGN = gated(
    rf"(?:开展|举办|组织|召开|共|累计|已演|演出|巡演|演|已开展|搞|学习|播出?了?|推出|推送|发布)[^\d\n。;,]{{0,20}}?"
    rf"(?<!第)(?P<count>{COUNT})\s*"
    r"(?:场次|场|期|批次|次|堂)(?!数)"
    rf"|(?:^|(?<=[\s,;。天]))(?P<count2>[两二三四五六七八九十]|\d{{1,3}})\s*场(?![所地馆景合])"  # 3天6场
    rf"|(?P<count3>{COUNT})\s*(?:场次|堂课|批次)"
    rf"|(?:讲座|巡讲|宣讲|培训)\s*(?P<count4>{COUNT})\s*(?:场次|场|期|次)(?!数)"
    r"|(?P<since>截至目前|截止目前|今年以来|年初以来|今年已|[\u4e00-\u9fff]{1,2}以来|(?<![\d日])\d{1,2}月(?:份)?以来"
    r"|先后(?:到|在|走进|深入|赴)|累计(?:发放?|印发|派发|受教育|吸引|覆盖|走访|观看|参与)|目前[\u4e00-\u9fff]{0,8}?已达"
    r"|共走访\d+个(?:村|社区|小区)|各(?:社区|村居|村|小区)(?:都|分别|陆续)?(?:入户|开展|组织|举办))"
    r"(?![\u4e00-\u9fff]*(?:咨询|人次))"
)
