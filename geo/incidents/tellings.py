"""What merging asks of an incident's tellings (its sources): their keys, files, quotes and
table rows, kept up to date as the incident absorbs others, so that an incident told by
thousands of rows is not read again for each new one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.incidents.table_rows import repeat_key, table_row

Row = dict[str, Any]


@dataclass
class Facts:
    """What merging asks of one row's sources."""

    count: int = 0  # sources taken in so far
    keys: set[tuple[str, str, str]] = field(default_factory=set)  # (url, file, quote)
    files: set[str] = field(default_factory=set)
    quotes: set[tuple[str, str]] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)  # "path:line" of its table rows
    #: per table, the repeat keys of the rows of it this row holds (geo.incidents.table_rows)
    tables: dict[str, set[tuple]] = field(default_factory=dict)

    def take(self, row: Row, sources: list[dict]) -> None:
        key = None
        for s in sources:
            file = s.get("file", "")
            self.keys.add((s.get("url", ""), file, s.get("quote", "")))
            self.files.add(file)
            if s.get("quote"):
                self.quotes.add((file, s["quote"]))
            found = table_row(file)
            if found:
                self.lines.add(file)
                key = key or repeat_key(row)
                self.tables.setdefault(found[0], set()).add(key)


FACTS = "_facts"  # the key merge_rows keeps them under


def facts(row: Row) -> Facts:
    """The facts of ``row``'s sources (kept on the row while merge_rows runs)."""
    found = row.get(FACTS)
    sources = row.get("sources") or []
    if found is None or found.count != len(sources):
        found = Facts()
        found.take(row, sources)
        found.count = len(sources)
        if FACTS in row:
            row[FACTS] = found
    return found


def add_sources(rep: Row, row: Row) -> None:
    """Append to ``rep`` the sources of ``row`` it does not hold yet (keyed by url, file and
    quote), keeping ``rep``'s facts up to date."""
    held, mine = facts(rep), facts(row)
    taken: list[dict] = []
    for s in row.get("sources") or ():
        key = (s.get("url", ""), s.get("file", ""), s.get("quote", ""))
        if key not in held.keys:
            rep["sources"].append(s)
            taken.append(s)
            held.keys.add(key)
    held.take(row, taken)
    held.count = len(rep["sources"])
    for table, keys in mine.tables.items():
        held.tables.setdefault(table, set()).update(keys)
