"""From files to incidents: read sources, extract, resolve and locate, merge.

``ingest_paths(["seeds/"])`` returns an :class:`IngestReport` whose ``layers`` are the incident,
place and unresolved-mention frames; ``update_store`` merges them into a GeoPackage store so
that ingesting the same files twice changes nothing.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gazetteer.place import AREA_KINDS, Place
from geo.errors import UserError
from geo.extract.actors import ActorLexicon
from geo.extract.incidents import Extractor
from geo.extract.scope import EVERYTHING, OUT_OF_SCOPE, Scope
from geo.incidents.counts import Counts, summary
from geo.incidents.draft import Draft, SourceProblem, join_notes
from geo.incidents.merge import Row, merge_reviewed
from geo.incidents.schema import (
    DEFAULT_UNCERTAINTY_KM,
    EVENT_TYPES,
    IncidentSet,
    acled_types,
    incidents_frame,
    places_frame,
    unresolved_frame,
)
from geo.pipeline.acled_codes import acled_fields, fill_inter_codes
from geo.pipeline.faults import geocoder_faults
from geo.resolve.chain import Resolution, ResolveContext, Resolver
from geo.resolve.locate import locate
from geo.review.apply import Review
from geo.review.decisions import DECISIONS_NAME
from geo.sources.articles import SIDECAR_SUFFIX, read_article

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".geojson"})

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
            "unresolved_mentions": [
                {"mention": m, "reason": r, "candidates": json.loads(c or "[]")[:3]}
                for m, r, c in zip(self.layers.unresolved["mention"],
                                   self.layers.unresolved["reason"],
                                   self.layers.unresolved["candidates"], strict=True)
            ],
        }


def unreadable(path: Path) -> str | None:
    """Why ``path`` is neither a regular file nor a folder we can read (None when it is)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop; skipped"
        if path.is_symlink():
            return f"is a broken symbolic link (to {os.readlink(path)}, which does not exist); " \
                "skipped"
        if exc.errno == errno.ENOENT:
            return "does not exist"
        return f"cannot be read ({exc.strerror or exc}); skipped"
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return None
    return "is not a regular file (a pipe, socket or device); skipped"


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[tuple[Path, str]],
                                                              list[SourceProblem], list[str]]:
    """Files to read as (path, "article"|"table"), in a stable order; problems (paths that do
    not exist, broken links, link loops, pipes); skipped files (of other types, and hidden
    files and folders of a folder, each listed once)."""
    found: list[tuple[Path, str]] = []
    problems: list[SourceProblem] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        why = unreadable(path)
        if why is not None:
            problems.append(SourceProblem(str(path), None, None, why))
            continue
        files = [path]
        if path.is_dir():
            files = []
            for entry in sorted(path.rglob("*")):
                parts = entry.relative_to(path).parts
                if any(part.startswith(".") for part in parts):
                    if parts[-1].startswith(".") and not any(p.startswith(".")
                                                             for p in parts[:-1]):
                        skipped.append(str(entry))  # hidden: listed once, not its contents
                    continue
                why = unreadable(entry)
                if why is not None:
                    problems.append(SourceProblem(str(entry), None, None, why))
                elif not entry.is_dir():
                    files.append(entry)
        for file in files:
            suffix = file.suffix.lower()
            if file.name.endswith(SIDECAR_SUFFIX) or file.name == DECISIONS_NAME:
                continue  # an article's sidecar; the analyst's decisions (geo/review)
            if suffix in TABLE_SUFFIXES:
                found.append((file, "table"))
            elif suffix in ARTICLE_SUFFIXES or (not path.is_dir() and file == path):
                found.append((file, "article"))
            else:
                skipped.append(str(file))
    return found, problems, skipped


def check_something_to_read(paths: list) -> None:
    """A build of nothing (no path, or only missing or empty ones) is an error, raised before
    anything is written; when some path holds files, the others are reported as problems."""
    files, problems, skipped = discover(paths)
    if files:
        return
    if not paths:
        raise UserError("give the articles, tables or folders to read, e.g. seeds/")
    why = [str(p) for p in problems]
    why += [f"{raw}: holds no article (.txt, .md) or table (.csv, .json) files"
            + (f" ({len(skipped)} of other types or hidden)" if skipped else "")
            for raw in paths if Path(raw).is_dir() and unreadable(Path(raw)) is None]
    raise UserError(f"nothing to read: {'; '.join(why[:5])}"
                    + (f"; and {len(why) - 5} more" if len(why) > 5 else ""))


def empty_folders(paths: list, files: list[tuple[Path, str]]) -> list[SourceProblem]:
    """A folder given that holds nothing to read is a problem, not a silent no-op."""
    out = []
    for raw in paths:
        folder = Path(raw)
        if folder.is_dir() and not any(f.is_relative_to(folder) for f, _ in files):
            out.append(SourceProblem(str(folder), None, None,
                                     "holds no article (.txt, .md) or table (.csv, .json) "
                                     "files; nothing read from it"))
    return out


def default_resolver() -> Resolver:
    from gazetteer.index import Gazetteer

    return Resolver(Gazetteer.load())


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
    review: Review | None = None,
) -> IngestReport:
    """Read, extract, resolve, locate and merge the incidents of files and folders.

    ``scope`` narrows what is kept (every violent event by default); ``actors`` are the
    user's own actor lexicon files (the shape of geo/data/actors/*.json).
    ``progress(done, total, file)`` follows the reading; ``stages(stage, done, total)`` the
    steps after it ("locate", "merge"), so that a display never sits at 100% in silence.
    ``review``: the analyst's decisions (geo.review), applied before and after the merge."""
    from geo.sources.tables import read_table

    resolver = resolver or default_resolver()
    extractor = Extractor(resolver, ActorLexicon.load(*map(Path, actors)), scope)
    files, problems, skipped = discover(paths)
    drafts: list[Draft] = []
    unresolved: list[Row] = []
    summaries: list[SourceSummary] = []
    for n, (path, kind) in enumerate(files, 1):
        if progress:
            progress(n, len(files), str(path))
        summary = SourceSummary(str(path), kind)
        if kind == "article":
            article, found = read_article(path, default_date=default_date)
            problems += found
            summary.problems = len(found)
            if article is None:
                summaries.append(summary)
                continue
            summary.published = article.published.isoformat() if article.published else ""
            extraction = extractor.extract(article)
            new = extraction.drafts
            summary.why_nothing = extraction.why_nothing
            unresolved += _unknown_names(extraction, {id(d.resolution) for d in new}, article)
        else:
            table = read_table(path, columns=columns, default_country=default_country)
            problems += table.problems
            summary.problems = len(table.problems)
            new = [d for d in table.drafts if _table_row_in_scope(d, scope)]
            if table.drafts and not new:
                summary.why_nothing = OUT_OF_SCOPE
        summary.drafts = len(new)
        drafts += new
        summaries.append(summary)
    fill_inter_codes(drafts, extractor.lexicon)
    rows, places, lost = locate_drafts(drafts, resolver, stages, review)
    unresolved += lost
    for summary in summaries:
        summary.unresolved = sum(1 for u in lost if u["source_file"] == summary.path)
    for problem in geocoder_faults(unresolved, resolver):
        problems.append(problem)
        for summary in summaries:
            if summary.path == problem.file:
                summary.problems += 1  # so that the next build reads it again
    if stages:
        stages("merge", 0, 1)
    merged = merge_reviewed(rows, review)
    if stages:
        stages("merge", 1, 1)
    counts: dict[str, int] = {}
    for row in merged:
        if row.get("place_id"):
            counts[row["place_id"]] = counts.get(row["place_id"], 0) + 1
    layers = IncidentSet(
        incidents_frame(merged),
        # the places layer holds sites and settlements; a country or province is an area,
        # and its label point would pass for a place on a map
        places_frame([_place_row(p, counts.get(p.id, 0)) for p in places.values()
                      if p.kind not in AREA_KINDS]),
        unresolved_frame(_dedupe(unresolved)),
    )
    return IngestReport(layers, problems, summaries, skipped)


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


def _dedupe(rows: list[Row]) -> list[Row]:
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
