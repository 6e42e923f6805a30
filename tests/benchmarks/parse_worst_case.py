"""The message parser on the longest messages Telegram delivers (4,096 characters), built to be slow.

    python -m tests.benchmarks.parse_worst_case

Each message is parsed ROUNDS times; the median is printed beside the median of one ordinary log line in
the same run, so the ratio says how much the worst case costs over a normal message on this machine.
The aim (issue 9): every worst case under 20 ms. The time is the parsing thread's CPU time: on a shared
machine the wall clock also counts whatever else runs, which is not the parser's cost.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from models.catalog.entries import AreaEntry, shipped_catalog
from models.parsing import parse_event_text

LIMIT = 4096
ROUNDS = 15
AIM_MS = 20.0
TODAY = date(2026, 11, 30)
CATALOG = shipped_catalog(tuple(AreaEntry(id=i, name=f"第{i}社区", path=f"/{i}/") for i in range(1, 301)))
ORDINARY = "/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份 《人民调解法》50份 联合城东派出所"


def _fill(unit: str) -> str:
    return (unit * (LIMIT // len(unit) + 1))[:LIMIT]


# Each repeats what one extractor tries hardest on, with no punctuation to cut the runs short.
WORST = {
    "one unbroken Chinese run": _fill("普法宣传活动群众踊跃参与"),
    "materials in a list": _fill("宣传资料、宣传袋、便民联系卡"),
    "materials with counts": _fill("发放宣传资料300余份"),
    "partners after 联合": _fill("联合城东派出所、"),
    "unit words without verbs": _fill("司法所派出所律师事务所"),
    "weekdays": _fill("周五（星期五）"),
    "dates and ranges": _fill("3月8日至3月9日"),
    "numbers": _fill("1234567890"),
    "Chinese numerals": _fill("一百二十三"),
    "book titles": _fill("《民法典》"),
    "open book titles": _fill("《民法典"),
    "places after 在": _fill("在幸福社区党群服务中心"),
    "area names": "".join(f"第{i}社区" for i in range(1, 301))[:LIMIT],
    "quotes": _fill("“法律”"),
    "English": _fill("law fair attendance 45 partners: HR bureau "),
    "form and theme words": _fill("法律大集反诈禁毒讲座"),
    "counts with qualifiers": _fill("约50人近百人超200人"),
    "lists with 各": _fill("《宪法》、《民法典》各100本"),
    # Against the shortcuts: one number lets every count pass run; lead words open every pattern's gate.
    "plain words and one number": _fill("普法宣传活动群众踊跃参与")[:-1] + "1",
    "lead words of counts": _fill("共计约超过参加现场解答发放"),
}


def _median_ms(text: str) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.thread_time()
        parse_event_text(text, today=TODAY, catalog=CATALOG)
        times.append((time.thread_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parse_event_text(ORDINARY, today=TODAY, catalog=CATALOG)  # compile the patterns once
    ordinary = _median_ms(ORDINARY)
    print(f"ordinary log line ({len(ORDINARY)} characters): median {ordinary:.2f} ms")
    worst = 0.0
    for name, text in WORST.items():
        assert len(text) <= LIMIT
        ms = _median_ms(text)
        worst = max(worst, ms)
        print(f"{name:<28} {len(text):>5} chars  median {ms:7.2f} ms  {ms / ordinary:6.1f}× ordinary")
    verdict = "met" if worst < AIM_MS else "NOT met"
    print(f"worst median {worst:.2f} ms; aim < {AIM_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
