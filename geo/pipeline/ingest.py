"""From files to incidents: read sources, extract, resolve and locate, merge.

``ingest_paths(["seeds/"])`` returns an :class:`IngestReport` whose ``layers`` are the incident,
place and unresolved-mention frames; ``update_store`` merges them into a GeoPackage store so
that ingesting the same files twice changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import UserError
from geo.extract.actors import ActorLexicon
from geo.extract.incidents import Extractor
from geo.extract.scope import EVERYTHING, Scope
from geo.incidents.merge import Row, merge_reviewed
from geo.incidents.schema import IncidentSet, incidents_frame, unresolved_frame
from geo.incidents.table_merge import merge_table_rows
from geo.incidents.table_rows import merged_rows_notes
from geo.pipeline.discover import discover
from geo.pipeline.faults import geocoder_faults
from geo.pipeline.reading import (
    IngestReport,
    Progress,
    SourceSummary,
    Stages,
    count_unresolved,
    dedupe,
    default_resolver,
    locate_drafts,
    places_layer,
    read_sources,
)
from geo.resolve.chain import Resolver
from geo.review.apply import Review
from geo.store.table_frame import frame_notes, merge_table_frame

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["IngestReport", "SourceSummary", "default_resolver", "geocoder_faults",
           "ingest_paths", "locate_drafts"]


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    resolver: Resolver | None = None,
    default_date: date | None = None,
    columns: dict[str, str] | None = None,
    default_country: str = "",
    progress: Progress | None = None,
    scope: Scope = EVERYTHING,
    actors: Iterable[str | os.PathLike[str]] = (),
    stages: Stages | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    review: Review | None = None,
) -> IngestReport:
    """Read, extract, resolve, locate and merge the incidents of files and folders.

    ``scope`` narrows what is kept (every violent event by default); ``actors`` are the
    user's own actor lexicon files (the shape of geo/data/actors/*.json).
    ``progress(done, total, file)`` follows the reading; ``stages(stage, done, total)`` the
    steps after it ("locate", "merge"), so that a display never sits at 100% in silence.
    ``workers`` (a local Dask cluster of that many processes) or ``scheduler`` (the address
    of a running one), or a dask.distributed ``client``, spread the work over Dask workers:
    the same incidents, ids and rows (geo/pipeline/distributed.py).
    ``review``: the analyst's decisions (geo.review), applied before and after the merge (on
    the workers too: the same incidents as one process)."""
    if workers is not None or scheduler is not None or client is not None:
        from geo.pipeline.distributed import ingest_distributed

        if resolver is not None:
            raise UserError("a resolver object stays in this process: with workers, each "
                            "worker loads the default gazetteer (drop resolver=)")
        return ingest_distributed(paths, workers=workers, scheduler=scheduler, client=client,
                                  default_date=default_date, columns=columns,
                                  default_country=default_country, progress=progress,
                                  scope=scope, actors=actors, stages=stages, review=review)
    resolver = resolver or default_resolver()
    extractor = Extractor(resolver, ActorLexicon.load(*map(Path, actors)), scope)
    files, problems, skipped = discover(paths)
    read = read_sources(files, extractor, default_date=default_date, columns=columns,
                        default_country=default_country, scope=scope, progress=progress)
    rows, places, lost = locate_drafts(read.drafts, resolver, stages, review)
    read.drafts.clear()  # each is a row now: not kept while the rows merge (peak memory)
    count_unresolved(read.summaries, lost)
    unresolved = read.unknown + lost
    problems += read.problems
    for problem in geocoder_faults(unresolved, resolver):
        problems.append(problem)
        for source in read.summaries:
            if source.path == problem.file:
                source.problems += 1  # so that the next build reads it again
    if stages:
        stages("merge", 0, 1)
    table = one_table_frame(rows) if review is None else None
    if table is not None:  # one table's rows alone: merged as columns
        rows.clear()  # the frame holds them now
        places_ids = table["place_id"]
        counts = places_ids[places_ids != ""].value_counts().to_dict()
        incidents, places_frame, notes = table, places_layer(places, counts=counts), \
            frame_notes(table)
    else:
        merged = merge_reviewed(rows, review) if review is not None else merge_table_rows(rows)
        incidents, places_frame, notes = incidents_frame(merged), places_layer(places, merged), \
            merged_rows_notes(merged)
    if stages:
        stages("merge", 1, 1)
    layers = IncidentSet(incidents, places_frame, unresolved_frame(dedupe(unresolved)))
    return IngestReport(layers, problems, read.summaries, skipped, notes)


def one_table_frame(rows: list[Row]):
    """The incidents of rows that are one table's alone, merged column by column
    (geo.store.table_frame), or None (rows of articles or several tables: merged as rows)."""
    if not rows or not all(row.get("sources") for row in rows):
        return None
    import pandas as pd

    if any(row.get("incident_id") for row in rows):
        return merge_table_frame(incidents_frame(rows))
    frame = pd.DataFrame(rows)
    frame["incident_id"] = "-"  # hashed after the merge, column by column: not row by row here
    return merge_table_frame(incidents_frame(frame), ids_given=False)
