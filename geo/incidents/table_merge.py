"""``merge_rows`` for the rows of one table alone, by grouping instead of pairwise probing.

Rows of one table merge only when one repeats another (geo.incidents.table_rows): a row can
join only an incident holding a row of the same repeat key (or the same line). So when every
row comes from one table (each row's sources name ``table:line``) and no two rows share an
incident id, rows of different repeat keys never meet: each group of one key is merged on its
own by ``merge_rows`` itself, and a row alone in its key comes out as it went in. Placed in
``merge_rows``' order (each incident where its first row falls) with ids given in that order,
the result is ``merge_rows``' own: the same incidents, ids and order.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.incidents.merge import Row, absorb, merge_order, merge_rows, same_event, with_unique_ids
from geo.incidents.table_rows import repeat_key, table_row
from geo.incidents.tellings import FACTS


def one_table(rows: list[Row]) -> str | None:
    """The table every row is a row of (each source naming it), else None."""
    found: str | None = None
    ids: set[str] = set()
    for row in rows:
        sources = row.get("sources") or ()
        if not sources or row.get("_stored") or row.get("_apart") or \
                (row.get("event_count") or 1) > 1:
            return None
        for source in sources:
            at = table_row(source.get("file", ""))
            if at is None or (found is not None and at[0] != found):
                return None
            found = at[0]
        if row.get("incident_id"):
            if row["incident_id"] in ids:
                return None
            ids.add(row["incident_id"])
    return found


def merge_table_rows(rows: Iterable[Row]) -> list[Row]:
    """``merge_rows(rows)``, grouped by repeat key when all rows are one table's."""
    rows = list(rows)
    if one_table(rows) is None:
        return merge_rows(rows)
    ordered = sorted(rows, key=merge_order)
    groups: dict[tuple, list[int]] = {}
    for at, row in enumerate(ordered):
        groups.setdefault(repeat_key(row), []).append(at)
    out: list[Row | None] = [None] * len(ordered)
    for members in groups.values():
        for at, merged in merge_repeats(ordered, members):
            out[at] = merged
    return with_unique_ids([row for row in out if row is not None])


def merge_repeats(ordered: list[Row], members: list[int]) -> list[tuple[int, Row]]:
    """The incidents of one repeat key's rows (at ``members`` of ``ordered``), each with where
    its first row falls: what ``merge_rows`` makes of them. Every incident of the key is a
    candidate of each of its rows there (one place key, one week, one kind, the key held),
    asked as ``merge_rows`` asks them (its own type first, then in the order made); no two
    rows share a source file (one line each), so none is asked before the others."""
    made: list[tuple[int, Row]] = []
    for at in members:
        row = {**ordered[at], "sources": list(ordered[at]["sources"]), FACTS: None}
        kind = row["event_type"]
        target = next((rep for same in (True, False) for _, rep in made
                       if (rep["event_type"] == kind) is same and same_event(rep, row)), None)
        if target is None:
            made.append((at, row))
        else:
            absorb(target, row)
    for _, row in made:
        row.pop(FACTS, None)
    return made
