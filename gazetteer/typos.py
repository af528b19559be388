"""Typos judged on names as written, not on their folded keys.

A typo is made on the letters a writer sees: "Tiays" for Tiyas, "Rqqa" for Raqqa, "Kuwait
Cty" for Kuwait City, "Alanbar" for Al Anbar. The key folds (ay -> ai, doubled letters, generic
words, articles) can move such a spelling further from its name's key than the one slip it is,
so the curated tier also compares written forms: each name folded only for case, diacritics
and punctuation, in three readings (whole; without generic words; without generic words and
articles). One edit between written forms (OSA distance: a letter or space dropped, added,
changed, or two swapped), or two in a single word of eight letters or more, scores as the key
index scores typos. Two edits across words would let "Baghdad IZ" pass for Al-Baghdadi.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from gazetteer.keyindex import typo_score
from gazetteer.normalize import ARTICLES, strip_generic, tokens

MIN_LENGTH = 4  # shorter written forms match too much to mean anything


def written_forms(name: str) -> set[str]:
    """The written forms of ``name`` (see the module docstring), each MIN_LENGTH or longer."""
    words = tokens(name)
    rest, _ = strip_generic(words)
    bare = [w for w in rest if w not in ARTICLES]
    forms = {" ".join(words), " ".join(rest), " ".join(bare)}
    return {f for f in forms if len(f) >= MIN_LENGTH}


class WrittenIndex:
    """Written forms of a small tier's names -> the keys they stand for, and the rows of the
    places that bear them ("Kuwait City" and "Kuwait" share a key; "Kuwait Cty" is a typo of
    the city's name only)."""

    def __init__(self, names: Iterable[tuple[str, str, int]]) -> None:
        by_form: dict[str, set[tuple[str, int]]] = {}
        for name, key, row in names:
            for form in written_forms(name):
                by_form.setdefault(form, set()).add((key, row))
        self.forms = sorted(by_form, key=lambda f: (len(f), f))  # by length: see near()
        self.lengths = [len(f) for f in self.forms]
        self.keys = [tuple(sorted(by_form[f])) for f in self.forms]

    def near(self, query: str, limit: int) -> dict[str, tuple[float, frozenset[int]]]:
        """Keys whose names are written one typo (two in long names) from ``query``, each with
        its score and the rows of the places whose names are that near."""
        found: dict[str, tuple[float, frozenset[int]]] = {}
        for form in written_forms(query):
            edits = 2 if len(form) >= 8 and " " not in form else 1
            # only forms within ``edits`` letters of its length can be that few edits away
            lo = bisect.bisect_left(self.lengths, len(form) - edits)
            hi = bisect.bisect_right(self.lengths, len(form) + edits)
            for _, distance, i in process.extract(form, self.forms[lo:hi], scorer=OSA.distance,
                                                  score_cutoff=edits, limit=limit):
                score = typo_score(len(form), int(distance))
                for key, row in self.keys[lo + i]:
                    old, rows = found.get(key, (0.0, frozenset()))
                    if score > old:
                        found[key] = (score, frozenset({row}))
                    elif score == old:
                        found[key] = (score, rows | {row})
        return found
