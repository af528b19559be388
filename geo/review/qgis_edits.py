"""Edits made in QGIS to the GeoPackage, turned into decisions.

The analyst edits ``OUT/incidents.gpkg`` (moves a point, edits a field, deletes a feature);
:func:`edits_to_decisions` compares it with what the build wrote (``OUT/incidents.geojson``)
and says each difference as a decision keyed to the incident's source and quote, with what it
was; :func:`append_decisions` adds them to the decisions file, refusing any that disagree
with a decision already there. The next build applies them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gazetteer.atomic import write_text
from gazetteer.geodesy import distance_km
from geo.incidents.cells import neutralize
from geo.incidents.merge import rows_of
from geo.incidents.schema import IncidentSet
from geo.review.apply import source_file
from geo.review.decisions import COLUMNS, Decision, check, read_decisions, refuse_disagreements

#: Fields an edit in QGIS may change, each said as a ``change`` of that field.
EDITABLE = ("event_type", "status", "actor", "target", "fatalities", "uncertainty_km")
#: A point moved less than this (metres) has not moved (a round trip through GDAL).
MOVED_M = 1.0


@dataclass
class Edits:
    decisions: list[dict[str, str]] = field(default_factory=list)  # decisions-file rows
    notes: list[str] = field(default_factory=list)  # edits that make no decision


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if isinstance(value, date) else str(value)


def _dates(row: dict[str, Any]) -> str:
    start, end = _text(row.get("event_date")), _text(row.get("date_end"))
    return f"{start}/{end}" if start and end and end != start else start


def _key(row: dict[str, Any], folder: Path | None) -> dict[str, str]:
    """The decision's key: the first source with a quote (and the place as written), else the
    incident id."""
    for source in row.get("sources") or []:
        if source.get("quote"):
            path = source_file(source.get("file", ""))
            if folder is not None:
                with contextlib.suppress(ValueError):
                    path = os.path.relpath(Path(path).resolve(), folder.resolve())
                if path.startswith(".."):
                    path = source_file(source.get("file", ""))
            return {"source": path, "quote": source["quote"],
                    "place": row.get("place_name") or ""}
    return {"incident": row["incident_id"]}


def edits_to_decisions(edited: IncidentSet, built: IncidentSet,
                       folder: Path | None = None) -> Edits:
    """The decisions that say what differs between ``edited`` (the GeoPackage after QGIS) and
    ``built`` (as the build wrote it). ``folder``: where the decisions file lives (source
    paths are written relative to it)."""
    now = {row["incident_id"]: row for row in rows_of(edited.incidents)}
    out = Edits()
    was_ids = set()
    for row in rows_of(built.incidents):
        was_ids.add(row["incident_id"])
        key = _key(row, folder)
        new = now.get(row["incident_id"])
        if new is None:
            out.decisions.append({"action": "reject", **key, "note": "deleted in QGIS"})
            continue
        changes: list[tuple[str, str, str]] = []
        for name in EDITABLE:
            if _text(new.get(name)) != _text(row.get(name)):
                changes.append((name, _text(new.get(name)), _text(row.get(name))))
        if _dates(new) != _dates(row) and new.get("event_date") is not None:
            changes.append(("event_date", _dates(new), _dates(row)))
        moved = new.get("lat") is not None and (row.get("lat") is None or distance_km(
            row["lat"], row["lon"], new["lat"], new["lon"]) * 1000 > MOVED_M)
        if moved:
            changes.append(("place", f"{new['lat']:.6f},{new['lon']:.6f}",
                            f"{row['lat']:.6f},{row['lon']:.6f}" if row.get("lat") is not None
                            else ""))
        elif (new.get("place_id") or "") != (row.get("place_id") or "") and new.get("place_id"):
            changes.append(("place", new["place_id"], row.get("place_id") or ""))
        for name, value, was in changes:
            out.decisions.append({"action": "change", **key, "field": name, "value": value,
                                  "was": was, "note": "edited in QGIS"})
    added = [i for i in now if i not in was_ids]
    if added:
        out.notes.append(f"{len(added)} feature(s) added in QGIS are not imported (an incident "
                         "comes from a source: add it to a table of incidents instead)")
    return out


def append_decisions(path: str | os.PathLike[str], rows: list[dict[str, str]]) -> int:
    """Add decisions to a decisions file (made with its header when missing); each is checked
    like a line read from it, one already there is not added twice, and one that disagrees
    with the file is refused before anything is written. Returns how many were added."""
    path = Path(path)
    existing = read_decisions([path]).items if path.exists() else []
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    known = {d.signature for d in existing}
    fresh: list[Decision] = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not text:
        writer.writerow(COLUMNS)
        lines = 1
    for row in rows:
        decision = Decision(file=str(path), line=lines + len(fresh) + 1,
                            **{k: v for k, v in row.items() if k in COLUMNS})
        check(decision)
        if decision.signature in known:
            continue
        known.add(decision.signature)
        fresh.append(decision)
        writer.writerow([neutralize(row.get(c, "")) for c in COLUMNS])
    refuse_disagreements([*existing, *fresh])
    if fresh:
        glue = "" if not text or text.endswith("\n") else "\n"
        write_text(path, text + glue + buffer.getvalue())
    return len(fresh)
