"""What ``merge_rows`` files and probes a row by, and what a merged row keeps of its first row,
read column by column from an incident frame (:class:`Filing`).

The columns are read as :func:`geo.incidents.merge.rows_of` turns them into row values, so
that every key here is the key ``merge_rows`` computes; a column holding what they would read
otherwise (text that is not text, dates that are not dates, shapes that are not points) raises
:class:`NotColumnar` and the caller merges row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from geo.incidents.merge import CELL_DEG
from geo.incidents.schema import TIME_WINDOW_DAYS

#: date.toordinal() of 1970-01-01 (numpy's day 0).
_ORDINAL_1970 = 719_163
#: Days a date is padded by when its precision is not one of TIME_WINDOW_DAYS's.
_DEFAULT_PAD = 31
#: Grid cells a point may lie in: longitude and latitude within the world.
CELL_LIMIT = int(360 / CELL_DEG)


class NotColumnar(ValueError):
    """The rows hold a value these columns cannot read as ``merge_rows`` does (the caller
    merges them row by row instead)."""


def text_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A text column as an object array of str ("" where missing), as ``rows_of`` reads it."""
    column = frame[name]
    values = column.to_numpy(dtype=object, na_value=None)
    kinds = pd.api.types.infer_dtype(values, skipna=True)
    if kinds not in ("string", "empty"):
        raise NotColumnar(f"column '{name}' holds values that are not text")
    out = values.copy()
    out[pd.isna(column).to_numpy()] = ""
    return out


def _days(frame: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A date column as day numbers since 1970 and where it is present."""
    column = frame[name]
    if isinstance(column.dtype, pd.DatetimeTZDtype) or \
            not pd.api.types.is_datetime64_any_dtype(column.dtype):
        if column.isna().all():
            return np.zeros(len(column), np.int64), np.zeros(len(column), bool)
        raise NotColumnar(f"column '{name}' holds values that are not dates")
    days = column.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
    present = ~np.isnat(days)
    return np.where(present, days, np.datetime64(0, "D")).astype(np.int64), present


def _whole(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A whole-number column (0 where missing)."""
    column = frame[name]
    if not (pd.api.types.is_integer_dtype(column.dtype) or column.isna().all()):
        raise NotColumnar(f"column '{name}' holds values that are not whole numbers")
    return pd.array(column, dtype="Int64").fillna(0).to_numpy(dtype=np.int64)


@dataclass(frozen=True)
class Filing:
    """Per row, what ``merge_rows`` files and probes it by, and what a merged row keeps of its
    first row (its id, place, point, precisions and, unless "other attack", its type), as
    columns; text columns are coded (-1 for "") once the frames are joined."""

    place: np.ndarray  # place_id ("" when none)
    name: np.ndarray  # place_name casefolded (read where the row is not located)
    country: np.ndarray
    by_country: np.ndarray  # geo precision 4 with a country: probes its country
    located: np.ndarray
    x: np.ndarray
    y: np.ndarray
    fine: np.ndarray  # located at geo precision 1 or 2
    first_day: np.ndarray  # the padded dates as day ordinals (undated rows: 0 and 0)
    last_day: np.ndarray
    dated: np.ndarray
    precision: np.ndarray  # time precision (0 where missing)
    aggregate: np.ndarray  # an event count above 1
    event_type: np.ndarray
    given_id: np.ndarray  # the incident_id the row came with

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Filing:
        """The filing of an incident frame's rows (:class:`NotColumnar` when a column holds
        what ``merge_rows`` would read otherwise than these columns do)."""
        geoms = np.asarray(frame.geometry.values, dtype=object)
        located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if (shapely.get_type_id(geoms[located]) != 0).any():
            raise NotColumnar("a geometry is not a point")
        x = np.where(located, shapely.get_x(geoms), 0.0)
        y = np.where(located, shapely.get_y(geoms), 0.0)
        if not (np.isfinite(x) & np.isfinite(y)).all():
            raise NotColumnar("a point has no finite coordinates")
        start, dated = _days(frame, "event_date")
        end, ends = _days(frame, "date_end")
        end = np.where(ends, end, start)
        precision = _whole(frame, "time_precision")  # as merge._interval pads: 0 or none
        pad = pd.Series(np.where(precision == 0, 3, precision)).map(TIME_WINDOW_DAYS)
        pad = pad.fillna(_DEFAULT_PAD).to_numpy(np.int64)  # is 3, another value 31 days
        first = np.where(dated, start - pad + _ORDINAL_1970, 0)
        last = np.where(dated, end + pad + _ORDINAL_1970, 0)
        country = text_column(frame, "country")
        geo_precision = _whole(frame, "geo_precision")
        return cls(text_column(frame, "place_id"),
                   pd.Series(text_column(frame, "place_name")).str.casefold().to_numpy(object),
                   country, (geo_precision == 4) & (country != ""), located, x, y,
                   located & ((geo_precision == 1) | (geo_precision == 2)), first, last,
                   dated, precision, _whole(frame, "event_count") > 1,
                   text_column(frame, "event_type"), text_column(frame, "incident_id"))

    def __len__(self) -> int:
        return len(self.place)

    @property
    def first_week(self) -> np.ndarray:
        return self.first_day // 7

    @property
    def last_week(self) -> np.ndarray:
        return self.last_day // 7

    @property
    def cell_x(self) -> np.ndarray:
        return np.floor_divide(self.x, CELL_DEG).astype(np.int64)

    @property
    def cell_y(self) -> np.ndarray:
        return np.floor_divide(self.y, CELL_DEG).astype(np.int64)


def joined(parts: list[Filing]) -> Filing:
    f = Filing(*(np.concatenate([getattr(p, name) for p in parts])
                 for name in Filing.__dataclass_fields__))
    if max(np.abs(f.cell_x).max(initial=0), np.abs(f.cell_y).max(initial=0)) > CELL_LIMIT:
        raise NotColumnar("a point lies far outside longitude and latitude")
    return f


@dataclass(frozen=True)
class Codes:
    """The text a merged row keeps of its first row, as codes (-1 for "")."""

    place: np.ndarray
    given_id: np.ndarray
    event_type: np.ndarray
    types: np.ndarray  # each type code's text

    @classmethod
    def of(cls, f: Filing) -> Codes:
        place = pd.factorize(f.place)[0]
        given = pd.factorize(f.given_id)[0]
        kind, types = pd.factorize(f.event_type)
        return cls(np.where(f.place == "", -1, place), np.where(f.given_id == "", -1, given),
                   kind, np.asarray(types, dtype=object))


