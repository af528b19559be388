"""Many translucent circles filled as one image: how many cover each pixel, and the colour that
many layers of the fill would give.

Agg blends a collection's fills one path at a time: ten thousand 50 km circles on a country
cost a second. Stacking ``k`` fills of one colour at opacity ``a`` leaves that colour at
opacity ``1 - (1 - a)^k``, so counting the circles over each display pixel (spans summed per
row, no loop per circle) and painting that opacity draws the same picture at once. Outlines
stay vector (drawn by the caller), so the edges are antialiased as before.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

#: Above this many circles a layer's fill is painted as one image (vector below it, so small
#: maps keep vector fills in SVG and PDF).
IMAGE_FILL_FROM = 500


def coverage_counts(ax: Axes, x: np.ndarray, y: np.ndarray, width: np.ndarray,
                    height: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """How many of the ellipses (centres ``x, y``; full ``width, height`` in data units) cover
    the centre of each pixel of a ``shape`` (rows, columns) grid over ``ax``'s limits; rows
    from the bottom."""
    rows, cols = shape
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
    sx, sy = cols / (xmax - xmin), rows / (ymax - ymin)
    cx, cy = (np.asarray(x) - xmin) * sx, (np.asarray(y) - ymin) * sy
    rx, ry = np.asarray(width) / 2 * sx, np.asarray(height) / 2 * sy
    first = np.clip(np.ceil(cy - ry - 0.5), 0, rows).astype(np.int64)
    last = np.clip(np.floor(cy + ry - 0.5), -1, rows - 1).astype(np.int64)
    spans = np.maximum(last - first + 1, 0)
    which = np.repeat(np.arange(len(cx)), spans)
    row = first[which] + np.arange(len(which)) - np.repeat(np.cumsum(spans) - spans, spans)
    dy = (row + 0.5 - cy[which]) / ry[which]
    half = rx[which] * np.sqrt(np.clip(1 - dy * dy, 0, None))
    left = np.clip(np.ceil(cx[which] - half - 0.5), 0, cols).astype(np.int64)
    right = np.clip(np.floor(cx[which] + half - 0.5) + 1, 0, cols).astype(np.int64)
    keep = right > left
    stride = cols + 1
    size = rows * stride
    diff = (np.bincount(row[keep] * stride + left[keep], minlength=size)
            - np.bincount(row[keep] * stride + right[keep], minlength=size))
    return np.cumsum(diff.reshape(rows, stride)[:, :cols], axis=1)


class CoverageFill(Artist):
    """The fills of many ellipses as one image, made when drawn on the renderer's own pixel
    grid (no resampling; vector files get it at their image resolution); with ``hatch``, Agg's
    own hatching over their union, traced from the same pixels (one small outline instead of
    thousands of overlapping circles)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray,
                 color: tuple[float, float, float, float], hatch: str | None = None,
                 hatch_color: tuple[float, float, float, float] | None = None) -> None:
        super().__init__()
        self.ellipses = (x, y, width, height)
        self.color = to_rgba(color)
        self.hatch = hatch
        self.hatch_color = to_rgba(hatch_color if hatch_color is not None else color)

    def rgba(self, counts: np.ndarray) -> np.ndarray:
        """The image of ``counts``, bottom row first (as renderers take it): each pixel the fill
        colour at the opacity its count of stacked fills gives."""
        *rgb, alpha = self.color
        alpha = round(alpha * 255) / 255  # the opacity Agg blends each fill with
        image = np.empty((*counts.shape, 4), dtype=np.uint8)
        image[..., :3] = np.round(np.array(rgb) * 255)
        levels = np.round(255 * (1 - (1 - alpha) ** np.arange(counts.max(initial=0) + 1)))
        image[..., 3] = levels.astype(np.uint8)[counts]
        return image

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible() or not len(self.ellipses[0]):
            return
        box = self.axes.get_window_extent(renderer)
        scale = renderer.get_image_magnification()
        shape = (max(round(box.height * scale), 1), max(round(box.width * scale), 1))
        counts = coverage_counts(self.axes, *self.ellipses, shape)
        gc = renderer.new_gc()
        self._set_gc_clip(gc)
        renderer.draw_image(gc, box.x0, box.y0, self.rgba(counts))
        if self.hatch and counts.any():
            gc.set_hatch(self.hatch)
            gc.set_hatch_color(self.hatch_color)
            gc.set_linewidth(0)
            outline = union_outline(counts > 0)
            to_display = Affine2D().scale(box.width / shape[1], box.height / shape[0]) \
                .translate(box.x0, box.y0)
            renderer.draw_path(gc, outline, to_display, None)
        gc.restore()
        self.stale = False


def union_outline(mask: np.ndarray) -> Path:
    """The outline of a pixel mask's true cells (rows from the bottom) as one path in pixel
    units (0 to columns, 0 to rows), holes and all, filled by the non-zero rule."""
    import contourpy

    padded = np.pad(mask, 1).astype(np.float64)  # closed at the grid's edges
    generator = contourpy.contour_generator(z=padded, fill_type="OuterCode")
    points, codes = generator.filled(0.5, 1.5)
    if not points:
        return Path(np.empty((0, 2)))
    return Path(np.concatenate(points) - 0.5, np.concatenate(codes))


def fill_image(ax: Axes, x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray,
               color: tuple[float, float, float, float], zorder: float, *,
               hatch: str | None = None,
               hatch_color: tuple[float, float, float, float] | None = None) -> CoverageFill:
    """Add the ellipses' fill (``color``, its alpha per ellipse) to ``ax`` as one image, and
    their union hatched when ``hatch`` is given."""
    fill = CoverageFill(x, y, width, height, color, hatch, hatch_color)
    fill.set_zorder(zorder)
    ax.add_artist(fill)
    return fill
