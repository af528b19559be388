"""geo.extract.cue's per-token memo: a token's bits are those of every cue one of whose words
the token holds, whichever way they are looked up."""

from __future__ import annotations

import geo.extract.incidents  # noqa: F401  (every cue of the extractor registered)
from geo.extract import cue
from tests.helpers import ROOT, SEEDS


def _naive(token: str) -> int:
    return sum(1 << bit for bit, words in enumerate(cue._GATES) if any(w in token for w in words))


def test_token_bits_are_those_of_every_word_the_token_holds():
    files = [*SEEDS.glob("*.txt"), *(ROOT / "tests/corpus").rglob("*.txt")]
    tokens = {t for f in files for t in f.read_text(encoding="utf-8").lower().split()}
    tokens |= {";", "x;y", "a", "uavs", "re-attacked", "air-defence", "killed."}
    assert len(tokens) > 5000
    cue._TOKEN_BITS.clear()
    assert sum(1 for t in tokens if cue._TOKEN_BITS[t]) > 1000
    for token in tokens:
        assert cue._TOKEN_BITS[token] == _naive(token), token


def test_a_cue_skips_a_text_only_without_its_words():
    from geo.extract.talk import COUNTED

    assert COUNTED.search("it was the third drone attack") is not None
    assert cue.cue_bits("it was the drone attack") & COUNTED.bit == 0
