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


def bucket_hash(bucket: tuple) -> int:
    """A bucket as a signed 64-bit integer, the same in every process."""
    digest = hashlib.blake2b(repr(bucket).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


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
        owned_row: list[int] = []
        owned: list[int] = []
        probe_row: list[int] = []
        probe: list[int] = []
        for n, row in enumerate(rows):
            keys, probes = filing(row)
            owned += [bucket_hash(b) for b in keys]
            owned_row += [n] * len(keys)
            probe += [bucket_hash(b) for b in probes]
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
    of another group probes; (new labels, the old groups that were joined)."""
    order = np.argsort(filed, kind="stable")
    filed, filed_group = filed[order], filed_group[order]
    lo = np.searchsorted(filed, keys.probe, "left")
    hi = np.searchsorted(filed, keys.probe, "right")
    pairs_a: list[np.ndarray] = []
    pairs_b: list[np.ndarray] = []
    for step in range(int((hi - lo).max(initial=0))):
        at = lo + step
        live = at < hi
        owner = filed_group[at[live]]
        prober = labels[keys.probe_row[live]]
        crossed = owner != prober
        pairs_a.append(owner[crossed])
        pairs_b.append(prober[crossed])
    a = np.concatenate(pairs_a or [np.empty(0, np.int64)])
    b = np.concatenate(pairs_b or [np.empty(0, np.int64)])
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
    """Merge rows of whole groups (each tagged with POSITION and its group in ``_keyed_group``);
    (merged rows tagged with RANK, and for each bucket a merged row was filed under, its
    group and the bucket)."""
    rows = sorted(rows, key=lambda r: r[POSITION])  # ties in merge order keep input order
    weeks_of: dict[tuple, set] = {}
    unsourced: dict[int, set] = {}  # a telling without a source: its weeks go to its group
    for row in rows:
        row[RANK] = (merge_order(row), row[POSITION])
        weeks = {b[-1] for b in filing(row)[0]}
        for source in row.get("sources") or []:
            weeks_of.setdefault(_source_key(source), set()).update(weeks)
        if not row.get("sources"):
            unsourced.setdefault(row["_keyed_group"], set()).update(weeks)
    merged = merge_rows(rows)
    by_position = {row[POSITION]: row for row in rows}
    groups_out: list[int] = []
    filed: list[int] = []
    for row in merged:
        # filed under its first telling's keys by the weeks of every date it held, those of
        # its tellings; its first telling's own buckets are in its group already
        first = {b[-1] for b in filing(by_position[row[POSITION]])[0]}
        weeks = set().union(*(weeks_of.get(_source_key(s), set()) for s in row["sources"]))
        weeks |= {b[-1] for b in filing(row)[0]} | unsourced.get(row["_keyed_group"], set())
        keys = {b[:-1] for b in filing(row)[0]}
        for key in keys:
            for week in weeks - first:
                filed.append(bucket_hash((*key, week)))
                groups_out.append(row["_keyed_group"])
    return merged, groups_out, filed


def _source_key(source: dict) -> tuple:
    return (source.get("url", ""), source.get("file", ""), source.get("quote", ""))


def untag(row: Row) -> Row:
    """The row without the keyed step's tags."""
    for tag in (POSITION, RANK, "_keyed_group"):
        row.pop(tag, None)
    return row
