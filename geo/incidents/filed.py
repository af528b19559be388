"""Where ``merge_rows`` files the incidents merged so far, and which of them a row may meet.

Incidents are filed by week and by place key (geo.incidents.merge); inside one such bucket
they are kept apart by the tables they hold rows of (geo.incidents.table_rows). A row of a
table never merges with an incident holding other rows of that table unless one repeats the
other or it is the same row read again, so for a row of table ``T`` an incident holding rows
of ``T`` is a candidate only through its repeat keys or its lines; the rest of ``T``'s rows
in the bucket (thousands, for a large table) are never looked at. An incident holding no
table rows, or rows of other tables, is a candidate as before: this prunes exactly what
``same_event`` would refuse as "other rows of one table", nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from geo.incidents.tellings import Facts


def _add(bucket: list[int], index: int) -> None:
    if not bucket or bucket[-1] != index:
        bucket.append(index)


@dataclass
class Bucket:
    """The incidents filed under one week and one place key."""

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
        for table, found in self.tables.items():
            if table not in facts.tables:
                into.update(found)
        for table, keys in facts.tables.items():
            for key in keys:
                into.update(self.repeats.get((table, key), ()))
        for line in facts.lines:
            into.update(self.lines.get(line, ()))


class Filed:
    """Buckets by week, then by place key."""

    def __init__(self) -> None:
        self.weeks: dict[int | None, dict[tuple, Bucket]] = defaultdict(dict)

    def add(self, index: int, weeks: list[int | None], keys: list[tuple], facts: Facts) -> None:
        for week in weeks:
            by_key = self.weeks[week]
            for key in keys:
                bucket = by_key.get(key)
                if bucket is None:
                    bucket = by_key[key] = Bucket()
                bucket.add(index, facts)

    def candidates(self, weeks: list[int | None], probes: list[tuple], facts: Facts) -> set[int]:
        found: set[int] = set()
        for week in weeks:
            by_key = self.weeks.get(week)
            if not by_key:
                continue
            for probe in probes:
                bucket = by_key.get(probe)
                if bucket is not None:
                    bucket.candidates(facts, found)
        return found
