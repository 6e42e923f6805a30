"""A gated pattern finds exactly what the pattern alone finds: on every corpus line and on random text.

The gate (models/parsing/gates.py) is worked out from the standard library's parse tree; these tests are
what says it is a superset of the characters a match can start with.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.parsing import dates, event_text, handouts, materials, measures
from models.parsing.gates import UNGATED, gated
from tests.accuracy import DATA, corpus
from tests.benchmarks.parse_worst_case import WORST


def _gated_patterns(module: ModuleType) -> list[re.Pattern[str]]:
    found = []
    for value in vars(module).values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, re.Pattern) and item in UNGATED:
                found.append(item)
    return found


GATED = [p for module in (dates, event_text, handouts, measures) for p in _gated_patterns(module)]
ALONE = {p: re.compile(*UNGATED[p]) for p in GATED}
TEXTS = [line.text for line, _ in corpus(DATA)] + [line.text for line, _ in corpus(DATA / "holdout")]
TEXTS += list(WORST.values())
# Every character some gate names, and some no gate names, for the random texts.
GATE_CHARACTERS = "".join(p.pattern[4 : p.pattern.index("])(?:")] for p in GATED)
ALPHABET = sorted(set(GATE_CHARACTERS) | set("，。、 群众活动宣传x"))


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(found.span(), found.groupdict()) for found in pattern.finditer(text)]


def test_the_scanning_patterns_are_gated() -> None:
    assert len(GATED) >= 25  # measures, handouts, dates: the passes over the whole message


@pytest.mark.parametrize("pattern", GATED, ids=lambda p: UNGATED[p][0][:40])
def test_a_gated_pattern_finds_what_the_pattern_finds_on_the_corpus(pattern: re.Pattern[str]) -> None:
    alone = ALONE[pattern]
    for text in TEXTS:
        assert _matches(pattern, text) == _matches(alone, text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_a_gated_pattern_finds_what_the_pattern_finds_on_random_text(text: str) -> None:
    for pattern in GATED:
        assert _matches(pattern, text) == _matches(ALONE[pattern], text)


def test_the_material_title_patterns_are_gated_too() -> None:
    shipped = materials._title_patterns(("法律援助联系卡", "leaflets"))
    assert all(p.pattern.startswith("(?=[") for p in shipped)


@pytest.mark.parametrize(
    "pattern",
    [r"(?i:law)\s+fair", r".*x", r"[^a]b", r"a?", r"\bword", r"(?<=a)b|c"],
)
def test_a_pattern_that_may_start_anywhere_or_match_nothing_is_left_alone(pattern: str) -> None:
    compiled = gated(pattern)
    if pattern in (r"\bword", r"(?<=a)b|c"):
        assert compiled.pattern.startswith("(?=[")  # zero-width checks only widen the class
    else:
        assert compiled.pattern == pattern
