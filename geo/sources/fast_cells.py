"""Whole columns of table cells read at once, only where the row path would read them alike.

Each reader returns the values and a mask of the rows it vouches for; any other row (a date in
another form, a number with a decimal comma, an unknown country...) is left to the row path
(geo.sources.table_rows), which reads it and reports its problems as it always has.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from geo.sources.table_dates import _MONTHS, MAX_YEAR, MIN_YEAR

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


def text(chunk: pd.DataFrame, index: int | None) -> pd.Series:
    """A column's cells stripped (as the row path's ``get``), or "" for every row."""
    if index is None:
        return pd.Series("", index=chunk.index, dtype=object)
    return chunk[index].str.strip()


def per_value(values: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """``fn`` of each cell, called once per distinct value."""
    codes, uniques = pd.factorize(values, sort=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in np.asarray(uniques, dtype=object).tolist()]
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _as_days(stamps: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(datetime.date or None, vouched) for timestamps in the schema's date range."""
    ok = (stamps.notna() & stamps.dt.year.between(MIN_YEAR, MAX_YEAR)).to_numpy(dtype=bool)
    out = np.full(len(stamps), None, dtype=object)
    if ok.any():
        out[ok] = stamps[ok].to_numpy(dtype="datetime64[D]").astype(object)
    return out, ok.copy()


def days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(dates, vouched) for cells "2023-10-29" and "29 October 2023" (a day each)."""
    iso = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy(dtype=bool)
    stamps = pd.to_datetime(values.where(iso, None), format="%Y-%m-%d", errors="coerce")
    out, ok = _as_days(stamps)
    rest = ~iso & (values != "").to_numpy()
    if rest.any():
        written = values[rest].str.extract(r"^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})$")
        parts = pd.DataFrame({"year": pd.to_numeric(written[2], errors="coerce"),
                              "month": written[1].str.casefold().map(_MONTHS),
                              "day": pd.to_numeric(written[0], errors="coerce")})
        found, found_ok = _as_days(pd.to_datetime(parts.dropna(), errors="coerce").reindex(
            parts.index))
        out[rest], ok[rest] = found, found_ok
    return out, ok


def numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(floats, vouched) for cells that are plain finite numbers ("33.12", "-4", "1e2")."""
    ok = values.str.fullmatch(_NUMBER).to_numpy(dtype=bool).copy()
    out = np.full(len(values), np.nan)
    if ok.any():
        out[ok] = values.to_numpy(dtype=object)[ok].astype(float)
    ok &= np.isfinite(out)
    return out, ok


def precision(values: pd.Series, highest: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, given, vouched): "" is not given; "1".."highest" are codes; else not vouched."""
    allowed = {str(n): n for n in range(1, highest + 1)}
    codes = per_value(values, allowed.get).to_numpy(dtype=object)
    given = (values != "").to_numpy()
    return codes, given, ~given | (codes != None)  # noqa: E711 - elementwise


def coordinates(lat: pd.Series, lon: pd.Series, named: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lat, lon, has coordinates, vouched): both cells empty with a place name, or both a
    number in range and not 0,0 (what ``read_coordinates`` keeps without a word)."""
    la, la_ok = numbers(lat)
    lo, lo_ok = numbers(lon)
    empty = ((lat == "") & (lon == "")).to_numpy()
    good = la_ok & lo_ok & (np.abs(la) <= 90) & (np.abs(lo) <= 180) & ~((la == 0) & (lo == 0))
    return la, lo, good, (empty & named) | good
