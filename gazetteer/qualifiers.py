"""Words around a place name that are not part of it: "western Anbar", "Greater Beirut",
"Federal Iraq", "Tower 22 Jordan" (a container named after the place).

These are read only when the whole name has no exact match (``Western Sahara`` and ``South
Sudan`` are names in their own right); ``reductions`` proposes the shorter keys to try, each
with what was dropped, so that the look-up can say why it matched.
"""

from __future__ import annotations

from collections.abc import Iterator

from gazetteer.normalize import key_of

#: Words that qualify a place name without being part of it (as written; folded as keys are
#: below: "centre" is "centra" in a key).
_WORDS = frozenset({
    "north", "northern", "south", "southern", "east", "eastern", "west", "western", "central",
    "centre", "center", "greater", "downtown", "outskirts", "suburbs", "suburb", "outer",
    "inner", "upper", "lower", "holy", "federal", "kingdom", "republic", "islamic", "rep",
    "democratic", "peninsula", "plant", "facility", "compound", "complex", "nord", "sud",
    "est", "ouest", "centrale", "grand", "of", "in", "de", "du", "near", "around", "metro",
    "metropolitan", "cumhuriyeti", "ir", "emirate", "sultanate", "state", "territory",
    "municipality", "coalition", "us",
})
QUALIFIERS = _WORDS | {key_of(word) for word in _WORDS}


def reductions(key: str) -> Iterator[tuple[str, str, str]]:
    """Shorter keys for ``key``: (shorter key, dropped words, how) where how is "qualifier"
    (qualifier words dropped anywhere) or "container" (leading or trailing words dropped, to
    be checked as a place that contains the rest)."""
    words = key.split()
    if len(words) < 2:
        return
    kept = [w for w in words if w not in QUALIFIERS]
    if kept and len(kept) < len(words):
        yield " ".join(kept), " ".join(w for w in words if w in QUALIFIERS), "qualifier"
        words = kept
    for cut in range(1, len(words)):
        head, tail = words[:cut], words[cut:]
        yield " ".join(head), " ".join(tail), "container"
        yield " ".join(tail), " ".join(head), "container"
