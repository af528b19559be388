"""Read an incident table (CSV, JSON, GeoJSON or an ACLED export) into Draft records.

>>> result = read_table("incidents.csv", default_country="IQ")  # doctest: +SKIP
>>> result.kind, result.rows_read, len(result.drafts), [str(p) for p in result.problems]

Bad data never raises: each unreadable file, row or field becomes a SourceProblem naming the
file, line and field, and the other rows are still read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pandas as pd

from geo.incidents.draft import Draft, SourceProblem
from geo.sources.acled import AcledReader
from geo.sources.fast_acled import acled_drafts
from geo.sources.fast_plain import plain_drafts
from geo.sources.table_chunks import NotVouched, chunks, layout
from geo.sources.table_columns import ColumnMap, detect_columns, is_acled, looked_for
from geo.sources.table_files import (
    OTHER_GEOMETRY,
    POINT_LAT,
    POINT_LON,
    RawTable,
    TableFileError,
    open_table,
)
from geo.sources.table_rows import ProblemLog, RowContext, read_row
from geo.sources.table_values import country_code

#: How many leading rows may sit above the header (titles, blank notes) in a spreadsheet.
HEADER_SEARCH_ROWS = 10

Rows = Iterator[tuple[int | None, list[str]]]
#: (line, the Draft read column-wise or None, the cells for the row path when it is None)
Read = Iterator[tuple[int | None, Draft | None, list[str]]]


@dataclass
class TableResult:
    """The drafts read from one table, its problems, how many data rows it had, and its kind."""

    drafts: list[Draft] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    rows_read: int = 0
    kind: str = "csv"  # "acled", "csv" or "json"


def _header_of(rows: Rows, columns: dict[str, str] | None) -> tuple[list[str], int | None, Rows]:
    """The first of the leading rows that names a date and a place column (else the first row)."""
    leading = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    if not leading:
        return [], None, rows
    for i, (line, cells) in enumerate(leading):
        if is_acled(cells) or not detect_columns(cells, columns).missing():
            return cells, line, chain(leading[i + 1 :], rows)
    return leading[0][1], leading[0][0], chain(leading[1:], rows)


def _missing_columns(header: list[str], found: ColumnMap) -> str:
    has = ", ".join(repr(h[:40]) for h in header[:30]) or "none"
    return (
        f"no {' or '.join(found.missing())} column found; the table has columns {has}; "
        f"looked for {looked_for()}; name the columns with columns={{...}} (--columns)"
    )


def read_table(
    path: str | os.PathLike[str],
    *,
    columns: dict[str, str] | None = None,
    default_country: str = "",
    fast: bool = True,
) -> TableResult:
    """Read one incident table into Drafts.

    ``columns`` maps our field names (event_date, place_name, event_type, status, actor, target,
    lat, lon, country, admin1, url, publisher, notes, date_end, ...) to the table's own column
    names, overriding detection (and the ACLED layout). ``default_country`` (ISO alpha-2) is used
    for rows that name no country. ``fast``: read a plain UTF-8 CSV column-wise in chunks
    (the same drafts and problems; rows it cannot vouch for are read one by one).
    """
    path = Path(path)
    log = ProblemLog(str(path))
    guessed = "json" if path.suffix.lower() in (".json", ".geojson") else "csv"
    result = TableResult(problems=log.problems, kind=guessed)
    try:
        raw = open_table(path, log.problems)
    except TableFileError as exc:
        log.add(None, None, str(exc))
        return result
    result.kind = raw.kind
    try:
        _read_rows(raw, result, log, columns, default_country, fast and raw.kind == "csv")
    except NotVouched:  # the file is not plain after all: read again, row by row
        return read_table(path, columns=columns, default_country=default_country, fast=False)
    finally:
        raw.rows.close()  # type: ignore[attr-defined]
    return result


def _rows_read(rows: Rows) -> Read:
    for line, cells in rows:
        yield line, None, cells


def _chunks_read(rows: Rows, path: Path, header: list[str], header_line: int | None,
                 read) -> Read:
    """The rows below the header read column-wise (``read(chunk)`` gives the drafts and the
    vouched mask), or row by row when the file's structure is not plain."""
    lay = layout(path, header, header_line)
    found = chunks(path, lay) if lay is not None else None
    if found is None:
        yield from _rows_read(rows)
        return
    for chunk in found:
        drafts, _ = read(chunk)
        frame: pd.DataFrame | None = None
        for k, (line, draft) in enumerate(zip(chunk.index, drafts, strict=True)):
            if draft is None:
                frame = chunk.to_numpy(dtype=object) if frame is None else frame
                yield int(line), None, [c.replace("\x00", "") for c in frame[k]]
            else:
                yield int(line), draft, []


def _read_rows(
    raw: RawTable,
    result: TableResult,
    log: ProblemLog,
    columns: dict[str, str] | None,
    default_country: str,
    fast: bool = False,
) -> None:
    rows: Rows = raw.rows
    header, header_line = raw.header, None
    if raw.kind == "csv":
        header, header_line, rows = _header_of(rows, columns)
        if not header:
            log.add(None, None, "the file holds no rows (is it empty?)")
            return
    seen: set[str] = set()
    for name in header:
        key = " ".join(str(name).split()).casefold()
        if key and key in seen:
            log.add(header_line, None, f"column {str(name)[:40]!r} appears twice; the first "
                    "is read, the other ignored")
        seen.add(key)
    if POINT_LAT in header:
        columns = {**(columns or {}), "lat": POINT_LAT, "lon": POINT_LON}
    default = country_code(default_country) or default_country.strip().upper()
    ctx = RowContext(Path(log.path), log, default)
    if columns is None and is_acled(header):
        result.kind = "acled"
        acled = AcledReader(ctx, header)
        read = _chunks_read(rows, ctx.path, header, header_line, lambda c: acled_drafts(acled, c)
                            ) if fast else _rows_read(rows)
        for line, draft, cells in read:
            result.rows_read += 1
            if draft is None:
                draft = acled.read(line, cells)
            if draft is not None:
                result.drafts.append(draft)
        acled.finish()
    else:
        found = detect_columns(header, columns)
        for given in found.unknown:
            log.add(header_line, None, f"column {given} is not in the table; ignored")
        if found.missing():
            log.add(header_line, None, _missing_columns(header, found))
            return
        geometry = header.index(OTHER_GEOMETRY) if OTHER_GEOMETRY in header else None
        read = _chunks_read(rows, ctx.path, header, header_line, lambda c: plain_drafts(
            ctx, found, c)) if fast and geometry is None else _rows_read(rows)
        for line, fast_draft, cells in read:
            result.rows_read += 1
            if fast_draft is not None:
                result.drafts.append(fast_draft)
                continue
            if raw.kind == "csv" and len(cells) > len(header):
                log.add(
                    line,
                    None,
                    f"row has {len(cells)} cells but the header has {len(header)}; extra cells "
                    "ignored (a delimiter inside an unquoted value?)",
                )
            if geometry is not None and geometry < len(cells) and cells[geometry]:
                log.add(
                    line,
                    "geometry",
                    f"geometry is a {cells[geometry][:50]}; only a Point with a longitude and "
                    "latitude places a row; row kept without coordinates, to be resolved by "
                    "its place name",
                )
            if (draft := read_row(ctx, found, line, cells)) is not None:
                result.drafts.append(draft)
    ctx.finish()
    if result.rows_read == 0:
        log.add(header_line, None, "the table has a header but no rows")
    log.finish()
