"""The development corpus (tests/corpus): reports on seven conflicts in our own words, with gold
written before any extraction. The extractor was tuned on ``dev/`` only; ``test/`` is measured.
The floors are the scores when they were written: a change that loses incidents fails here."""

from __future__ import annotations

import pytest

from geo.pipeline.evaluate import score_corpus
from geo.resolve.chain import Resolver
from tests.helpers import ROOT

CORPUS = ROOT / "tests" / "corpus"


def overall(scores) -> float:
    matched = sum(s.matched for s in scores.values())
    p = matched / max(1, sum(s.predicted for s in scores.values()))
    r = matched / max(1, sum(s.gold for s in scores.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.slow
@pytest.mark.parametrize(("part", "floor"), [("dev", 0.75), ("test", 0.60)])
def test_corpus_scores_hold(gazetteer, part, floor):
    scores = score_corpus(CORPUS / part, resolver=Resolver(gazetteer))
    assert set(scores) == {"iraq_syria", "israel_gaza_lebanon", "myanmar", "sahel", "sudan",
                           "ukraine", "yemen_redsea"}
    assert overall(scores) >= floor, {k: round(s.f1, 2) for k, s in scores.items()}
