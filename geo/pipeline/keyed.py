"""Keyed merging: rows split into groups that ``merge_rows`` could never join, merged apart.

``merge_rows`` files each merged row under its place, grid cell, country or name, by week, and
a row meets only the merged rows filed under one of its probes (``geo.incidents.merge.filing``).
Rows are grouped so that no row probes where another group's rows are filed: then merging each
group alone gives exactly the rows, ids and order that merging all at once gives, whatever the
split. The groups come from the rows' first filing (connected components of rows and the
buckets they file and probe); after merging, each group's merged rows report every bucket they
were filed under (a merged row takes a more precise date from a later telling and is filed by
its weeks too), and groups whose filings another group's rows probe are joined and merged again.

Two passes (``merge_rows`` takes every row of a precise place before any country-level,
unlocated or aggregate row: ``late``): the first merges the located rows, grouped by their own
buckets only, so that a country's steady reporting does not chain its whole theatre into one
group; the second takes up each group that a late row reaches (``second_groups``) where the
first left it (``merge_onto``) and merges its late rows in. Both give what one merge gives.

Buckets travel as 64-bit hashes (stable across processes); a collision can only join groups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from geo.incidents.merge import Row, filing_parts, merge_onto, merge_order, with_unique_ids
from geo.incidents.tellings import FACTS, Facts, facts

POSITION = "_keyed_position"  # a row's place in the whole input: (partition, index)
RANK = "_keyed_rank"  # where merge_rows puts the merged row it founds: (merge order, position)
WEEKS = "_keyed_weeks"  # the weeks a row is filed by, noted when its keys are read
GROUP = "_keyed_group"  # a row's group, while it is merged
OWN_ID = "_keyed_own_id"  # the incident id a row came with (merge_rows reads it)
TAGS = (POSITION, RANK, WEEKS, GROUP, OWN_ID, FACTS)  # FACTS: what merge_rows kept of its
# tellings (merged rows keep them for the second pass; keyed_rows drops them before the end)
#: ``merge_order`` from which a row is taken after every located row of a precise place:
#: country-level and unlocated rows, aggregates (and not _stored ones, which come first)
LATE = (1, 1, 4)


def late(row: Row) -> bool:
    """True for a row that ``merge_rows`` takes after every row not late (second pass)."""
    return merge_order(row)[:3] >= LATE


def bucket_hash(key: tuple) -> int:
    """A place key as a signed 64-bit integer, the same in every process."""
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_MIX = 0x9E3779B97F4A7C15  # odd: weeks apart give buckets apart
_BITS = (1 << 64) - 1
NO_WEEK = -1  # an undated row's "week" (weeks of dates are day numbers // 7, never negative)


def bucket(key: int, week: int | None) -> int:
    """The bucket of a place key (its ``bucket_hash``) in one week (``buckets``, one by one)."""
    value = (key ^ ((NO_WEEK if week is None else week) * _MIX)) & _BITS
    return value - (1 << 64) if value >> 63 else value


def buckets(keys: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    """The buckets of place keys (int64 hashes) in weeks (int64), as ``bucket`` gives them."""
    mixed = weeks.astype(np.uint64) * np.uint64(_MIX)  # wraps, as & _BITS does
    return (keys.view(np.uint64) ^ mixed).view(np.int64)


class BucketHashes(dict):
    """``bucket_hash`` of each key asked for, kept: the rows of a partition share most of
    their keys (one place, one country), so each is hashed once."""

    def __missing__(self, key: tuple) -> int:
        value = self[key] = bucket_hash(key)
        return value


@dataclass
class RowKeys:
    """The buckets of some rows: ``owned_row[i]`` is filed under ``owned[i]``, ``probe_row[j]``
    looks in ``probe[j]`` (rows numbered from 0 in the order given); ``late``: each row's
    pass."""

    rows: int
    owned_row: np.ndarray
    owned: np.ndarray
    probe_row: np.ndarray
    probe: np.ndarray
    late: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[Row]) -> RowKeys:
        """The rows' buckets (each key in each week, paired in numpy); each row notes its
        weeks (WEEKS), which its merge reads again, and the id it came with (OWN_ID)."""
        hashes = BucketHashes()
        owned: list[int] = []
        owned_row: list[int] = []
        probe: list[int] = []
        probe_row: list[int] = []
        first = np.empty(len(rows), np.int64)
        weeks = np.empty(len(rows), np.int64)
        for n, row in enumerate(rows):
            keys, probes, row_weeks = filing_parts(row)
            row[OWN_ID] = row.get("incident_id")
            row[WEEKS] = tuple(row_weeks)
            first[n] = NO_WEEK if row_weeks[0] is None else row_weeks[0]
            weeks[n] = len(row_weeks)  # a row's weeks are consecutive
            owned += map(hashes.__getitem__, keys)
            owned_row += [n] * len(keys)
            probe += map(hashes.__getitem__, probes)
            probe_row += [n] * len(probes)
        return cls(len(rows), *_by_week(owned_row, owned, first, weeks),
                   *_by_week(probe_row, probe, first, weeks),
                   np.fromiter(map(late, rows), bool, len(rows)))

    @classmethod
    def concat(cls, parts: Iterable[RowKeys]) -> RowKeys:
        """The keys of several partitions' rows, numbered on from one to the next."""
        parts = list(parts)
        offsets = np.cumsum([0] + [p.rows for p in parts])

        def join(name: str, shift: bool) -> np.ndarray:
            return np.concatenate([getattr(p, name) + o if shift else getattr(p, name)
                                   for p, o in zip(parts, offsets, strict=False)]
                                  or [np.empty(0, bool if name == "late" else np.int64)])

        return cls(int(offsets[-1]), join("owned_row", True), join("owned", False),
                   join("probe_row", True), join("probe", False), join("late", False))

    def probing(self, rows: np.ndarray) -> RowKeys:
        """These keys with the probes of ``rows`` (a mask) only."""
        keep = rows[self.probe_row]
        return RowKeys(self.rows, self.owned_row, self.owned, self.probe_row[keep],
                       self.probe[keep], self.late)


def _by_week(row_of: list[int], keys: list[int], first: np.ndarray, weeks: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """(row, bucket) of each key of a row in each of its weeks."""
    row_of_ = np.asarray(row_of, np.int64)
    count = weeks[row_of_]
    rows = np.repeat(row_of_, count)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    return rows, buckets(np.repeat(np.asarray(keys, np.int64), count),
                         np.repeat(first[row_of_], count) + within)


def _components(nodes: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(nodes, nodes))
    return connected_components(graph, directed=False)[1]


def groups(keys: RowKeys, owners: np.ndarray | None = None) -> np.ndarray:
    """A group number for each row: a row and the rows filed where it probes are in one group
    (rows filed in one bucket that no row probes stay apart: they never meet there);
    ``owners``: only these rows' buckets count (a mask)."""
    if not keys.rows:
        return np.zeros(0, np.int64)
    if owners is not None:
        keep = owners[keys.owned_row]
        keys = RowKeys(keys.rows, keys.owned_row[keep], keys.owned[keep], keys.probe_row,
                       keys.probe, keys.late)
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
    return np.where(labels >= 0, new[labels], -1), joined


def first_groups(keys: RowKeys) -> np.ndarray:
    """Each row's group in the first pass (-1: a late row, merged in the second)."""
    first = ~keys.late
    labels = groups(keys.probing(first), owners=first)
    return np.where(first, labels, -1)


def second_groups(keys: RowKeys, first: np.ndarray, filed_group: np.ndarray,
                  filed: np.ndarray) -> np.ndarray:
    """Each row's group in the second pass, -1 for those no late row reaches (their merged
    rows are done). A late row meets the first pass's merged rows filed where it probes
    (every bucket their rows own, and ``filed``, by first-pass group, the ones they took)
    and the late rows filed there; a first-pass group stays whole."""
    labels = groups(keys.probing(keys.late))
    a_rows = np.flatnonzero(first >= 0)
    if len(a_rows):
        top = int(labels.max()) + 1
        new = _components(top + int(first.max()) + 1, labels[a_rows], top + first[a_rows])
        labels = new[:top][labels]
        ahead = to_second(first, labels)
        labels, _ = join_crossed(labels, keys.probing(keys.late), ahead[filed_group], filed)
    reached = np.zeros(int(labels.max(initial=-1)) + 1, bool)
    reached[labels[keys.late]] = True
    return np.where(reached[labels], labels, -1)


def to_second(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each first-pass group, its second-pass group (-1: none)."""
    out = np.full(int(first.max(initial=-1)) + 1, -1, np.int64)
    a_rows = first >= 0
    out[first[a_rows]] = second[a_rows]
    return out


def assign(labels: np.ndarray, parts: int) -> np.ndarray:
    """The merge partition of each group (sizes balanced: largest groups spread first);
    rows labelled -1 are in none."""
    sizes = np.bincount(labels[labels >= 0], minlength=int(labels.max(initial=-1)) + 1)
    order = np.argsort(-sizes, kind="stable")
    before = np.cumsum(sizes[order]) - sizes[order]
    where = np.empty(len(sizes), np.int64)
    where[order] = np.minimum(before * parts // max(int(sizes.sum()), 1), parts - 1)
    return where


def partitions(labels: np.ndarray, most: int) -> int:
    """How many merge partitions to make of these groups: ``most`` at most, one per group
    at most, and one at least."""
    groups_ = len(np.unique(labels[labels >= 0]))
    return max(1, min(most, groups_))


def merge_group(rows: list[Row], seeds: list[Row] = ()
                ) -> tuple[list[Row], list[int], list[int]]:
    """Merge rows of whole groups (each tagged with POSITION and its group in GROUP) onto
    ``seeds``, the first pass's merged rows of those groups (in RANK order); (merged rows
    tagged with RANK, and for each bucket a merged row was filed under, its group and the
    bucket)."""
    rows = sorted(rows, key=lambda r: r[POSITION])  # ties in merge order keep input order
    weeks_of: dict[tuple, set] = {}
    unsourced: dict[int, set] = {}  # a telling without a source: its weeks go to its group
    first_weeks: dict[tuple, tuple] = {seed[POSITION]: seed[WEEKS] for seed in seeds}
    for row in rows:
        row[RANK] = (merge_order(row), row[POSITION])
        weeks = row.get(WEEKS)
        if weeks is None:
            weeks = row[WEEKS] = tuple(filing_parts(row)[2])
        first_weeks[row[POSITION]] = weeks
        for source in row.get("sources") or []:
            weeks_of.setdefault(_source_key(source), set()).update(weeks)
        if not row.get("sources"):
            unsourced.setdefault(row[GROUP], set()).update(weeks)
        row.setdefault(OWN_ID, row.get("incident_id"))
    merged = merge_onto(map(_resumed, seeds), rows)
    with_unique_ids(merged)
    hashes = BucketHashes()
    groups_out: list[int] = []
    filed: list[int] = []
    for row in merged:
        # filed under its first telling's keys by the weeks of every date it held, those of
        # its tellings; its first telling's own buckets are in its group already
        keys, _, own = filing_parts(row)
        weeks = set().union(*(weeks_of.get(_source_key(s), ()) for s in row["sources"]))
        weeks |= set(own) | unsourced.get(row[GROUP], set())
        weeks.difference_update(first_weeks[row[POSITION]])
        if not weeks:
            continue
        for key in keys:
            for week in weeks:
                filed.append(bucket(hashes[key], week))
                groups_out.append(row[GROUP])
    return merged, groups_out, filed


def _resumed(row: Row) -> Row:
    """A first-pass merged row as ``merge_rows`` held it before ids: its own id, and a copy of
    its tellings' facts (each table row's repeat key is its telling's: not read again)."""
    row = dict(row)
    if row.get(OWN_ID) is None:
        row.pop("incident_id", None)
    else:
        row["incident_id"] = row[OWN_ID]
    held = row.get(FACTS) or facts(row)
    row[FACTS] = Facts(held.count, set(held.keys), set(held.files), set(held.quotes),
                       set(held.lines), {table: set(keys) for table, keys in held.tables.items()})
    return row


def without_facts(rows: Iterable[Row]) -> list[Row]:
    """Merged rows without the facts their merge kept (copies: a task's input stays as it is)."""
    return [{k: v for k, v in row.items() if k != FACTS} for row in rows]


def _source_key(source: dict) -> tuple:
    return (source.get("url", ""), source.get("file", ""), source.get("quote", ""))


def untag(row: Row) -> Row:
    """The row without the keyed step's tags."""
    for tag in TAGS:
        row.pop(tag, None)
    return row
