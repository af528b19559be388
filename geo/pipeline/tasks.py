"""The tasks Dask workers run: read a partition of the sources, split its rows by merge
partition, merge, frame. Each is a pure function of its arguments and the files it reads, so
a task run twice (its worker died and Dask ran it again) gives the same result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from gazetteer.place import Place
from geo.extract.scope import EVERYTHING, Scope
from geo.incidents.draft import SourceProblem
from geo.incidents.merge import Row
from geo.pipeline import keyed
from geo.pipeline.reading import SourceSummary
from geo.review.decisions import Decisions


@dataclass(frozen=True)
class ReadOptions:
    """How sources are read: the same for every partition of a run."""

    default_date: date | None = None
    columns: dict[str, str] | None = None
    default_country: str = ""
    scope: Scope = EVERYTHING
    actors: tuple[str, ...] = ()
    decisions: Decisions | None = None  # the analyst's (geo/review), applied on the workers


@dataclass
class Partition:
    """What one partition of the sources gave (files in their order)."""

    index: int
    rows: list[Row]  # located rows, tagged with their position
    keys: keyed.RowKeys
    places: dict[str, Place] = field(default_factory=dict)
    lost: list[Row] = field(default_factory=list)
    unknown: list[Row] = field(default_factory=list)
    summaries: list[SourceSummary] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    matched: dict[str, set[str]] = field(default_factory=dict)  # decision -> files it matched

    def without_rows(self) -> Partition:
        """All but the rows (which stay on the worker): for the process that runs the job."""
        return Partition(self.index, [], self.keys, self.places, self.lost, self.unknown,
                         self.summaries, self.problems, self.matched)


def read_partition(index: int, files: list[tuple[str, str]], options: ReadOptions) -> Partition:
    """Read, extract, resolve and locate one partition's files with this worker's gazetteer;
    the analyst's decisions put each telling as they have it before the merge."""
    from geo.pipeline.cluster import worker_extractor, worker_resolver, worker_review
    from geo.pipeline.reading import count_unresolved, locate_drafts, read_sources

    extractor = worker_extractor(options.scope, options.actors)
    read = read_sources([(Path(p), kind) for p, kind in files], extractor,
                        default_date=options.default_date, columns=options.columns,
                        default_country=options.default_country, scope=options.scope)
    review = worker_review(options.decisions)
    rows, places, lost = locate_drafts(read.drafts, worker_resolver(), review=review)
    count_unresolved(read.summaries, lost)
    if review is not None:
        rows = review.before_merge(rows)
    for n, row in enumerate(rows):
        row[keyed.POSITION] = (index, n)
    return Partition(index, rows, keyed.RowKeys.of(rows), places, lost, read.unknown,
                     read.summaries, read.problems, review.matched if review else {})


def partition_info(part: Partition) -> Partition:
    return part.without_rows()


def split_rows(part: Partition, labels: np.ndarray, where: np.ndarray, parts: int
               ) -> list[list[Row]]:
    """The partition's rows by merge partition (``labels``: each row's group, -1 for none;
    ``where``: each group's merge partition), each tagged with its group."""
    out: list[list[Row]] = [[] for _ in range(parts)]
    for row, group in zip(part.rows, labels.tolist(), strict=True):
        if group >= 0:
            out[int(where[group])].append({**row, keyed.GROUP: group})
    return out


def split_merged(merged: Merged, ahead: np.ndarray, where: np.ndarray, parts: int
                 ) -> list[list[Row]]:
    """A first-pass merge partition's rows by second-pass merge partition (``ahead``: each
    first-pass group's second-pass group, -1 for none; ``where``: each second-pass group's
    partition), each tagged with its second-pass group; last, the rows that are done."""
    out: list[list[Row]] = [[] for _ in range(parts + 1)]
    for row in merged.rows:
        group = int(ahead[row[keyed.GROUP]])
        if group < 0:
            out[parts].append(row)
        else:
            out[int(where[group])].append({**row, keyed.GROUP: group})
    out[parts] = keyed.without_facts(out[parts])
    return out


def piece(pieces: list[list[Row]], k: int) -> list[Row]:
    return pieces[k]


@dataclass
class Merged:
    """One merge partition's incidents (tagged with their rank) and where they were filed."""

    rows: list[Row]
    filed_group: np.ndarray
    filed: np.ndarray


def merge_partition(seeded: int, *pieces: list[Row]) -> Merged:
    """Merge the rows of ``pieces`` onto those of the first ``seeded`` (the first pass's
    merged rows, taken up in the second: keyed.merge_group)."""
    seeds = sorted((row for chunk in pieces[:seeded] for row in chunk),
                   key=lambda r: r[keyed.RANK])
    rows = [row for chunk in pieces[seeded:] for row in chunk]
    merged, groups, filed = keyed.merge_group(rows, seeds)
    return Merged(merged, np.asarray(groups, np.int64), np.asarray(filed, np.int64))


def filings(merged: Merged) -> tuple[np.ndarray, np.ndarray]:
    return merged.filed_group, merged.filed


def merged_rows(merged: Merged) -> list[Row]:
    return keyed.without_facts(merged.rows)


def review_rows(rows: list[Row], decisions: Decisions) -> tuple[list[Row], dict[str, set[str]]]:
    """A merge partition's incidents as the analyst's decisions have them (merge marks still
    on), and what each decision matched."""
    from geo.pipeline.cluster import worker_review

    review = worker_review(decisions)
    assert review is not None
    return review.review_merged(rows), review.matched


def place_counts(rows: list[Row]) -> dict[str, int]:
    from geo.pipeline.reading import place_counts as counts

    return counts(rows)


def incident_frame(rows: list[Row]):
    """The partition's incidents as a GeoDataFrame in the schema, in merge order."""
    from geo.incidents.schema import incidents_frame

    rows = sorted(rows, key=lambda r: r[keyed.RANK])
    return incidents_frame([keyed.untag(dict(r)) for r in rows])
