"""Reading sources into located rows, file by file: what both the single-process ingest and
the Dask workers run (geo/pipeline/ingest.py, geo/pipeline/tasks.py), so that any split of the
files gives the same drafts, rows, summaries and problems, in the same order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gazetteer.place import AREA_KINDS, Place
from geo.extract.incidents import Extractor
from geo.extract.scope import EVERYTHING, OUT_OF_SCOPE, Scope
from geo.incidents.counts import Counts, summary
from geo.incidents.draft import Draft, SourceProblem, join_notes
from geo.incidents.merge import Row
from geo.incidents.schema import (
    DEFAULT_UNCERTAINTY_KM,
    EVENT_TYPES,
    IncidentSet,
    acled_types,
    places_frame,
)
from geo.pipeline.acled_codes import acled_fields, fill_inter_codes
from geo.resolve.chain import Resolution, ResolveContext, Resolver
from geo.resolve.locate import locate
from geo.review.apply import Review
from geo.sources.articles import read_article

Progress = Callable[[int, int, str], None]
Stages = Callable[[str, int, int], None]


@dataclass
class SourceSummary:
    """What one file gave."""

    path: str
    kind: str  # "article" or "table"
    published: str = ""
    drafts: int = 0
    unresolved: int = 0
    problems: int = 0
    why_nothing: str = ""  # why no incident came of it ("" when some did)


@dataclass
class IngestReport:
    layers: IncidentSet
    problems: list[SourceProblem] = field(default_factory=list)
    sources: list[SourceSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of no kind we read
    notes: list[str] = field(default_factory=list)  # what the user should know (merged rows)

    def as_dict(self) -> dict:
        counts = Counts.of(self.layers.incidents)
        return {
            **counts.as_dict(),
            "summary": summary(counts),
            "sites": int(len(self.layers.places)),
            "unresolved": int(len(self.layers.unresolved)),
            "by_type": {t.event_type: t.incidents for t in counts.types},
            "sources": [s.__dict__ for s in self.sources],
            "problems": [str(p) for p in self.problems],
            "skipped": self.skipped,
            "notes": self.notes,
            "unresolved_mentions": [
                {"mention": m, "reason": r, "candidates": json.loads(c or "[]")[:3]}
                for m, r, c in zip(self.layers.unresolved["mention"],
                                   self.layers.unresolved["reason"],
                                   self.layers.unresolved["candidates"], strict=True)
            ],
        }


def default_resolver() -> Resolver:
    from gazetteer.index import Gazetteer

    return Resolver(Gazetteer.load())


@dataclass
class ReadSources:
    """What reading some files gave, in file order: drafts, the names the text marks as places
    that no draft carries, one summary per file, and problems."""

    drafts: list[Draft] = field(default_factory=list)
    unknown: list[Row] = field(default_factory=list)
    summaries: list[SourceSummary] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)


def read_sources(files: list[tuple[Path, str]], extractor: Extractor, *,
                 default_date: date | None = None, columns: dict[str, str] | None = None,
                 default_country: str = "", scope: Scope = EVERYTHING,
                 progress: Progress | None = None) -> ReadSources:
    """Read and extract each file (each file on its own: any split of ``files`` gives the
    same drafts, summaries and problems, in the same order)."""
    from geo.sources.tables import read_table

    out = ReadSources()
    for n, (path, kind) in enumerate(files, 1):
        if progress:
            progress(n, len(files), str(path))
        summary = SourceSummary(str(path), kind)
        out.summaries.append(summary)
        if kind == "article":
            article, found = read_article(path, default_date=default_date)
            out.problems += found
            summary.problems = len(found)
            if article is None:
                continue
            summary.published = article.published.isoformat() if article.published else ""
            try:
                extraction = extractor.extract(article)
            except Exception as exc:  # noqa: BLE001 - one report's text must not stop the batch
                found = [SourceProblem(str(path), None, None, "could not be read for events "
                                       f"(an internal error, {type(exc).__name__}: please report "
                                       "it with the file); the other files were read")]
                out.problems += found
                summary.problems += len(found)
                continue
            new = extraction.drafts
            summary.why_nothing = extraction.why_nothing
            out.unknown += _unknown_names(extraction, {id(d.resolution) for d in new}, article)
        else:
            table = read_table(path, columns=columns, default_country=default_country)
            out.problems += table.problems
            summary.problems = len(table.problems)
            new = [d for d in table.drafts if _table_row_in_scope(d, scope)]
            if table.drafts and not new:
                summary.why_nothing = OUT_OF_SCOPE
        summary.drafts = len(new)
        out.drafts += new
    fill_inter_codes(out.drafts, extractor.lexicon)  # ACLED categories of the actors named
    return out


def place_counts(merged: Iterable[Row]) -> dict[str, int]:
    """Incidents at each place."""
    counts: dict[str, int] = {}
    for row in merged:
        if row.get("place_id"):
            counts[row["place_id"]] = counts.get(row["place_id"], 0) + 1
    return counts


def count_unresolved(summaries: list[SourceSummary], lost: list[Row]) -> None:
    """Each file's count of drafts not located."""
    by_file: dict[str, int] = {}
    for row in lost:
        by_file[row["source_file"]] = by_file.get(row["source_file"], 0) + 1
    for source in summaries:
        source.unresolved = by_file.get(source.path, 0)


def places_layer(places: dict[str, Place], merged: Iterable[Row] = (),
                 counts: dict[str, int] | None = None):
    """The places layer: the sites and settlements used, each with its count of incidents
    (``counts``, else counted in ``merged``); a country or province is an area, and its label
    point would pass for a place on a map."""
    counts = dict(counts or place_counts(merged))
    return places_frame([_place_row(p, counts.get(p.id, 0)) for p in places.values()
                         if p.kind not in AREA_KINDS])


def _table_row_in_scope(draft: Draft, scope: Scope) -> bool:
    """A table row's own coordinates, country and actors against the scope (a row located
    later by name is judged on its country hint)."""
    if not scope.place_ok(draft.lat, draft.lon, draft.country):
        return False
    return not scope.narrows_parties or bool({draft.actor, draft.target} & scope.actors)


def locate_drafts(drafts: Iterable[Draft], resolver: Resolver, stages: Stages | None = None,
                  review: Review | None = None) -> tuple[list[Row], dict[str, Place], list[Row]]:
    """Schema rows for located drafts, the places used, and unresolved rows for the rest
    (a draft whose place an analyst pinned is a row, for the review to place)."""
    rows: list[Row] = []
    places: dict[str, Place] = {}
    lost: list[Row] = []
    drafts = list(drafts)
    for n, draft in enumerate(drafts, 1):
        if stages and (n % 200 == 0 or n == len(drafts)):
            stages("locate", n, len(drafts))
        base = _base_row(draft)
        if draft.lat is not None and draft.lon is not None:
            precision = draft.geo_precision or 1
            radius = draft.uncertainty_km or DEFAULT_UNCERTAINTY_KM[precision]
            rows.append({**base, "lat": draft.lat, "lon": draft.lon, "geo_precision": precision,
                         "uncertainty_km": radius,
                         "country": draft.country, "admin1": draft.admin1,
                         "resolver": "source coordinates", "resolution_score": None})
            continue
        res = draft.resolution
        if res is None and draft.place_name:
            ctx = ResolveContext(countries=(draft.country,) if draft.country else (),
                                 kind=draft.kind_hint or None)
            res = resolver.resolve(draft.place_name, ctx)
        if res is not None and res.resolved:
            place = res.place
            spot = locate(draft, place)
            places[place.id] = place
            rows.append({
                **base, "lat": spot.lat, "lon": spot.lon, "geo_precision": spot.geo_precision,
                "uncertainty_km": round(spot.uncertainty_km, 3), "place_id": place.id,
                "resolved_name": place.name, "admin1": place.admin1 or draft.admin1,
                "country": place.country, "resolver": res.resolver,
                "resolution_score": round(res.score, 1),
                "notes": join_notes(base["notes"], spot.note),
            })
        elif draft.event_count > 1 or (review is not None and review.pinned(
                draft.place_name, [s.file for s in draft.sources])):
            # an aggregate over several places or none, or a place pinned by an analyst
            rows.append({**base, "lat": None, "lon": None, "geo_precision": 4,
                         "country": draft.country,
                         "resolver": "aggregate" if draft.event_count > 1 else ""})
        else:
            lost.append(_unresolved_row(draft, res))
    return rows, places, lost


def _base_row(draft: Draft) -> Row:
    return {
        "event_date": draft.event_date, "date_end": draft.date_end,
        "time_precision": draft.time_precision, "event_type": draft.event_type,
        "sub_event_type": EVENT_TYPES.get(draft.event_type, ("", ""))[1],
        "status": draft.status or "reported", "actor": draft.actor, "target": draft.target,
        "fatalities": draft.fatalities,
        "place_name": draft.place_name, "place_id": "", "resolved_name": "",
        "event_count": draft.event_count,
        "sources": [s.as_dict() for s in draft.sources], "notes": draft.notes,
        **acled_fields(draft, acled_types(draft.event_type)[1]),
    }


def _unresolved_row(draft: Draft, res: Resolution | None) -> Row:
    source = draft.sources[0] if draft.sources else None
    reason = res.reason if res is not None else "no place name"
    if res is not None and res.status == "ambiguous":
        reason = f"ambiguous: {res.reason}"
    candidates = [c.as_dict() for c in (res.candidates if res else [])[:5]]
    return {
        "mention": draft.place_name, "reason": reason,
        "candidates": json.dumps(candidates, ensure_ascii=False),
        "event_date": draft.event_date, "event_type": draft.event_type,
        "source_file": source.file.rsplit(":", 1)[0] if source else "",
        "url": source.url if source else "", "quote": source.quote if source else "",
    }


def _unknown_names(extraction, used: set[int], article) -> list[Row]:
    """Names the text marks as places that the gazetteer lacks, and names it could not settle,
    that no incident carries: reported, so they do not vanish."""
    out = []
    for loc in extraction.mentions:
        res = loc.resolution
        if res.resolved or id(res) in used:
            continue
        if loc.mention.tier != "pattern" and res.status != "ambiguous":
            continue
        out.append({
            "mention": loc.mention.lookup,
            "reason": ("not in the gazetteer (named as a place in the text)"
                       if loc.mention.tier == "pattern" else f"ambiguous: {res.reason}"),
            "candidates": json.dumps([c.as_dict() for c in res.candidates[:5]],
                                     ensure_ascii=False),
            "event_date": None, "event_type": "", "source_file": article.path,
            "url": article.url, "quote": "",
        })
    return out


def dedupe(rows: list[Row]) -> list[Row]:
    seen, out = set(), []
    for row in rows:
        key = (row["mention"], row["source_file"], row["event_date"], row["event_type"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _place_row(place: Place, count: int) -> Row:
    return {"place_id": place.id, "name": place.name, "kind": place.kind,
            "country": place.country, "admin1": place.admin1,
            "uncertainty_m": place.uncertainty_m, "source": place.source,
            "incident_count": count, "lat": place.lat, "lon": place.lon}
