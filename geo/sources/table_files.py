"""Open a table file as a header and numbered rows of text cells, whatever its encoding or form.

CSV is streamed with a cap on line and field size, so one huge line costs neither memory nor
time; JSON (an array of objects, ``{"incidents": [...]}`` or a GeoJSON FeatureCollection) is
loaded whole up to ``MAX_JSON_BYTES``. Problems with the file are collected, never raised.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from geo.incidents.draft import SourceProblem

LINE_CAP = 1 << 20  # characters in one CSV line or cell
MAX_JSON_BYTES = 256 << 20
SNIFF_LINES = 20
SNIFF_CHARS = 16_384
DELIMITERS = ",;\t|"
_CHUNK = 1 << 20
#: Column names given to a GeoJSON feature's Point coordinates, or to another geometry's type.
POINT_LAT, POINT_LON, OTHER_GEOMETRY = "geometry latitude", "geometry longitude", "geometry type"
_HEAD = 65_536


@dataclass
class RawTable:
    """Header and rows (line number, cells) of one file; a CSV's header is its first row(s)."""

    kind: str  # "csv" or "json"
    header: list[str]
    rows: Iterator[tuple[int | None, list[str]]]  # (line number if known, cells)


class TableFileError(Exception):
    """The file as a whole cannot be read as a table (message is for the user)."""


def _encoding_of(path: Path) -> tuple[str, str]:
    """(codec, note): UTF-8 (with or without BOM) or UTF-16 with BOM, else cp1252 or latin-1."""
    with path.open("rb") as f:
        head = f.read(_HEAD)
    if not head.strip():
        raise TableFileError("the file is empty")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", ""
    if b"\x00" in head:
        raise TableFileError(
            "this is a binary file (it holds NUL bytes), not a CSV or JSON table; "
            "if it is UTF-16 text without a byte-order mark, save it as UTF-8 CSV"
        )
    for codec in ("utf-8-sig", "cp1252"):
        if _decodes(path, codec):
            note = "" if codec == "utf-8-sig" else "not UTF-8; read as Windows-1252 (cp1252)"
            return codec, note
    return "latin-1", "not UTF-8 or Windows-1252; read as Latin-1"


def _decodes(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    with path.open("rb") as f:
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _looks_like_json(path: Path, codec: str) -> bool:
    with path.open(encoding=codec, errors="replace") as f:
        start = f.read(4096).lstrip()
    return start[:1] in ("[", "{")


def open_table(path: Path, problems: list[SourceProblem]) -> RawTable:
    """Open ``path``; raises TableFileError when the whole file is unusable."""
    if path.is_dir():
        raise TableFileError("this is a folder, not a table file")
    if path.exists() and not path.is_file():
        raise TableFileError("this is not a regular file (a device or pipe?); give a table file")
    try:
        codec, note = _encoding_of(path)
        as_json = path.suffix.lower() in (".json", ".geojson") or _looks_like_json(path, codec)
    except OSError as exc:
        raise TableFileError(f"cannot read the file ({exc.strerror or exc})") from None
    if note:
        problems.append(SourceProblem(str(path), None, None, note))
    if as_json:
        return _json_table(path, codec, problems)
    return _csv_table(path, codec, problems)


# --- CSV -----------------------------------------------------------------------------------


def _capped_lines(f: io.TextIOBase, path: Path, problems: list[SourceProblem]) -> Iterator[str]:
    """Lines of ``f``; a line over LINE_CAP is skipped (reported) and stands as a blank line."""
    number = 0
    while True:
        line = f.readline(LINE_CAP + 1)
        if not line:
            return
        number += 1
        if len(line) > LINE_CAP and not line.endswith("\n"):
            while (rest := f.readline(_CHUNK)) and not rest.endswith("\n"):
                pass
            problems.append(
                SourceProblem(
                    str(path),
                    number,
                    None,
                    f"line longer than {LINE_CAP:,} characters; skipped (is this really a CSV?)",
                )
            )
            yield "\n"
        else:
            yield line


def _dialect(sample: list[str]) -> type[csv.Dialect] | csv.Dialect:
    text = "".join(sample)[:SNIFF_CHARS]
    try:
        sniffed = csv.Sniffer().sniff(text, delimiters=DELIMITERS)
    except csv.Error:
        pass
    else:
        # the sniffer only guesses "doubled quotes" when its sample shows one; every writer of
        # CSV doubles them, so only the delimiter and the space habit are taken: its quote
        # guess too is a guess ("'" from a note cell of "'" or "Qa'im"), and CSV quotes are '"'
        class Sniffed(csv.excel):
            delimiter = sniffed.delimiter
            skipinitialspace = sniffed.skipinitialspace

        return Sniffed
    first = next((s for s in sample if s.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])

    class Guessed(csv.excel):
        delimiter = best if counts[best] else ","

    return Guessed


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_table(path: Path, codec: str, problems: list[SourceProblem]) -> RawTable:
    f = path.open(encoding=codec, newline="", errors="replace")
    lines = _capped_lines(f, path, problems)
    sample = [line for _, line in zip(range(SNIFF_LINES), lines, strict=False)]
    dialect = _dialect(sample)
    rows = _numbered_rows(chain(sample, lines), dialect, path, problems, f)
    return RawTable("csv", [], rows)


class _Tape:
    """The lines fed to a csv reader, keeping those of the row being read."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.kept: list[str] = []

    def __iter__(self) -> _Tape:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.kept.append(line)
        return line


def _cells_alone(line: str, dialect: type[csv.Dialect] | csv.Dialect) -> list[str]:
    return next(csv.reader([line], dialect), [])


def _unclosed(raw: list[str], dialect: type[csv.Dialect] | csv.Dialect, width: int) -> bool:
    """Does this row, read over several lines, run on from a quote that never closed?

    Either its quotes do not pair up (the quote ran to the end of the file), or one of the
    lines it swallowed is, read alone, a row as wide as the table's (a later quote closed it).
    """
    quote = getattr(dialect, "quotechar", '"') or '"'
    if sum(line.count(quote) for line in raw) % 2:
        return True
    return width > 1 and any(len(_cells_alone(line, dialect)) == width for line in raw[1:])


def _cut_off(line: str, cells: list[str], width: int) -> bool:
    """A last line with no line end and fewer cells than the rows before it: a file cut off
    in the middle of a row (a download or copy that stopped)."""
    return width > 1 and 1 < len(cells) < width and not line.endswith(("\n", "\r"))


def _numbered_rows(
    lines: Iterator[str],
    dialect: type[csv.Dialect] | csv.Dialect,
    path: Path,
    problems: list[SourceProblem],
    f: io.TextIOBase,
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for each non-blank row; bad rows are reported and skipped.

    A quote left open would swallow the rows after it into one cell: such a row is read as
    its first line alone (the quote closed at the line's end), and the lines after it as rows.
    """
    try:
        with _field_limit(LINE_CAP):
            tape = _Tape(lines)
            reader = csv.reader(tape, dialect)
            base = last = width = 0  # lines before this reader; last line read; row width
            while True:
                tape.kept = []
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    problems.append(
                        SourceProblem(
                            str(path),
                            last + 1,
                            None,
                            f"unreadable CSV row ({exc}); skipped "
                            "(look for an unclosed quote here)",
                        )
                    )
                    last = base + reader.line_num
                    continue
                start, last = last + 1, base + reader.line_num
                raw = tape.kept
                if len(raw) > 1 and _unclosed(raw, dialect, width):
                    problems.append(SourceProblem(
                        str(path), start, None,
                        "unclosed quote: its cell ran over the next lines; read to the end of "
                        f"line {start}, and the lines after it as rows"))
                    cells = _cells_alone(raw[0].rstrip("\r\n") + (dialect.quotechar or '"'),
                                         dialect)
                    tape = _Tape(chain(raw[1:], tape.lines))
                    reader = csv.reader(tape, dialect)
                    base = last = start
                elif len(raw) == 1:
                    if _cut_off(raw[-1], cells, width):
                        problems.append(SourceProblem(
                            str(path), start, None,
                            f"the file ends in the middle of a row ({len(cells)} of {width} "
                            "cells and no line end): cut off? row skipped"))
                        continue
                    width = max(width, len(cells))
                if any(c.strip() for c in cells):
                    yield start, [c.replace("\x00", "") for c in cells]
    finally:
        f.close()


# --- JSON ----------------------------------------------------------------------------------

_WS = " \t\n\r"


def _skip(text: str, pos: int, also: str = "") -> int:
    while pos < len(text) and text[pos] in _WS + also:
        pos += 1
    return pos


def _array_lines(text: str, start: int) -> list[int]:
    """Line number of each element of the JSON array opening at ``start``."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos, line, counted = _skip(text, start + 1), 1, 0
    while pos < len(text) and text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos, ",")
    return lines


def _key_array_start(text: str, key: str) -> int | None:
    """Position of the array value of top-level ``key`` in a JSON object text."""
    decoder = json.JSONDecoder()
    pos = _skip(text, _skip(text, 0) + 1)
    while pos < len(text) and text[pos] != "}":
        name, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)  # past ':'
        if name == key and text[pos] == "[":
            return pos
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos, ",")
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ; ".join(value)
    return json.dumps(value, ensure_ascii=False)


def _records(data: object) -> tuple[list[object], str | None, bool]:
    """(records, key holding them, is GeoJSON) from a loaded JSON document."""
    if isinstance(data, list):
        return data, None, False
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
            return data["features"], "features", True
        for key in ("incidents", "data", "records", "rows", "events"):
            if isinstance(data.get(key), list):
                return data[key], key, False
    raise TableFileError(
        'JSON must be an array of objects, {"incidents": [...]} or a GeoJSON FeatureCollection'
    )


def _feature_row(feature: dict) -> dict[str, object]:
    row = dict(feature.get("properties") or {})
    geometry = feature.get("geometry")
    if isinstance(geometry, dict):
        coords = geometry.get("coordinates")
        if geometry.get("type") == "Point" and isinstance(coords, list) and len(coords) >= 2:
            row[POINT_LON], row[POINT_LAT] = coords[0], coords[1]
        else:
            kind = str(geometry.get("type"))[:20]
            row[OTHER_GEOMETRY] = f"{kind} without two coordinates" if kind == "Point" else kind
    return row


def _json_table(path: Path, codec: str, problems: list[SourceProblem]) -> RawTable:
    if os.path.getsize(path) > MAX_JSON_BYTES:
        raise TableFileError(
            f"JSON file larger than {MAX_JSON_BYTES >> 20} MB; split it or convert it to CSV"
        )
    text = path.read_text(encoding=codec, errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TableFileError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise TableFileError("JSON nested too deeply to read") from None
    records, key, geojson = _records(data)
    try:
        start = text.index("[", _skip(text, 0)) if key is None else _key_array_start(text, key)
        lines = _array_lines(text, start) if start is not None else []
    except (ValueError, IndexError, json.JSONDecodeError, RecursionError):
        lines = []
    if len(lines) != len(records):
        lines = [None] * len(records)  # type: ignore[list-item]
    header: list[str] = []
    seen: set[str] = set()
    dicts: list[tuple[int | None, dict[str, object] | None]] = []
    for number, record in zip(lines, records, strict=True):
        if not isinstance(record, dict):
            dicts.append((number, None))
            continue
        row = _feature_row(record) if geojson else record
        for name in row:
            if name not in seen:
                seen.add(name)
                header.append(str(name))
        dicts.append((number, row))
    return RawTable("json", header, _json_rows(dicts, header, path, problems))


def _json_rows(
    dicts: list[tuple[int | None, dict[str, object] | None]],
    header: list[str],
    path: Path,
    problems: list[SourceProblem],
) -> Iterator[tuple[int | None, list[str]]]:
    for i, (number, row) in enumerate(dicts):
        if row is None:
            problems.append(
                SourceProblem(str(path), number, None, f"item {i + 1} is not an object; skipped")
            )
            continue
        cells = [_cell(row.get(name)) for name in header]
        if any(len(c) > LINE_CAP for c in cells):
            problems.append(
                SourceProblem(
                    str(path), number, None, f"a value longer than {LINE_CAP:,} characters; skipped"
                )
            )
            continue
        yield number, cells
