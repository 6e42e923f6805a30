"""What people may type, for the fuzz tests: any unicode, and text built from the pieces the parsers read."""

from __future__ import annotations

from hypothesis import strategies as st

NUMERALS = (
    *"零〇一二两三四五六七八九十百千万亿",
    "０",
    "１",
    "９",
    "１２０",
    "1,200",
    "1.5万",
    "3.5",
    "-5",
    "负",
)
PUNCTUATION = (*"《》“”「」、，。（）():：·-~/ 　\n\t", "至", "到", "..", "《民法典》", "“法治进乡村”")
WEEKDAYS = (
    *(f"周{d}" for d in "一二三四五六日天"),
    *(f"星期{d}" for d in "一二三四五六日天"),
    "礼拜三",
    "上周",
    "本周",
    "上周五",
    "下周三",
    "Friday",
    "mon",
    "last week",
)
DATES = ("月", "日", "号", "年", "3月8日", "2022-03-08", "3.8", "6·26", "昨天", "今天", "明天", "21年")
UNITS = ("人", "名", "人次", "份", "册", "本", "户", "次", "场", "people", "copies")
QUALIFIERS = ("余", "多", "约", "近", "左右", "以上", "超过", "将近", "很多", "若干", "about", "over")
WHO_AND_WHERE = (
    *("联合", "派出所", "司法所", "和", "及", "与", "民警", "律师", "工作人员", "群众", "村民", "干部"),
    *("在", "到", "走进", "广场", "幸福社区", "城东街道", "李家村", "文化广场", "区检察院", "我们"),
)
FIELDS = (
    *("法律大集", "讲座", "宪法", "禁毒", "反电信诈骗", "宣传", "发放", "宣传册", "折页", "横幅", "各"),
    *(
        "其中",
        "咨询",
        "接受咨询",
        "解答问题",
        "走访",
        "入户",
        "全镇共开展",
        "截至目前",
        "/log",
        "/log@pufa_bot",
    ),
)
# Characters that break naive code: NUL and controls, zero-width and direction marks, combining marks,
# emoji (with skin tones and joiners), a BOM, a ligature NFKC lengthens, the private-use area.
HOSTILE = (
    *("\x00", "\x01", "\x1b", "\x7f", "\u0085", "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066"),
    *(
        "\u0301",
        "\u0300",
        "\u20dd",
        "😀",
        "👍🏽",
        "👨‍👩‍👧",
        "🇨🇳",
        "\ufeff",
        "ﷺ",
        "\ue000",
        "\ue001",
        "\uf8ff",
    ),
    *("\U000f0000", "٣", "𝟐", "²", "①", "Ⅻ"),
)
MESSAGE_PIECES = (*NUMERALS, *PUNCTUATION, *WEEKDAYS, *DATES, *UNITS, *QUALIFIERS, *WHO_AND_WHERE, *FIELDS)

PERIOD_PIECES = (
    *("2022", "0001", "9999", "1999", "2000", "2100", "2101", "21", "99999999", "-", "/", ".", "年", "月"),
    *("日", "季度", "季", "第", "q", "Q", *"一二三四五", *(str(n) for n in range(14)), "00", "..", "~"),
    *("至", "到", "to", "–", "—", "--", " ", "本周", "上周", "本月", "上月", "今年", "去年", "本季度"),
    *("this", "last", "week", "month", "quarter", "year", "约数", "approx", "幸福社区", "２０２２", "٢٠٢٢"),
)
DIGEST_TIME_PIECES = (
    *WEEKDAYS,
    *("monday", "sunday", "FRIDAY", "星期天", "周", "星期", *(str(n) for n in range(61)), "00", "09"),
    *(":", "：", " ", "16:30", "24:00", "9:60", "１６：３０", "٣:٣٠", "time", "时间"),
)


def digit_runs(max_size: int = 600) -> st.SearchStrategy[str]:
    """Long runs of digits: past int64, past a float's range (309 digits), past any regex bound."""
    return st.text(alphabet="0123456789１２", min_size=10, max_size=max_size)


def typed(pieces: tuple[str, ...], *, max_pieces: int = 30) -> st.SearchStrategy[str]:
    """Arbitrary unicode, or text built from realistic pieces, numbers, hostile characters and random bits."""
    piece = st.one_of(
        st.sampled_from(pieces),
        st.sampled_from(pieces),  # twice: realistic pieces are most of a built text
        st.sampled_from(HOSTILE),
        st.integers(min_value=0, max_value=2_000_000).map(str),
        digit_runs(),
        st.text(max_size=4),
    )
    built = st.lists(piece, max_size=max_pieces).map("".join)
    return st.one_of(st.text(), built, built, built.map(lambda text: text * 8))
