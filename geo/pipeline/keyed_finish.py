"""The keyed merge's last steps, on merge partitions that stay where they are (on Dask workers),
so that the incidents are those one process gives (``merge_reviewed`` of all rows at once):

1. the analyst's decisions on each merged incident (``Review.review_merged``: row by row);
2. the incidents a ``merge`` decision joins folded into one: only the rows that carry a merge
   mark are gathered (a few), folded in merge order, and the result put back in its partition;
3. ids unique over all partitions, as ``with_unique_ids`` gives them in merge order: only each
   row's id is gathered (8 bytes), and then the few rows whose id repeats.

Rows are ordered by ``(RANK, partition, index)``: RANK is where ``merge_rows`` puts the merged
row, and the parts of a row an analyst split keep its RANK and their order. The worker-side
steps copy the rows they change (a task Dask runs again gets the same result).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from geo.incidents.merge import Row, with_unique_ids
from geo.incidents.schema import incident_id
from geo.pipeline.keyed import (
    GROUP,
    POSITION,
    RANK,
    RowKeys,
    assign,
    first_groups,
    join_crossed,
    merge_group,
    partitions,
    second_groups,
    to_second,
    untag,
    without_facts,
)
from geo.review.apply import fold_merges, unmark

Where = tuple[int, int]  # (merge partition, index of the row in it)


def order(row: Row, where: Where) -> tuple:
    return (row[RANK], *where)


# --- on the workers ------------------------------------------------------------------------


def marked(rows: Sequence[Row], part: int) -> list[tuple[tuple, Row]]:
    """The rows a merge decision joins with another (their order key, the row)."""
    return [(order(row, (part, i)), row) for i, row in enumerate(rows) if row.get("_together")]


def put_back(rows: Sequence[Row], folded: dict[int, Row | None]) -> list[Row]:
    """The partition's rows with the folded ones in place (None: folded into another), the
    review's marks taken off."""
    out = []
    for i, row in enumerate(rows):
        if i in folded:
            row = folded[i]
        if row is not None:
            out.append(dict(row))
    return unmark(out)


def raw_ids(rows: Sequence[Row]) -> np.ndarray:
    """Each row's id before ids are made unique, as an unsigned 64-bit integer."""
    return np.fromiter((int(incident_id(row), 16) for row in rows), np.uint64, len(rows))


def repeating(rows: Sequence[Row], part: int, repeated: np.ndarray) -> list[tuple[tuple, Row]]:
    """The rows whose id is one of ``repeated`` (sorted), with their order key."""
    ids = raw_ids(rows)
    hit = np.isin(ids, repeated, assume_unique=False)
    return [(order(rows[i], (part, i)), rows[i]) for i in np.flatnonzero(hit).tolist()]


def with_ids(rows: Sequence[Row], salted: dict[int, str]) -> list[Row]:
    """The rows with their ids: their own, or the one ``salted`` gives a repeated one."""
    return [{**row, "incident_id": salted.get(i) or incident_id(row)}
            for i, row in enumerate(rows)]


# --- in the process that runs the job ------------------------------------------------------


def fold(found: Iterable[tuple[tuple, Row]]) -> dict[int, dict[int, Row | None]]:
    """Fold the marked rows of every partition as one process would (in merge order): for
    each partition, its rows that changed (None: folded into another)."""
    found = sorted(found, key=lambda f: f[0])
    rows = [dict(row) for _, row in found]
    kept = {id(row) for row in fold_merges(rows)}
    out: dict[int, dict[int, Row | None]] = {}
    for (key, _), row in zip(found, rows, strict=True):
        out.setdefault(key[-2], {})[key[-1]] = row if id(row) in kept else None
    return out


def repeated_ids(ids: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(every id, sorted and once; the ids more than one row has)."""
    ids = list(ids)
    every, counts = np.unique(np.concatenate(ids or [np.empty(0, np.uint64)]),
                              return_counts=True)
    return every, every[counts > 1]


class _Seen(set):
    """The ids given so far: every row's own (sorted, as integers) and those salted here."""

    def __init__(self, every: np.ndarray) -> None:
        super().__init__()
        self.every = every

    def __contains__(self, key: object) -> bool:
        if super().__contains__(key):
            return True
        value = np.uint64(int(str(key), 16))
        at = int(np.searchsorted(self.every, value))
        return at < len(self.every) and self.every[at] == value


def salted_ids(found: Iterable[tuple[tuple, Row]], every: np.ndarray
               ) -> dict[int, dict[int, str]]:
    """The ids of rows whose id repeats, as ``with_unique_ids`` gives them over all rows in
    merge order (the first keeps its id, the next read their first source), by partition."""
    seen = _Seen(every)
    first: set[str] = set()
    out: dict[int, dict[int, str]] = {}
    for key, row in sorted(found, key=lambda f: f[0]):
        own = incident_id(row)
        if own not in first:
            first.add(own)
            continue
        out.setdefault(key[-2], {})[key[-1]] = with_unique_ids([dict(row)], seen)[0][
            "incident_id"]
    return out


def finish_in_process(parts: list[list[Row]], review=None) -> list[list[Row]]:
    """The steps above in this process, as the Dask run takes them (the tests compare it
    with one merge of all rows): each merge partition's incidents, finished."""
    if review is not None:
        parts = [review.review_merged(rows) for rows in parts]
        folded = fold(f for m, rows in enumerate(parts) for f in marked(rows, m))
        parts = [put_back(rows, folded.get(m, {})) for m, rows in enumerate(parts)]
    every, repeated = repeated_ids(raw_ids(rows) for rows in parts)
    salted = salted_ids((f for m, rows in enumerate(parts)
                         for f in repeating(rows, m, repeated)), every) if len(repeated) else {}
    return [with_ids(rows, salted.get(m, {})) for m, rows in enumerate(parts)]


def merge_keyed(partitions: list[list[Row]], parts: int, review=None) -> list[Row]:
    """The keyed merge in this process, as the Dask run does it (partitions of located rows in
    input order, ``parts`` merge partitions at most, the analyst's decisions of ``review``):
    the same rows as ``merge_reviewed`` of them all."""
    if review is not None:
        partitions = [review.before_merge(part) for part in partitions]
    tagged = [[{**row, POSITION: (p, n)} for n, row in enumerate(part)]
              for p, part in enumerate(partitions)]
    rows = [row for part in tagged for row in part]
    keys = RowKeys.concat(RowKeys.of(part) for part in tagged)
    first, merged, found = _merge_pass(rows, first_groups(keys), ~keys.late, keys, parts)
    done = [without_facts(part) for part in merged]
    if keys.late.any():
        second = second_groups(keys, first, *found)
        kept: list[list[Row]] = []

        def seeds(labels: np.ndarray, where: np.ndarray, k: int) -> list[Row]:
            ahead = to_second(first, labels)
            kept[:] = [without_facts(r for r in part if ahead[r[GROUP]] < 0) for part in merged]
            return sorted(({**r, GROUP: int(ahead[r[GROUP]])} for part in merged for r in part
                           if ahead[r[GROUP]] >= 0 and where[ahead[r[GROUP]]] == k),
                          key=lambda r: r[RANK])

        _, again, _ = _merge_pass(rows, second, keys.late, keys, parts, seeds)
        done = kept + [without_facts(part) for part in again]
    out = [row for part in finish_in_process(done, review) for row in part]
    out.sort(key=lambda r: r[RANK])
    return [untag(row) for row in out]


def _merge_pass(rows: list[Row], labels: np.ndarray, probing: np.ndarray, keys: RowKeys,
                parts: int, seeds=None) -> tuple[np.ndarray, list[list[Row]], tuple]:
    """Merge the rows of ``probing`` (a mask) by group (onto ``seeds(labels, where, k)``),
    joining groups until no merged row is filed where another group's row probes; (the
    labels, the merged rows of each merge partition, where they were filed)."""
    while True:
        count = partitions(labels, parts)
        where = assign(labels, count)
        merged: list[list[Row]] = []
        filed_group: list[int] = []
        filed: list[int] = []
        for k in range(count):
            chunk = [{**row, GROUP: int(label)}
                     for row, label, mine in zip(rows, labels.tolist(), probing, strict=True)
                     if mine and label >= 0 and where[label] == k]
            out, g, f = merge_group(chunk, seeds(labels, where, k) if seeds else [])
            merged.append(out)
            filed_group += g
            filed += f
        found = np.asarray(filed_group, np.int64), np.asarray(filed, np.int64)
        labels, joined = join_crossed(labels, keys.probing(probing), *found)
        if not joined:
            return labels, merged, found
