"""Normalized name keys -> rows, with exact look-up and blocked fuzzy search (rapidfuzz).

Frozen, the index is two sorted lists: the keys, and the keys reversed. An exact look-up is a
binary search. A fuzzy look-up compares the query only with the keys that share its first few
characters (a contiguous range of the sorted keys) or its last few (a range of the reversed
keys; the Indel ratio of two strings equals that of their reversals). One typo cannot fall in
both ends of a key of six or more characters, so single-edit misspellings are always found,
while each comparison pool stays small. Sorted lists also load fast from a pickle.
"""

from __future__ import annotations

import bisect
from array import array

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from gazetteer.packed import PackedStrings, PackedTuples

SMALL = 5000  # below this many keys, fuzzy search scans them all
_END = "\U0010ffff"


UNPACK_AFTER = 2000  # exact look-ups of a packed index before its keys become a list
MIN_FUZZY = 4  # shorter misspelled keys match too much of a large index to mean anything
#: A key shorter than this is a typo of another only with the same first letter.
SHORT_TYPO = 6


def typo_score(length: int, distance: int) -> float:
    """The score of a key ``distance`` typos away from a query of ``length`` characters."""
    if distance == 0:
        return 100.0
    if distance == 1:
        return 97.0 if length >= 5 else 92.0
    return 90.0 if length >= 8 else 0.0


def _block_length(key: str) -> int:
    return 3 if len(key) >= 6 else 2


class KeyIndex:
    """Map normalized keys to row numbers (ints)."""

    #: keys only for exact look-ups, never fuzzy targets (a name's words written as one)
    exact_only: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._building: dict[str, int] | None = {}
        self.keys: list[str] | tuple[str, ...] | PackedStrings = []  # sorted
        self.values: array = array("q")  # row >= 0, or -(i + 1) for self.multi[i]
        # each key reversed, sorted (built when needed, or packed with the keys)
        self._rkeys: list[str] | PackedStrings | None = None
        self.multi: list[tuple[int, ...]] | PackedTuples = []
        self._lookups = 0

    def __len__(self) -> int:
        return len(self._building) if self._building is not None else len(self.keys)

    def add(self, key: str, row: int, fuzzy: bool = True) -> None:
        """Map ``key`` to ``row``; ``fuzzy=False``: for exact look-ups only."""
        if not key:
            return
        if not fuzzy and key not in (self._building or {}):
            self.exact_only = self.exact_only | {key}
        elif fuzzy and key in self.exact_only:
            self.exact_only = self.exact_only - {key}
        if self._building is None:
            raise RuntimeError("the index is frozen")
        current = self._building.get(key)
        if current is None:
            self._building[key] = row
        elif current >= 0:
            if current != row:
                self.multi.append((current, row))
                self._building[key] = -len(self.multi)
        else:
            rows = self.multi[-current - 1]
            if row not in rows:
                self.multi[-current - 1] = (*rows, row)

    def freeze(self) -> None:
        """Sort the keys for look-ups; call once after the last add()."""
        building = self._building or {}
        self.keys = sorted(building)
        self.values = array("q", (building[k] for k in self.keys))
        self._building = None

    def pack(self) -> None:
        """Pack the frozen index (keys, reversed keys, multi-row tuples) for fast loading."""
        if self._building is not None:
            raise RuntimeError("freeze() the index before pack()")
        self._rkeys = PackedStrings(self.rkeys)
        self.keys = PackedStrings(self.keys)
        self.multi = PackedTuples(self.multi)

    @property
    def rkeys(self) -> list[str] | PackedStrings:
        if self._rkeys is None:
            self._rkeys = sorted(k[::-1] for k in self.keys)
        return self._rkeys

    def _fuzzy_pool(self) -> tuple[list[int], list[str]]:
        """The keys fuzzy search compares (all but the exact-only ones) by length, with their
        lengths: a query compares only the keys whose length lets them score (made once)."""
        pool = self.__dict__.get("_pool")
        if pool is None:
            keys = sorted((k for k in self.keys if k not in self.exact_only), key=len)
            pool = self.__dict__["_pool"] = ([len(k) for k in keys], keys)
        return pool

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if not isinstance(self._rkeys, PackedStrings):
            state["_rkeys"] = None  # cheaper to rebuild on first fuzzy look-up than to unpickle
        state.pop("_pool", None)
        state["_lookups"] = 0
        return state

    def all_keys(self) -> list[str]:
        return self.keys if self._building is None else list(self._building)

    def exact(self, key: str) -> tuple[int, ...]:
        if self._building is not None:
            raise RuntimeError("freeze() the index before look-ups")
        keys = self.keys
        if isinstance(keys, PackedStrings):  # a few look-ups read the packed keys in place
            self._lookups += 1
            if self._lookups > UNPACK_AFTER:
                # a tuple of strings, unlike a list, leaves the garbage collector's view
                self.keys = keys = tuple(keys.tolist())  # (a full collection skips it)
        i = bisect.bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return ()
        value = self.values[i]
        return (value,) if value >= 0 else self.multi[-value - 1]

    @staticmethod
    def _range(sorted_keys: list[str], prefix: str) -> list[str]:
        i = bisect.bisect_left(sorted_keys, prefix)
        j = bisect.bisect_left(sorted_keys, prefix + _END)
        return sorted_keys[i:j]

    def fuzzy(self, key: str, cutoff: float = 80, limit: int = 5) -> list[tuple[str, float]]:
        """Keys similar to ``key`` (normalized Indel ratio >= cutoff), best first."""
        if not key or not self.keys:
            return []
        found: dict[str, float] = {}

        edits = 1 if len(key) < 8 else 2

        def scan(query: str, pool: list[str], reverse: bool) -> None:
            for match, score, _ in process.extract(
                query, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
            ):
                k = match[::-1] if reverse else match
                found[k] = max(score, found.get(k, 0.0))
            if len(query) < MIN_FUZZY or len(self.keys) >= SMALL:
                return  # a large index's typos are long names the Indel ratio finds
            # a typo (a letter dropped, doubled, swapped or wrong) scores as a near match
            # however short the name, where the Indel ratio of "Ebril"/"Erbil" is only 80
            for match, distance, _ in process.extract(
                query, pool, scorer=OSA.distance, score_cutoff=edits, limit=limit
            ):
                k = match[::-1] if reverse else match
                if len(k) < SHORT_TYPO and k[:1] != key[:1]:
                    continue  # "Mazzeh" (maza) is no typo of Gaza: a short name's first letter
                found[k] = max(typo_score(len(query), distance), found.get(k, 0.0))

        if len(self.keys) < SMALL:
            lengths, keys = self._fuzzy_pool()
            # an Indel ratio >= cutoff needs |a - b| <= r (a + b), r = 1 - cutoff / 100; a typo
            # (OSA, at most 2 edits) needs |a - b| <= 2
            r = min(max(1 - cutoff / 100, 0.0), 0.99)
            lo = bisect.bisect_left(lengths, min(len(key) * (1 - r) / (1 + r), len(key) - 2))
            hi = bisect.bisect_right(lengths, max(len(key) * (1 + r) / (1 - r), len(key) + 2))
            scan(key, keys[lo:hi], False)
        elif len(key) >= MIN_FUZZY:
            b = _block_length(key)
            scan(key, self._range(self.keys, key[:b]), False)
            rkey = key[::-1]
            scan(rkey, self._range(self.rkeys, rkey[:b]), True)
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
