"""One event told by several sources becomes one incident with all its sources.

Two rows are the same event when their types are compatible (the same ACLED sub-event type, or
"other attack", which fits any), their
dates overlap within their precision, and their places agree: the same place, points within
25 km in one country (two places one sentence names apart stay apart), or a country-level
report and a located one in that country. Rows are taken most
precise first, so the merged incident keeps the best place and date; ids are recomputed from
the result, and merging an already merged set changes nothing.

A merged incident's status is that of all its tellings together (``combine_status``: claimed
and reported, claimed; claimed and denied, disputed), whatever order they come in. A row that
carries the incident's own id is that incident read again (:func:`same_incident`: a stored
incident, a row ingested twice): it is one with the incident and adds no telling to its status.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableSet
from datetime import date, timedelta
from typing import Any, Protocol

from gazetteer.geodesy import distance_km
from gazetteer.place import WATER
from geo.incidents.filed import Filed, kinds, wanted
from geo.incidents.frame_rows import rows_of as rows_of  # where callers have found it
from geo.incidents.one_report import apart_in_one_report, one_strike, two_named_places
from geo.incidents.schema import (
    TIME_WINDOW_DAYS,
    acled_types,
    combine_status,
    compatible_types,
    incident_id,
)
from geo.incidents.tellings import FACTS, add_sources, facts

SAME_PLACE_KM = 25.0
CELL_DEG = 0.25

Row = dict[str, Any]


def _km(a: Row, b: Row) -> float:
    return distance_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _located(row: Row) -> bool:
    return row.get("lat") is not None and row.get("lon") is not None


def _interval(row: Row) -> tuple[date, date] | None:
    start = row.get("event_date")
    if start is None:
        return None
    end = row.get("date_end") or start
    pad = timedelta(days=TIME_WINDOW_DAYS.get(row.get("time_precision") or 3, 31))
    return start - pad, end + pad


def _files(row: Row) -> set[str]:
    return facts(row).files


def _quotes(row: Row) -> set[tuple[str, str]]:
    return facts(row).quotes


def _other_rows(a: Row, b: Row) -> bool:
    """True when ``a`` and ``b`` hold different rows of one table and neither repeats the
    other: two events that table tells apart (geo.incidents.table_rows)."""
    fa, fb = facts(a), facts(b)
    shared = fa.tables.keys() & fb.tables.keys()
    if not shared or fa.lines & fb.lines:
        return False  # no table in common, or the same row read again
    return not any(fa.tables[t] & fb.tables[t] for t in shared)


def same_incident(a: Row, b: Row) -> bool:
    """``b`` is ``a``'s incident read again: both carry one incident id (the same defining
    fields). Only an incident's own id counts: a row whose id is yet to be given has none."""
    return bool(a.get("incident_id")) and a.get("incident_id") == b.get("incident_id")


def same_event(a: Row, b: Row) -> bool:
    if a.get("_apart") != b.get("_apart"):
        return False  # an analyst split them apart (geo/review)
    if same_incident(a, b):
        return True  # the same defining fields: one incident, however little it says
    if (a.get("event_count") or 1) > 1 or (b.get("event_count") or 1) > 1:
        return (a.get("event_count"), a.get("place_name"), a.get("event_date")) == (
            b.get("event_count"), b.get("place_name"), b.get("event_date"))
    if a.get("event_id_cnty") and b.get("event_id_cnty") and \
            a["event_id_cnty"] != b["event_id_cnty"]:
        return False  # ACLED tells two events apart by their ids
    if not (compatible_types(a["event_type"], b["event_type"]) or one_strike(a, b)) or (
            "interception" in (a["event_type"], b["event_type"]) and
            a["event_type"] != b["event_type"] and "" not in (a["event_type"], b["event_type"])):
        return False  # a downing is not the attack a vaguer row tells of
    if not (a["event_type"] and b["event_type"]) and _acled_pair(a) != _acled_pair(b):
        return False  # a protest and an arrest: no type of ours, ACLED's types differ
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        if ia is not None or ib is not None or not (_files(a) & _files(b)):
            return False  # an undated report joins only its own article's telling
    elif ia[1] < ib[0] or ib[1] < ia[0] or apart_in_one_report(a, b):
        return False
    if _other_rows(a, b):
        return False  # rows of one table that do not repeat each other
    if a.get("place_id") and a.get("place_id") == b.get("place_id"):
        return True
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False  # al-Tanf and Tower 22, Qaim and Albu Kamal: close, but not one place
    if a.get("place_id") and b.get("place_id") and _quotes(a) & _quotes(b):
        return False  # two places one sentence names apart are two events
    if a.get("actor") and b.get("actor") and a["actor"] != b["actor"] and _files(a) & _files(b):
        return False  # one report: Hezbollah's missiles on Metula, and the IDF's shells back
    coarse, fine = sorted((a, b), key=lambda r: -(r.get("geo_precision") or 4))
    if WATER.search(coarse.get("resolved_name") or coarse.get("place_name") or "") and not \
            WATER.search(fine.get("resolved_name") or fine.get("place_name") or ""):
        return False  # an attack on a ship in the Red Sea, and a strike on Hodeidah
    if coarse.get("geo_precision") == 4 and fine.get("country") == coarse.get("country"):
        return (fine.get("geo_precision") or 4) < 4
    if coarse.get("geo_precision") == 3 and (fine.get("geo_precision") or 4) <= 2 and \
            _located(a) and _located(b) and fine.get("country") == coarse.get("country"):
        # a province or region told of, and a place in it: one event told at two levels
        if coarse.get("admin1") and coarse.get("admin1") == fine.get("admin1"):
            return True
        return _km(a, b) <= max(SAME_PLACE_KM, coarse.get("uncertainty_km") or 0.0)
    if _located(a) and _located(b) and max(a.get("geo_precision") or 4,
                                           b.get("geo_precision") or 4) <= 2:
        if two_named_places(a, b):
            return False
        return _km(a, b) <= SAME_PLACE_KM
    return False


def _acled_pair(row: Row) -> tuple[str, str]:
    return row.get("acled_event_type") or "", row.get("sub_event_type") or ""


#: ACLED fields a merged incident takes from a telling when it has none of its own.
_ACLED_FILLED = ("event_id_cnty", "acled_row", "assoc_actor_1", "assoc_actor_2",
                 "civilian_targeting", "admin2", "admin3", "source_scale", "tags", "fatalities")


def _absorb_acled(rep: Row, row: Row) -> None:
    """Fill the incident's empty ACLED fields from a telling; an actor's category comes with
    the actor (or fills in when both name the same one)."""
    for key in _ACLED_FILLED:
        if rep.get(key) in (None, "") and row.get(key) not in (None, ""):
            rep[key] = row[key]
    for name, code in (("actor", "inter1"), ("target", "inter2")):
        if not rep.get(name) and row.get(name):
            rep[name], rep[code] = row[name], row.get(code)
        elif rep.get(name) == row.get(name) and rep.get(code) is None:
            rep[code] = row.get(code)


def _status_set(status: str) -> set[str]:
    return {"claimed", "denied"} if status == "disputed" else {status} if status else set()


def absorb(rep: Row, row: Row) -> None:
    """Fold ``row`` (another telling of the same event) into ``rep``: its sources, status,
    a more precise date, a type for "other attack", an actor or target ``rep`` lacks."""
    add_sources(rep, row)
    if not same_incident(row, rep):  # the incident read again tells nothing new
        rep["status"] = combine_status(_status_set(rep.get("status", "")) |
                                       _status_set(row.get("status", "")))
    if rep["event_type"] == "other attack" and row["event_type"] != "other attack":
        rep["event_type"] = row["event_type"]
        rep["disorder_type"], rep["acled_event_type"], rep["sub_event_type"] = \
            acled_types(row["event_type"])
    if (row.get("time_precision") or 9) < (rep.get("time_precision") or 9):
        for key in ("event_date", "date_end", "time_precision"):
            rep[key] = row.get(key)
    _absorb_acled(rep, row)
    notes = [n for n in (rep.get("notes") or "").split("; ") if n]
    for note in (row.get("notes") or "").split("; "):
        if note and note not in notes:
            notes.append(note)
    rep["notes"] = "; ".join(notes)


def _order(row: Row) -> tuple:
    first = row.get("sources", [{}])[0] if row.get("sources") else {}
    return (
        0 if row.get("_stored") else 1,
        row.get("event_count") or 1,
        row.get("geo_precision") or 9,
        row.get("time_precision") or 9,
        row.get("event_date") or date.max,
        row.get("place_id") or "",
        first.get("file", ""),
        first.get("quote", ""),
    )


def _weeks(row: Row) -> list[int | None]:
    """The weeks a row's padded date interval touches (two rows whose intervals overlap share
    one); [None] for an undated row."""
    return _span_weeks(_interval(row))


def _span_weeks(span: tuple[date, date] | None) -> list[int | None]:
    if span is None:
        return [None]
    return list(range(span[0].toordinal() // 7, span[1].toordinal() // 7 + 1))


def _keys(row: Row) -> list[tuple]:
    """Where a row is filed: its place, its grid cell, its country, or (unlocated) its name."""
    keys: list[tuple] = []
    if row.get("place_id"):
        keys.append(("place", row["place_id"]))
    if _located(row):
        keys.append(("cell", int(row["lon"] // CELL_DEG), int(row["lat"] // CELL_DEG)))
    else:
        keys.append(("name", (row.get("place_name") or "").casefold()))
    if row.get("country"):
        keys.append(("country", row["country"]))
    return keys


def _probes(row: Row) -> list[tuple]:
    """Where a row's possible twins are filed."""
    probes: list[tuple] = []
    if row.get("place_id"):
        probes.append(("place", row["place_id"]))
    if _located(row):
        cx, cy = int(row["lon"] // CELL_DEG), int(row["lat"] // CELL_DEG)
        probes += [("cell", cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    else:
        probes.append(("name", (row.get("place_name") or "").casefold()))
    if row.get("geo_precision") == 4 and row.get("country"):
        probes.append(("country", row["country"]))
    return probes


def _may_meet(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """False when two padded date intervals are apart (then same_event is False too)."""
    return a is None or b is None or not (a[1] < b[0] or b[1] < a[0])


def merge_rows(rows: Iterable[Row]) -> list[Row]:
    """Merge rows that tell the same event; ``_stored`` rows keep their identity first (and
    their ``_stored`` value, which the caller may set to the stored id and must pop).

    Merged rows are filed by (place, cell, country or name), week and kind
    (geo.incidents.filed), so each row meets only the few rows whose place, dates and kind
    could match it, closest first (see ``_closest``): linear in the number of rows.
    """
    merged = merge_onto([], rows)
    for row in merged:
        row.pop(FACTS, None)
    return with_unique_ids(merged)


def merge_onto(incidents: Iterable[Row], rows: Iterable[Row]) -> list[Row]:
    """``merge_rows`` taken up where it stopped: ``incidents`` are what it had merged (in the
    order it made them, before ids, each with its FACTS or none), ``rows`` all come after
    their tellings in merge order. Returns the incidents then (FACTS kept, no ids yet).
    Each is filed as it is now; where one merge had filed it before (other weeks, kinds or
    tables it held) adds only candidates that ``same_event`` refuses (geo.incidents.filed)."""
    merged: list[Row] = []
    spans: list[tuple[date, date] | None] = []  # each merged row's padded dates, kept current
    filed = Filed()  # by week, place key, kind and the tables held (geo.incidents.filed)

    def file(index: int, span: tuple[date, date] | None) -> None:
        spans[index] = span
        filed.add(index, _span_weeks(span), _keys(merged[index]), kinds(merged[index]),
                  facts(merged[index]))

    for row in incidents:
        merged.append({**row, "sources": list(row.get("sources") or []),
                       FACTS: row.get(FACTS)})
        spans.append(None)
        file(len(merged) - 1, _interval(merged[-1]))
        filed.told_in(len(merged) - 1, _files(merged[-1]))
    for row in sorted(rows, key=_order):
        row = {**row, "sources": list(row.get("sources") or []), FACTS: None}
        span, files = _interval(row), _files(row)
        weeks = [week for week in _span_weeks(span) if week in filed.weeks]
        candidates = filed.candidates(weeks, _probes(row), wanted(row), facts(row)) \
            if weeks else set()
        target = _closest(row, span, candidates, filed.sharing(files, candidates), merged,
                          spans) if candidates else None
        if target is not None:
            was = spans[target], kinds(merged[target])
            absorb(merged[target], row)
            now = _interval(merged[target]), kinds(merged[target])
            if now != was or facts(row).tables:  # other weeks, a type, a day, table rows
                file(target, now[0])
            filed.told_in(target, files)
            continue
        merged.append(row)
        spans.append(span)
        file(len(merged) - 1, span)
        filed.told_in(len(merged) - 1, files)
    return merged


def _closest(row: Row, span: tuple[date, date] | None, candidates: set[int], shared: set[int],
             merged: list[Row], spans: list[tuple[date, date] | None]) -> int | None:
    """The merged row ``row`` joins: of those that tell its event, the closest telling (the
    same type first, then one ``shared`` with it a source file, then the first merged).
    Candidates are asked in that order, so the first that tells its event is the one, and
    most are never looked at (a country's report meets every row of its country)."""
    kind = row["event_type"]
    told, every = sorted(shared), None
    for same in (True, False):
        for i in told:
            if (merged[i]["event_type"] == kind) is same and _may_meet(spans[i], span) and \
                    same_event(merged[i], row):
                return i
        every = every or sorted(candidates)
        for i in every:
            # dates that cannot meet are ruled out first (as same_event would: cheaply)
            if (merged[i]["event_type"] == kind) is same and i not in shared and \
                    _may_meet(spans[i], span) and same_event(merged[i], row):
                return i
    return None


def with_unique_ids(rows: list[Row], seen: MutableSet[str] | None = None) -> list[Row]:
    """Give each row its id (:func:`incident_id`); two incidents that differ only in what the
    id does not read (an aggregate's count, undated tellings in two reports) get the first
    one's id and, for the next, an id that also reads its first source. ``seen``: the ids
    given before these rows (added to)."""
    seen = set() if seen is None else seen
    for row in rows:
        key = incident_id(row)
        salt = 0
        while key in seen:
            first = (row.get("sources") or [{}])[0]
            key = incident_id({**row, "place_name": f"{row.get('place_name')}\x1f"
                               f"{first.get('file', '')}\x1f{first.get('quote', '')}\x1f"
                               f"{row.get('event_count')}\x1f{salt or ''}"})
            salt += 1
        seen.add(key)
        row["incident_id"] = key
    return rows


class RowReview(Protocol):
    """A person's decisions applied around the merge (geo.review.apply.Review)."""

    def before_merge(self, rows: Iterable[Row]) -> list[Row]: ...

    def after_merge(self, rows: Iterable[Row]) -> list[Row]: ...


def merge_reviewed(rows: Iterable[Row], review: RowReview | None = None) -> list[Row]:
    """:func:`merge_rows` with the decisions of ``review`` applied before and after it."""
    if review is None:
        return merge_rows(rows)
    return review.after_merge(merge_rows(review.before_merge(rows)))


def filing(row: Row) -> tuple[list[tuple], list[tuple]]:
    """Where ``merge_rows`` files ``row`` (its keys by week) and where it looks for the row's
    twins (its probes by week). A row meets only the merged rows filed under one of its
    probes; a merged row is filed under its first row's keys, by the weeks of every date it
    has held. Keyed merging (geo/pipeline) groups rows by these."""
    keys, probes, weeks = filing_parts(row)
    return ([(*key, week) for key in keys for week in weeks],
            [(*probe, week) for probe in probes for week in weeks])


def filing_parts(row: Row) -> tuple[list[tuple], list[tuple], list[int | None]]:
    """``filing`` before it pairs them: the row's keys, its probes, and its weeks."""
    return _keys(row), _probes(row), _weeks(row)


def merge_order(row: Row) -> tuple:
    """The order in which ``merge_rows`` takes rows (ties keep the order given)."""
    return _order(row)
