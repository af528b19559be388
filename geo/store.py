"""The incident store: read any supported file into an IncidentSet, write and merge GeoPackages.

A store is a GeoPackage with the layers ``incidents``, ``places``, ``uncertainty`` (derived) and
``unresolved``, plus a default QGIS style per layer (see :mod:`geo.export_gpkg`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from geo.errors import UserError
from geo.schema import (
    UNRESOLVED_COLUMNS,
    IncidentSet,
    incidents_frame,
    places_frame,
    sources_from_json,
    unresolved_frame,
)

#: Suffixes read_layers understands, with what each holds.
READABLE = {
    ".gpkg": "GeoPackage store (incidents, places, unresolved)",
    ".geojson": "GeoJSON incidents",
    ".json": "GeoJSON incidents",
    ".geojsonl": "newline-delimited GeoJSON incidents",
    ".geojsons": "newline-delimited GeoJSON incidents",
    ".fgb": "FlatGeobuf incidents",
    ".csv": "CSV incidents with lat and lon columns",
}

#: Columns exports add for convenience that are not part of the incident schema.
DERIVED_COLUMNS = ("lat", "lon", "source_urls")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        known = ", ".join(sorted(READABLE))
        raise UserError(f"{path}: unknown file type '{path.suffix}'; use one of {known}")
    return suffix


def _read_ogr(path: Path, layer: str | None = None) -> pd.DataFrame:
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError, ValueError, OSError) as exc:
        what = f" layer '{layer}'" if layer else ""
        raise UserError(
            f"{path}{what}: cannot read it ({exc}); check the file is not broken"
        ) from None


def _incidents(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    df = df.drop(columns=[c for c in ("source_urls",) if c in df.columns])
    try:
        return incidents_frame(df)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: incidents do not fit the schema ({exc})") from None


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UserError(f"{path}: cannot read it as CSV ({exc})") from None
    for name in ("lat", "lon"):
        if name not in df.columns:
            raise UserError(f"{path}: no '{name}' column; a CSV of incidents needs lat and lon")
        text = df[name].str.strip()
        number = pd.to_numeric(text, errors="coerce")
        bad = number.isna() & (text != "")
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise UserError(f"{path}:{line}: field '{name}' is not a number; fix or empty it")
        df[name] = number.astype(object).where(number.notna(), None)
    if "sources" in df.columns:
        for i, text in enumerate(df["sources"]):
            try:
                sources_from_json(text)
            except ValueError:
                raise UserError(
                    f"{path}:{i + 2}: field 'sources' is not a JSON array of sources; fix it"
                ) from None
    return df


def read_layers(path: str | os.PathLike[str]) -> IncidentSet:
    """Read a store or an export into an IncidentSet in the schema.

    GeoPackages give all three layers (a missing layer gives an empty frame); GeoJSON,
    newline-delimited GeoJSON, FlatGeobuf and CSV (lat/lon columns) give incidents only.
    """
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if suffix == ".csv":
        return IncidentSet(incidents=_incidents(_read_csv(path), path))
    if suffix != ".gpkg":
        return IncidentSet(incidents=_incidents(_read_ogr(path), path))
    try:
        layers = {name for name, _ in pyogrio.list_layers(path)}
    except (DataSourceError, OSError) as exc:
        raise UserError(f"{path}: cannot open it as a GeoPackage ({exc})") from None
    found = IncidentSet()
    if "incidents" in layers:
        found.incidents = _incidents(_read_ogr(path, "incidents"), path)
    if "places" in layers:
        found.places = places_frame(_read_ogr(path, "places"))
    if "unresolved" in layers:
        found.unresolved = unresolved_frame(pd.DataFrame(_read_ogr(path, "unresolved")))
    return found


def read_incidents(path: str | os.PathLike[str]):
    """The incidents of any file :func:`read_layers` reads, as a GeoDataFrame."""
    return read_layers(path).incidents


def write_store(layers: IncidentSet, path: str | os.PathLike[str]) -> Path:
    """Write a GeoPackage store (all four layers and their styles), atomically."""
    from geo.export_gpkg import write_gpkg

    return write_gpkg(layers, path)


@dataclass(frozen=True)
class MergeReport:
    """What a merge did to the incidents layer."""

    added: int
    updated: int
    unchanged: int
    total: int

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.total} incidents in the store"
        )


def merge_into_store(path: str | os.PathLike[str], new: IncidentSet) -> MergeReport:
    """Upsert ``new`` into the store at ``path`` (created if missing) and rewrite it atomically.

    Incidents are matched by ``incident_id``: a new id is added; a known one gets the union of
    both rows' sources and its empty fields filled from the new row (stored values win
    otherwise), and counts as updated only if that changed something. Places are upserted by
    ``place_id`` (the new row wins) with ``incident_count`` recounted; unresolved mentions are
    de-duplicated. Merging the same set twice changes nothing the second time.
    """
    path = Path(path)
    old = read_layers(path) if path.exists() else IncidentSet()
    merged, counts = merge_sets(old, new)
    write_store(merged, path)
    return MergeReport(*counts, total=len(merged.incidents))


# --- merging -------------------------------------------------------------------------------

#: Fields that tell one unresolved mention from another.
_UNRESOLVED_KEY = [c for c in UNRESOLVED_COLUMNS if c not in ("reason", "candidates")]


def _blank(value: Any) -> bool:
    if value is None or isinstance(value, str | list):
        return value is None or len(value) == 0
    if isinstance(value, shapely.Geometry):
        return value.is_empty
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _source_key(source: dict[str, Any]) -> tuple[str, str]:
    where = str(source.get("url") or "").strip() or str(source.get("file") or "").strip()
    return where, " ".join(str(source.get("quote") or "").split())


def union_sources(first: list[dict], second: list[dict]) -> list[dict]:
    """``first`` then the sources of ``second`` not already there (same url/file and quote)."""
    seen = {_source_key(s) for s in first}
    out = [dict(s) for s in first]
    for source in second:
        key = _source_key(source)
        if key not in seen:
            seen.add(key)
            out.append(dict(source))
    return out


def _merge_row(stored: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    out = dict(stored)
    for name, value in new.items():
        if name == "sources":
            out[name] = union_sources(list(stored.get(name) or []), list(value or []))
        elif (name not in out or _blank(out[name])) and not _blank(value):
            out[name] = value
    return out


def _canonical(row: dict[str, Any]) -> tuple:
    items = []
    for name in sorted(row):
        value = row[name]
        if isinstance(value, shapely.Geometry):
            value = shapely.to_wkb(value, hex=True)
        elif isinstance(value, list):
            value = json.dumps(value, sort_keys=True, default=str)
        elif _blank(value):
            value = None
        elif isinstance(value, pd.Timestamp):
            value = value.isoformat()
        items.append((name, value))
    return tuple(items)


def _merge_incidents(
    old: pd.DataFrame, new: pd.DataFrame
) -> tuple[list[dict], tuple[int, int, int]]:
    rows: dict[str, dict[str, Any]] = {r["incident_id"]: r for r in old.to_dict("records")}
    status: dict[str, str] = {}
    for row in new.to_dict("records"):
        key = row["incident_id"]
        if key not in rows:
            rows[key] = row
            status[key] = "added"
            continue
        merged = _merge_row(rows[key], row)
        if status.get(key) != "added":
            changed = _canonical(merged) != _canonical(rows[key])
            if changed or key not in status:
                status[key] = "updated" if changed else "unchanged"
        rows[key] = merged
    values = list(status.values())
    counts = (values.count("added"), values.count("updated"), values.count("unchanged"))
    return list(rows.values()), counts


def merge_sets(old: IncidentSet, new: IncidentSet) -> tuple[IncidentSet, tuple[int, int, int]]:
    """``old`` with ``new`` merged in (rules in :func:`merge_into_store`), and the counts
    (added, updated, unchanged) of the new set's incidents."""
    records, counts = _merge_incidents(old.incidents, new.incidents)
    incidents = incidents_frame(records)
    places = pd.concat([old.places, new.places], ignore_index=True)
    keyed = places["place_id"] != ""
    places = pd.concat(
        [places[keyed].drop_duplicates("place_id", keep="last"), places[~keyed]],
        ignore_index=True,
    )
    per_place = incidents.loc[incidents["place_id"] != "", "place_id"].value_counts()
    places["incident_count"] = places["place_id"].map(per_place).fillna(0)
    unresolved = pd.concat([old.unresolved, new.unresolved], ignore_index=True)
    unresolved = unresolved.drop_duplicates(_UNRESOLVED_KEY, keep="last")
    return (
        IncidentSet(
            incidents=incidents,
            places=places_frame(places),
            unresolved=unresolved_frame(unresolved.reset_index(drop=True)),
        ),
        counts,
    )
