"""Rows of one table are events the table tells apart: they merge only when they repeat.

A table row's sources name it as ``path:line`` (geo/sources). Two rows of one table a day
apart, or at two places near each other, are two events of that table even though the same
event told by two reports could be that far apart; they are one incident only when one repeats
the other (the same dates, type, place, actor, target and ACLED id). Such a merge is reported
(:func:`merged_rows_notes`), never silent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from geo.incidents.schema import IDENTITY_FIELDS

_ROW = re.compile(r"^(?P<table>.+):(?P<line>\d+)$")
#: Notes list at most this many merged rows per incident (and this many incidents).
SHOWN = 5

Row = Mapping[str, Any]


def table_row(file: str) -> tuple[str, int] | None:
    """(table path, line) of a source's ``file`` when it names a table row, else None."""
    found = _ROW.match(file or "")
    return (found["table"], int(found["line"])) if found else None


def row_tables(row: Row) -> set[str]:
    """The tables a row (or a merged incident) has rows of."""
    return {found[0] for s in row.get("sources") or () if (found := table_row(s.get("file", "")))}


def repeat_key(row: Row) -> tuple:
    """What one table row must share with another to repeat it."""
    def plain(value: Any) -> str:
        return "" if value is None else str(value).strip().casefold()

    place: tuple = (plain(row.get("place_id")),) if row.get("place_id") else (
        plain(row.get("place_name")), _rounded(row.get("lat")), _rounded(row.get("lon")))
    return (*(plain(row.get(name)) for name in IDENTITY_FIELDS if name not in (
        "place_id", "place_name")), place, plain(row.get("event_id_cnty")))


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 5)


def merged_rows_notes(rows: Iterable[Row]) -> list[str]:
    """One line per incident that holds several rows of one table, naming the table, the
    rows and the incident (its date and place); at most :data:`SHOWN` lines, then a count."""
    notes: list[str] = []
    extra = 0
    for row in rows:
        lines: dict[str, set[int]] = defaultdict(set)
        for source in row.get("sources") or ():
            found = table_row(source.get("file", ""))
            if found:
                lines[found[0]].add(found[1])
        for table, numbers in lines.items():
            if len(numbers) < 2:
                continue
            if len(notes) >= SHOWN:
                extra += 1
                continue
            shown = sorted(numbers)
            listed = ", ".join(map(str, shown[:SHOWN])) + (
                f" and {len(shown) - SHOWN} more" if len(shown) > SHOWN else "")
            when = row.get("event_date")
            what = (f"{row.get('event_type') or 'event'} at {row.get('place_name') or 'no place'}"
                    + (f" on {when}" if when else ""))
            notes.append(f"{table}: rows {listed} repeat one event ({what}): merged into one "
                         f"incident ({len(shown)} rows)")
    if extra:
        notes.append(f"... and {extra} more incidents merged from repeated table rows")
    return notes
