"""The fixed values an event's fields take: how a count was said, what became of a material, where an
event stands. Plain enums with no other imports, so that the ledger's writer process loads no pydantic."""

from __future__ import annotations

from enum import StrEnum


class Qualifier(StrEnum):
    """How a count was said: 300份, 300余份 / 超300份, 约300份 / 300份左右, 近300份."""

    EXACT = "exact"
    MORE = "more"  # 余, 多, 超, 逾, 以上: more than
    ABOUT = "about"  # 约, 左右, 上下, 许: about
    NEARLY = "nearly"  # 近, 将近, 接近: a little under


class MaterialCategory(StrEnum):
    """What happened to a material: handed out, put on show, or given away as a gift."""

    HANDOUT = "handout"  # 宣传册, 折页, 手册: counted as 发放资料
    DISPLAY = "display"  # 横幅, 展板, 张贴的海报: shown, not handed out
    GIVEAWAY = "giveaway"  # 环保袋, 礼品, 法治礼包: handed out, reported apart as 宣传品


class EventStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
