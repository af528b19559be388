"""COPY payloads in PostgreSQL's binary format, built column by column (no Python object per
row, no text the server parses again).

Each column becomes a :class:`Field`: its rows' byte lengths (-1 for NULL) and their bytes, made
by Arrow and numpy; :func:`copy_chunks` joins the fields row by row (Arrow's element-wise
join) in chunks a COPY can stream. Types follow :func:`geo.store.pg_schema.column_type`: ``text``,
``integer``, ``double precision``, ``date``, ``jsonb`` and ``geometry`` (WKB; the column's
type ``geometry(..., 4326)`` gives it its SRID as the server reads it). A value the column's
type cannot hold raises a :class:`ColumnError` naming the column.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geo.store.pg_schema import TABLES

#: PGCOPY signature, flags and header extension length (binary COPY's header).
_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_TRAILER = (-1).to_bytes(2, "big", signed=True)
#: Days from 1970-01-01 (Arrow's date32) to 2000-01-01 (PostgreSQL's date epoch).
_PG_EPOCH_DAYS = 10957
_INT4 = (-(2**31), 2**31 - 1)
#: Rows per chunk a COPY is sent in (the server takes one while the next is built).
CHUNK_ROWS = 16_384


class ColumnError(ValueError):
    """A value its column's type cannot hold (the message names the column)."""


@dataclass(frozen=True)
class Field:
    """One column ready for binary COPY: per-row lengths (-1: NULL) and each row's bytes (an
    Arrow large_binary array; empty for NULL)."""

    lengths: np.ndarray  # int64
    data: pa.LargeBinaryArray

    def __len__(self) -> int:
        return len(self.lengths)


def _binary(lengths: np.ndarray, body: np.ndarray) -> pa.LargeBinaryArray:
    """Rows of ``lengths`` bytes (-1 counts 0) cut from ``body`` in order, as an Arrow array."""
    offsets = np.concatenate([[0], np.cumsum(np.maximum(lengths, 0))]).astype(np.int64)
    return pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(lengths),
                                            [None, pa.py_buffer(offsets), pa.py_buffer(body)])


def _fixed(values: np.ndarray, valid: np.ndarray, dtype: str) -> Field:
    """Fixed-width big-endian values; rows not ``valid`` are NULL."""
    width = np.dtype(dtype).itemsize
    lengths = np.where(valid, width, -1).astype(np.int64)
    body = np.ascontiguousarray(values[valid].astype(dtype)).view(np.uint8)
    return Field(lengths, _binary(lengths, body))


def _varlen(array: pa.Array) -> Field:
    """A string or binary Arrow array as a field (its nulls NULL)."""
    if isinstance(array, pa.ChunkedArray):  # from a pandas column held by Arrow
        array = array.combine_chunks()
    array = array.cast(pa.large_binary())
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    sizes = pc.binary_length(array).fill_null(0).to_numpy(zero_copy_only=False)
    return Field(np.where(valid, sizes, -1).astype(np.int64), array.fill_null(b""))


Values = Sequence[Any] | pd.Series | pa.Array


def text_field(values: Values) -> Field:
    """Text; a missing value is '' (the schema's text columns are NOT NULL DEFAULT '')."""
    try:
        array = values.cast(pa.large_string()) if isinstance(values, pa.Array) else \
            pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or other objects: their str
        array = pa.array([None if _missing(v) else str(v) for v in values],
                         type=pa.large_string())
    return _varlen(pc.fill_null(array, ""))


def _series(values: Sequence[Any] | pd.Series) -> pd.Series:
    return values if isinstance(values, pd.Series) else pd.Series(list(values))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _numbers(values: Values, kind: pa.DataType, name: str,
             what: str) -> tuple[np.ndarray, np.ndarray]:
    """Numbers (Arrow straight from Python or pandas values; pandas when they need coercing,
    "3" or 2.0) and where they are present."""
    try:  # Arrow's own reading of the values, taken when it is of the kind (it would cut
        array = values if isinstance(values, pa.Array) else \
            pa.array(values, from_pandas=True)  # 1.5 to 1 if told the type first)
        if not (array.type == kind or pa.types.is_null(array.type) or kind == pa.float64()
                and pa.types.is_integer(array.type)):
            raise pa.ArrowInvalid("not of the kind")
        array = array.cast(kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        try:
            numbers = pd.to_numeric(_series(values))
            array = pa.array(pd.array(numbers, dtype="Int64" if kind == pa.int64() else
                                      "Float64"), type=kind, from_pandas=True)
        except (ValueError, TypeError, pa.ArrowInvalid):
            raise ColumnError(f"column '{name}' holds a value that is not {what}") from None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return array.fill_null(0).to_numpy(zero_copy_only=False), valid


def int_field(values: Values, name: str) -> Field:
    """``integer`` (int4); missing values NULL."""
    plain, valid = _numbers(values, pa.int64(), name, "a whole number")
    if valid.any() and (plain[valid].min() < _INT4[0] or plain[valid].max() > _INT4[1]):
        raise ColumnError(f"column '{name}' holds a number too large for an integer column")
    return _fixed(plain, valid, ">i4")


def float_field(values: Values, name: str) -> Field:
    """``double precision``; missing values and NaN NULL."""
    numbers, valid = _numbers(values, pa.float64(), name, "a number")
    return _fixed(numbers, valid & ~np.isnan(numbers), ">f8")


def date_field(values: Values) -> Field:
    """``date`` (days since 2000-01-01); missing values NULL."""
    if isinstance(values, pa.Array) and pa.types.is_date32(values.type):
        valid = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        days = values.cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        return _fixed(days.astype("int64") - _PG_EPOCH_DAYS, valid, ">i4")
    series = _series(values)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        days64 = series.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
        valid = ~np.isnat(days64)
        days = days64.astype("int64")
    else:
        try:  # dates (or None) straight to Arrow: no per-row pandas
            array = pa.array(series.to_numpy(dtype=object), type=pa.date32(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return date_field(pd.to_datetime(series).astype("datetime64[ms]"))
        valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False))
        days = array.cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        days = days.astype("int64")
    return _fixed(days - _PG_EPOCH_DAYS, valid, ">i4")


def _as_dict(value: Any) -> Any:
    if hasattr(value, "as_dict"):
        return value.as_dict()  # a Source
    raise TypeError(f"{type(value).__name__} is not a source")


def _json_encoder(separators: tuple[str, str] = (": ", ", ")):
    """One JSON encoder for every cell: the C encoder made once (``json.dumps`` makes one
    per call, most of its cost for a small list of sources), else the Python one."""
    from json import encoder

    if encoder.c_make_encoder is None:
        return json.JSONEncoder(ensure_ascii=False, default=_as_dict,
                                separators=separators[::-1]).encode
    make = encoder.c_make_encoder(None, _as_dict, encoder.encode_basestring, None,
                                  *separators, False, False, True)
    return lambda value: "".join(make(value, 0))


_JSON = _json_encoder()
_COMPACT = _json_encoder((":", ","))
#: Bytes of JSON text: quote, backslash, and what opens, closes and separates values
#: (``_STEP``: per byte, how it moves the depth; ``_MARK``: whether it is one of these).
_QUOTE, _BACKSLASH, _COMMA = 34, 92, 44
_STEP = np.zeros(256, np.int64)
_STEP[[91, 123]], _STEP[[93, 125]] = 1, -1
_MARK = (_STEP != 0) | (np.arange(256) == _COMMA)


def _jsonb_rows(values: list) -> pa.LargeBinaryArray | None:
    """Lists of sources as ``jsonb`` rows (version 1, then the JSON text), encoded in one
    call as one compact JSON array, whose top-level commas (and opening bracket) become each
    row's version byte: no Python string per row. None when a value is not a list or the
    text cannot be encoded (the caller encodes row by row, and names the column)."""
    if not all(isinstance(v, list | tuple) for v in values):
        return None
    try:
        raw = np.frombuffer(_COMPACT(values).encode("utf-8"), dtype=np.uint8).copy()
    except (TypeError, ValueError):
        return None
    quote = np.flatnonzero(raw == _QUOTE)
    slash = np.flatnonzero(raw == _BACKSLASH)  # inside strings only; each escapes the next
    if len(slash):  # character, unless escaped itself (a run of them pairs up)
        starts = np.ones(len(slash), bool)
        starts[1:] = slash[1:] != slash[:-1] + 1
        first = slash[starts][np.cumsum(starts) - 1]
        quote = np.setdiff1d(quote, slash[(slash - first) % 2 == 0] + 1, assume_unique=True)
    marks = np.flatnonzero(_MARK[raw])
    marks = marks[np.searchsorted(quote, marks) % 2 == 0]  # outside strings
    kind = raw[marks]
    depth = np.cumsum(_STEP[kind])
    cuts = marks[((kind == _COMMA) & (depth == 1)) | (marks == 0)]
    if len(cuts) != len(values) or not len(values):
        return None
    raw[cuts] = 1  # jsonb's format version
    offsets = np.append(cuts, len(raw) - 1).astype(np.int64)  # the closing bracket left out
    return pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(values),
                                            [None, pa.py_buffer(offsets), pa.py_buffer(raw)])


def sources_field(values: Sequence[Any] | pd.Series) -> Field:
    """``jsonb`` (format version 1, then the JSON text): a list of sources, or JSON text as it
    is; missing values an empty array."""
    values = list(values)
    rows = _jsonb_rows(values)
    if rows is not None:
        return _varlen(rows)
    try:
        text = ["\x01" + (v if isinstance(v, str) and v else "[]"
                           if not isinstance(v, list | tuple) else _JSON(v)) for v in values]
    except (TypeError, ValueError) as exc:
        raise ColumnError(f"column 'sources' holds a value that is not a list of sources "
                          f"({exc})") from None
    return _varlen(pa.array(text, type=pa.large_string()))


#: A 2D point's WKB: byte order, type, x, y (no SRID: the column's type gives it).
_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _points(geoms: np.ndarray, valid: np.ndarray) -> Field:
    """2D points (or None; none empty) written straight from their coordinates."""
    points = np.zeros(int(valid.sum()), dtype=_POINT)
    points["order"], points["type"] = 1, 1
    points["x"], points["y"] = shapely.get_x(geoms[valid]), shapely.get_y(geoms[valid])
    lengths = np.where(valid, _POINT.itemsize, -1).astype(np.int64)
    return Field(lengths, _binary(lengths, points.view(np.uint8)))


def geometry_field(geometries: Sequence[Any] | np.ndarray) -> Field:
    """``geometry``: little-endian WKB; None NULL. The SRID is not sent: PostGIS gives a
    shape without one the SRID of its column's type (every geometry column here is
    ``geometry(..., 4326)``, so the server stores SRID 4326). Points are written from their
    coordinates, other shapes by GEOS."""
    geoms = np.asarray(geometries, dtype=object)
    kinds = shapely.get_type_id(geoms)  # -1: None
    if np.all(kinds <= 0) and not (shapely.has_z(geoms) | shapely.is_empty(geoms)).any():
        return _points(geoms, kinds == 0)
    return _varlen(pa.array(shapely.to_wkb(geoms, byte_order=1), type=pa.large_binary()))


def table_fields(columns: Mapping[str, Any], table: str) -> list[Field]:
    """The schema columns of ``table`` (values per column name) as fields, in its order."""
    fields = []
    for col in TABLES[table][0]:
        values = columns[col.name]
        if col.kind == "str":
            fields.append(text_field(values))
        elif col.kind == "int":
            fields.append(int_field(values, col.name))
        elif col.kind == "float":
            fields.append(float_field(values, col.name))
        elif col.kind == "date":
            fields.append(date_field(values))
        elif col.kind == "sources":
            fields.append(sources_field(values))
        else:
            fields.append(geometry_field(values))
    return fields


def _lengths(lengths: np.ndarray) -> pa.LargeBinaryArray:
    """Each row's 4-byte big-endian length, as binary values."""
    be = np.ascontiguousarray(lengths.astype(">i4"))
    return pa.FixedSizeBinaryArray.from_buffers(pa.binary(4), len(be), [None, pa.py_buffer(be)]
                                                ).cast(pa.large_binary())


def _rows(fields: Sequence[Field], start: int, stop: int) -> bytes:
    """Rows ``start:stop`` of the fields as binary COPY rows: a field count, then per field
    its length and bytes (joined row by row by Arrow)."""
    count = pa.scalar(len(fields).to_bytes(2, "big"), type=pa.large_binary())
    pieces: list[Any] = [count]
    for field in fields:
        pieces += [_lengths(field.lengths[start:stop]), field.data.slice(start, stop - start)]
    joined = pc.binary_join_element_wise(*pieces, pa.scalar(b"", type=pa.large_binary()))
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int64)[
        joined.offset:joined.offset + len(joined) + 1]
    return joined.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0])).to_pybytes()


def copy_chunks(fields: Sequence[Field], rows_per_chunk: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The binary COPY stream of these fields (header, rows, trailer), in chunks."""
    n = len(fields[0]) if fields else 0
    yield _HEADER
    for start in range(0, n, rows_per_chunk):
        yield _rows(fields, start, min(n, start + rows_per_chunk))
    yield _TRAILER
