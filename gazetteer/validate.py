"""Check the curated files: fields, unique ids, points inside their country, colliding names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.borders import country_polygons
from gazetteer.curated import default_files, load_file
from gazetteer.errors import GazetteerDataError
from gazetteer.normalize import fold_text
from gazetteer.place import Place

BORDER_TOLERANCE_M = 2000.0  # a point this close to its country's border passes


@dataclass
class Finding:
    level: str  # "error" or "warning"
    place_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.place_id}: {self.message}"


@dataclass
class ValidationReport:
    places: int = 0
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]


def check_countries(places: list[Place]) -> list[Finding]:
    """Each point must lie in its stated country, or within its uncertainty of the border."""
    import geopandas as gpd
    from shapely.geometry import Point

    borders = country_polygons()
    by_iso = {iso: geom for iso, geom in zip(borders["iso"], borders.geometry, strict=True)}
    points = gpd.GeoSeries([Point(p.lon, p.lat) for p in places], crs="EPSG:4326")
    metric = points.to_crs("EPSG:3857")  # distances near 35N: scaled by ~1.2, fine for slack
    findings = []
    for place, point, mpoint in zip(places, points, metric, strict=True):
        shape = by_iso.get(place.country)
        if shape is None:
            findings.append(Finding("warning", place.id, f"no polygon for country {place.country}"))
            continue
        if shape.contains(point):
            continue
        border = gpd.GeoSeries([shape.boundary], crs="EPSG:4326").to_crs("EPSG:3857").iloc[0]
        distance = border.distance(mpoint)
        if distance > max(place.uncertainty_m, BORDER_TOLERANCE_M) * 1.25:
            inside = borders[borders.contains(point)]["iso"].tolist()
            findings.append(Finding(
                "error", place.id,
                f"({place.lat}, {place.lon}) is {distance / 1000:.1f} km outside {place.country}"
                + (f", inside {', '.join(inside)}" if inside else ""),
            ))
    return findings


def check_names(places: list[Place]) -> list[Finding]:
    """The same written name on two places is reported (a look-up will have to choose)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for place in places:
        for name in place.names():
            owners[" ".join(fold_text(name).split())].add(place.id)
    return [
        Finding("warning", sorted(ids)[0], f"name {name!r} also names {', '.join(sorted(ids)[1:])}")
        for name, ids in sorted(owners.items())
        if len(ids) > 1
    ]


def validate(paths: Iterable[Path] | None = None) -> ValidationReport:
    report = ValidationReport()
    places: list[Place] = []
    seen: dict[str, str] = {}
    for path in paths if paths is not None else default_files():
        report.files.append(str(path))
        try:
            loaded = load_file(Path(path))
        except GazetteerDataError as exc:
            report.findings.append(Finding("error", str(path), str(exc)))
            continue
        for place in loaded:
            if place.id in seen:
                report.findings.append(Finding("error", place.id, f"id also in {seen[place.id]}"))
                continue
            if not place.source.startswith(("http://", "https://")) and len(place.source) < 8:
                report.findings.append(Finding("error", place.id, "source is not a URL or dataset"))
            seen[place.id] = str(path)
            places.append(place)
    report.places = len(places)
    if places:
        report.findings += check_countries(places)
        report.findings += check_names(places)
    return report
