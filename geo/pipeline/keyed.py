"""Keyed merging: rows split into groups that ``merge_rows`` could never join, merged apart.

``merge_rows`` files each merged row under its place, grid cell, country or name, by week, and
a row meets only the merged rows filed under one of its probes (``geo.incidents.merge.filing``).
Rows are grouped so that no row probes where another group's rows are filed: then merging each
group alone gives exactly the rows, ids and order that merging all at once gives, whatever the
split. The groups come from the rows' first filing (connected components of rows and the
buckets they file and probe); after merging, each group's merged rows report every bucket they
were filed under (a merged row takes a more precise date from a later telling and is filed by
its weeks too), and groups whose filings another group's rows probe are joined and merged again.

Buckets travel as 64-bit hashes (stable across processes); a collision can only join groups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from geo.incidents.merge import Row, filing, merge_order, merge_rows

POSITION = "_keyed_position"  # a row's place in the whole input: (partition, index)
RANK = "_keyed_rank"  # where merge_rows puts the merged row it founds: (merge order, position)
WEEKS = "_keyed_weeks"  # the weeks a row is filed by, noted when its keys are read
GROUP = "_keyed_group"  # a row's group, while it is merged
TAGS = (POSITION, RANK, WEEKS, GROUP)


def bucket_hash(bucket: tuple) -> int:
    """A bucket as a signed 64-bit integer, the same in every process."""
    digest = hashlib.blake2b(repr(bucket).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class BucketHashes(dict):
    """``bucket_hash`` of each bucket asked for, kept: the rows of a partition share most of
    their buckets (one place, one week), so each is hashed once."""

    def __missing__(self, bucket: tuple) -> int:
        value = self[bucket] = bucket_hash(bucket)
        return value


@dataclass
class RowKeys:
    """The buckets of some rows: ``owned_row[i]`` is filed under ``owned[i]``, ``probe_row[j]``
    looks in ``probe[j]`` (rows numbered from 0 in the order given)."""

    rows: int
    owned_row: np.ndarray
    owned: np.ndarray
    probe_row: np.ndarray
    probe: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[Row]) -> RowKeys:
        """The rows' buckets; each row notes its weeks (WEEKS), which its merge reads again."""
        hashes = BucketHashes()
        owned_row: list[int] = []
        owned: list[int] = []
        probe_row: list[int] = []
        probe: list[int] = []
        for n, row in enumerate(rows):
            keys, probes = filing(row)
            row[WEEKS] = _weeks_of(keys)
            owned += map(hashes.__getitem__, keys)
            owned_row += [n] * len(keys)
            probe += map(hashes.__getitem__, probes)
            probe_row += [n] * len(probes)
        return cls(len(rows), np.asarray(owned_row, np.int64), np.asarray(owned, np.int64),
                   np.asarray(probe_row, np.int64), np.asarray(probe, np.int64))

    @classmethod
    def concat(cls, parts: Iterable[RowKeys]) -> RowKeys:
        """The keys of several partitions' rows, numbered on from one to the next."""
        parts = list(parts)
        offsets = np.cumsum([0] + [p.rows for p in parts])

        def join(name: str, shift: bool) -> np.ndarray:
            return np.concatenate([getattr(p, name) + (o if shift else 0)
                                   for p, o in zip(parts, offsets, strict=False)]
                                  or [np.empty(0, np.int64)])

        return cls(int(offsets[-1]), join("owned_row", True), join("owned", False),
                   join("probe_row", True), join("probe", False))


def _components(nodes: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(nodes, nodes))
    return connected_components(graph, directed=False)[1]


def groups(keys: RowKeys) -> np.ndarray:
    """A group number for each row: a row and the rows filed where it probes are in one group
    (rows filed in one bucket that no row probes stay apart: they never meet there)."""
    buckets, owned_at = np.unique(keys.owned, return_inverse=True)
    probed_at = np.searchsorted(buckets, keys.probe)
    hit = probed_at < len(buckets)
    hit[hit] = buckets[probed_at[hit]] == keys.probe[hit]
    probed = np.zeros(len(buckets), bool)
    probed[probed_at[hit]] = True
    meets = probed[owned_at]
    a = np.concatenate([keys.owned_row[meets], keys.probe_row[hit]])
    b = keys.rows + np.concatenate([owned_at[meets], probed_at[hit]])
    return _components(keys.rows + len(buckets), a, b)[:keys.rows]


def join_crossed(labels: np.ndarray, keys: RowKeys, filed_group: np.ndarray,
                 filed: np.ndarray) -> tuple[np.ndarray, set[int]]:
    """Join the groups whose merged rows were filed (``filed``, by ``filed_group``) where a row
    of another group probes; (new labels, the old groups that were joined).

    Each (bucket, group) is counted once, and each probe meets only the groups filed in its
    bucket: the work is the probes plus the pairs found, however often a bucket was filed."""
    if not len(filed) or not len(keys.probe):
        return labels, set()
    order = np.lexsort((filed_group, filed))
    filed, filed_group = filed[order], filed_group[order]
    new_pair = np.ones(len(filed), bool)
    new_pair[1:] = (filed[1:] != filed[:-1]) | (filed_group[1:] != filed_group[:-1])
    filed, filed_group = filed[new_pair], filed_group[new_pair]
    buckets, first, count = np.unique(filed, return_index=True, return_counts=True)
    at = np.minimum(np.searchsorted(buckets, keys.probe), len(buckets) - 1)
    hit = buckets[at] == keys.probe
    at, probe_row = at[hit], keys.probe_row[hit]
    n = count[at]
    ends = np.cumsum(n)
    within = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - n, n)
    owner = filed_group[np.repeat(first[at], n) + within]
    prober = labels[np.repeat(probe_row, n)]
    crossed = owner != prober
    a, b = owner[crossed], prober[crossed]
    if not len(a):
        return labels, set()
    joined = set(a.tolist()) | set(b.tolist())
    top = int(labels.max()) + 1
    new = _components(top, a, b)
    return new[labels], joined


def assign(labels: np.ndarray, parts: int) -> np.ndarray:
    """The merge partition of each group (sizes balanced: largest groups spread first)."""
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    before = np.cumsum(sizes[order]) - sizes[order]
    where = np.empty(len(sizes), np.int64)
    where[order] = np.minimum(before * parts // max(int(sizes.sum()), 1), parts - 1)
    return where


def merge_group(rows: list[Row]) -> tuple[list[Row], list[int], list[int]]:
    """Merge rows of whole groups (each tagged with POSITION and its group in GROUP);
    (merged rows tagged with RANK, and for each bucket a merged row was filed under, its
    group and the bucket)."""
    rows = sorted(rows, key=lambda r: r[POSITION])  # ties in merge order keep input order
    weeks_of: dict[tuple, set] = {}
    unsourced: dict[int, set] = {}  # a telling without a source: its weeks go to its group
    first_weeks: dict[tuple, tuple] = {}
    for row in rows:
        row[RANK] = (merge_order(row), row[POSITION])
        weeks = row.get(WEEKS)
        if weeks is None:
            weeks = row[WEEKS] = _weeks_of(filing(row)[0])
        first_weeks[row[POSITION]] = weeks
        for source in row.get("sources") or []:
            weeks_of.setdefault(_source_key(source), set()).update(weeks)
        if not row.get("sources"):
            unsourced.setdefault(row[GROUP], set()).update(weeks)
    merged = merge_rows(rows)
    hashes = BucketHashes()
    groups_out: list[int] = []
    filed: list[int] = []
    for row in merged:
        # filed under its first telling's keys by the weeks of every date it held, those of
        # its tellings; its first telling's own buckets are in its group already
        own = filing(row)[0]
        weeks = set().union(*(weeks_of.get(_source_key(s), ()) for s in row["sources"]))
        weeks |= {b[-1] for b in own} | unsourced.get(row[GROUP], set())
        weeks.difference_update(first_weeks[row[POSITION]])
        if not weeks:
            continue
        for key in {b[:-1] for b in own}:
            for week in weeks:
                filed.append(hashes[(*key, week)])
                groups_out.append(row[GROUP])
    return merged, groups_out, filed


def _weeks_of(keys: list[tuple]) -> tuple:
    """The weeks of a row's filing keys (each once, in order)."""
    return tuple(dict.fromkeys(b[-1] for b in keys))


def _source_key(source: dict) -> tuple:
    return (source.get("url", ""), source.get("file", ""), source.get("quote", ""))


def untag(row: Row) -> Row:
    """The row without the keyed step's tags."""
    for tag in TAGS:
        row.pop(tag, None)
    return row
