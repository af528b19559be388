"""Names written with their words run together or apart: "Banibangou" for Bani Bangou,
"Alqaim" for Al Qaim, "Myit Kyi Na" for Myitkyina. Both are common in wire copy and in
transliterated lists, and neither is a typo a fuzzy match scores well."""

from __future__ import annotations

from collections.abc import Callable

from gazetteer.normalize import key_of

#: A run-together key must be this long to be split (shorter ones split into noise).
MIN_SPLIT = 6
#: Each part of a split must be this long, unless the first is the Arabic article.
MIN_PART = 3
#: The article as it is glued to a name ("Alqaim", "Elfasher"); its assimilated forms ("an",
#: "as", "ad") start too many other names ("Anzourou" is not an-Zuru).
GLUED_ARTICLES = frozenset({"al", "el"})


def joined_key(key: str) -> str:
    """The key of a name written apart, its words run together ("myit kyi na" -> "myitkyina")."""
    return key_of(key.replace(" ", ""))


def split_key(key: str, known: Callable[[str], bool]) -> str:
    """The one key ``known`` holds that ``key``, a single run-together word, splits into
    ("banibangu" -> "bani bangu", "alkaim" -> "kaim"); "" if none or several do."""
    if " " in key or len(key) < MIN_SPLIT:
        return ""
    found = set()
    for i in range(2, len(key) - MIN_PART + 1):
        left, right = key[:i], key[i:]
        if len(left) < MIN_PART and left not in GLUED_ARTICLES:
            continue
        candidate = key_of(f"{left} {right}")
        if candidate and candidate != key and known(candidate):
            found.add(candidate)
    return found.pop() if len(found) == 1 else ""
