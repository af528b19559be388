"""A long alternation searched one alternative at a time, and only those alternatives whose
literal words the text holds.

Python's ``re`` tries every alternative of ``\\b(?:would|will|...)\\b`` at every word of a
text; a clause holds the words of one or two of them. :class:`Alternatives` splits such a
pattern into its alternatives and finds, for each, strings one of which every match of it
holds (read off the parsed pattern, so that they stay right when the pattern changes). A
search runs only the alternatives whose strings the text holds, through the per-token memo of
:mod:`geo.extract.cue`, and returns the match the whole pattern finds: the leftmost, and of
those starting there the first alternative's.
"""

from __future__ import annotations

import re
from itertools import pairwise
from re import _constants as sre
from re import _parser

from geo.extract.cue import Words, cue_bits

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _skip(source: str, i: int) -> int:
    """The index after the escape, class or group that starts at ``source[i]`` (after the
    character itself for any other), or -1 when it does not end."""
    char = source[i]
    if char == "\\":
        return i + 2
    if char == "[":
        i += 2 if source[i + 1:i + 2] == "^" else 1
        i += 1  # a "]" right after "[" or "[^" is a member
        while i < len(source) and source[i] != "]":
            i += 2 if source[i] == "\\" else 1
        return i + 1 if i < len(source) else -1
    if char == "(":
        i += 1
        while i < len(source) and source[i] != ")":
            i = _skip(source, i)
            if i == -1:
                return -1
        return i + 1 if i < len(source) else -1
    return i + 1


def _top_level_bars(body: str) -> list[int] | None:
    """Where ``|`` splits ``body`` outside groups, classes and escapes (None: unbalanced)."""
    bars, i = [], 0
    while i < len(body):
        if body[i] == "|":
            bars.append(i)
        i = _skip(body, i)
        if i == -1:
            return None
    return bars


def split_alternatives(source: str) -> list[str]:
    """``head(?:a|b|c)tail`` as ``[head(?:a)tail, head(?:b)tail, head(?:c)tail]``; a pattern
    of another shape as itself alone. ``head`` matches one way only (no group, class,
    repeat or ``|``), and ``tail`` neither repeats the group nor holds a ``|`` of its own.
    ``a|b|c`` splits as ``[a, b, c]``."""
    bars = _top_level_bars(source)
    if bars:
        return [source[a + 1:b] for a, b in pairwise([-1, *bars, len(source)])]
    start = source.find("(?:")
    end = _skip(source, start) if start != -1 else -1
    head, tail = source[:max(start, 0)], source[end:]
    bars = _top_level_bars(source[start + 3:end - 1]) if end != -1 else None
    if bars is None or any(c in head for c in "()|[*+?{") or _top_level_bars(tail) != [] or \
            tail[:1] in ("*", "+", "?", "{"):
        return [source]
    body = source[start + 3:end - 1]
    cuts = [-1, *bars, len(body)]
    return [f"{head}(?:{body[a + 1:b]}){tail}" for a, b in pairwise(cuts)]


def required(source: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``source`` holds (a case-sensitive pattern), or
    None when none can be told."""
    parsed = _parser.parse(source)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return None
    found = _needed(list(parsed))
    return tuple(sorted(found)) if found else None


def _needed(items: list) -> frozenset[str] | None:
    """The best set of strings one of which a match of the sequence ``items`` holds."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run and "".join(run).strip():
            options.append(frozenset({"".join(run)}))
        run = []
        inner = None
        if op is sre.SUBPATTERN and not arg[1] & sre.SRE_FLAG_IGNORECASE:
            inner = _needed(list(arg[3]))
        elif op is sre.BRANCH:
            each = [_needed(list(branch)) for branch in arg[1]]
            inner = frozenset().union(*each) if all(each) else None
        elif op in _REPEATS and arg[0] >= 1:
            inner = _needed(list(arg[2]))
        if inner:
            options.append(inner)
    if not options:
        return None
    return max(options, key=lambda words: (min(len(w) for w in words), -len(words)))


class Alternatives:
    """A pattern searched as its alternatives (see the module's note); ``search`` gives the
    match ``pattern.search`` gives, for text already lower-cased as the pattern expects; with
    ``gate`` (a cue's bit), none where the text lacks that cue's words, as ``Cue.search``."""

    def __init__(self, pattern: re.Pattern[str], gate: int = 0):
        self.pattern = pattern
        self.gate = gate
        # (numbered groups would be numbered anew in each alternative)
        sources = split_alternatives(pattern.pattern) if not pattern.groups else [pattern.pattern]
        self.single = len(sources) == 1
        self.parts = [re.compile(source, pattern.flags) for source in sources]
        self.always: list[int] = []  # the alternatives no string gates
        self.gated: dict[int, int] = {}  # gate bit -> alternative
        for k, source in enumerate(sources):
            words = required(source)
            if words:
                self.gated[Words(words).bit] = k
            else:
                self.always.append(k)
        self.mask = sum(self.gated)

    def search(self, low: str, pos: int = 0) -> re.Match[str] | None:
        bits = cue_bits(low) if self.gate or not self.single else 0
        if self.gate and not bits & self.gate:
            return None
        if self.single:
            return self.pattern.search(low, pos)
        fired = bits & self.mask
        best, best_k = None, -1
        for k in self.always:
            m = self.parts[k].search(low, pos)
            if m is not None and (best is None or (m.start(), k) < (best.start(), best_k)):
                best, best_k = m, k
        while fired:
            bit = fired & -fired
            fired ^= bit
            k = self.gated[bit]
            m = self.parts[k].search(low, pos)
            if m is not None and (best is None or (m.start(), k) < (best.start(), best_k)):
                best, best_k = m, k
        return best
