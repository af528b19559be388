"""The curated tier: the hand-checked places, their key index, and the near readings of a
query among their names (typos of the key and of the name as written, consonant skeletons)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gazetteer.keyindex import KeyIndex
from gazetteer.normalize import key_of
from gazetteer.place import Place
from gazetteer.skeleton import skeleton, telling
from gazetteer.typos import WrittenIndex

FUZZY_CUTOFF = 82.0
FUZZY_WEIGHT = 0.95  # a fuzzy match's score: its similarity, a little below an exact key
MIN_JOINED = 6  # a name's words written as one ("Tinzaouatine") are a key this long or more
SKELETON_SCORE = 88.0  # a curated name with the query's consonant skeleton
APPROXIMATE_MEMO = 50_000  # near-key answers remembered


@dataclass
class CuratedTier:
    places: list[Place]
    index: KeyIndex
    #: consonant skeleton -> the keys that have it (gazetteer/skeleton.py)
    skeletons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the names as written, for typos (gazetteer/typos.py; built on the first fuzzy look-up)
    _written: WrittenIndex | None = None

    @property
    def written(self) -> WrittenIndex:
        if self._written is None:
            self._written = WrittenIndex((name, key_of(name), row)
                                         for row, place in enumerate(self.places)
                                         for name in place.names())
        return self._written

    @classmethod
    def build(cls, places: Sequence[Place]) -> CuratedTier:
        index = KeyIndex()
        for row, place in enumerate(places):
            for name in place.names():
                key = key_of(name)
                index.add(key, row)
                if " " in key and len(joined := key_of(key.replace(" ", ""))) >= MIN_JOINED:
                    index.add(joined, row, fuzzy=False)  # "Tinzaouatine" for "Tin Zaouatine"
        index.freeze()
        skeletons: dict[str, tuple[str, ...]] = {}
        for key in index.all_keys():
            if sk := skeleton(key):
                skeletons[sk] = (*skeletons.get(sk, ()), key)
        return cls(list(places), index, skeletons)

    def approximate(self, key: str, limit: int, query: str = "") -> list[tuple[str, float]]:
        """Keys near ``key`` with their scores (see ``approximate_rows``)."""
        return [(k, s) for k, s, _ in self.approximate_rows(key, limit, query)]

    def approximate_rows(self, key: str, limit: int, query: str = ""
                         ) -> list[tuple[str, float, frozenset[int] | None]]:
        """The near keys of ``_approximate``, remembered per question (a run asks of the same
        unknown names again and again)."""
        memo = self.__dict__.setdefault("_memo", {})
        found = memo.get((key, limit, query))
        if found is None:
            if len(memo) >= APPROXIMATE_MEMO:
                memo.clear()
            found = memo[(key, limit, query)] = self._approximate(key, limit, query)
        return found

    def _approximate(self, key: str, limit: int, query: str = ""
                     ) -> list[tuple[str, float, frozenset[int] | None]]:
        """Keys near ``key``: fuzzy (typos of the key, and of ``query`` as written), and those
        with its consonant skeleton (transliterations), each with its score and the rows it
        stands for (None: every place with the key; a typo of a name as written stands only
        for the places that bear that name)."""
        found = {k: s * FUZZY_WEIGHT for k, s in self.index.fuzzy(key, FUZZY_CUTOFF, limit)}
        rows: dict[str, frozenset[int]] = {}
        if query:
            for k, (s, near_rows) in self.written.near(query, limit).items():
                if k not in found or s * FUZZY_WEIGHT > found[k]:
                    if k not in found:
                        rows[k] = near_rows
                    found[k] = s * FUZZY_WEIGHT
        found.pop(key, None)
        if max(found.values(), default=0.0) < SKELETON_SCORE:  # no near spelling: a far one
            for k in self.skeletons.get(telling(key), ()):
                if found.get(k, 0.0) < SKELETON_SCORE:
                    found[k] = SKELETON_SCORE
                    rows.pop(k, None)
            found.pop(key, None)
        return [(k, s, rows.get(k)) for k, s in sorted(found.items(),
                                                       key=lambda kv: (-kv[1], kv[0]))]

    def place(self, row: int) -> Place:
        return self.places[row]
