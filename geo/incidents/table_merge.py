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

from geo.incidents.merge import Row, merge_order, merge_rows, with_unique_ids
from geo.incidents.table_rows import repeat_key, table_row

_AT = "_first_at"  # where an incident's first row falls in merge_rows' order


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
        if len(members) == 1:
            at = members[0]
            out[at] = {**ordered[at], "sources": list(ordered[at]["sources"])}
            continue
        for merged in merge_rows({**ordered[at], _AT: at} for at in members):
            out[merged.pop(_AT)] = merged
    return with_unique_ids([row for row in out if row is not None])
