"""Applying the analyst's decisions to incident rows, on every build.

A row is first put back to what the machine said (its ``machine`` record), then every decision
that matches it is applied, so the result depends only on the machine's reading and the
decisions: applying twice changes nothing, and a decision taken out of the file is undone on
the next build. :meth:`Review.before_merge` runs on the extractor's tellings and the stored
incidents before the event-aware merge: each is put back to the machine's reading (so a stored
incident merges with a source read again as the machine would merge them) and a telling split
off is kept apart. :meth:`Review.after_merge` applies the rest to whole incidents: changes,
pins, rejects and merges. A fresh build and an incremental one so give the same incidents.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gazetteer.place import AREA_KINDS, Place
from geo.errors import UserError
from geo.incidents.merge import Row, absorb, with_unique_ids
from geo.incidents.schema import DEFAULT_UNCERTAINTY_KM, acled_types, incident_id
from geo.review.decisions import (
    Coordinates,
    Decision,
    Decisions,
    disagreement,
    fold,
    parse_coordinates,
    parse_date_value,
    refusal,
)

PlaceOf = Callable[[str], Place | None]
_LINE = re.compile(r":\d+$")
_DATES = ("event_date", "date_end")
#: Marks merge_rows reads (geo.incidents.merge) and after_merge takes off again.
MARKS = ("_apart", "_together")
_GRAM = 16  # quotes are looked up by their first characters


def source_file(recorded: str) -> str:
    """A source's file without a table row's ":line"."""
    return _LINE.sub("", recorded or "")


def same_file(recorded: str, given: str) -> bool:
    """``given`` (as the analyst wrote it) names the source file ``recorded``: the same path,
    or one ends with the other at a folder boundary."""
    a, b = source_file(recorded).replace("\\", "/"), given.strip().replace("\\", "/")
    a, b = a.removeprefix("./"), b.removeprefix("./")
    return bool(b) and (a == b or a.endswith("/" + b) or b.endswith("/" + a))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _unplain(key: str, value: Any) -> Any:
    if key in _DATES and isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value


@dataclass
class Review:
    """Decisions bound to the gazetteer, applied to rows; remembers what each one matched."""

    decisions: Decisions
    place_of: PlaceOf
    #: decision signature -> the source files of the rows it matched this run
    matched: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.places: dict[str, Place | Coordinates] = {}
        for d in self.decisions.items:
            if d.action == "pin" or d.field == "place":
                self.places[d.value] = self._target(d)
        self.on_rows = [d for d in self.decisions.items if d.action != "pin"]
        self.pins = [d for d in self.decisions.items if d.action == "pin"]
        self.merges = [d for d in self.on_rows if d.action == "merge"]
        # where each decision is looked for: its id, the start of its quote, its place name
        self._order = {id(d): n for n, d in enumerate(self.decisions.items)}
        self._by_id: dict[str, list[Decision]] = {}
        self._by_gram: dict[str, list[Decision]] = {}
        self._short: list[Decision] = []
        for d in self.on_rows:
            if d.incident:
                self._by_id.setdefault(d.incident, []).append(d)
            elif len(fold(d.quote)) >= _GRAM:
                self._by_gram.setdefault(fold(d.quote)[:_GRAM], []).append(d)
            else:
                self._short.append(d)
        self._by_name: dict[str, list[Decision]] = {}
        for d in self.pins:
            self._by_name.setdefault(fold(d.place), []).append(d)

    def _target(self, d: Decision) -> Place | Coordinates:
        coords = parse_coordinates(d.value)
        if coords is not None:
            return coords
        place = self.place_of(d.value.strip())
        if place is None:
            raise UserError(f"{d.where}: field 'value': no gazetteer place {d.value!r}; find "
                            "its id with: geo gazetteer search NAME")
        return place

    # --- matching ------------------------------------------------------------------------

    def _candidates(self, row: Row, ids: set[str]) -> list[Decision]:
        """The decisions that may match ``row`` (found through the indexes), in file order."""
        found = {id(d): d for d in self._short}
        for key in ids:
            found.update((id(d), d) for d in self._by_id.get(key, ()))
        if self._by_gram:
            for source in row.get("sources") or []:
                text = fold(source.get("quote") or "")
                for i in range(len(text) - _GRAM + 1):
                    found.update((id(d), d) for d in self._by_gram.get(text[i:i + _GRAM], ()))
        found.update((id(d), d) for d in self._by_name.get(fold(row.get("place_name") or ""),
                                                           ()))
        return sorted(found.values(), key=lambda d: self._order[id(d)])

    def _matches(self, d: Decision, row: Row, ids: set[str]) -> bool:
        if d.action == "pin":
            return fold(row.get("place_name") or "") == fold(d.place) and (
                not d.source or any(same_file(s.get("file", ""), d.source)
                                    for s in row.get("sources") or []))
        if d.incident and d.incident not in ids:
            return False
        if d.place and fold(row.get("place_name") or "") != fold(d.place):
            return False  # the quote tells of several places: this decision is about one
        return not d.quote or bool(self._sources_of(d.quote, d.source, row))

    @staticmethod
    def _sources_of(quote: str, source: str, row: Row) -> list[dict]:
        wanted = fold(quote)
        return [s for s in row.get("sources") or [] if wanted in fold(s.get("quote", ""))
                and (not source or same_file(s.get("file", ""), source))]

    def _other(self, d: Decision, row: Row, ids: set[str]) -> bool:
        """``row`` is the other incident a merge names (by id or by a quote of it)."""
        value = d.value.strip()
        return value in ids or bool(self._sources_of(value, "", row))

    def pinned(self, place_name: str, files: Iterable[str]) -> bool:
        """A pin names this place (for these sources): a row is made for it even when the
        machine could not locate it, so that the pin can place it."""
        row = {"place_name": place_name, "sources": [{"file": f} for f in files]}
        return any(self._matches(d, row, set()) for d in self.pins)

    # --- the two passes ----------------------------------------------------------------------

    def before_merge(self, rows: Iterable[Row]) -> list[Row]:
        """Tellings as the decisions have them, before merging (rejects wait for the merge)."""
        out: list[Row] = []
        for row in rows:
            out += self._review(row, final=False)
        return out

    def after_merge(self, rows: Iterable[Row]) -> list[Row]:
        """Merged incidents as the decisions have them: rejected ones gone, merges folded,
        marks taken off, ids recomputed (unique, as the merge gives them)."""
        return with_unique_ids(unmark(fold_merges(self.review_merged(rows))))

    def review_merged(self, rows: Iterable[Row]) -> list[Row]:
        """Each merged incident as the decisions have it (rejected ones gone), merge marks
        still on: row by row, so any split of the rows gives the same (geo/pipeline/keyed)."""
        reviewed: list[Row] = []
        for row in rows:
            reviewed += self._review(row, final=True)
        return reviewed

    def add_matched(self, matched: dict[str, set[str]]) -> None:
        """What another copy of these decisions matched (a Dask worker's) counts here too."""
        for signature, files in matched.items():
            self.matched.setdefault(signature, set()).update(files)

    def _review(self, row: Row, *, final: bool) -> list[Row]:
        seen_id = row.get("incident_id") or ""
        row = revert(row)
        row["incident_id"] = incident_id(row)  # the machine's id: merges with its re-reading
        ids = {i for i in (seen_id, row["incident_id"]) if i}
        found = [d for d in self._candidates(row, ids) if self._matches(d, row, ids)]
        if self._unedit(row, found):
            row["incident_id"] = incident_id(row)
        merges = [d for d in self.merges if d not in found
                  and self._other(d, row, ids)]
        _refuse_disagreeing(found)
        files = {source_file(s.get("file", "")) for s in row.get("sources") or []}
        for d in found + merges:
            self.matched.setdefault(d.signature, set()).update(files)
        if final and any(d.action == "reject" for d in found):
            return []
        for d in found:
            parts = self._split(row, d) if d.action == "split" else [row]
            if len(parts) > 1:  # each part reviewed on its own
                return [out for part in parts for out in self._review(part, final=final)]
        for d in found:
            if d.action == "split":
                row["_apart"] = d.signature  # on its own already: kept apart from the rest
        if not final:  # before the merge: the machine's reading, split tellings kept apart
            return [row]
        changed = False
        machine = json.loads(row.get("machine") or "{}")
        if not any(d.action == "change" and d.field == "place" for d in found):
            for pin in sorted((d for d in found if d.action == "pin"), key=lambda d: not d.source):
                changed |= self._set(row, machine, "place", pin.value)
                break  # a pin for this report first, then a global one
        for d in found:
            if d.action == "change":
                changed |= self._set(row, machine, d.field, d.value)
        for d in found + merges:
            if d.action == "merge":
                row["_together"] = d.signature
            changed |= d.action in ("split", "merge")
        row["machine"] = json.dumps(machine, sort_keys=True, default=str)
        row["reviewed"] = "changed" if changed else "confirmed" if found else "machine"
        return [row]

    def _split(self, row: Row, d: Decision) -> list[Row]:
        """The tellings ``d`` names as an incident of their own, apart from the rest."""
        told = self._sources_of(d.quote, d.source, row) if d.quote else []
        rest = [s for s in row.get("sources") or [] if s not in told]
        if not told or not rest:
            return [row]
        part = {k: v for k, v in row.items() if k != "_stored"}
        part["sources"] = told
        return [{**row, "sources": rest}, part]

    # --- setting fields ------------------------------------------------------------------------

    def _set(self, row: Row, machine: dict, name: str, value: str) -> bool:
        """Set one field from a decision, recording what the machine said; True if it changed
        anything."""
        changed = False
        for key, v in self._fields(row, name, value).items():
            if not _same(row.get(key), v) and key not in DERIVED:
                machine.setdefault(key, _plain(row.get(key)))
                changed = True
            row[key] = v
        return changed

    def _unedit(self, row: Row, found: list[Decision]) -> bool:
        """A row edited in place (a store changed in QGIS) already holds a decision's value
        but not the machine's record of it: ``was`` (what the analyst saw) stands for it.
        True when the row was put back."""
        put_back = False
        for d in found:
            if not d.was or not (d.action == "change" or d.action == "pin"):
                continue
            name = d.field if d.action == "change" else "place"
            keys = ("lat", "lon") if name == "place" else (name,)  # what QGIS edits
            with contextlib.suppress(ValueError, UserError):
                new, said = self._fields(row, name, d.value), self._fields(row, name, d.was)
                if all(_same(row.get(k), new[k]) for k in keys) and \
                        not all(_same(row.get(k), said[k]) for k in keys):
                    row.update({k: said[k] for k in keys})
                    put_back = True
        return put_back

    def _fields(self, row: Row, name: str, value: str) -> dict[str, Any]:
        if name == "event_type":
            return {"event_type": value, **_acled(value)}
        if name == "event_date":
            start, end, precision = parse_date_value(value)
            return {"event_date": start, "date_end": end, "time_precision": precision}
        if name == "fatalities":
            return {name: int(value)}
        if name == "uncertainty_km":
            return {name: float(value)}
        if name == "place":
            target = self.places.get(value) or self._target_of(value)
            return _place_fields(target, row)
        return {name: value}

    def _target_of(self, value: str) -> Place | Coordinates:
        coords = parse_coordinates(value)
        if coords is not None:
            return coords
        place = self.place_of(value.strip())
        if place is None:
            raise ValueError(value)
        return place

    def stale(self, carried: dict[str, list[str]] | None = None,
              reread: Iterable[str] = ()) -> list[Decision]:
        """Decisions that matched nothing this run. ``carried``: what each matched in the
        last build; a reject that matched a source not read again this time still holds
        (its incident is gone from the store, as it should be)."""
        again = {source_file(p) for p in reread}
        out = []
        for d in self.decisions.items:
            if d.signature in self.matched:
                continue
            before = set((carried or {}).get(d.signature, []))
            if before and not before & again:
                self.matched[d.signature] = before
                continue
            out.append(d)
        return out


#: Fields that follow from another (the ACLED types of our event type): not recorded.
DERIVED = ("sub_event_type", "acled_event_type", "disorder_type")


def _acled(event_type: str) -> dict[str, str]:
    disorder, acled, sub = acled_types(event_type)
    return {"sub_event_type": sub, "acled_event_type": acled, "disorder_type": disorder}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b or (a in (None, "") and b in (None, ""))


def _place_fields(target: Place | Coordinates, row: Row) -> dict[str, Any]:
    """The location fields of a row placed by an analyst."""
    if isinstance(target, Coordinates):
        km = target.km if target.km is not None else \
            row.get("uncertainty_km") if (row.get("geo_precision") or 9) <= 2 \
            and row.get("uncertainty_km") else DEFAULT_UNCERTAINTY_KM[1]
        return {"lat": target.lat, "lon": target.lon, "place_id": "",
                "resolved_name": row.get("place_name") or "", "geo_precision": 1,
                "uncertainty_km": float(km), "resolver": "analyst",
                "resolution_score": 100.0}
    precision = 4 if target.kind == "country" else 3 if target.kind in AREA_KINDS else 1
    return {"lat": target.lat, "lon": target.lon, "place_id": target.id,
            "resolved_name": target.name, "geo_precision": precision,
            "uncertainty_km": round(target.uncertainty_m / 1000, 3),
            "country": target.country, "admin1": target.admin1, "resolver": "analyst",
            "resolution_score": 100.0}


def revert(row: Row) -> Row:
    """A copy of ``row`` as the machine had it."""
    out = dict(row)
    for key, value in json.loads(row.get("machine") or "{}").items():
        out[key] = _unplain(key, value)
        if key == "event_type":
            out.update(_acled(value))
    out["machine"] = "{}"
    out["reviewed"] = "machine"
    for mark in MARKS:
        out.pop(mark, None)
    return out


def _refuse_disagreeing(found: list[Decision]) -> None:
    """Decisions of different keys that meet on one incident and disagree are refused."""
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            why = disagreement(a, b)
            if why:
                raise refusal(a, b, why + " (both match one incident)")


def unmark(rows: list[Row]) -> list[Row]:
    """Rows without the review's marks; a changed row's id recomputed (the others keep the
    machine's)."""
    for row in rows:
        for mark in MARKS:
            row.pop(mark, None)
        if row.get("reviewed") == "changed":
            row["incident_id"] = incident_id(row)
    return rows


def fold_merges(rows: list[Row]) -> list[Row]:
    """Incidents a merge decision joins become one (the stored or most precise first); only
    rows with a merge mark (``_together``) take part, so those alone may be given."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if row.get("_together"):
            groups.setdefault(row["_together"], []).append(i)
    gone: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (not rows[i].get("_stored"),
                                    rows[i].get("geo_precision") or 9,
                                    rows[i].get("time_precision") or 9))
        rep = rows[members[0]]
        for i in members[1:]:
            absorb(rep, rows[i])
            gone.add(i)
    return [row for i, row in enumerate(rows) if i not in gone]
