"""Typos judged on names as written, not on their folded keys.

A typo is made on the letters a writer sees: "Tiays" for Tiyas, "Rqqa" for Raqqa, "Kuwait
Cty" for Kuwait City, "Alanbar" for Al Anbar. The key folds (ay -> ai, doubled letters, generic
words, articles) can move such a spelling further from its name's key than the one slip it is,
so the curated tier also compares written forms: each name folded only for case, diacritics
and punctuation, in three readings (whole; without generic words; without generic words and
articles). One edit between written forms (OSA distance: a letter or space dropped, added,
changed, or two swapped), or two in a single word of eight letters or more, scores as the key
index scores typos. Two edits across words would let "Baghdad IZ" pass for Al-Baghdadi.

``slip`` weighs one such slip by how likely a writer makes it, to tell apart two names one
edit away each: a neighbouring key ("Iraw": Iraq, not Iran), a letter of the same sound or a
vowel for a vowel ("Zommar": Zummar, not Al-Omar), two letters swapped, or a letter doubled or
undoubled cost half an edit; any other letter dropped, added or changed costs one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from gazetteer.keyindex import typo_score
from gazetteer.normalize import ARTICLES, strip_generic, tokens

MIN_LENGTH = 4  # shorter written forms match too much to mean anything
HALF = 0.5  # the cost of a likely slip (see ``slip``)

_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
#: letters a writer easily puts for each other: keyboard neighbours, and letters of one sound
#: or romanization class (vowels; c/k/q/g; s/z; d/t; b/p; v/w/f; i/y)
_ALIKE: frozenset[tuple[str, str]] = frozenset(
    {(row[i], row[i + 1]) for row in _KEYBOARD for i in range(len(row) - 1)}
    | {(a, b) for group in ("aeiouy", "ckqg", "sz", "dt", "bp", "vwf")
       for a in group for b in group if a != b})
_ALIKE = _ALIKE | {(b, a) for a, b in _ALIKE}


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


def _indel(word: str, i: int) -> float:
    """The cost of dropping (or adding) ``word[i]``: half when it doubles a neighbour."""
    doubled = (i > 0 and word[i - 1] == word[i]) or (i + 1 < len(word) and word[i + 1] == word[i])
    return HALF if doubled else 1.0


def _weighted(a: str, b: str) -> float:
    """The weighted OSA distance of ``a`` to ``b`` (see ``slip``)."""
    prev2: list[float] = []
    prev = [0.0]
    for j in range(len(b)):
        prev.append(prev[-1] + _indel(b, j))
    for i in range(1, len(a) + 1):
        row = [prev[0] + _indel(a, i - 1)]
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            cost = row[j - 1] + _indel(b, j - 1)
            cost = min(cost, prev[j] + _indel(a, i - 1))
            cost = min(cost, prev[j - 1] + (0.0 if x == y else HALF if (x, y) in _ALIKE else 1.0))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and x != y:
                cost = min(cost, prev2[j - 2] + HALF)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]


def slip(query: str, names: Iterable[str]) -> float:
    """How far ``query`` is, in likely slips, from the nearest of ``names`` as written (each
    in its written forms; see the module docstring)."""
    asked = written_forms(query)
    best = float("inf")
    for name in names:
        for form in written_forms(name):
            for q in asked:
                if abs(len(form) - len(q)) <= 3 and form.isascii():
                    best = min(best, _weighted(q, form))
    return best
