"""The review queue: what needs an analyst's eye, most doubtful first.

An incident's confidence starts at 100 and loses points for each doubt (:data:`PENALTIES`):
a coarse or missing place, a weak name match, a vague or missing date, an unspecific type, a
disputed status, several sources folded into one, or another incident at the same place and
time that tells it differently. Each entry lists the doubts it lost points for, so the score
explains itself. Incidents a person confirmed or changed leave the queue; unresolved and
ambiguous place names join it (score 0 and 10) with their candidates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from geo.incidents.merge import rows_of
from geo.incidents.schema import TIME_WINDOW_DAYS, IncidentSet, compatible_types

#: Points lost for each doubt.
PENALTIES: dict[str, int] = {
    "not located": 50,
    "country-level place": 35,
    "province- or region-level place": 20,
    "near a place, not at it": 5,
    "no date": 30,
    "date known to the month": 20,
    "date known to the week": 10,
    "type unspecific (other attack)": 15,
    "status disputed or denied": 10,
    "several sources merged": 10,
    "conflicts with another incident": 20,
}
#: Points per point of name-match score below 100 (a 90 match loses 3).
MATCH_WEIGHT = 0.3
_PRECISION = {4: "country-level place", 3: "province- or region-level place",
              2: "near a place, not at it"}


@dataclass
class Entry:
    """One item to review."""

    kind: str  # "incident" or "place name"
    score: float
    doubts: list[tuple[str, float]] = field(default_factory=list)
    incident_id: str = ""
    event_type: str = ""
    event_date: str = ""
    place: str = ""  # as written
    resolved: str = ""
    source: str = ""
    quote: str = ""
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "doubts": [{"doubt": d, "points": p} for d, p in self.doubts]}


def confidence(row: dict[str, Any]) -> tuple[float, list[tuple[str, float]]]:
    """An incident row's confidence (0-100) and the doubts that lowered it."""
    doubts: list[tuple[str, float]] = []
    if row.get("lat") is None:
        doubts.append(("not located", PENALTIES["not located"]))
    elif row.get("geo_precision") in _PRECISION:
        name = _PRECISION[row["geo_precision"]]
        doubts.append((name, PENALTIES[name]))
    score = row.get("resolution_score")
    if score is not None and score == score and score < 100 and \
            row.get("resolver") not in ("analyst", "source coordinates"):
        doubts.append((f"name matched at {score:g}/100", round((100 - score) * MATCH_WEIGHT, 1)))
    if row.get("event_date") is None:
        doubts.append(("no date", PENALTIES["no date"]))
    elif row.get("time_precision") in (2, 3):
        name = "date known to the month" if row["time_precision"] == 3 else \
            "date known to the week"
        doubts.append((name, PENALTIES[name]))
    for name, hit in (("type unspecific (other attack)",
                       row.get("event_type") in ("other attack", "")),
                      ("status disputed or denied", row.get("status") in ("disputed", "denied")),
                      ("several sources merged", len(row.get("sources") or []) > 1)):
        if hit:
            doubts.append((name, PENALTIES[name]))
    return max(0.0, 100.0 - sum(p for _, p in doubts)), doubts


def _conflicts(rows: list[dict[str, Any]]) -> dict[int, str]:
    """Incidents at one place whose dates overlap but whose types cannot tell one event, or
    two incidents from one quote at one place: index -> the other's id."""
    out: dict[int, str] = {}
    by_place: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if row.get("place_id"):
            by_place.setdefault(row["place_id"], []).append(i)
    for members in by_place.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                a, b = rows[i], rows[j]
                quotes = {s.get("quote") for s in a["sources"]} & \
                    {s.get("quote") for s in b["sources"]} - {"", None}
                if quotes or (_overlap(a, b) and not compatible_types(a["event_type"],
                                                                        b["event_type"])):
                    out.setdefault(i, b["incident_id"])
                    out.setdefault(j, a["incident_id"])
    return out


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    spans = []
    for row in (a, b):
        if row.get("event_date") is None:
            return False
        pad = timedelta(days=TIME_WINDOW_DAYS.get(row.get("time_precision") or 3, 31))
        spans.append((row["event_date"] - pad, (row.get("date_end") or row["event_date"]) + pad))
    return spans[0][0] <= spans[1][1] and spans[1][0] <= spans[0][1]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def review_queue(layers: IncidentSet, *, include_reviewed: bool = False) -> list[Entry]:
    """What to review in an incident set, most doubtful first."""
    rows = rows_of(layers.incidents)
    conflicts = _conflicts(rows)
    entries: list[Entry] = []
    for i, row in enumerate(rows):
        if row.get("reviewed") in ("confirmed", "changed") and not include_reviewed:
            continue
        score, doubts = confidence(row)
        if i in conflicts:
            doubts.append((f"conflicts with {conflicts[i]}",
                           PENALTIES["conflicts with another incident"]))
            score = max(0.0, score - PENALTIES["conflicts with another incident"])
        first = (row.get("sources") or [{}])[0]
        entries.append(Entry("incident", round(score, 1), doubts, row["incident_id"],
                             row.get("event_type") or "", _day(row.get("event_date")),
                             row.get("place_name") or "", row.get("resolved_name") or "",
                             first.get("file", ""), first.get("quote", "")))
    unresolved = layers.unresolved
    for mention, reason, candidates, when, kind, source, quote in zip(
            unresolved["mention"], unresolved["reason"], unresolved["candidates"],
            unresolved["event_date"], unresolved["event_type"], unresolved["source_file"],
            unresolved["quote"], strict=True):
        ambiguous = reason.startswith("ambiguous")
        entries.append(Entry("place name", 10.0 if ambiguous else 0.0, [(reason, 0)],
                             event_type=kind, event_date="" if when != when or when is None
                             else str(when)[:10], place=mention, source=source, quote=quote,
                             candidates=json.loads(candidates or "[]")[:5]))
    entries.sort(key=lambda e: (e.score, e.kind != "place name", e.event_date, e.incident_id))
    return entries
