"""The map's projection and extent: a CRS fitted to the data, and the window drawn in it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pyproj
from shapely.geometry import box

from maps.static.filter import BBox, located

#: Shown when there is nothing to fit to: the theatre of the project (Iraq, Syria and around).
DEFAULT_BBOX: BBox = (35.0, 29.0, 49.0, 38.0)

MARGIN = 0.08  # of the data span, on each side
MIN_SPAN_M = 60_000.0  # a single point still gets a readable window
UTM_HALF_WIDTH_DEG = 6.0  # keep UTM only this far from its central meridian


@dataclass(frozen=True)
class MapExtent:
    """A window ``(xmin, ymin, xmax, ymax)`` in ``crs`` with a short human name for ``crs``."""

    crs: pyproj.CRS
    xmin: float
    ymin: float
    xmax: float
    ymax: float
    crs_label: str

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    @property
    def center(self) -> tuple[float, float]:
        return ((self.xmin + self.xmax) / 2, (self.ymin + self.ymax) / 2)

    def lonlat_bounds(self, pad_deg: float = 0.0) -> BBox:
        """The lon/lat box covering the window (padded), for clipping lon/lat data."""
        outline = gpd.GeoSeries([box(self.xmin, self.ymin, self.xmax, self.ymax)], crs=self.crs)
        outline = outline.segmentize(max(self.width, self.height) / 50)
        x0, y0, x1, y1 = outline.to_crs("EPSG:4326").total_bounds
        return (
            max(-180.0, x0 - pad_deg),
            max(-90.0, y0 - pad_deg),
            min(180.0, x1 + pad_deg),
            min(90.0, y1 + pad_deg),
        )

    def lonlat_windows(self, pad_deg: float = 0.0) -> list[BBox]:
        """``lonlat_bounds`` cut at the projection's seam (the meridian opposite its centre),
        so that no shape clipped to them reaches across it: a country the seam runs through
        (Russia's far east on a world map) would be torn into a band across the whole map."""
        x0, y0, x1, y1 = self.lonlat_bounds(pad_deg)
        cut = seam(self.crs)
        if cut is None or not x0 < cut < x1:
            return [(x0, y0, x1, y1)]
        return [(x0, y0, cut - SEAM_GAP_DEG, y1), (cut + SEAM_GAP_DEG, y0, x1, y1)]

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        lon, lat = transformer(self.crs, to_lonlat=True).transform(x, y)
        return float(lon), float(lat)

    def metres_per_unit(self) -> float:
        """Ground metres per map unit at the window's centre (for the scale bar)."""
        lon, lat = self.to_lonlat(*self.center)
        if self.crs.is_geographic:
            return 111_320.0 * math.cos(math.radians(lat))
        unit = self.crs.axis_info[0].unit_conversion_factor or 1.0
        factors = pyproj.Proj(self.crs).get_factors(lon, lat)
        return unit / factors.parallel_scale


def fitted_crs(bounds: BBox) -> tuple[pyproj.CRS, str]:
    """A conformal projection for a lon/lat box: UTM when narrow, else Lambert conformal conic."""
    x0, y0, x1, y1 = bounds
    lon_c, lat_c = (x0 + x1) / 2, (y0 + y1) / 2
    zone = min(60, int((lon_c + 180) // 6) + 1)
    meridian = -183 + 6 * zone
    if max(abs(x0 - meridian), abs(x1 - meridian)) <= UTM_HALF_WIDTH_DEG and abs(lat_c) < 80:
        epsg = (32600 if lat_c >= 0 else 32700) + zone
        hemisphere = "N" if lat_c >= 0 else "S"
        return pyproj.CRS.from_epsg(epsg), f"UTM zone {zone}{hemisphere}"
    if x1 - x0 > 90:
        crs = pyproj.CRS.from_proj4(f"+proj=eqearth +lon_0={lon_c:.2f} +datum=WGS84 +units=m")
        return crs, "Equal Earth"
    span = y1 - y0
    lat1, lat2 = y0 + span / 6, y1 - span / 6
    if lat1 * lat2 <= 0 or min(abs(lat1), abs(lat2)) < 5:
        proj4 = f"+proj=merc +lon_0={lon_c:.2f} +lat_ts={lat_c:.2f} +datum=WGS84"
        crs = pyproj.CRS.from_proj4(proj4)
        return crs, "Mercator"
    proj4 = (
        f"+proj=lcc +lat_1={lat1:.2f} +lat_2={lat2:.2f} +lat_0={lat_c:.2f}"
        f" +lon_0={lon_c:.2f} +datum=WGS84 +units=m"
    )
    label = f"Lambert conformal conic ({lat1:.1f}°, {lat2:.1f}°)"
    return pyproj.CRS.from_proj4(proj4), label


#: Shapes are cut this far either side of a projection's seam.
SEAM_GAP_DEG = 1e-6


def seam(crs: pyproj.CRS) -> float | None:
    """The longitude where a projected ``crs`` tears the globe (its central meridian + 180),
    None for lon/lat or a projection with no central meridian."""
    if crs.is_geographic or crs.coordinate_operation is None:
        return None
    for param in crs.coordinate_operation.params:
        if param.name in ("Longitude of natural origin", "Longitude of false origin",
                          "Longitude of origin", "Longitude of projection centre"):
            return (float(param.value) + 360.0) % 360.0 - 180.0
    return None


def data_bounds(
    incidents: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None = None
) -> BBox | None:
    """Lon/lat bounds of the located incidents, else of the places, else None."""
    for frame in (incidents, places):
        if frame is None:
            continue
        points = located(frame)
        if len(points):
            x0, y0, x1, y1 = points.total_bounds
            return (float(x0), float(y0), float(x1), float(y1))
    return None


def fit_extent(
    bounds: BBox | None,
    aspect: float,
    *,
    crs: str | pyproj.CRS | None = None,
    exact: bool = False,
) -> MapExtent:
    """Project ``bounds`` and widen it to ``aspect`` (width / height of the map panel).

    ``exact`` keeps the box as given (a user bbox); otherwise a margin is added around the data.
    """
    lonlat = bounds or DEFAULT_BBOX
    if lonlat[2] - lonlat[0] < 1e-4 or lonlat[3] - lonlat[1] < 1e-4:  # a single spot
        cx, cy = (lonlat[0] + lonlat[2]) / 2, (lonlat[1] + lonlat[3]) / 2
        lonlat = (cx - 1e-4, cy - 1e-4, cx + 1e-4, cy + 1e-4)
    if crs is None:
        target, label = fitted_crs(lonlat)
    else:
        target = pyproj.CRS.from_user_input(crs)
        label = target.name
    outline = gpd.GeoSeries([box(*lonlat)], crs="EPSG:4326").segmentize(0.25)
    x0, y0, x1, y1 = (float(v) for v in outline.to_crs(target).total_bounds)
    if not exact and bounds is not None:
        min_span = MIN_SPAN_M if not target.is_geographic else MIN_SPAN_M / 111_320.0
        pad_x = max((x1 - x0) * MARGIN, (min_span - (x1 - x0)) / 2, 0.0)
        pad_y = max((y1 - y0) * MARGIN, (min_span - (y1 - y0)) / 2, 0.0)
        x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    if target.is_geographic:  # a degree of longitude is shorter than one of latitude
        aspect = aspect / max(math.cos(math.radians((lonlat[1] + lonlat[3]) / 2)), 0.1)
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / aspect - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return MapExtent(target, x0, y0, x1, y1, label)


def project_points(frame: gpd.GeoDataFrame, extent: MapExtent) -> tuple[np.ndarray, np.ndarray]:
    """Projected x, y arrays of a frame of lon/lat points (one vectorized transform)."""
    lon = frame.geometry.x.to_numpy(dtype=float)
    lat = frame.geometry.y.to_numpy(dtype=float)
    x, y = transformer(extent.crs, to_lonlat=False).transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def transformer(crs: pyproj.CRS, *, to_lonlat: bool) -> pyproj.Transformer:
    if to_lonlat:
        return pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
