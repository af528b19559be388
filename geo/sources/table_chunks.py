"""A CSV table read in column chunks, for the fast path of :mod:`geo.sources.tables`.

The fast path only takes a file whose structure it can vouch for: UTF-8, one physical line per
row (no cell runs over a line end, so row ``k`` after the header is line ``header + 1 + k``),
every row as wide as the header, no NUL byte and no line near ``LINE_CAP``. Any other file
(broken or multi-line quoting, other encodings, ragged rows) is read by the row path as
before, so its problems are reported as they always were.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.sources.table_files import (
    LINE_CAP,
    SNIFF_LINES,
    _capped_lines,
    _dialect,
    _encoding_of,
)

#: Rows read at once: memory stays bounded whatever the table's length.
CHUNK_ROWS = 100_000
_SCAN = 1 << 20  # bytes of the file scanned at once for line ends


@dataclass(frozen=True)
class Layout:
    """What pandas needs to read the rows below the header as the csv module would."""

    delimiter: str
    skipinitialspace: bool
    width: int  # cells in the header
    first_line: int  # line number of the first row below the header


def _lines(path: Path) -> int | None:
    """The file's line count, or None when a NUL byte, a CR without its LF or a line near
    ``LINE_CAP`` bytes rules the fast path out."""
    count, since, last = 0, 0, 10
    with path.open("rb") as f:
        while block := f.read(_SCAN):
            data = np.frombuffer(block, dtype=np.uint8)
            if (data == 0).any():
                return None
            ends = np.flatnonzero(data == 10)
            crs = np.flatnonzero(data == 13)
            if len(crs) and (crs[-1] == len(data) - 1 or (data[crs + 1] != 10).any()):
                return None  # the csv module reads a lone CR as a line end
            longest = np.diff(ends).max(initial=0) if len(ends) > 1 else 0
            first = ends[0] + since if len(ends) else since + len(data)
            if max(longest, first) >= LINE_CAP // 4:
                return None
            since = len(data) - 1 - ends[-1] if len(ends) else since + len(data)
            count += len(ends)
            last = int(data[-1])
    return count + (last != 10)


def layout(path: Path, header: list[str], header_line: int | None) -> Layout | None:
    """How to read ``path``'s rows column-wise, or None when the fast path cannot vouch."""
    if header_line is None or not header or len(set(header)) != len(header):
        return None
    try:
        codec, note = _encoding_of(path)
    except Exception:  # noqa: BLE001 - the row path reports what is wrong with the file
        return None
    if codec != "utf-8-sig" or note:
        return None
    with path.open(encoding=codec, newline="", errors="replace") as f:
        lines = _capped_lines(f, path, [])
        sample = [line for _, line in zip(range(SNIFF_LINES), lines, strict=False)]
    dialect = _dialect(sample)
    if len(sample) < header_line or any("\r" in line[:-2] or '"' in line
                                        for line in sample[:header_line]):
        return None  # a quoted header (or lines above it): leave it to the row path
    return Layout(dialect.delimiter, bool(dialect.skipinitialspace), len(header),
                  header_line + 1)


def _cut_off(path: Path, lay: Layout) -> bool:
    """Does the file end without a line end inside a row narrower than the header (the row
    path skips such a row as cut off)?"""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - LINE_CAP // 4))
        tail = f.read()
    if not tail or tail.endswith(b"\n"):
        return False
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    cells = next(csv.reader([last], delimiter=lay.delimiter,
                            skipinitialspace=lay.skipinitialspace), [])
    return len(cells) < lay.width


def chunks(path: Path, lay: Layout) -> Iterator[pd.DataFrame] | None:
    """Frames of text cells (columns 0..width-1, index = line number), CHUNK_ROWS at a time;
    None when the rows do not keep to one line each at the header's width."""
    lines = _lines(path)
    if lines is None:
        return None
    expected = lines - (lay.first_line - 1)
    if expected <= 0 or _cut_off(path, lay):
        return None
    try:
        reader = pd.read_csv(
            path, sep=lay.delimiter, header=None, skiprows=lay.first_line - 1, dtype=str,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, quotechar='"',
            doublequote=True, quoting=csv.QUOTE_MINIMAL, skipinitialspace=lay.skipinitialspace,
            encoding="utf-8", engine="c", chunksize=CHUNK_ROWS, escapechar=None,
            index_col=False, on_bad_lines="error", lineterminator=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError):
        return None
    return _checked(reader, lay, expected)


def _checked(reader, lay: Layout, expected: int) -> Iterator[pd.DataFrame]:
    """The chunks, each checked; raises NotVouched when the file turns out not to be plain
    (a row of another width, or fewer rows than lines: a cell ran over a line end)."""
    seen = 0
    try:
        for chunk in reader:
            if chunk.shape[1] != lay.width:
                raise NotVouched("rows wider or narrower than the header")
            chunk.index = pd.RangeIndex(lay.first_line + seen, lay.first_line + seen + len(chunk))
            seen += len(chunk)
            first = chunk[0].fillna("")
            maybe = (first.str.len() == 0) | first.str.isspace()
            if maybe.any():  # blank lines (and rows of empty cells) are no rows
                blank = chunk[maybe].fillna("").apply(lambda c: c.str.strip() == "").all(axis=1)
                chunk = chunk.drop(index=blank.index[blank])
            if chunk.isna().to_numpy().any():
                raise NotVouched("a row narrower than the header")
            yield chunk
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise NotVouched(str(exc)) from None
    finally:
        reader.close()
    if seen != expected:
        raise NotVouched("rows run over several lines")


class NotVouched(Exception):
    """The file's structure is not what the fast path reads exactly like the row path."""
