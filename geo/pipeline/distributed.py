"""Ingest on Dask: sources in partitions, read, extracted and resolved on the workers (the
gazetteer loaded once per worker), then a keyed merge (geo/pipeline/keyed.py) that gives the
same incidents, ids and rows as the single-process run, whatever the number of workers.

``ingest_distributed(paths, workers=2)`` returns the usual :class:`IngestReport` (the result
gathered into this process); ``ingest_dataset(paths, "out.parquet", scheduler=...)`` writes
the incidents from the workers as a partitioned GeoParquet dataset and gathers none of them.
Only small things come back to this process: each row's merge keys (hashed) and id, the files'
summaries and problems, the places used, the unresolved mentions, what the analyst's decisions
matched, and the few incidents a merge decision joins or whose id repeats
(geo/pipeline/keyed_finish.py).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.extract.scope import EVERYTHING, Scope
from geo.incidents.counts import Counts, TypeCount, summary
from geo.pipeline import keyed, keyed_finish, tasks
from geo.pipeline.discover import discover
from geo.pipeline.reading import IngestReport, Progress, Stages, dedupe, places_layer

if TYPE_CHECKING:
    from distributed import Client, Future

    from geo.review.apply import Review

FILES_PER_PARTITION = 250
PARTITIONS_PER_WORKER = 4
MERGES_PER_WORKER = 2  # merge partitions (each takes a piece of every read partition)


def file_partitions(files: list[tuple[Path, str]], workers: int) -> list[list[tuple[str, str]]]:
    """Consecutive runs of files of about equal bytes: enough for every worker to take several
    (balance, progress), few enough that each task is worth sending. Each run holds at least
    one file, so a large file does not leave fewer runs than workers."""
    if not files:
        return []
    count = min(len(files), max(workers * PARTITIONS_PER_WORKER,
                                math.ceil(len(files) / FILES_PER_PARTITION)))
    sizes = np.array([_size(p) + 1 for p, _ in files], dtype=np.float64)
    starts = np.cumsum(sizes) - sizes
    middles = starts + sizes / 2
    total = float(sizes.sum())
    bounds = [0]
    for k in range(1, count):
        # the rest of the bytes shared among the runs left: this run ends before the first
        # file whose middle is past its share, holds one file at least, and leaves one for
        # each run after it
        share = (total - starts[bounds[-1]]) / (count - k + 1)
        cut = int(np.searchsorted(middles, starts[bounds[-1]] + share, "left"))
        bounds.append(min(max(cut, bounds[-1] + 1), len(files) - count + k))
    bounds.append(len(files))
    return [[(str(p), kind) for p, kind in files[a:b]]
            for a, b in zip(bounds, bounds[1:], strict=False)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class Run:
    """A run on the cluster: what came back of each partition, and the merged incidents of
    each merge partition (futures of lists of rows, tagged with their rank)."""

    info: list[tasks.Partition]
    merged: list[Future]
    problems: list
    skipped: list[str]

    def report(self, layers) -> IngestReport:
        summaries = [s for part in self.info for s in part.summaries]
        problems = self.problems + [p for part in self.info for p in part.problems]
        return IngestReport(layers, problems, summaries, self.skipped)

    def places(self) -> dict:
        places: dict = {}
        for part in self.info:
            for key, place in part.places.items():
                places.setdefault(key, place)
        return places

    def unresolved(self):
        from geo.incidents.schema import unresolved_frame

        rows = [r for part in self.info for r in part.unknown]
        rows += [r for part in self.info for r in part.lost]
        return unresolved_frame(dedupe(rows))


def run(client: Client, paths: Iterable[str | os.PathLike[str]], options: tasks.ReadOptions,
        progress: Progress | None = None, stages: Stages | None = None,
        review: Review | None = None) -> Run:
    """Read every partition on the cluster, then merge by key until no group meets another,
    and finish the merged incidents where they are (``review``: the analyst's decisions, of
    which ``options`` carries a copy to the workers; what they match is added to it)."""
    from distributed import as_completed

    files, problems, skipped = discover(paths)
    workers = max(len(client.scheduler_info(n_workers=-1).get("workers", {})), 1)
    chunks = file_partitions(files, workers)
    parts = [client.submit(tasks.read_partition, k, chunk, options, pure=False,
                           key=f"geo-read-{k}-{os.urandom(4).hex()}")
             for k, chunk in enumerate(chunks)]
    infos = [client.submit(tasks.partition_info, part) for part in parts]
    info: list[tasks.Partition | None] = [None] * len(parts)
    done = 0
    for future in as_completed(infos):
        part = future.result()
        info[part.index] = part
        done += len(chunks[part.index])
        if progress:
            progress(done, len(files), chunks[part.index][-1][0])
    got = [p for p in info if p is not None]
    for part in got:
        if review is not None:
            review.add_matched(part.matched)
    keys = keyed.RowKeys.concat(p.keys for p in got)
    starts = np.cumsum([0] + [p.keys.rows for p in got])
    most = min(len(parts), workers * MERGES_PER_WORKER)
    merge = _Pass(client, parts, starts, keys, most, stages)
    first, merged, found = merge.run(keyed.first_groups(keys), ~keys.late)
    if keys.late.any():
        second = keyed.second_groups(keys, first, *found)
        _, again, _ = merge.run(second, keys.late, first, merged)
        rows = [client.submit(tasks.piece, s, merge.count) for s in merge.seeded or ()]
        rows += [client.submit(tasks.merged_rows, m) for m in again]
    else:
        rows = [client.submit(tasks.merged_rows, m) for m in merged]
    del parts, merge, merged  # the rows read and merged first leave the workers' memory
    return Run(got, finish(client, rows, review), problems, skipped)


@dataclass
class _Pass:
    """One pass of the keyed merge on the cluster: the rows of a mask merged by group (in the
    second pass, onto the first pass's merged rows of their groups), groups joined and merged
    again until no merged row is filed where another group's row probes."""

    client: Client
    parts: list[Future]
    starts: np.ndarray
    keys: keyed.RowKeys
    most: int
    stages: Stages | None
    count: int = 0
    seeded: list[Future] | None = None  # the first pass's rows by second-pass partition

    def run(self, labels: np.ndarray, rows: np.ndarray, first: np.ndarray | None = None,
            merged: list[Future] | None = None) -> tuple[np.ndarray, list[Future], tuple]:
        from distributed import as_completed

        submit = self.client.submit
        while True:
            self.count = count = keyed.partitions(labels, self.most)
            where = keyed.assign(labels, count)
            mine = np.where(rows, labels, -1)
            split = [submit(tasks.split_rows, part, mine[self.starts[k]:self.starts[k + 1]],
                            where, count) for k, part in enumerate(self.parts)]
            seeds: list[list[Future]] = [[] for _ in range(count)]
            if first is not None and merged is not None:
                ahead = keyed.to_second(first, labels)
                self.seeded = [submit(tasks.split_merged, m, ahead, where, count)
                               for m in merged]
                seeds = [[submit(tasks.piece, s, k) for s in self.seeded]
                         for k in range(count)]
            out = [submit(tasks.merge_partition, len(seeds[k]), *seeds[k],
                          *[submit(tasks.piece, s, k) for s in split]) for k in range(count)]
            filed = [submit(tasks.filings, m) for m in out]
            for n, _ in enumerate(as_completed(filed), 1):
                if self.stages:
                    self.stages("merge", n, count)
            got = self.client.gather(filed)
            found = (np.concatenate([g for g, _ in got] or [np.empty(0, np.int64)]),
                     np.concatenate([f for _, f in got] or [np.empty(0, np.int64)]))
            labels, joined = keyed.join_crossed(labels, self.keys.probing(rows), *found)
            if not joined:
                return labels, out, found
            # a merged row took a date that reached another group's probes: merge them as one


def finish(client: Client, rows: list[Future], review: Review | None) -> list[Future]:
    """The merge partitions' incidents (futures of lists of rows) as one process gives them:
    the decisions applied, the incidents a merge decision joins folded, ids unique over all
    partitions. Only the marked rows, each row's id and the rows whose id repeats come here."""
    if review is not None:
        done = [client.submit(tasks.review_rows, r, review.decisions) for r in rows]
        rows = [client.submit(tasks.piece, d, 0) for d in done]
        for matched in client.gather([client.submit(tasks.piece, d, 1) for d in done]):
            review.add_matched(matched)
        marked = client.gather([client.submit(keyed_finish.marked, r, m)
                                for m, r in enumerate(rows)])
        folded = keyed_finish.fold(f for part in marked for f in part)
        rows = [client.submit(keyed_finish.put_back, r, folded.get(m, {}))
                for m, r in enumerate(rows)]
    every, repeated = keyed_finish.repeated_ids(
        client.gather([client.submit(keyed_finish.raw_ids, r) for r in rows]))
    salted: dict[int, dict[int, str]] = {}
    if len(repeated):
        found = client.gather([client.submit(keyed_finish.repeating, r, m, repeated)
                               for m, r in enumerate(rows)])
        salted = keyed_finish.salted_ids((f for part in found for f in part), every)
    return [client.submit(keyed_finish.with_ids, r, salted.get(m, {}))
            for m, r in enumerate(rows)]


def ingest_distributed(
    paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
    scheduler: str | None = None, client: Client | None = None,
    default_date: date | None = None, columns: dict[str, str] | None = None,
    default_country: str = "", progress: Progress | None = None, scope: Scope = EVERYTHING,
    actors: Iterable[str | os.PathLike[str]] = (), stages: Stages | None = None,
    review: Review | None = None,
) -> IngestReport:
    """``ingest_paths`` on Dask workers (a local cluster of ``workers``, the cluster at
    ``scheduler``, or ``client``'s), the result gathered into this process; ``review``: the
    analyst's decisions, applied as in one process (what they matched is added to it)."""
    from geo.incidents.schema import IncidentSet, incidents_frame
    from geo.incidents.table_rows import merged_rows_notes

    options = _options(default_date, columns, default_country, scope, actors, review)
    with _client(client, workers, scheduler) as dask:
        job = run(dask, paths, options, progress, stages, review)
        rows = [r for part in dask.gather(job.merged) for r in part]
    rows.sort(key=lambda r: r[keyed.RANK])  # stable: the parts of a split row keep order
    merged = [keyed.untag(r) for r in rows]
    layers = IncidentSet(incidents_frame(merged), places_layer(job.places(), merged),
                         job.unresolved())
    report = job.report(layers)
    report.notes = merged_rows_notes(merged)
    return report


@dataclass
class DatasetReport:
    """What ``ingest_dataset`` wrote: the dataset, its size, and what the files gave (the
    places and unresolved mentions, which are small, come back; the incidents do not)."""

    dataset: Path
    counts: Counts
    partitions: int
    report: IngestReport

    @property
    def incidents(self) -> int:
        return self.counts.incidents

    def as_dict(self) -> dict:
        return self.report.as_dict() | self.counts.as_dict() | {
            "summary": summary(self.counts), "dataset": str(self.dataset),
            "partitions": self.partitions,
            "by_type": {t.event_type: t.incidents for t in self.counts.types}}


def combined(parts: list[Counts], places: int) -> Counts:
    """The counts of a whole set from those of its partitions (``places``: distinct places)."""
    types: dict[str, list[int]] = {}
    for part in parts:
        for t in part.types:
            total = types.setdefault(t.event_type, [0, 0, 0])
            total[0] += t.incidents
            total[1] += t.mapped
            total[2] += t.events
    firsts = [p.first for p in parts if p.first]
    lasts = [p.last for p in parts if p.last]
    return Counts(sum(p.incidents for p in parts), sum(p.mapped for p in parts),
                  sum(p.events for p in parts), sum(p.dated for p in parts), places,
                  min(firsts, default=None), max(lasts, default=None),
                  tuple(sorted((TypeCount(k, *v) for k, v in types.items()),
                               key=lambda t: (-t.incidents, t.event_type))))


def ingest_dataset(
    paths: Iterable[str | os.PathLike[str]], dataset: str | os.PathLike[str], *,
    workers: int | None = None, scheduler: str | None = None, client: Client | None = None,
    default_date: date | None = None, columns: dict[str, str] | None = None,
    default_country: str = "", progress: Progress | None = None, scope: Scope = EVERYTHING,
    actors: Iterable[str | os.PathLike[str]] = (), stages: Stages | None = None,
    review: Review | None = None,
) -> DatasetReport:
    """Ingest on Dask workers and write the incidents from the workers as a partitioned
    GeoParquet dataset at ``dataset`` (a folder): no incident comes back to this process
    (ids unique over the whole dataset; ``review`` as in ``ingest_distributed``)."""
    from geo.incidents.schema import IncidentSet, incidents_frame
    from geo.pipeline.dataset import check_dataset_path, write_dataset

    check_dataset_path(dataset)
    options = _options(default_date, columns, default_country, scope, actors, review)
    with _client(client, workers, scheduler) as dask:
        job = run(dask, paths, options, progress, stages, review)
        frames = [dask.submit(tasks.incident_frame, m) for m in job.merged]
        if stages:
            stages("write", 0, 1)
        parts = write_dataset(dask, frames, dataset)
        sizes = dask.gather([dask.submit(Counts.of, f) for f in frames])
        counts: dict[str, int] = {}
        for part in dask.gather([dask.submit(tasks.place_counts, m) for m in job.merged]):
            for key, n in part.items():
                counts[key] = counts.get(key, 0) + n
        if stages:
            stages("write", 1, 1)
    layers = IncidentSet(incidents_frame([]), places_layer(job.places(), counts=counts),
                         job.unresolved())
    return DatasetReport(Path(dataset), combined(sizes, len(counts)), parts, job.report(layers))


def _options(default_date: date | None, columns: dict[str, str] | None, default_country: str,
             scope: Scope, actors: Iterable[str | os.PathLike[str]], review: Review | None
             ) -> tasks.ReadOptions:
    return tasks.ReadOptions(default_date, columns, default_country, scope,
                             tuple(str(a) for a in actors),
                             review.decisions if review is not None else None)


def _client(client: Client | None, workers: int | None, scheduler: str | None):
    from contextlib import nullcontext

    from geo.pipeline.cluster import dask_client

    return nullcontext(client) if client is not None else dask_client(workers, scheduler)
