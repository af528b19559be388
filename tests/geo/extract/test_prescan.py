"""geo.extract.prescan: an alternation searched by its alternatives finds what the whole
pattern finds, and each alternative's strings are in every match of it."""

from __future__ import annotations

import re

import pytest

from geo.extract.prescan import Alternatives, required, split_alternatives
from tests.helpers import ROOT, SEEDS


def _clauses() -> list[str]:
    """Every line of the bundled reports, lower-cased, cut at full stops (clause-sized)."""
    files = [*sorted(SEEDS.glob("*.txt")), *sorted((ROOT / "tests/corpus").rglob("*.txt"))]
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").lower().splitlines():
            out += [part for part in line.split(". ") if part.strip()]
    return out


def _all_matches(search, text: str) -> list[tuple[tuple[int, int], str]]:
    found, m = [], search(text, 0)
    while m is not None:
        found.append((m.span(), m.group()))
        m = search(text, max(m.end(), m.start() + 1))
    return found


def test_split_keeps_classes_groups_and_escapes_whole():
    assert split_alternatives(r"\b(?:a[|b]|c\|d|(?:e|f)g|h)\b") == [
        r"\b(?:a[|b])\b", r"\b(?:c\|d)\b", r"\b(?:(?:e|f)g)\b", r"\b(?:h)\b"]
    assert split_alternatives(r"x(?:[]|]|y)") == [r"x(?:[]|])", r"x(?:y)"]
    assert split_alternatives(r"(?:a|b)\s+(?:c|d)?$") == [r"(?:a)\s+(?:c|d)?$",
                                                          r"(?:b)\s+(?:c|d)?$"]
    # shapes it does not split: a repeated group, a head that matches several ways, a "|"
    # after the group, no group
    for source in (r"\b(?:a|b)+", r"x*(?:a|b)", r"abc"):
        assert split_alternatives(source) == [source]
    assert split_alternatives(r"(?:a|b)c|d[|]") == [r"(?:a|b)c", r"d[|]"]


@pytest.mark.parametrize(("source", "words"), [
    (r"\bthreaten(?:s|ed)?\s+to\b", ("threaten",)),
    (r"\b(?:wants?|seeks?|sought)\s+to\s+\w", ("seek", "sought", "want")),
    (r"\b(?:wants?|seeks?|sought)\s+to\s+stop", ("stop",)),  # one word beats three
    (r"\b(?:a\s+)?\d+\s+(?:oblasts|regions)\b", ("oblasts", "regions")),
    (r"\bsirens?(?=x)", ("siren",)),
    (r"\b\w+\s+", None),  # nothing literal is needed
    (r"(?i:war)\s+\w", None),  # case-blind words are not needed as written
    (r"(?:ab)*c?", None),
])
def test_required_strings(source, words):
    assert required(source) == words


def test_search_finds_what_the_whole_pattern_finds_in_the_reports():
    from geo.extract.not_where import HEADED_TO, MET_IN, THEATRE_OF
    from geo.extract.talk import NOT_AN_EVENT

    texts = _clauses()
    assert len(texts) > 3000
    # the patterns that end in "$" are asked of the words before a name: every stretch of up
    # to 90 characters that ends before a word
    windows = [text[max(0, k + 1 - 90):k + 1] for text in texts[::3]
               for k, char in enumerate(text) if char == " "]
    checked = 0
    for pattern, asked in ((NOT_AN_EVENT.pattern, texts),
                           *((re.compile(p.pattern.lower()), windows)
                             for p in (THEATRE_OF, HEADED_TO, MET_IN))):
        split = Alternatives(pattern)
        assert len(split.parts) > 3
        for text in asked:
            want = _all_matches(pattern.search, text)
            assert _all_matches(split.search, text) == want, (pattern.pattern[:40], text)
            checked += len(want)
    assert checked > 900


def test_each_alternative_match_holds_one_of_its_strings():
    from geo.extract.talk import NOT_AN_EVENT

    split = Alternatives(NOT_AN_EVENT.pattern)
    texts = _clauses()
    seen = 0
    for part in split.parts:
        words = required(part.pattern)
        for text in texts:
            for m in part.finditer(text):
                assert words is None or any(w in m.group() for w in words), (part.pattern, m)
                seen += 1
    assert seen > 500


def test_the_first_alternative_wins_at_one_start():
    split = Alternatives(re.compile(r"\b(?:ab|abc|b)"))
    assert split.search("x abc").group() == "ab"  # as re: the first alternative, not the longest
    assert split.search("x b abc").span() == (2, 3)
    assert split.search("x abc", 3) is None and split.search("zzz") is None


def test_a_gated_search_finds_what_the_cue_finds():
    from geo.extract.talk import NOT_AN_EVENT, NOT_AN_EVENT_PARTS

    found = 0
    for text in _clauses()[::2] + ["it is unclear whether", "nothing here at all"]:
        want = NOT_AN_EVENT.search_lowered(text)
        got = NOT_AN_EVENT_PARTS.search(text)
        assert (got and (got.span(), got.group())) == (want and (want.span(), want.group()))
        found += want is not None
    assert found > 300
