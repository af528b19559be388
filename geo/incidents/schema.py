"""The incident, place and unresolved-mention schemas: defined once, used everywhere.

An incident set in memory is a GeoDataFrame (EPSG:4326, Point geometry) whose columns are
``INCIDENT_COLUMNS`` in that order. Dates are ``datetime64`` at midnight (NaT when unknown);
``sources`` holds a list of :class:`Source`-shaped dicts per row. Files store ``sources`` as
JSON text; :func:`sources_to_json` / :func:`sources_from_json` convert.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from geo.incidents.source_list import SourceList, parse_sources, source_lists

if TYPE_CHECKING:  # imported where used: `import geo.incidents.schema` stays cheap for the CLI
    import geopandas as gpd
    import pandas as pd

CRS = "EPSG:4326"

# --- vocabularies --------------------------------------------------------------------------

#: Our event types, in display order, with their ACLED event type and sub-event type (ACLED
#: codebook, 2023 edition: political violence event types, and "Disrupted weapons use" under
#: Strategic developments for an interception).
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "drone attack": ("Explosions/Remote violence", "Air/drone strike"),
    "rocket attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "missile attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "indirect fire": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "interception": ("Strategic developments", "Disrupted weapons use"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "IED": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide bombing": ("Explosions/Remote violence", "Suicide bomb"),
    "grenade attack": ("Explosions/Remote violence", "Grenade"),
    "armed clash": ("Battles", "Armed clash"),
    "attack on civilians": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "other attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
}

#: ACLED's disorder type of each ACLED event type.
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}


#: Strikes from afar: one report may call one strike on one place by two of these names
#: ("Russian missiles hit Dobropillia" above "Russian forces struck Dobropillia").
STRIKE_TYPES = frozenset({"airstrike", "drone attack", "missile attack", "rocket attack",
                          "indirect fire", "shelling"})


def compatible_types(a: str, b: str) -> bool:
    """Two of our types can tell one event: the same type, the same ACLED sub-event type
    (a "rocket" in one report is a "missile" in another), or one is "other attack"."""
    if a == b or "other attack" in (a, b):
        return True
    sub_a, sub_b = EVENT_TYPES.get(a, ("", ""))[1], EVENT_TYPES.get(b, ("", ""))[1]
    return bool(sub_a) and sub_a == sub_b


def acled_types(event_type: str) -> tuple[str, str, str]:
    """(disorder type, ACLED event type, sub-event type) of one of our event types."""
    event, sub = EVENT_TYPES.get(event_type, ("", ""))
    return DISORDER_TYPES.get(event, ""), event, sub


#: Whether a person looked at an incident (geo/review): not yet, confirmed it, or changed it.
REVIEW_STATES: tuple[str, ...] = ("machine", "confirmed", "changed")

STATUSES: tuple[str, ...] = ("claimed", "reported", "confirmed", "disputed", "denied")


def combine_status(found: set[str]) -> str:
    """One status from the cues met (claimed and denied together: disputed)."""
    if "denied" in found:
        return "disputed" if found & {"claimed", "reported", "confirmed"} else "denied"
    for status in ("confirmed", "claimed", "reported"):
        if status in found:
            return status
    return "reported"


#: Dates the schema accepts (events, publication); anything outside is a typo, not history.
DATE_RANGE: tuple[date, date] = (date(1900, 1, 1), date(2100, 12, 31))

#: ACLED time precision: 1 = the day is known, 2 = the week, 3 = the month.
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
#: How many days a date of each precision may be off (merging tellings, scoring).
TIME_WINDOW_DAYS = {1: 1, 2: 7, 3: 31}

#: ACLED geo precision, plus 4 for "country only".
GEO_PRECISION = {
    1: "site or town",
    2: "near or part of a town/site",
    3: "region or province",
    4: "country only",
}
#: Uncertainty radius (km) of a point whose source gives a geo precision but no radius.
DEFAULT_UNCERTAINTY_KM = {1: 2.0, 2: 10.0, 3: 50.0, 4: 250.0}


@dataclass(frozen=True)
class Source:
    """Where an incident was read: one article or table row."""

    url: str = ""
    publisher: str = ""
    published: str = ""  # ISO 8601 date, "" when unknown
    quote: str = ""
    file: str = ""  # local path (article or table), with ":line" for table rows

    def as_dict(self) -> dict[str, str]:
        return dict(vars(self))  # the fields, in order (dataclasses.asdict is ~10x slower)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "str", "int", "float", "date", "sources", "geometry"
    doc: str


INCIDENT_SCHEMA: tuple[Column, ...] = (
    Column("incident_id", "str", "stable hash of the defining fields"),
    Column("event_date", "date", "first (or only) day of the event"),
    Column("date_end", "date", "last day for ranges, NaT otherwise"),
    Column("time_precision", "int", "ACLED 1 day / 2 week / 3 month"),
    Column("event_type", "str", "one of EVENT_TYPES"),
    Column("sub_event_type", "str", "ACLED sub-event type"),
    Column("acled_event_type", "str", "ACLED event type"),
    Column("disorder_type", "str", "ACLED disorder type"),
    Column("status", "str", "one of STATUSES"),
    Column("actor", "str", "who carried it out (as named)"),
    Column("target", "str", "who or what was targeted"),
    Column("fatalities", "int", "people killed, when the source states a number"),
    Column("place_name", "str", "the place as written in the source"),
    Column("place_id", "str", "gazetteer id of the resolved place, '' if none"),
    Column("resolved_name", "str", "name of the resolved place"),
    Column("geo_precision", "int", "ACLED 1 site/town, 2 near/part of, 3 region, 4 country"),
    Column("uncertainty_km", "float", "radius within which the event lies"),
    Column("admin1", "str", "first-level administrative division"),
    Column("country", "str", "ISO 3166-1 alpha-2"),
    Column("resolver", "str", "tier or geocoder that located the place"),
    Column("resolution_score", "float", "0-100 match score of the resolution"),
    Column("event_count", "int", "1, or the number of events an aggregate stands for"),
    Column("sources", "sources", "list of Source dicts"),
    Column("notes", "str", "free text"),
    # ACLED's columns (geo.incidents.acled); an ACLED row keeps its own values
    Column("event_id_cnty", "str", "ACLED's event id of an ACLED row ('' for ours)"),
    Column("assoc_actor_1", "str", "groups acting with the actor (ACLED assoc_actor_1)"),
    Column("inter1", "int", "ACLED actor category of the actor (1 state forces ... 8)"),
    Column("assoc_actor_2", "str", "groups acting with the target (ACLED assoc_actor_2)"),
    Column("inter2", "int", "ACLED actor category of the target (7 civilians)"),
    Column("civilian_targeting", "str", "'Civilian targeting' when civilians were targeted"),
    Column("admin2", "str", "second-level administrative division"),
    Column("admin3", "str", "third-level administrative division"),
    Column("source_scale", "str", "ACLED source scale (Local, National, International...)"),
    Column("tags", "str", "ACLED tags"),
    Column("acled_row", "str", "an ACLED row's columns as they came (JSON object)"),
    Column("reviewed", "str", "one of REVIEW_STATES: machine, confirmed or changed by a person"),
    Column("machine", "str", "JSON object: what the machine had said of each field a person "
           "changed ({} when none)"),
    Column("geometry", "geometry", "Point, EPSG:4326 (None when unresolved)"),
)
INCIDENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in INCIDENT_SCHEMA)

#: The fields whose values define an incident (and so its id).
IDENTITY_FIELDS: tuple[str, ...] = (
    "event_date",
    "date_end",
    "event_type",
    "place_id",
    "place_name",
    "actor",
    "target",
)

PLACE_SCHEMA: tuple[Column, ...] = (
    Column("place_id", "str", "gazetteer id"),
    Column("name", "str", "preferred name"),
    Column("kind", "str", "airbase, military_base, oil_field, city, ..."),
    Column("country", "str", "ISO 3166-1 alpha-2"),
    Column("admin1", "str", "first-level administrative division"),
    Column("uncertainty_m", "float", "uncertainty of the coordinate in metres"),
    Column("source", "str", "URL or dataset the coordinate comes from"),
    Column("incident_count", "int", "incidents resolved to this place"),
    Column("geometry", "geometry", "Point, EPSG:4326"),
)
PLACE_COLUMNS: tuple[str, ...] = tuple(c.name for c in PLACE_SCHEMA)

UNRESOLVED_SCHEMA: tuple[Column, ...] = (
    Column("mention", "str", "the place as written"),
    Column("reason", "str", "why it was not located (no match, ambiguous, geocoder error...)"),
    Column("candidates", "str", "JSON array of the candidates considered"),
    Column("event_date", "date", "date of the incident it belongs to, if any"),
    Column("event_type", "str", "type of the incident it belongs to, if any"),
    Column("source_file", "str", "file it was read from"),
    Column("url", "str", "source URL"),
    Column("quote", "str", "the sentence it came from"),
)
UNRESOLVED_COLUMNS: tuple[str, ...] = tuple(c.name for c in UNRESOLVED_SCHEMA)


# --- ids and sources -----------------------------------------------------------------------


def _id_value(value: Any) -> str:
    if type(value) is str:  # most fields: text, checked first (an id is hashed per incident)
        return value.strip().casefold()
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip().casefold()


def incident_id(fields: Mapping[str, Any]) -> str:
    """Stable 16-hex-digit id from the identity fields of an incident (and ACLED's event id,
    when it has one: two ACLED events alike in every other field stay two)."""
    text = "\x1f".join([_id_value(fields.get(name)) for name in IDENTITY_FIELDS])
    if fields.get("event_id_cnty"):
        text += "\x1facled:" + str(fields["event_id_cnty"]).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sources_to_json(sources: Iterable[Mapping[str, Any] | Source] | None) -> str:
    return SourceList(s.as_dict() if isinstance(s, Source) else s for s in (sources or [])
                      ).as_json()


def sources_from_json(text: str | None) -> list[dict[str, str]]:
    """One ``sources`` cell (JSON text or a list) as a list of dicts (:func:`parse_sources`)."""
    return parse_sources(text)


# --- frames --------------------------------------------------------------------------------

def _coerce(df: pd.DataFrame, schema: Sequence[Column]) -> pd.DataFrame:
    import pandas as pd

    empty = {"str": "", "int": pd.NA, "float": float("nan"), "date": pd.NaT}
    for col in schema:
        if col.kind == "geometry":
            continue
        if col.name not in df.columns:
            df[col.name] = [[] for _ in range(len(df))] if col.kind == "sources" else empty[
                col.kind
            ]
        if col.kind == "str":
            df[col.name] = df[col.name].fillna("").astype(str)
        elif col.kind == "int":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").astype("Int64")
        elif col.kind == "float":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").astype("float64")
        elif col.kind == "date":
            df[col.name] = pd.to_datetime(df[col.name], errors="coerce").astype("datetime64[ms]")
        elif col.kind == "sources":
            df[col.name] = source_lists(df[col.name].to_numpy(dtype=object, na_value=None))
    return df


def _frame(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame, schema: Sequence[Column]
) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if "geometry" not in df.columns:
        df["geometry"] = None
    df = _coerce(df, schema)
    columns = [c.name for c in schema]
    extra = [c for c in df.columns if c not in columns]
    gdf = gpd.GeoDataFrame(df[columns + extra], geometry="geometry", crs=CRS)
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    return gdf


def incidents_frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame = ()) -> gpd.GeoDataFrame:
    """A GeoDataFrame in the incident schema from dicts (or a frame); missing ids are filled.

    Rows may give ``lat``/``lon`` instead of ``geometry``. Built column by column: a frame
    given stays columns (no dict per row); ids are hashed only for rows without one.
    """
    import pandas as pd

    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if len(df):
        _fill_incident_columns(df)
    df = df.drop(columns=[c for c in ("lat", "lon") if c in df.columns])
    return _frame(df, INCIDENT_SCHEMA)


def _blank(column: pd.Series) -> pd.Series:
    """Where a text column says nothing (None, NaN or "")."""
    return column.isna() | column.astype(object).eq("")


def _fill_incident_columns(df: pd.DataFrame) -> None:
    """Derive in place, column by column, what rows may leave out: the geometry from
    lat/lon, ACLED's types from ours, an event count of 1, the review state, the id."""
    import numpy as np
    import pandas as pd
    import shapely

    n = len(df)
    if "geometry" not in df.columns:
        df["geometry"] = None
    if "lat" in df.columns and "lon" in df.columns:
        missing = df["geometry"].isna().to_numpy()
        given = df["lat"].notna().to_numpy() & df["lon"].notna().to_numpy() & missing
        if given.any():
            lon = df["lon"].to_numpy(dtype=object)[given].astype(float)
            lat = df["lat"].to_numpy(dtype=object)[given].astype(float)
            geometry = df["geometry"].to_numpy(dtype=object).copy()
            geometry[given] = shapely.points(lon, lat)
            df["geometry"] = geometry
    if "event_type" in df.columns:  # ACLED's types from ours: (disorder, event, sub-event)
        typed = ~_blank(df["event_type"])
        for target, part in (("sub_event_type", 2), ("acled_event_type", 1)):
            need = typed & (_blank(df[target]) if target in df.columns else True)
            if need.any():
                found = df.loc[need, "event_type"].map(lambda t: acled_types(str(t)))
                if part == 1:
                    df.loc[need, "disorder_type"] = found.str[0]
                df.loc[need, target] = found.str[part]
    if "event_count" not in df.columns:
        df["event_count"] = 1
    else:
        df["event_count"] = df["event_count"].astype(object).where(df["event_count"].notna(), 1)
    reviewed = df.get("reviewed", pd.Series([None] * n, index=df.index))
    if pd.api.types.is_string_dtype(reviewed.dtype) and reviewed.dtype != object:
        is_text = (reviewed.notna() & reviewed.ne("")).to_numpy(dtype=bool)
    else:
        values = reviewed.to_numpy(dtype=object)
        is_text = np.fromiter((isinstance(v, str) and v != "" for v in values), bool, n)
    df["reviewed"] = reviewed.where(is_text, "machine")
    if "incident_id" not in df.columns:
        df["incident_id"] = ""
    unnamed = _blank(df["incident_id"])
    if unnamed.any():
        fields = [c for c in (*IDENTITY_FIELDS, "event_id_cnty") if c in df.columns]
        df.loc[unnamed, "incident_id"] = [
            incident_id(rec) for rec in df.loc[unnamed, fields].to_dict("records")]


def places_frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame = ()) -> gpd.GeoDataFrame:
    """A GeoDataFrame in the place schema; rows may give ``lat``/``lon``."""
    import pandas as pd
    from shapely.geometry import Point

    records = []
    source_rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    for row in source_rows:
        rec = dict(row)
        if rec.get("geometry") is None and rec.get("lat") is not None:
            rec["geometry"] = Point(float(rec.pop("lon")), float(rec.pop("lat")))
        records.append(rec)
    return _frame(records, PLACE_SCHEMA)


def unresolved_frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame = ()) -> pd.DataFrame:
    """A plain DataFrame (no geometry) in the unresolved-mention schema."""
    import pandas as pd

    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    schema = UNRESOLVED_SCHEMA
    df = _coerce(df, schema)
    return df[[c.name for c in schema]]


def check_incidents(gdf: gpd.GeoDataFrame) -> None:
    """Raise ValueError naming the first column or value that breaks the schema."""
    missing = [c for c in INCIDENT_COLUMNS if c not in gdf.columns]
    if missing:
        raise ValueError(f"incident frame lacks column(s): {', '.join(missing)}")
    bad_types = set(gdf["event_type"]) - set(EVENT_TYPES) - {""}
    if bad_types:
        raise ValueError(f"unknown event_type value(s): {', '.join(sorted(bad_types))}")
    bad_status = set(gdf["status"]) - set(STATUSES) - {""}
    if bad_status:
        raise ValueError(f"unknown status value(s): {', '.join(sorted(bad_status))}")


@dataclass
class IncidentSet:
    """The three layers an ingest produces."""

    incidents: gpd.GeoDataFrame = field(default_factory=incidents_frame)
    places: gpd.GeoDataFrame = field(default_factory=places_frame)
    unresolved: pd.DataFrame = field(default_factory=unresolved_frame)
