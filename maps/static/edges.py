"""Coasts and borders of a map's countries, found from the segments of their outlines.

Natural Earth's countries share the vertices of their common borders, so a border is a segment
that two countries' rings both hold, and a coast one that a single ring holds. Counting the
segments is linear in the outlines' size, where cutting the coastline out of the merged
outlines (an overlay, or a buffer of the coastline) grows with the whole world's coast: minutes
for a world map at 10 m detail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

Window = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax


@dataclass(frozen=True)
class Edges:
    """The lines to draw: ``coast`` (land against water) and ``borders`` (country against
    country), each one merged line work (so that a dash pattern runs on along a border)."""

    coast: BaseGeometry
    borders: BaseGeometry
    segments: int  # how many outline segments were counted (each once)


def country_edges(polygons: np.ndarray, windows: list[Window]) -> Edges:
    """Coast and borders of ``polygons`` (countries already clipped to ``windows``, each
    ``(xmin, ymin, xmax, ymax)``); the windows' own edges, where the clip cut land, are
    neither. A border is kept once, as the first ring holding it runs."""
    rings = shapely.get_rings(shapely.get_parts(polygons))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    inside = (ring[1:] == ring[:-1]) & np.any(coords[1:] != coords[:-1], axis=1)
    a, b, ring = coords[:-1][inside], coords[1:][inside], ring[:-1][inside]
    if not len(a):
        return Edges(shapely.MultiLineString(), shapely.MultiLineString(), 0)
    # the same segment in either direction: its lesser end first
    flip = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    rows = np.ascontiguousarray(np.hstack([np.where(flip[:, None], b, a),
                                           np.where(flip[:, None], a, b)]))
    _, first, seen, counts = np.unique(
        rows.view(np.dtype((np.void, rows.dtype.itemsize * 4))).ravel(),
        return_index=True, return_inverse=True, return_counts=True)
    shared = counts[seen] >= 2
    kind = np.where(shared, BORDER, COAST)
    kind[shared & (first[seen] != np.arange(len(a)))] = NONE  # the second copy of a border
    kind[~shared & _on_frame(a, b, windows)] = NONE
    return Edges(_runs(a, b, ring, kind, COAST), _runs(a, b, ring, kind, BORDER), len(a))


NONE, COAST, BORDER = 0, 1, 2


def _runs(a: np.ndarray, b: np.ndarray, ring: np.ndarray, kind: np.ndarray,
          wanted: int) -> BaseGeometry:
    """The segments of one ``kind`` joined, in ring order, into the lines they run along."""
    keep = kind == wanted
    if not keep.any():
        return shapely.MultiLineString()
    goes_on = keep[:-1] & keep[1:] & (ring[1:] == ring[:-1])  # segment i+1 continues i
    opens = keep & ~np.concatenate([[False], goes_on])
    closes = keep & ~np.concatenate([goes_on, [False]])
    run = np.cumsum(opens) - 1
    index = np.flatnonzero(keep)
    last = np.flatnonzero(closes)
    # each run: the start of each of its segments, then the end of its last one
    points = np.concatenate([a[index], b[last]])
    order = np.argsort(np.concatenate([index * 2, last * 2 + 1]), kind="stable")
    lines = shapely.linestrings(points[order],
                                indices=np.concatenate([run[index], run[last]])[order])
    return shapely.multilinestrings(lines)


def _on_frame(start: np.ndarray, end: np.ndarray, windows: list[Window]) -> np.ndarray:
    """Segments lying along a side of a window (where clipping cut the land)."""
    along = np.zeros(len(start), dtype=bool)
    for xmin, ymin, xmax, ymax in windows:
        for axis, value in ((0, xmin), (0, xmax), (1, ymin), (1, ymax)):
            along |= np.isclose(start[:, axis], value, rtol=0, atol=1e-9) & \
                np.isclose(end[:, axis], value, rtol=0, atol=1e-9)
    return along
