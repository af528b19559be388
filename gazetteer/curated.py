"""Load the curated place files (``gazetteer/data/*.csv``): one row a place, strictly checked."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from gazetteer.errors import GazetteerDataError
from gazetteer.place import KINDS, Place

COLUMNS = (
    "id", "name", "alt_names", "kind", "country", "admin1", "lat", "lon",
    "uncertainty_m", "source", "geonames_id", "notes",
)
REQUIRED = ("id", "name", "kind", "country", "lat", "lon", "uncertainty_m", "source")
ALT_SEPARATOR = "|"


def default_files() -> list[Path]:
    """The curated CSV files shipped in the package, in name order."""
    folder = resources.files("gazetteer") / "data"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".csv"))


def _number(path: Path, line: int, field: str, text: str, lo: float, hi: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GazetteerDataError(path, line, field, f"is not a number: {text!r}") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise GazetteerDataError(path, line, field, f"{value} is outside {lo}..{hi}")
    return value


def parse_row(path: Path, line: int, row: dict[str, str]) -> Place:
    """One CSV row -> Place; raises GazetteerDataError naming the file, line and field."""
    values = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if None in row:
        raise GazetteerDataError(path, line, None, "has more fields than the header")
    for field in REQUIRED:
        if not values.get(field):
            raise GazetteerDataError(path, line, field, "is missing")
    kind = values["kind"]
    if kind not in KINDS:
        raise GazetteerDataError(path, line, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    country = values["country"]
    if len(country) != 2 or not country.isalpha():
        raise GazetteerDataError(path, line, "country", f"{country!r} is not an ISO alpha-2 code")
    geonames_text = values.get("geonames_id", "")
    if geonames_text and not geonames_text.isdigit():
        raise GazetteerDataError(path, line, "geonames_id", f"is not an integer: {geonames_text!r}")
    alt = tuple(a.strip() for a in values.get("alt_names", "").split(ALT_SEPARATOR) if a.strip())
    return Place(
        id=values["id"],
        name=values["name"],
        kind=kind,
        country=country.upper(),
        lat=_number(path, line, "lat", values["lat"], -90, 90),
        lon=_number(path, line, "lon", values["lon"], -180, 180),
        uncertainty_m=_number(path, line, "uncertainty_m", values["uncertainty_m"], 0, 5e6),
        source=values["source"],
        alt_names=alt,
        admin1=values.get("admin1", ""),
        geonames_id=int(geonames_text) if geonames_text else None,
        notes=values.get("notes", ""),
        tier="curated",
    )


def load_file(path: Path) -> list[Place]:
    """All places of one curated CSV file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise GazetteerDataError(path, line, None, "is not valid UTF-8") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteerDataError(path, 1, None, f"header lacks column(s): {', '.join(missing)}")
    places = []
    for row in reader:
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue  # blank line
        places.append(parse_row(path, reader.line_num, row))
    return places


def load_curated(paths: Iterable[Path] | None = None) -> list[Place]:
    """Places from the given curated files (default: the shipped ones); ids must be unique."""
    places: list[Place] = []
    seen: dict[str, Path] = {}
    for path in paths if paths is not None else default_files():
        for place in load_file(Path(path)):
            if place.id in seen:
                raise GazetteerDataError(path, None, "id", f"{place.id!r} also in {seen[place.id]}")
            seen[place.id] = Path(path)
            places.append(place)
    return places
