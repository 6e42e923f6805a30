"""What is left of a message once its fields are taken: where to split it, and filler words to drop."""

from __future__ import annotations

import re

# not at the . or : inside 3.30 or 15:00, which are kept whole to be shown back
SPLIT = re.compile(r"(?:[\s,;!?()\[\]。、|]|(?<!\d)[.:]|[.:](?!\d))+")
# Words that say nothing a field could hold; stripped from the ends of leftovers, or dropped when alone.
_FILLER_PREFIX = re.compile(
    r"^(?:开展|举办|组织|进行|在|发放|派发|分发|走进|来到|前往|深入|参与|参加|解答|接受|受理|提供|接待|现场|联合|共同"
    r"|一起|上午|下午|晚上|当天|今天|搞了?|搞|办了?|做了?|悬挂|张贴|摆放|设置|发|共计|共|并|还|以及|及|与|同|为|向"
    r"|对|给|由|活动|主题|专题|围绕|通过|采取|利用|结合|以|今年|本次|此次|这次|我们|我|大力|积极|深入|广泛|集中)+"
)
_FILLER_SUFFIX = re.compile(
    r"(?:开展|举办|进行|宣传活动|普法活动|主题活动|专题活动|活动|普法宣传|法治宣传|宣传教育|宣传|普法|了|的|共同|一起"
    r"|参加|参与|等|工作|顺利|圆满|结束|举行|召开|一次|一场|效果|良好|好评)+$"
)
_FILLER_WORD = re.compile(
    r"于|共|其中|宣传|普法|学习|法治|法律|知识|教育|服务|现场|人|名|份|次|场|at|in|on|the|a|an|and|of"
    r"|held|we|for|to|was|were|event|with|partners?",
    re.IGNORECASE,
)


def strip_fillers(token: str) -> str:
    """Strip filler words from both ends of a leftover; a filler alone leaves nothing."""
    token = _FILLER_SUFFIX.sub("", _FILLER_PREFIX.sub("", token))
    return "" if _FILLER_WORD.fullmatch(token) else token
