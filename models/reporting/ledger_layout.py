"""The 台账's columns and the words its cells use: the form district offices file, so not translated."""

from __future__ import annotations

from models.events.vocabulary import EventStatus, MaterialCategory, Qualifier

# The 台账 layout district offices file; the headings are the form's, so they are not translated.
# Widths in characters (a Chinese character is two): together about 180, so that one A4 landscape page
# wide prints at three quarters of the size, still readable.
LEDGER_COLUMNS = (
    ("序号", 5),
    ("活动编号", 6),
    ("起止日期", 11),
    ("街道", 9),
    ("社区", 9),
    ("形式", 9),
    ("主题", 9),
    ("活动名称", 16),
    ("地点", 10),
    ("活动内容/备注", 16),
    ("主办/联合单位", 14),
    ("对象", 8),
    ("参与人数", 6),
    ("咨询人次", 6),
    ("发放资料", 20),
    ("宣传品/展示", 10),
    ("照片数", 5),
    ("填报人", 7),
    ("审核状态", 7),
)
DETAIL_COLUMNS = (
    ("活动编号", 9),
    ("日期", 11),
    ("资料名称（原文）", 28),
    ("归类名称", 24),
    ("数量", 9),
    ("单位", 6),
    ("约数", 6),
    ("类别", 9),
    ("审核状态", 9),
)
GROUPED_COLUMNS = (("序号", 6), ("资料名称", 30), ("单位", 6), ("数量", 12), ("活动次数", 10))
RETURNED_COLUMNS = (
    ("活动编号", 9),
    ("起止日期", 12),
    ("街道", 12),
    ("社区", 12),
    ("形式", 10),
    ("活动名称", 24),
    ("参与人数", 9),
    ("填报人", 9),
    ("退回原因", 36),
)
# Where the 合计 row sums: 活动编号 is counted, 参与人数, 咨询人次 and 照片数 are added up.
COUNTED, ATTENDANCE, CONSULTATIONS, PHOTOS = 1, 12, 13, 16
# Words keyed by the enums' values, as the database (and a row read without SQLAlchemy) holds them.
CATEGORY_NAMES: dict[str, str] = {
    MaterialCategory.HANDOUT: "发放资料",
    MaterialCategory.GIVEAWAY: "宣传品",
    MaterialCategory.DISPLAY: "展示宣传",
}
# How a count was said, in the words a ledger uses: 300余, 约300, 近300.
QUALIFIER_WORDS: dict[str, str] = {
    Qualifier.EXACT: "",
    Qualifier.MORE: "余",
    Qualifier.ABOUT: "约",
    Qualifier.NEARLY: "近",
}
STATUS_NAMES: dict[str, str] = {
    EventStatus.SUBMITTED: "待审核",
    EventStatus.APPROVED: "已通过",
    EventStatus.RETURNED: "已退回",
}
