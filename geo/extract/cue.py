"""Cue: a case-insensitive pattern with the words every match of it holds, and the index that
tells, once per text, which cues' words a text holds at all.

Most clauses lack most cues. Rather than scan a clause with each cue's pattern (a regex scan
costs a few microseconds) or test each cue's words against it one by one, the clause is split
into whitespace tokens once; each token's set of cues is looked up in a memo (news prose
repeats its vocabulary), and only the cues whose words appear run their pattern.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from geo.extract.lowercase import lowered

#: Per cue, by bit: the words of which every match holds one, as they occur inside a token.
_GATES: list[tuple[str, ...]] = []
#: The same, by word: the bits of the cues that need it; the words of two letters or more
#: by their first two, with those bits; the shorter words with theirs.
_WORD_BITS: dict[str, int] = {}
_BY_HEAD: dict[str, list[tuple[str, int]]] = {}
_SHORT: list[tuple[str, int]] = []
_MAX_TOKENS = 200_000
_MAX_TEXTS = 4_096


class _TokenBits(dict[str, int]):
    """Memo: token -> bit mask of the cues one of whose words occurs in it."""

    def __missing__(self, token: str) -> int:
        bits = 0  # the words found where they start: only those with the token's two letters
        for word, bit in _SHORT:
            if word in token:
                bits |= bit
        get = _BY_HEAD.get
        for at in range(len(token) - 1):
            for word, bit in get(token[at:at + 2], ()):
                if token.startswith(word, at):
                    bits |= bit
        if len(self) >= _MAX_TOKENS:
            self.clear()
        self[token] = bits
        return bits


_TOKEN_BITS = _TokenBits()
_TEXT_BITS: dict[str, int] = {}


def cue_bits(low: str) -> int:
    """Bit mask of the cues whose words occur in ``low`` (lower-cased text)."""
    bits = _TEXT_BITS.get(low)
    if bits is None:
        bits = reduce(or_, map(_TOKEN_BITS.__getitem__, low.split()), 0)
        if len(_TEXT_BITS) >= _MAX_TEXTS:
            _TEXT_BITS.clear()  # the memo serves the several cues asked of one clause
        _TEXT_BITS[low] = bits
    return bits


def _gate_word(word: str) -> str:
    """The part of a needed word that lies inside one token: its longest whitespace-free piece
    (a match holding "so far" holds "far")."""
    return max(word.split(), key=len) if word.strip() else word


class Words:
    """A set of lower-case strings; :meth:`any_in` tells whether one occurs in a lower-cased
    text, through the per-token memo rather than a scan per word. A string with spaces counts
    as found when its longest piece is (a superset: use it as a gate before a precise test)."""

    def __init__(self, words: tuple[str, ...]):
        self.bit = 1 << len(_GATES)
        _GATES.append(tuple(_gate_word(w) for w in words))
        for word in _GATES[-1]:
            _WORD_BITS[word] = _WORD_BITS.get(word, 0) | self.bit
        _SHORT[:] = [(w, b) for w, b in _WORD_BITS.items() if len(w) < 2]
        _BY_HEAD.clear()
        for word, bits in _WORD_BITS.items():
            if len(word) >= 2:
                _BY_HEAD.setdefault(word[:2], []).append((word, bits))
        _TOKEN_BITS.clear()  # memos made before these words lack their bit
        _TEXT_BITS.clear()

    def any_in(self, low: str) -> bool:
        return bool(cue_bits(low) & self.bit)


class Cue:
    """A case-insensitive pattern, matched against lower-cased text (see
    :mod:`geo.extract.lowercase`). Offsets of a match refer to ``text.lower()``: use them to
    compare positions within one text, not to slice it.

    ``needs`` lists lower-case strings of which every match contains at least one: a text
    with none of them is passed over without running the pattern. Keep it in step with the
    pattern; a test checks it against every match in the bundled reports.
    """

    def __init__(self, source: str, needs: tuple[str, ...]):
        self.pattern = lowered(source)
        self.needs = needs
        self.bit = Words(needs).bit

    def search(self, text: str) -> re.Match[str] | None:
        return self.search_lowered(text.lower())

    def search_lowered(self, low: str) -> re.Match[str] | None:
        """Search ``low``, a text already lower-cased."""
        if cue_bits(low) & self.bit:
            return self.pattern.search(low)
        return None
