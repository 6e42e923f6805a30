"""A worker logs an event in one free-form message, and the parser reads every field it can."""

from __future__ import annotations

from datetime import date

import pytest

from models.catalog.entries import AreaEntry, shipped_catalog
from models.events.drafts import (
    MAX_COUNT,
    Count,
    EventDraft,
    MaterialCategory,
    MaterialLine,
    Problem,
    ProblemCode,
    Qualifier,
)
from models.parsing import parse_event_text
from models.parsing.numbers import parse_count

TODAY = date(2022, 6, 20)  # a Monday
CATALOG = shipped_catalog((AreaEntry(id=7, name="幸福社区"), AreaEntry(id=8, name="城东街道")))


def event(on: str | None = None, until: str | None = None, **fields: object) -> EventDraft:
    """Build the expected draft; `on` is the date, or the first day when `until` ends a range."""
    start = date.fromisoformat(on) if on else None
    end = date.fromisoformat(until) if until else start
    return EventDraft.model_validate({"start_date": start, "end_date": end, **fields})


def n(value: int, qualifier: str = "exact") -> Count:
    return Count(value=value, qualifier=Qualifier(qualifier))


def handout(
    title: str,
    quantity: int,
    unit: str = "份",
    *,
    q: str = "exact",
    category: str = "handout",
    canonical: str | None = None,
) -> MaterialLine:
    return MaterialLine(
        title=title,
        quantity=quantity,
        unit=unit,
        qualifier=Qualifier(q),
        category=MaterialCategory(category),
        canonical=canonical,
    )


# Each line with the whole draft a careful reader makes of it: the form (how it was held), the themes
# (what it was about), counts with how they were said, and every material line as the worker wrote it.
LINES = [
    pytest.param(
        "/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份 《人民调解法》50份 联合城东派出所",
        event(
            kind="law_fair",
            themes=["civil_code", "mediation"],
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[
                handout("《民法典手册》", 300, canonical="民法典手册"),
                handout("《人民调解法》", 50, canonical="人民调解法"),
            ],
            partners=["城东派出所"],
        ),
        [],
        id="law fair with two handouts and a partner",
    ),
    pytest.param(
        "反诈宣讲 昨天 阳光社区 参与八十人 发放宣传单200份 咨询15人次",
        event(
            kind="lecture",
            themes=["anti_fraud"],
            on="2022-06-19",
            place="阳光社区",
            attendance=n(80),
            consultations=n(15),
            materials=[handout("宣传单", 200, canonical="普法宣传单")],
        ),
        [],
        id="anti-fraud talk, Chinese numerals, consultations",
    ),
    pytest.param(
        '/log enterprise visit 2022-06-15 attendance 45 "Labour Contract Law leaflet" x100 '
        "partner: HR bureau",
        event(
            kind="enterprise",
            on="2022-06-15",
            attendance=n(45),
            materials=[handout("Labour Contract Law leaflet", 100, canonical="劳动合同法")],
            partners=["HR bureau"],
        ),
        [],
        id="English enterprise visit",
    ),
    pytest.param(
        "法律大集\u3000３月８日\u3000幸福社区\u3000１２０人\u3000《民法典手册》３００余份",
        event(
            kind="law_fair",
            themes=["civil_code"],
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("《民法典手册》", 300, q="more", canonical="民法典手册")],
        ),
        [],
        id="full-width digits and ideographic spaces",
    ),
    pytest.param(
        "/log@pufa_bot 民法典宣讲 上周五 在幸福社区开展 群众200余人 民法典手册三百份 与社区教育学院共同开展",
        event(
            kind="lecture",
            themes=["civil_code"],
            on="2022-06-17",
            area_id=7,
            attendance=n(200, "more"),
            materials=[handout("民法典手册", 300, canonical="民法典手册")],
            partners=["社区教育学院"],
            audience=["居民"],
        ),
        [],
        id="command with bot name, unquoted handout, 与…共同",
    ),
    pytest.param(
        "法律大集，３月８日，幸福社区，１２０人，《民法典手册》３００份。",
        event(
            kind="law_fair",
            themes=["civil_code"],
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("《民法典手册》", 300, canonical="民法典手册")],
        ),
        [],
        id="full-width commas and full stop",
    ),
    pytest.param(
        "民法典宣讲（6月1日）幸福社区：群众八十余人；《民法典手册》两百份",
        event(
            kind="lecture",
            themes=["civil_code"],
            on="2022-06-01",
            area_id=7,
            attendance=n(80, "more"),
            materials=[handout("《民法典手册》", 200, canonical="民法典手册")],
            audience=["居民"],
        ),
        [],
        id="full-width brackets, colon and semicolon",
    ),
    pytest.param(
        "宪法宣传周 2022-03-01..2022-03-07 幸福社区文化广场 约50人",
        event(
            kind="community",
            themes=["constitution"],
            on="2022-03-01",
            until="2022-03-07",
            area_id=7,
            place="文化广场",  # the area is the event's area; the place is the venue beyond it
            attendance=n(50, "about"),
        ),
        [],
        id="campaign week as an ISO range, place inside an area",
    ),
    pytest.param(
        "法治进校园 3月1日至7日 在阳光小学开展活动，学生300人，发放《宪法》100本",
        event(
            kind="school",
            themes=["constitution"],
            on="2022-03-01",
            until="2022-03-07",
            place="阳光小学",
            attendance=n(300),
            materials=[handout("《宪法》", 100, "本", canonical="宪法读本")],
            audience=["学生"],
        ),
        [],
        id="range 3月1日至7日 and a catalogue alias in 《》",
    ),
    pytest.param(
        "送法进企业 6月15日 XX科技有限公司 企业职工80多人 解答咨询20人次 发放《劳动合同法》宣传单150份",
        event(
            kind="enterprise",
            themes=["labour"],
            on="2022-06-15",
            place="XX科技有限公司",
            attendance=n(80, "more"),
            consultations=n(20),
            materials=[handout("《劳动合同法》宣传单", 150, canonical="劳动合同法")],
            audience=["企业职工"],
        ),
        [],
        id="《law》宣传单 counts as that law's leaflet",
    ),
    pytest.param(
        "反诈宣传 6.18 城东菜市场 接受咨询30余人次 反诈手册一百二十份",
        event(
            themes=["anti_fraud"],
            on="2022-06-18",
            place="城东菜市场",
            consultations=n(30, "more"),
            materials=[handout("反诈手册", 120, canonical="防范电信诈骗宣传单")],
        ),
        [],
        id="date 6.18 and approximate consultations",
    ),
    pytest.param(
        "法律咨询台 前天 幸福社区 咨询15次 群众60人",
        event(
            kind="desk", on="2022-06-18", area_id=7, attendance=n(60), consultations=n(15), audience=["居民"]
        ),
        [],
        id="consultation desk keeps its kind and its 咨询15次",
    ),
    pytest.param(
        "普法讲座 今天 老年活动中心 老年人四十五人",
        event(kind="lecture", on="2022-06-20", place="老年活动中心", attendance=n(45), audience=["老年人"]),
        [],
        id="audience word before a Chinese-numeral count",
    ),
    pytest.param(
        "/log 专家讲法 周三 区委党校礼堂 人大代表60人 会同区司法局",
        event(
            kind="lecture",
            on="2022-06-15",
            place="区委党校礼堂",
            attendance=n(60),
            partners=["区司法局"],
            audience=["人大代表"],
        ),
        [],
        id="bare weekday is the most recent one",
    ),
    pytest.param(
        "/log 民法典宣传月 2022年5月20日 万达广场 参加人数1,200 《民法典手册》1,500份",
        event(
            themes=["civil_code"],
            on="2022-05-20",
            place="万达广场",
            attendance=n(1200),
            materials=[handout("《民法典手册》", 1500, canonical="民法典手册")],
        ),
        [],
        id="thousands separators",
    ),
    pytest.param(
        "普法进社区 3/8 幸福社区居民 120人 发放普法手册200份",
        event(
            kind="community",
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("普法手册", 200)],
            audience=["居民"],
        ),
        [],
        id="handout not in the catalogue is kept as written",
    ),
    pytest.param(
        "三八妇女节 3.8 幸福社区 妇女120人 《妇女权益保障法》200份",
        event(
            themes=["women_rights"],
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("《妇女权益保障法》", 200, canonical="妇女权益保障法")],
            audience=["妇女"],
        ),
        [],
        id="三八 in the kind is not a count",
    ),
    pytest.param(
        "主题宣传 6月10号 城东街道 1万人",
        event(on="2022-06-10", area_id=8, attendance=n(10000)),
        [],
        id="1万 and a second area",
    ),
    pytest.param(
        "理论学习中心组 6月16日 区委常委会议室 学习“习近平法治思想” 25人",
        event(
            kind="study_group",
            themes=["xi_rule_of_law"],
            on="2022-06-16",
            title="习近平法治思想",
            place="区委常委会议室",
            attendance=n(25),
        ),
        [],
        id="quoted text without a count is the title",
    ),
    pytest.param(
        "常委会会前学法 周五 《反有组织犯罪法》 参加人数:18",
        event(
            kind="pre_meeting_study",
            themes=["anti_gang"],
            on="2022-06-17",
            attendance=n(18),
            topics=["反有组织犯罪法"],
        ),
        [],
        id="a law in 《》 without a count is a topic",
    ),
    pytest.param(
        "法律咨询台 2022/6/1 幸福社区 咨询 15 人次 与区法律援助中心共同举办",
        event(
            kind="desk",
            themes=["legal_aid"],
            on="2022-06-01",
            area_id=7,
            consultations=n(15),
            partners=["区法律援助中心"],
        ),
        [],
        id="odd spacing inside a count",
    ),
    pytest.param(
        "普法大集 2022.6.1 联合城东派出所、社区教育学院 在幸福社区开展",
        event(kind="law_fair", on="2022-06-01", area_id=7, partners=["城东派出所", "社区教育学院"]),
        [],
        id="two partners joined by 、",
    ),
    pytest.param(
        "反诈宣传 6.1 幸福社区 《反诈手册》x200 《反诈手册》100份",
        event(
            themes=["anti_fraud"],
            on="2022-06-01",
            area_id=7,
            materials=[handout("《反诈手册》", 300, canonical="防范电信诈骗宣传单")],
        ),
        [],
        id="the same handout twice is summed",
    ),
    pytest.param(
        "法律大集 今天 幸福社区 100人 宣传单200张 传单100张",
        event(
            kind="law_fair",
            on="2022-06-20",
            area_id=7,
            attendance=n(100),
            materials=[
                handout("宣传单", 200, "张", canonical="普法宣传单"),
                handout("传单", 100, "张", canonical="普法宣传单"),
            ],
        ),
        [],
        id="two aliases of one handout are summed in the catalogue unit",
    ),
    pytest.param(
        "进企业 今天 某某公司 职工45人",
        event(kind="enterprise", on="2022-06-20", place="某某公司", attendance=n(45), audience=["企业职工"]),
        [],
        id="职工 is filed as 企业职工",
    ),
    pytest.param(
        "法治讲座  2022 年 6 月 1 日  阳光社区 ，一百二十人，《人民调解法》50册",
        event(
            kind="lecture",
            themes=["mediation"],
            on="2022-06-01",
            place="阳光社区",
            attendance=n(120),
            materials=[handout("《人民调解法》", 50, "册", canonical="人民调解法")],
        ),
        [],
        id="spaces inside a Chinese date",
    ),
    pytest.param(
        "法律大集 两千五百人 今天 幸福社区 1,200份宣传单",
        event(
            kind="law_fair",
            on="2022-06-20",
            area_id=7,
            attendance=n(2500),
            materials=[handout("宣传单", 1200, canonical="普法宣传单")],
        ),
        [],
        id="count before the handout",
    ),
    pytest.param(
        "法治进校园 本周一 阳光中学 青少年500余名学生 反诈宣传单500份",
        event(
            kind="school",
            themes=["anti_fraud"],
            on="2022-06-20",
            place="阳光中学",
            attendance=n(500, "more"),
            materials=[handout("反诈宣传单", 500, canonical="防范电信诈骗宣传单")],
            audience=["青少年", "学生"],
        ),
        [],
        id="500余名学生",
    ),
    pytest.param(
        "普法集市 周日 城东广场 群众约300人 消法宣传册100份",
        event(
            kind="law_fair",
            themes=["consumer_rights"],
            on="2022-06-19",
            place="城东广场",
            attendance=n(300, "about"),
            materials=[handout("消法宣传册", 100, canonical="消费者权益保护法")],
            audience=["居民"],
        ),
        [],
        id="约300人 and a short law name with 宣传册",
    ),
    pytest.param(
        "国家安全教育日 4月15日 幸福社区 居民 近百人",
        event(
            themes=["national_security"],
            on="2022-04-15",
            area_id=7,
            attendance=n(100, "nearly"),
            audience=["居民"],
        ),
        [],
        id="近百人",
    ),
    pytest.param(
        "法律赶集 2022年6月18日 城东村 村民200多人 携手城东派出所",
        event(
            kind="law_fair",
            on="2022-06-18",
            place="城东村",
            attendance=n(200, "more"),
            partners=["城东派出所"],
            audience=["居民"],
        ),
        [],
        id="village, 携手",
    ),
    pytest.param(
        "消费者权益日 3月15日 万达广场 “放心消费 你我同行” 群众150人 《消费者权益保护法》200份",
        event(
            themes=["consumer_rights"],
            on="2022-03-15",
            title="放心消费 你我同行",
            place="万达广场",
            attendance=n(150),
            materials=[handout("《消费者权益保护法》", 200, canonical="消费者权益保护法")],
            audience=["居民"],
        ),
        [],
        id="a title with a space inside the quotes",
    ),
    pytest.param(
        "民法典宣传 6-18 幸福社区 80人",
        event(themes=["civil_code"], on="2022-06-18", area_id=7, attendance=n(80)),
        [],
        id="date 6-18",
    ),
    pytest.param(
        "法律大集 3月8日 幸福社区 120人 民法典手册 100 份 民法典手册50份",
        event(
            kind="law_fair",
            themes=["civil_code"],
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("民法典手册", 150, canonical="民法典手册")],
        ),
        [],
        id="unquoted handout twice",
    ),
    pytest.param(
        "宪法日 2021年12月4日 幸福社区 200人 《宪法》200本",
        event(
            themes=["constitution"],
            on="2021-12-04",
            area_id=7,
            attendance=n(200),
            materials=[handout("《宪法》", 200, "本", canonical="宪法读本")],
        ),
        [],
        id="last year's date written with its year",
    ),
    pytest.param(
        "/log 反诈宣讲 6月19日 阳光社区 80人 与城东派出所共同举办 分发反诈传单300份",
        event(
            kind="lecture",
            themes=["anti_fraud"],
            on="2022-06-19",
            place="阳光社区",
            attendance=n(80),
            materials=[handout("反诈传单", 300, canonical="防范电信诈骗宣传单")],
            partners=["城东派出所"],
        ),
        [],
        id="分发 prefix",
    ),
    pytest.param(
        "法律大集 二〇二二年三月八日 幸福社区 一百二十人",
        event(kind="law_fair", on="2022-03-08", area_id=7, attendance=n(120)),
        [],
        id="date in Chinese numerals",
    ),
    pytest.param(
        "反诈宣传 昨天 幸福社区 群众100人 解答群众咨询30人次",
        event(
            themes=["anti_fraud"],
            on="2022-06-19",
            area_id=7,
            attendance=n(100),
            consultations=n(30),
            audience=["居民"],
        ),
        [],
        id="解答群众咨询",
    ),
    pytest.param(
        "law fair March 8 Xingfu Community 120 people 200 leaflets",
        event(
            kind="law_fair",
            on="2022-03-08",
            place="Xingfu Community",
            attendance=n(120),
            materials=[handout("leaflets", 200, canonical="普法宣传单")],
        ),
        [],
        id="English law fair",
    ),
    pytest.param(
        "anti-fraud talk yesterday 80 attendees 15 consultations with Chengdong police station",
        event(
            kind="lecture",
            themes=["anti_fraud"],
            on="2022-06-19",
            attendance=n(80),
            consultations=n(15),
            partners=["Chengdong police station"],
        ),
        [],
        id="with X as the last words",
    ),
    pytest.param(
        'Civil Code talk 8 March 2022 45 people "Civil Code handbook" x100 '
        "partners: Legal Aid Centre, Women's Federation",
        event(
            kind="lecture",
            themes=["civil_code", "legal_aid"],
            on="2022-03-08",
            attendance=n(45),
            materials=[handout("Civil Code handbook", 100, canonical="民法典手册")],
            partners=["Legal Aid Centre", "Women's Federation"],
        ),
        [],
        id="partners: A, B",
    ),
    pytest.param(
        'school visit last Friday participants: 30 100 copies of "Minors Protection Law"',
        event(
            kind="school",
            themes=["minors"],
            on="2022-06-17",
            attendance=n(30),
            materials=[handout("Minors Protection Law", 100, canonical="未成年人保护法")],
        ),
        [],
        id="N copies of X",
    ),
    pytest.param(
        "community talk today at Xingfu Community Centre attendance 60 consultations 12",
        event(
            kind="community",
            on="2022-06-20",
            place="Xingfu Community Centre",
            attendance=n(60),
            consultations=n(12),
        ),
        [],
        id="at a place, consultations N",
    ),
    pytest.param(
        'law fair yesterday attendence: 45, "People\'s Mediation Law" x 50',
        event(
            kind="law_fair",
            themes=["mediation"],
            on="2022-06-19",
            attendance=n(45),
            materials=[handout("People's Mediation Law", 50, canonical="人民调解法")],
        ),
        [],
        id="attendence misspelt",
    ),
    pytest.param(
        "ＬＡＷ ＦＡＩＲ\u3000Ｍａｒｃｈ\u3000８\u3000１２０ people",
        event(kind="law_fair", on="2022-03-08", attendance=n(120)),
        [],
        id="full-width Latin letters",
    ),
    pytest.param(
        'Enterprise Visit 2022-06-15 45 attendees "Labour Contract Law leaflet" ×100',
        event(
            kind="enterprise",
            on="2022-06-15",
            attendance=n(45),
            materials=[handout("Labour Contract Law leaflet", 100, canonical="劳动合同法")],
        ),
        [],
        id="capitalised kind, × sign",
    ),
    pytest.param(
        "law fair at the town hall June 1 45 people",
        event(kind="law_fair", on="2022-06-01", place="town hall", attendance=n(45)),
        [],
        id="at the town hall",
    ),
    pytest.param(
        "legal lecture 2022-06-10 Sunshine Primary School attendance 200 Minors Protection Law x150",
        event(
            kind="lecture",
            themes=["minors"],
            on="2022-06-10",
            place="Sunshine Primary School",
            attendance=n(200),
            materials=[handout("Minors Protection Law", 150, canonical="未成年人保护法")],
        ),
        [],
        id="unquoted English handout",
    ),
    pytest.param(
        "Mar 8 2022 law fair Xingfu Community 120 people",
        event(kind="law_fair", on="2022-03-08", place="Xingfu Community", attendance=n(120)),
        [],
        id="Mar 8 2022",
    ),
    pytest.param(
        "law fair 3月8日 幸福社区 120人 leaflets x200",
        event(
            kind="law_fair",
            on="2022-03-08",
            area_id=7,
            attendance=n(120),
            materials=[handout("leaflets", 200, canonical="普法宣传单")],
        ),
        [],
        id="English and Chinese mixed",
    ),
    pytest.param(
        "/LOG other 2022-06-01 Xingfu Community 20 people",
        event(kind="other", on="2022-06-01", place="Xingfu Community", attendance=n(20)),
        [],
        id="upper-case command",
    ),
    pytest.param(
        "法律大急 今天 幸福社区 100人",
        event(kind="law_fair", on="2022-06-20", area_id=7, attendance=n(100)),
        [],
        id="a misspelt kind is not guessed",
    ),
    pytest.param(
        "国家宪法日 普法讲座 昨天 幸福社区 50人",
        event(kind="lecture", themes=["constitution"], on="2022-06-19", area_id=7, attendance=n(50)),
        [],
        id="the longer of two kinds wins, the other is listed",
    ),
    pytest.param(
        "防范电信诈骗 3.1-3.7 城东街道 各社区巡回宣传",
        event(themes=["anti_fraud"], on="2022-03-01", until="2022-03-07", area_id=8, note="各社区巡回"),
        ["各社区巡回"],
        id="a free phrase is listed",
    ),
    pytest.param(
        "法律大集 6.1 幸福社区 100-200人",
        event(kind="law_fair", on="2022-06-01", area_id=7, note="100-200人"),
        ["100-200人"],
        id="a range of people is not a count",
    ),
    pytest.param(
        "法律大集 21年3月8日 幸福社区 100人",
        event(kind="law_fair", on="2021-03-08", area_id=7, attendance=n(100)),
        [],
        id="21年 is 2021",
    ),
    pytest.param(
        "妇女节 2021年3.8 幸福社区 妇女60人",
        event(themes=["women_rights"], on="2021-03-08", area_id=7, attendance=n(60), audience=["妇女"]),
        [],
        id="2021年3.8 takes its year",
    ),
    pytest.param(
        "三八妇女节 3月8日（2021年） 幸福社区 妇女80人",
        event(themes=["women_rights"], on="2021-03-08", area_id=7, attendance=n(80), audience=["妇女"]),
        [],
        id="the year in brackets after the date",
    ),
    pytest.param(
        "宪法日 去年12月4日 幸福社区 200人",
        event(themes=["constitution"], on="2021-12-04", area_id=7, attendance=n(200)),
        [],
        id="去年12月4日",
    ),
    pytest.param(
        "法律大集 22.6.18 幸福社区 100人",
        event(kind="law_fair", on="2022-06-18", area_id=7, attendance=n(100)),
        [],
        id="22.6.18",
    ),
    pytest.param(
        "普法讲座 下午3.30 幸福社区 50人",
        event(kind="lecture", area_id=7, attendance=n(50), note="3.30"),
        ["3.30"],
        id="下午3.30 is a time, not March 30",
    ),
    pytest.param(
        "普法讲座 6月17日 下午3:30-5:00 幸福社区 50人",
        event(kind="lecture", on="2022-06-17", area_id=7, attendance=n(50), note="3:30-5:00"),
        ["3:30-5:00"],
        id="a time range after the date",
    ),
    pytest.param(
        "普法讲座 15点 幸福社区 居民50人",
        event(kind="lecture", area_id=7, attendance=n(50), audience=["居民"], note="15点"),
        ["15点"],
        id="15点 is a time",
    ),
    pytest.param(
        "反诈宣传 晚上7.30 6月18日 城东菜市场 群众60人",
        event(
            themes=["anti_fraud"],
            on="2022-06-18",
            place="城东菜市场",
            attendance=n(60),
            audience=["居民"],
            note="7.30",
        ),
        ["7.30"],
        id="a time before the date",
    ),
    pytest.param(
        "发放资料2-3箱 6月18日 200人",
        event(on="2022-06-18", attendance=n(200), note="资料2-3箱"),
        ["资料2-3箱"],
        id="an explicit date beats a bare 2-3 before it",
    ),
    pytest.param(
        "普法讲座 6.18-19 幸福社区 50人",
        event(kind="lecture", on="2022-06-18", until="2022-06-19", area_id=7, attendance=n(50)),
        [],
        id="6.18-19 is a range",
    ),
    pytest.param(
        "法律大集 上周五（6月17日） 幸福社区 100人",
        event(kind="law_fair", on="2022-06-17", area_id=7, attendance=n(100)),
        [],
        id="the same date written twice",
    ),
    pytest.param(
        "法律大集 3月8日（星期二） 幸福社区 100人",
        event(kind="law_fair", on="2022-03-08", area_id=7, attendance=n(100)),
        [],
        id="a weekday that confirms the date",
    ),
    pytest.param(
        "法律咨询台 昨天 幸福社区 现场咨询30人",
        event(kind="desk", on="2022-06-19", area_id=7, consultations=n(30)),
        [],
        id="现场咨询30人 are consultations",
    ),
    pytest.param(
        "送法进企业 6月15日 某某公司 受理咨询20人 职工80人",
        event(
            kind="enterprise",
            on="2022-06-15",
            place="某某公司",
            attendance=n(80),
            consultations=n(20),
            audience=["企业职工"],
        ),
        [],
        id="受理咨询20人 are consultations",
    ),
    pytest.param(
        "法律咨询台 昨天 幸福社区 咨询群众20人",
        event(kind="desk", on="2022-06-19", area_id=7, consultations=n(20)),
        [],
        id="咨询群众20人 are consultations",
    ),
    pytest.param(
        "法律大集 昨天 城东广场 出动工作人员8人 接待群众200余人",
        event(
            kind="law_fair",
            on="2022-06-19",
            place="城东广场",
            attendance=n(200, "more"),
            staff=n(8),
            audience=["居民"],
        ),
        [],
        id="staff are not the audience",
    ),
    pytest.param(
        "普法大集 昨天 幸福社区 志愿者10人参与 群众300人",
        event(kind="law_fair", on="2022-06-19", area_id=7, attendance=n(300), staff=n(10), audience=["居民"]),
        [],
        id="volunteers are not the audience",
    ),
    pytest.param(
        "送法进企业 6月10日 某某公司 2名律师 职工120人",
        event(
            kind="enterprise",
            on="2022-06-10",
            place="某某公司",
            attendance=n(120),
            staff=n(2),
            audience=["企业职工"],
        ),
        [],
        id="N名律师 are not the audience",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 群众200人，其中老年人50人",
        event(kind="law_fair", on="2022-06-19", area_id=7, attendance=n(200), audience=["居民", "老年人"]),
        [],
        id="其中 part of the audience is not a second head count",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 群众100人 参加人数100",
        event(kind="law_fair", on="2022-06-19", area_id=7, attendance=n(100), audience=["居民"]),
        [],
        id="the same head count twice",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 《民法典手册》、《宪法》各100份",
        event(
            kind="law_fair",
            themes=["civil_code", "constitution"],
            on="2022-06-19",
            area_id=7,
            materials=[
                handout("《民法典手册》", 100, canonical="民法典手册"),
                handout("《宪法》", 100, canonical="宪法读本"),
            ],
        ),
        [],
        id="各100份 is 100 of each title",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 民法典手册和反诈传单各五十份",
        event(
            kind="law_fair",
            themes=["civil_code", "anti_fraud"],
            on="2022-06-19",
            area_id=7,
            materials=[
                handout("民法典手册", 50, canonical="民法典手册"),
                handout("反诈传单", 50, canonical="防范电信诈骗宣传单"),
            ],
        ),
        [],
        id="unquoted titles sharing 各",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 发放资料300份，其中《民法典手册》50份",
        event(
            kind="law_fair",
            themes=["civil_code"],
            on="2022-06-19",
            area_id=7,
            materials=[handout("《民法典手册》", 50, canonical="民法典手册")],
        ),
        [],
        id="其中 keeps the breakdown and drops the total",
    ),
    pytest.param(
        "普法大集 昨天 城东广场 发放宣传资料共计800份，其中《民法典手册》300册、反诈传单500份",
        event(
            kind="law_fair",
            themes=["civil_code", "anti_fraud"],
            on="2022-06-19",
            place="城东广场",
            materials=[
                handout("《民法典手册》", 300, "册", canonical="民法典手册"),
                handout("反诈传单", 500, canonical="防范电信诈骗宣传单"),
            ],
        ),
        [],
        id="a breakdown of two lines",
    ),
    pytest.param(
        "法律大集 昨天 幸福社区 宣传资料共计300份",
        event(kind="law_fair", on="2022-06-19", area_id=7, materials=[handout("宣传资料", 300)]),
        [],
        id="共计 is not part of the title",
    ),
    pytest.param(
        "民法典宣讲 昨天 幸福社区 和居民一起学习 50人",
        event(
            kind="lecture",
            themes=["civil_code"],
            on="2022-06-19",
            area_id=7,
            attendance=n(50),
            audience=["居民"],
        ),
        [],
        id="居民 in 和居民一起 are the audience, not a partner",
    ),
    pytest.param(
        "6月18日上午，区司法局联合城东派出所在幸福社区开展反诈宣传活动，发放宣传资料500余份，现场解答群众咨询40余人次，参与群众150余人。",
        event(
            themes=["anti_fraud"],
            on="2022-06-18",
            area_id=7,
            attendance=n(150, "more"),
            consultations=n(40, "more"),
            materials=[handout("宣传资料", 500, q="more")],
            partners=["区司法局", "城东派出所"],
            audience=["居民"],
        ),
        [],
        id="a report-style sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected", "unknown"), LINES)
def test_a_worker_logs_an_event_in_one_message(text: str, expected: EventDraft, unknown: list[str]) -> None:
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert result.problems == []
    assert result.draft == expected
    assert result.unknown == unknown


def test_there_are_enough_realistic_lines() -> None:
    assert len(LINES) >= 80


def test_a_year_less_date_in_late_december_logged_in_january_is_last_year() -> None:
    result = parse_event_text("法律大集 12月28日 幸福社区 100人", today=date(2022, 1, 5), catalog=CATALOG)

    assert result.ok
    assert result.draft.start_date == date(2021, 12, 28)


def test_a_range_over_new_year_ends_in_the_next_year() -> None:
    result = parse_event_text("宪法宣传周 12月28日至1月3日", today=date(2022, 1, 5), catalog=CATALOG)

    assert result.ok
    assert (result.draft.start_date, result.draft.end_date) == (date(2021, 12, 28), date(2022, 1, 3))


def test_a_community_that_is_no_area_is_the_place() -> None:
    result = parse_event_text("法律大集 昨天 幸福社区 100人", today=TODAY, catalog=shipped_catalog())

    assert (result.draft.area_id, result.draft.place) == (None, "幸福社区")


def test_a_message_naming_no_kind_leaves_the_kind_for_the_bot_to_ask() -> None:
    result = parse_event_text("昨天 幸福社区 100人", today=TODAY, catalog=CATALOG)

    assert result.ok
    assert result.draft.kind is None
    assert result.unknown == []


def test_the_parse_depends_only_on_its_arguments() -> None:
    text = "法律大集 昨天 幸福社区 100人"

    assert parse_event_text(text, today=TODAY, catalog=CATALOG) == parse_event_text(
        text, today=TODAY, catalog=CATALOG
    )
    assert parse_event_text(text, today=date(2022, 3, 9), catalog=CATALOG).draft.start_date == date(
        2022, 3, 8
    )


def refused(code: ProblemCode, fragment: str, limit: str | None = None) -> Problem:
    return Problem(code=code, fragment=fragment, limit=limit)


FUTURE = "2022-06-20"
OLDEST = "2000-01-01"
# Messages refused for each code: (text, the problems in the order written).
REFUSED: dict[ProblemCode, list[tuple[str, list[Problem]]]] = {
    ProblemCode.DATE_IN_FUTURE: [
        ("法律大集 6月26日 幸福社区 100人", [refused(ProblemCode.DATE_IN_FUTURE, "6月26日", FUTURE)]),
        ("法律大集 本周三 幸福社区 100人", [refused(ProblemCode.DATE_IN_FUTURE, "本周三", FUTURE)]),
        ("law fair this Friday 45 people", [refused(ProblemCode.DATE_IN_FUTURE, "this Friday", FUTURE)]),
        ("law fair 2022-07-01 45 people", [refused(ProblemCode.DATE_IN_FUTURE, "2022-07-01", FUTURE)]),
        ("法律大集 明天 幸福社区 100人", [refused(ProblemCode.DATE_IN_FUTURE, "明天", FUTURE)]),
        ("法律大集 下周三 100人", [refused(ProblemCode.DATE_IN_FUTURE, "下周三", FUTURE)]),
        ("law fair tomorrow 20 people", [refused(ProblemCode.DATE_IN_FUTURE, "tomorrow", FUTURE)]),
        # Last Christmas is more than 90 days ago, so 12月25日 is not moved to last year.
        ("法律大集 12月25日 幸福社区", [refused(ProblemCode.DATE_IN_FUTURE, "12月25日", FUTURE)]),
    ],
    ProblemCode.DATE_TOO_OLD: [
        ("法律大集 1999-12-31 幸福社区", [refused(ProblemCode.DATE_TOO_OLD, "1999-12-31", OLDEST)]),
        ("法律大集 1999年10月1日 100人", [refused(ProblemCode.DATE_TOO_OLD, "1999年10月1日", OLDEST)]),
    ],
    ProblemCode.DATE_INVALID: [
        ("法律大集 2月30日 幸福社区 100人", [refused(ProblemCode.DATE_INVALID, "2月30日")]),
        ("法律大集 13月1日 幸福社区 100人", [refused(ProblemCode.DATE_INVALID, "13月1日")]),
        ("law fair 2022-02-29", [refused(ProblemCode.DATE_INVALID, "2022-02-29")]),
    ],
    ProblemCode.DATE_AMBIGUOUS: [
        ("法律大集 6月1日 幸福社区 100人 6月18日", [refused(ProblemCode.DATE_AMBIGUOUS, "6月18日")]),
        ("法律大集 6月18日 幸福社区 100人 昨天", [refused(ProblemCode.DATE_AMBIGUOUS, "昨天")]),
        ("法律大集 3月8日（周三） 幸福社区", [refused(ProblemCode.DATE_AMBIGUOUS, "周三")]),
        ("2021年 法律大集 3月8日 幸福社区 100人", [refused(ProblemCode.DATE_AMBIGUOUS, "2021年")]),
        ("法律大集 3月8日 幸福社区 100人（21年）", [refused(ProblemCode.DATE_AMBIGUOUS, "21年")]),
    ],
    ProblemCode.DATE_RANGE_REVERSED: [
        ("宪法宣传周 3月7日-3月1日", [refused(ProblemCode.DATE_RANGE_REVERSED, "3月7日-3月1日")]),
        (
            "law fair 2022-03-07..2022-03-01",
            [refused(ProblemCode.DATE_RANGE_REVERSED, "2022-03-07..2022-03-01")],
        ),
    ],
    ProblemCode.COUNT_NEGATIVE: [
        ("法律大集 昨天 幸福社区 -5人", [refused(ProblemCode.COUNT_NEGATIVE, "-5人")]),
        ("法律大集 昨天 幸福社区 负5人", [refused(ProblemCode.COUNT_NEGATIVE, "负5人")]),
        ("law fair yesterday attendance -5", [refused(ProblemCode.COUNT_NEGATIVE, "attendance -5")]),
    ],
    ProblemCode.COUNT_TOO_LARGE: [
        ("法律大集 昨天 2000000人", [refused(ProblemCode.COUNT_TOO_LARGE, "2000000人", str(MAX_COUNT))]),
        (
            "法律大集 昨天 《民法典手册》200万份",
            [refused(ProblemCode.COUNT_TOO_LARGE, "《民法典手册》200万份", "1000000")],
        ),
    ],
    ProblemCode.COUNT_NOT_A_NUMBER: [
        ("法律大集 昨天 幸福社区 很多人", [refused(ProblemCode.COUNT_NOT_A_NUMBER, "很多人")]),
        (
            "法律大集 昨天 《民法典手册》若干份",
            [refused(ProblemCode.COUNT_NOT_A_NUMBER, "《民法典手册》若干份")],
        ),
        ("law fair yesterday many people", [refused(ProblemCode.COUNT_NOT_A_NUMBER, "many people")]),
        ("法律咨询台 昨天 咨询若干人次", [refused(ProblemCode.COUNT_NOT_A_NUMBER, "咨询若干人次")]),
        (
            "法律大集 昨天 不少人 发放宣传单若干份",
            [
                refused(ProblemCode.COUNT_NOT_A_NUMBER, "不少人"),
                refused(ProblemCode.COUNT_NOT_A_NUMBER, "宣传单若干份"),
            ],
        ),
    ],
    ProblemCode.ATTENDANCE_AMBIGUOUS: [
        ("法律大集 昨天 幸福社区 100人 200人", [refused(ProblemCode.ATTENDANCE_AMBIGUOUS, "100 / 200")]),
        ("法律大集 昨天 幸福社区 大约五十人 80人", [refused(ProblemCode.ATTENDANCE_AMBIGUOUS, "50 / 80")]),
        (
            "法治进校园 昨天 阳光小学 学生300人 青少年100人",
            [refused(ProblemCode.ATTENDANCE_AMBIGUOUS, "100 / 300")],
        ),
        (
            "law fair yesterday 120 people attendance 45",
            [refused(ProblemCode.ATTENDANCE_AMBIGUOUS, "45 / 120")],
        ),
        # 人次 is attendance too: 受教育群众 and 现场 are two different head counts
        (
            "法律大集 昨天 现场群众200人 受教育群众2000余人次",
            [refused(ProblemCode.ATTENDANCE_AMBIGUOUS, "200 / 2000")],
        ),
    ],
    ProblemCode.CONSULTATIONS_AMBIGUOUS: [
        ("咨询台 昨天 咨询20人次 解答问题35个", [refused(ProblemCode.CONSULTATIONS_AMBIGUOUS, "20 / 35")]),
    ],
    ProblemCode.CAMPAIGN_TOTAL: [
        ("全镇共开展40场法治宣传活动 昨天", [refused(ProblemCode.CAMPAIGN_TOTAL, "共开展40场")]),
        ("普法讲座 昨天 幸福社区 3场 每场50人", [refused(ProblemCode.CAMPAIGN_TOTAL, "3场")]),
        ("截至目前 法律赶集13场次 资料1万余份", [refused(ProblemCode.CAMPAIGN_TOTAL, "截至目前")]),
    ],
    ProblemCode.DATE_WEEK_WITHOUT_DAY: [
        ("法律大集 上周 幸福社区 100人", [refused(ProblemCode.DATE_WEEK_WITHOUT_DAY, "上周")]),
        ("law fair last week 45 people", [refused(ProblemCode.DATE_WEEK_WITHOUT_DAY, "last week")]),
    ],
    ProblemCode.FIELD_TOO_LONG: [
        (
            "法律大集 昨天 在" + "幸" * 200 + "广场 100人",
            [refused(ProblemCode.FIELD_TOO_LONG, "幸" * 30 + "…", "200")],
        ),
    ],
    ProblemCode.TEXT_TOO_LONG: [
        ("法" * 4097, [refused(ProblemCode.TEXT_TOO_LONG, "法" * 20, "4096")]),
        # NFKC turns one ﷺ into 18 characters: the limit holds for what is parsed, not what was typed.
        ("ﷺ" * 300, [refused(ProblemCode.TEXT_TOO_LONG, "ﷺ" * 20, "4096")]),
    ],
    ProblemCode.TEXT_EMPTY: [
        ("", [refused(ProblemCode.TEXT_EMPTY, "")]),
        ("   ", [refused(ProblemCode.TEXT_EMPTY, "")]),
        ("/log", [refused(ProblemCode.TEXT_EMPTY, "")]),
        ("/log@pufa_bot　", [refused(ProblemCode.TEXT_EMPTY, "")]),
    ],
}


def test_every_problem_code_of_the_parser_has_refused_messages() -> None:
    # ANSWER_NOT_UNDERSTOOD is the guided /log's, for a typed answer that fills nothing; never the parser's.
    assert set(REFUSED) == set(ProblemCode) - {ProblemCode.ANSWER_NOT_UNDERSTOOD}


@pytest.mark.parametrize(
    ("code", "text", "problems"),
    [
        pytest.param(code, text, problems, id=f"{code}: {text[:30]}")
        for code, cases in REFUSED.items()
        for text, problems in cases
    ],
)
def test_a_refused_fragment_is_named_and_its_value_is_not_kept(
    code: ProblemCode, text: str, problems: list[Problem]
) -> None:
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert not result.ok
    assert result.problems == problems
    if code not in (ProblemCode.CAMPAIGN_TOTAL, ProblemCode.FIELD_TOO_LONG):
        assert result.unknown == []
    if code.startswith("date"):
        assert (result.draft.start_date, result.draft.end_date) == (None, None)
    elif code in (ProblemCode.CAMPAIGN_TOTAL, ProblemCode.FIELD_TOO_LONG):
        pass  # the rest is read; nothing is saved while a problem stands
    else:
        assert (result.draft.attendance, result.draft.consultations, result.draft.materials) == (
            None,
            None,
            [],
        )


def test_a_text_too_long_is_not_parsed_at_all() -> None:
    text = "法律大集 昨天 幸福社区 100人"

    result = parse_event_text(text, today=TODAY, catalog=CATALOG, max_length=10)

    assert result.problems == [refused(ProblemCode.TEXT_TOO_LONG, text, "10")]
    assert result.draft == EventDraft()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("120", n(120)),
        ("１２０人", n(120)),
        ("一百二十", n(120)),
        ("约200人", n(200, "about")),
        ("近百人", n(100, "nearly")),
        ("40人左右", n(40, "about")),
        ("300余", n(300, "more")),
        ("80多", n(80, "more")),
        ("45 people", n(45)),
        ("很多", refused(ProblemCode.COUNT_NOT_A_NUMBER, "很多")),
        ("not sure", refused(ProblemCode.COUNT_NOT_A_NUMBER, "not sure")),
        ("-5", refused(ProblemCode.COUNT_NEGATIVE, "-5")),
        ("2000000", refused(ProblemCode.COUNT_TOO_LARGE, "2000000", str(MAX_COUNT))),
    ],
)
def test_a_worker_answers_how_many_came(answer: str, expected: Count | Problem) -> None:
    assert parse_count(answer) == expected
