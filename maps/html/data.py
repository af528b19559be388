"""The incident and place data embedded once in an HTML map, as compact columnar JSON.

Incidents become parallel arrays (one entry per located incident); every text value goes
through one shared string table, so a publisher, actor or quote repeated across thousands of
incidents is stored once. The browser builds the layers from these arrays.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gazetteer.borders import map_shape
from geo.incidents.areas import AREA_LABELS, incident_areas
from geo.incidents.counts import (
    Counts,
    dates_text,
    event_counts,
    located_mask,
    reviewed_counts,
    summary,
)
from geo.incidents.schema import (
    CRS,
    GEO_PRECISION,
    INCIDENT_COLUMNS,
    PLACE_COLUMNS,
    sources_from_json,
)
from maps.html.basemap import encode_polygons
from maps.style import (
    AREA_COLOR,
    AREA_FILL_OPACITY,
    AREA_LEGEND,
    AREA_SYMBOL_FILL_OPACITY,
    LAYER_SYMBOLS,
    REVIEW_LABELS,
    REVIEWED_OUTLINE,
    REVIEWED_OUTLINE_WIDTH,
    UNCERTAINTY_MAX_PRECISION,
    layer_types,
    symbol_for,
)

#: Type keys in display order; the last slot ("") holds empty or unknown types.
TYPE_KEYS: tuple[str, ...] = (*LAYER_SYMBOLS, "")

#: Incident text fields shown in popups, each stored as an index into the string table.
TEXT_FIELDS: tuple[str, ...] = (
    "status",
    "place_name",
    "resolved_name",
    "place_id",
    "actor",
    "target",
    "admin1",
    "country",
    "reviewed",
)

_EPOCH = np.datetime64("1970-01-01", "D")
#: Area polygons are stored on a grid of 1/AREA_SCALE degree (about 100 m).
AREA_SCALE = 1000
_PRECISION_SPAN_DAYS = {2: 6}  # a week-precise date covers 7 days; months are computed


class MissingColumns(ValueError):
    """The frame lacks columns the map needs."""


@dataclass
class StringTable:
    """Interns strings; index 0 is always the empty string."""

    values: list[str] = field(default_factory=lambda: [""])
    _index: dict[str, int] = field(default_factory=lambda: {"": 0})

    def code(self, value: Any) -> int:
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self.values)
            self.values.append(text)
        return found


def compact(values: list) -> list | dict[str, Any]:
    """A column whose entries are all equal is stored once, as {"const": value}."""
    if values and all(v == values[0] for v in values):
        return {"const": values[0]}
    return values


def text_column(column: pd.Series) -> dict[str, Any]:
    """A text column as its distinct values (most frequent first) and one code per row."""
    codes, uniques = pd.factorize(column.fillna("").astype(str), sort=False)
    order = np.argsort(-np.bincount(codes, minlength=len(uniques)), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return {"values": [str(uniques[k]) for k in order], "codes": compact(rank[codes].tolist())}


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise MissingColumns(
            f"{what} lack column(s) {', '.join(missing)}; build them with geo.incidents.schema."
            f"{'incidents_frame' if what == 'incidents' else 'places_frame'}(...)"
        )


def _to_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is not None and not frame.crs.equals(CRS):
        return frame.to_crs(CRS)
    return frame


def _day_numbers(column: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 as float (NaN when unknown)."""
    values = pd.to_datetime(column, errors="coerce").to_numpy(dtype="datetime64[D]")
    days = (values - _EPOCH).astype("float64")
    days[np.isnat(values)] = np.nan
    return days


def _month_end_span(start_days: np.ndarray) -> np.ndarray:
    start = (_EPOCH + np.nan_to_num(start_days).astype("int64")).astype("datetime64[M]")
    month_end = (start + 1).astype("datetime64[D]") - 1
    return (month_end - (_EPOCH + np.nan_to_num(start_days).astype("int64"))).astype("int64")


def _floats(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").astype("float64").to_numpy()


def _int_list(values: np.ndarray) -> list[int | None]:
    return [None if np.isnan(v) else int(v) for v in values]


def _short_number(value: float) -> int | float | None:
    if np.isnan(value):
        return None
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def _type_codes(types: pd.Series) -> tuple[list[int], np.ndarray]:
    position = {key: i for i, key in enumerate(TYPE_KEYS)}
    codes = types.fillna("").astype(str).map(position).fillna(len(TYPE_KEYS) - 1)
    array = codes.to_numpy(dtype="int64")
    return array.tolist(), np.bincount(array, minlength=len(TYPE_KEYS))


SOURCE_FIELDS = ("url", "publisher", "published", "quote")


def _source_codes(column: pd.Series) -> tuple[list[list[int]], dict[str, Any]]:
    """Per incident, indexes into a columnar table of the distinct sources."""
    strings = StringTable()
    table: list[list[int]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    per_row: list[list[int]] = []
    for sources in column:
        refs = []
        if isinstance(sources, str):  # a frame read from a file, not yet through the schema
            sources = sources_from_json(sources)
        for item in sources if isinstance(sources, list) else []:
            src = item.as_dict() if hasattr(item, "as_dict") else dict(item)
            key = tuple(str(src.get(k) or "") for k in SOURCE_FIELDS)
            ref = seen.get(key)  # type: ignore[arg-type]
            if ref is None:
                ref = seen[key] = len(table)  # type: ignore[index]
                table.append([strings.code(v) for v in key])
            refs.append(ref)
        per_row.append(refs)
    columns = {name: [row[k] for row in table] for k, name in enumerate(SOURCE_FIELDS)}
    return per_row, {"values": strings.values, **columns}


def incident_payload(incidents: gpd.GeoDataFrame) -> dict[str, Any]:
    """Columnar arrays for the located incidents, plus counts and the date range."""
    _require(incidents, tuple(c for c in INCIDENT_COLUMNS if c not in ("reviewed", "machine")),
             "incidents")
    frame = _to_wgs84(incidents)
    if "reviewed" not in frame.columns:  # a frame made before review existed
        frame = frame.assign(reviewed="machine")
    mask = located_mask(frame)
    rows = frame.loc[mask]
    points = rows.geometry.representative_point()
    start = _day_numbers(rows["event_date"])
    end = _day_numbers(rows["date_end"])
    shown_end = np.where(np.isnan(end) | (end < start), start, end)
    precision = _floats(rows["time_precision"])
    covered = np.where(precision == 2, start + _PRECISION_SPAN_DAYS[2], shown_end)
    covered = np.where(precision == 3, start + _month_end_span(start), covered)
    last = np.fmax(shown_end, covered)
    # The time control spans the whole set's dates (geo.incidents.counts), like every output.
    counts = Counts.of(frame)
    whole = [float((np.datetime64(d, "D") - _EPOCH).astype("int64"))
             for d in (counts.first, counts.last) if d is not None]
    day0 = int(np.nanmin([*start, *whole[:1]])) if np.isfinite(start).any() or whole else 0
    day_max = int(np.nanmax([*last, *whole[1:]])) if np.isfinite(last).any() or whole else day0

    type_codes, type_counts = _type_codes(layer_types(rows))
    sources, source_table = _source_codes(rows["sources"])
    uncertainty = _floats(rows["uncertainty_km"])
    geo_precision = _floats(rows["geo_precision"])
    count = event_counts(rows).to_numpy() if len(rows) else np.zeros(0, dtype="int64")
    dated = ~np.isnan(start)

    payload: dict[str, Any] = {
        "lat": np.round(points.y.to_numpy(), 5).tolist(),
        "lon": np.round(points.x.to_numpy(), 5).tolist(),
        "type": compact(type_codes),
        "day": compact(_int_list(start - day0)),
        "span": compact(_int_list(np.where(dated, shown_end - start, np.nan))),
        "cover": compact(_int_list(np.where(dated, last - start, np.nan))),
        "tp": compact(_int_list(precision)),
        "gp": compact(_int_list(geo_precision)),
        "unc": compact([_short_number(v) for v in uncertainty]),
        "n": compact(count.tolist()),
        "id": rows["incident_id"].fillna("").astype(str).tolist(),
        "src": compact(sources),
        "sources": source_table,
        **area_payload(rows),
    }
    for name in TEXT_FIELDS:
        payload[name] = text_column(rows[name])
    payload["meta"] = {
        "counts": counts.as_dict(),
        "summary": summary(counts),
        "dates": dates_text(counts.first, counts.last),
        "day0": day0,
        "days": day_max - day0 + 1,
        "dated": int(dated.sum()),
        "uncertain": int(((geo_precision > 1) & (geo_precision <= UNCERTAINTY_MAX_PRECISION)
                          & (uncertainty > 0)).sum()),
        "located": int(mask.sum()),
        "not_located": int((~mask).sum()),
        "types": [
            {
                "key": key,
                "label": symbol_for(key).label,
                "color": symbol_for(key).color,
                "marker": symbol_for(key).marker,
                "count": int(type_counts[i]),
            }
            for i, key in enumerate(TYPE_KEYS)
        ],
        "geo_precision": {str(k): v for k, v in GEO_PRECISION.items()},
        "area": {"color": AREA_COLOR, "fillOpacity": AREA_FILL_OPACITY,
                 "symbolFill": AREA_SYMBOL_FILL_OPACITY, "legend": AREA_LEGEND,
                 "labels": AREA_LABELS},
        "review": {"labels": REVIEW_LABELS, "outline": REVIEWED_OUTLINE,
                   "width": REVIEWED_OUTLINE_WIDTH,
                   "counts": reviewed_counts(frame.loc[mask])},
    }
    return payload


def area_payload(rows: gpd.GeoDataFrame) -> dict[str, Any]:
    """Each distinct area once ("areas": its kind and encoded polygons) and, per incident, the
    index of its area ("area", -1 for a site): a country is stored once for all its incidents.

    A region is its uncertainty circle (the incident's own lat, lon and radius) cut to its
    country: it points to an area of kind "clip", the country the page clips the circle to
    (no polygon: not clipped), so thousands of regions cost no polygons at all."""
    areas = incident_areas(rows, regions=False)
    index: dict[str, int] = {}
    kinds: list[str] = []
    shapes: list[list] = []
    per_row = []
    for key, kind in zip(areas.key, areas.kind, strict=True):
        if not kind:
            per_row.append(-1)
            continue
        iso, _, part = key.partition(":")
        area_key = f"clip:{iso}" if kind == "region" else key
        if area_key not in index:
            index[area_key] = len(kinds)
            kinds.append("clip" if kind == "region" else str(kind))
            shape = map_shape(iso, part if kind == "country part" else "") if iso else None
            shapes.append(encode_polygons(shape, AREA_SCALE) if shape is not None else [])
        per_row.append(index[area_key])
    return {"area": compact(per_row), "areas": {"kind": kinds, "shape": shapes,
                                                 "scale": AREA_SCALE}}


def place_payload(places: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    """One small record per located place (bases and sites are few)."""
    if places is None or len(places) == 0:
        return []
    _require(places, PLACE_COLUMNS, "places")
    frame = _to_wgs84(places)
    rows = frame.loc[located_mask(frame)]
    points = rows.geometry.representative_point()
    out = []
    for (_, row), x, y in zip(rows.iterrows(), points.x, points.y, strict=True):
        record = {k: ("" if pd.isna(row[k]) else str(row[k])) for k in
                  ("place_id", "name", "kind", "country", "admin1", "source")}
        unc = row["uncertainty_m"]
        n = row["incident_count"]
        record.update(
            lat=round(float(y), 5),
            lon=round(float(x), 5),
            uncertainty_m=None if pd.isna(unc) else float(unc),
            incidents=None if pd.isna(n) else int(n),
        )
        out.append(record)
    return out


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


#: Jinja's opening delimiters. branca renders each element's output again as a template, so a
#: "{{" or "{%" in the data would be read (and run) as template code. JSON has no "{" followed
#: by "{", "%" or "#" outside its strings; inside them the brace is written "\u007b".
_TEMPLATE_OPENING = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    """JSON that is safe verbatim inside a <script> element (no tag, entity or line breaks)
    and inert when branca renders the page as a template."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _TEMPLATE_OPENING.sub(r"\\u007b", text.translate(_SCRIPT_ESCAPES))
