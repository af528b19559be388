"""Where ``merge_rows`` files the incidents merged so far, and which of them a row may meet.

Incidents are filed by week and by place key (geo.incidents.merge), and inside one such place
by kind: what ``same_event`` asks before anything else. An aggregate (``event_count`` above 1)
is only ever the same event as an aggregate of the same count, place name and day, and any
other row only one of a compatible type (or, for a strike at a known place, another strike);
so an aggregate is filed under
``("count", count, place name, day)``, any other incident under ``("type", its type)``, and a
row looks only under the kinds it can be the same event as (``wanted``), besides
``("id", its id)`` where it has an incident id (the same id is one incident whatever it says).

Inside one kind incidents are kept apart by the tables they hold rows of
(geo.incidents.table_rows). A row of a table never merges with an incident holding other rows
of that table unless one repeats the other or it is the same row read again, so for a row of
table ``T`` an incident holding rows of ``T`` is a candidate only through its repeat keys or
its lines; the rest of ``T``'s rows (thousands, for a large table) are never looked at. An
incident holding no table rows, or rows of other tables, is a candidate as before.

Each of these prunes exactly what ``same_event`` would refuse, nothing else. An incident whose
type, day or tables change as it absorbs a telling is filed again under the new ones; where it
was filed stays (a candidate ``same_event`` then refuses).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from geo.incidents.schema import EVENT_TYPES, STRIKE_TYPES, compatible_types
from geo.incidents.tellings import Facts, Row

ANY_TYPE = "any type"  # what an "other attack" wants: every incident that is no aggregate


def kinds(row: Row) -> list[tuple]:
    """The kinds an incident is filed under."""
    found: list[tuple] = [("id", row["incident_id"])] if row.get("incident_id") else []
    if (row.get("event_count") or 1) > 1:
        found.append(("count", row.get("event_count"), row.get("place_name"),
                      row.get("event_date")))
    else:
        found.append(("type", row["event_type"]))
    return found


def wanted(row: Row) -> list[tuple | str]:
    """The kinds of incident ``row`` can be the same event as (``ANY_TYPE``: every type)."""
    found: list[tuple | str] = [("id", row["incident_id"])] if row.get("incident_id") else []
    if (row.get("event_count") or 1) > 1:
        found.append(("count", row.get("event_count"), row.get("place_name"),
                      row.get("event_date")))
    elif row["event_type"] == "other attack":
        found.append(ANY_TYPE)
    else:
        found += [("type", t) for t in _compatible(row["event_type"], bool(row.get("place_id")))]
    return found


@lru_cache(maxsize=256)
def _compatible(event_type: str, placed: bool) -> tuple[str, ...]:
    """Every type ``compatible_types`` accepts beside ``event_type`` (itself included), and
    for a strike at a known place every strike (one report may name one strike by two
    weapons: geo.incidents.one_report.one_strike)."""
    known = [t for t in EVENT_TYPES if t != event_type and (compatible_types(event_type, t) or
             placed and {event_type, t} <= STRIKE_TYPES)]
    return (event_type, *known)


def _add(bucket: list[int], index: int) -> None:
    if not bucket or bucket[-1] != index:
        bucket.append(index)


@dataclass
class Bucket:
    """The incidents filed under one week, one place key and one kind."""

    plain: list[int] = field(default_factory=list)  # holding no table rows
    tables: dict[str, list[int]] = field(default_factory=dict)  # by each table they hold
    repeats: dict[tuple[str, tuple], list[int]] = field(default_factory=dict)  # (table, key)
    lines: dict[str, list[int]] = field(default_factory=dict)  # "path:line"

    def add(self, index: int, facts: Facts) -> None:
        if not facts.tables:
            _add(self.plain, index)
            return
        for table, keys in facts.tables.items():
            _add(self.tables.setdefault(table, []), index)
            for key in keys:
                _add(self.repeats.setdefault((table, key), []), index)
        for line in facts.lines:
            _add(self.lines.setdefault(line, []), index)

    def candidates(self, facts: Facts, into: set[int]) -> None:
        """Add to ``into`` the incidents here a row with ``facts`` may be the same event as."""
        into.update(self.plain)
        if not self.tables:
            return  # no table rows here (most buckets: articles)
        for table, found in self.tables.items():
            if table not in facts.tables:
                into.update(found)
        for table, keys in facts.tables.items():
            for key in keys:
                into.update(self.repeats.get((table, key), ()))
        for line in facts.lines:
            into.update(self.lines.get(line, ()))


class Filed:
    """Buckets by week, then by place key, then by kind."""

    def __init__(self) -> None:
        self.weeks: dict[int | None, dict[tuple, dict[tuple, Bucket]]] = defaultdict(dict)
        self.files: dict[str, set[int]] = defaultdict(set)  # the incidents told in each file

    def told_in(self, index: int, files: Iterable[str]) -> None:
        """Incident ``index`` now holds sources of ``files``."""
        for file in files:
            self.files[file].add(index)

    def sharing(self, files: Iterable[str], candidates: set[int]) -> set[int]:
        """The ``candidates`` told in one of ``files``."""
        found: set[int] = set()
        for file in files:
            told = self.files.get(file)
            if told:
                found |= candidates & told
        return found

    def add(self, index: int, weeks: list[int | None], keys: list[tuple], kinds: list[tuple],
            facts: Facts) -> None:
        for week in weeks:
            by_key = self.weeks[week]
            for key in keys:
                by_kind = by_key.get(key)
                if by_kind is None:
                    by_kind = by_key[key] = {}
                for kind in kinds:
                    bucket = by_kind.get(kind)
                    if bucket is None:
                        bucket = by_kind[kind] = Bucket()
                    bucket.add(index, facts)

    def candidates(self, weeks: list[int | None], probes: list[tuple],
                   wanted: list[tuple | str], facts: Facts) -> set[int]:
        found: set[int] = set()
        every_type = ANY_TYPE in wanted
        wanted_set = set(wanted)
        for week in weeks:
            by_key = self.weeks.get(week)
            if not by_key:
                continue
            for probe in probes:
                by_kind = by_key.get(probe)
                if by_kind is None:
                    continue
                for kind in by_kind.keys() & wanted_set if len(by_kind) > 1 else by_kind:
                    if kind in wanted_set:
                        by_kind[kind].candidates(facts, found)
                if every_type:
                    for kind, bucket in by_kind.items():
                        if kind[0] == "type":
                            bucket.candidates(facts, found)
        return found
