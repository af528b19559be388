"""A QGIS project (.qgz) for a store: styled layers, an OSM base map, time range.

The project XML is written here (no QGIS needed). Layers point to a GeoPackage by a path
relative to the project, so the two can be moved together, or to a PostGIS store's tables
through QGIS's PostgreSQL provider (the login comes from libpq: PGPASSWORD, ~/.pgpass...).
Each layer carries its style (from :mod:`maps.qml`, including temporal properties) so the
Temporal Controller works at once.
"""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyogrio
from pyproj import CRS, Transformer

from gazetteer.atomic import atomic_path
from geo.errors import UserError
from geo.incidents.counts import Counts, dates_text, summary
from geo.incidents.schema import IncidentSet
from geo.store.gpkg import LAYERS, layer_styles
from geo.store.layers import read_layers
from geo.store.location import Store, display, is_database

QGIS_VERSION = "3.22.0"
OSM_NAME = "OpenStreetMap"
OSM_SOURCE = "type=xyz&url=https://tile.openstreetmap.org/{z}/{x}/{y}.png&zmax=19&zmin=0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"

_CRS = {
    "EPSG:4326": ("+proj=longlat +datum=WGS84 +no_defs", "WGS 84", "longlat", "true"),
    "EPSG:3857": (
        "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m "
        "+nadgrids=@null +wktext +no_defs",
        "WGS 84 / Pseudo-Mercator",
        "merc",
        "false",
    ),
}
_GEOMETRY = {
    "Point": ("Point", "Point"),
    "Polygon": ("Polygon", "Polygon"),
    None: ("No geometry", "NoGeometry"),
}


@dataclass(frozen=True)
class ProjectLayer:
    layer_id: str
    name: str
    provider: str
    source: str
    geometry_type: str | None  # "Point", "Polygon", None (table); "raster" for the base map


def _srs(parent: ET.Element, authid: str) -> None:
    proj4, description, acronym, geographic = _CRS[authid]
    srs = ET.SubElement(parent, "spatialrefsys")
    code = authid.split(":")[1]
    for tag, text in (
        ("wkt", CRS.from_user_input(authid).to_wkt()),
        ("proj4", proj4),
        ("srsid", code),
        ("srid", code),
        ("authid", authid),
        ("description", description),
        ("projectionacronym", acronym),
        ("ellipsoidacronym", "EPSG:7030"),
        ("geographicflag", geographic),
    ):
        ET.SubElement(srs, tag).text = text


def _extent(
    parent: ET.Element, tag: str, bounds: tuple[float, float, float, float], *, children: bool
) -> ET.Element:
    """An extent as attributes (view settings) or child elements (map canvas)."""
    elem = ET.SubElement(parent, tag)
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), bounds, strict=True):
        if children:
            ET.SubElement(elem, name).text = repr(float(value))
        else:
            elem.set(name, repr(float(value)))
    return elem


def _maplayer(
    parent: ET.Element, layer: ProjectLayer, qml: str | None, abstract: str | None = None
) -> None:
    if layer.geometry_type == "raster":
        elem = ET.SubElement(
            parent, "maplayer", type="raster", styleCategories="AllStyleCategories"
        )
    else:
        geometry, wkb = _GEOMETRY[layer.geometry_type]
        elem = ET.SubElement(
            parent, "maplayer", type="vector", geometry=geometry, wkbType=wkb, readOnly="0"
        )
    ET.SubElement(elem, "id").text = layer.layer_id
    ET.SubElement(elem, "datasource").text = layer.source
    ET.SubElement(elem, "layername").text = layer.name
    if abstract:
        ET.SubElement(elem, "abstract").text = abstract
    if layer.geometry_type is not None:
        crs = "EPSG:3857" if layer.geometry_type == "raster" else "EPSG:4326"
        _srs(ET.SubElement(elem, "srs"), crs)
    provider = ET.SubElement(elem, "provider", encoding="UTF-8")
    provider.text = layer.provider
    if layer.geometry_type == "raster":
        attribution = ET.SubElement(elem, "attribution")
        ET.SubElement(attribution, "title").text = OSM_ATTRIBUTION
        ET.SubElement(attribution, "url").text = "https://www.openstreetmap.org/copyright"
    if qml:
        style = ET.fromstring(qml.split("\n", 1)[1])  # drop the DOCTYPE line
        elem.set("labelsEnabled", style.get("labelsEnabled", "0"))
        for child in style:
            elem.append(child)


def _time_range(incidents: pd.DataFrame) -> tuple[str, str] | None:
    starts = incidents["event_date"].dropna()
    if starts.empty:
        return None
    ends = pd.concat([starts, incidents["date_end"].dropna()])
    first = starts.min().normalize()
    last = ends.max().normalize() + pd.Timedelta(days=1)
    return first.strftime("%Y-%m-%dT%H:%M:%SZ"), last.strftime("%Y-%m-%dT%H:%M:%SZ")


def _map_extent(layers: IncidentSet) -> tuple[float, float, float, float]:
    """Bounds of the incidents and places in web-mercator metres, with a margin."""
    bounds = []
    for frame in (layers.incidents, layers.places):
        located = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
        if len(located):
            bounds.append(located.total_bounds)
    if not bounds:
        bounds = [(35.0, 29.0, 49.0, 38.0)]  # Iraq and Syria
    xmin, ymin = min(b[0] for b in bounds), min(b[1] for b in bounds)
    xmax, ymax = max(b[2] for b in bounds), max(b[3] for b in bounds)
    pad = max(xmax - xmin, ymax - ymin, 0.5) * 0.1
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    x0, y0 = to_merc.transform(xmin - pad, max(ymin - pad, -85.0))
    x1, y1 = to_merc.transform(xmax + pad, min(ymax + pad, 85.0))
    return x0, y0, x1, y1


def _gpkg_layers(gpkg: Path, project_dir: Path) -> list[ProjectLayer]:
    """The store's layers read by OGR from the GeoPackage, by a path relative to the project."""
    relative = Path(os.path.relpath(gpkg.resolve(), project_dir.resolve())).as_posix()
    kinds = {name: kind for name, kind in pyogrio.list_layers(gpkg)}
    return [ProjectLayer(f"{name}_{uuid.uuid4().hex}", name, "ogr",
                         f"./{relative}|layername={name}", kinds.get(name))
            for name in LAYERS if name in kinds]


def _database_layers(url: str) -> list[ProjectLayer]:
    """The store's tables read by QGIS's PostgreSQL provider (no password in the source)."""
    from geo.store.postgis import PostgisStore

    with PostgisStore(url) as db:
        sources = db.qgis_sources()
    return [ProjectLayer(f"{name}_{uuid.uuid4().hex}", name, "postgres", source, kind)
            for name, (source, kind) in sources.items()]


def project_xml(store: Store, project_dir: Path, title: str = "Incidents") -> str:
    """The .qgs document for the store (a GeoPackage, with paths relative to ``project_dir``,
    or a PostGIS database)."""
    layers = read_layers(store)
    styles = layer_styles()
    if is_database(store):
        entries = _database_layers(str(store))
    else:
        entries = _gpkg_layers(Path(store), project_dir)
    base = ProjectLayer(f"osm_{uuid.uuid4().hex}", OSM_NAME, "wms", OSM_SOURCE, "raster")

    counts = Counts.of(layers.incidents)
    stated = f"{title}: {summary(counts)}; {dates_text(counts.first, counts.last)}"
    root = ET.Element("qgis", projectname=stated, version=QGIS_VERSION)
    ET.SubElement(root, "homePath", path="")
    ET.SubElement(root, "title").text = stated
    _srs(ET.SubElement(root, "projectCrs"), "EPSG:3857")
    tree = ET.SubElement(root, "layer-tree-group")
    for layer in [*entries, base]:
        ET.SubElement(
            tree,
            "layer-tree-layer",
            id=layer.layer_id,
            name=layer.name,
            source=layer.source,
            providerKey=layer.provider,
            checked="Qt::Unchecked" if layer.name == "unresolved" else "Qt::Checked",
            expanded="1",
        )
    extent = _map_extent(layers)
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    ET.SubElement(canvas, "units").text = "meters"
    _extent(canvas, "extent", extent, children=True)
    _srs(ET.SubElement(canvas, "destinationsrs"), "EPSG:3857")
    project_layers = ET.SubElement(root, "projectlayers")
    for layer in entries:
        _maplayer(project_layers, layer, styles.get(layer.name),
                  abstract=stated if layer.name == "incidents" else None)
    _maplayer(project_layers, base, None)
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    spatial = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(spatial, "ProjectionsEnabled", type="int").text = "1"
    view = ET.SubElement(root, "ProjectViewSettings", rotation="0", UseProjectScales="0")
    _srs(_extent(view, "DefaultViewExtent", extent, children=False), "EPSG:3857")
    time = ET.SubElement(
        root,
        "ProjectTimeSettings",
        timeStepUnit="d",
        timeStep="1",
        frameRate="1",
        cumulativeTemporalRange="0",
    )
    span = _time_range(layers.incidents)
    if span:
        temporal_range = ET.SubElement(time, "TemporalRange")
        ET.SubElement(temporal_range, "start").text = span[0]
        ET.SubElement(temporal_range, "end").text = span[1]
    ET.indent(root)
    doctype = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    return doctype + ET.tostring(root, encoding="unicode")


def write_project(store: Store, path: str | os.PathLike[str]) -> Path:
    """Write a .qgz (zip holding one .qgs) or a plain .qgs project for the store: a GeoPackage
    or a PostgreSQL URL (its layers then read PostGIS; no password is written)."""
    path = Path(path)
    if not is_database(store) and Path(store).suffix.lower() != ".gpkg":
        raise UserError(f"{store}: a QGIS project needs a GeoPackage or a PostGIS store; "
                        "run `geo export` to make one")
    if path.suffix.lower() not in (".qgz", ".qgs"):
        raise UserError(f"{path}: the project file must end in .qgz or .qgs")
    title = _database_name(str(store)) if is_database(store) else Path(store).stem
    xml = project_xml(store, path.parent if str(path.parent) else Path("."), title=title)
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".qgs":
            tmp.write_text(xml, encoding="utf-8")
        else:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"{path.stem}.qgs", xml)
    return path


def _database_name(url: str) -> str:
    return display(url).rsplit("/", 1)[-1] or "incidents"
