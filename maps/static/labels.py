"""Labels that do not pile on each other: greedy placement with a collision check in display space.

Each label tries a few positions around its point in order; the first whose box is inside the
map and clear of every box already taken wins, otherwise the label is left out. Higher-priority
labels are placed first, so they win the contested spots.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

#: Candidate offsets in points (dx, dy) with the text alignment that goes with each.
AROUND_POINT: tuple[tuple[float, float, str, str], ...] = (
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (9, 6, "left", "bottom"),
    (9, -6, "left", "top"),
    (-9, 6, "right", "bottom"),
    (-9, -6, "right", "top"),
    (0, 11, "center", "bottom"),
    (0, -11, "center", "top"),
)
CENTERED: tuple[tuple[float, float, str, str], ...] = ((0, 0, "center", "center"),)
#: A country name: on its label point, else shifted off whatever sits there.
COUNTRY_SPOTS: tuple[tuple[float, float, str, str], ...] = (
    *CENTERED,
    (0, -14, "center", "center"),
    (0, 14, "center", "center"),
    (0, -28, "center", "center"),
    (0, 28, "center", "center"),
    (36, 0, "center", "center"),
    (-36, 0, "center", "center"),
)

HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


@dataclass(frozen=True)
class LabelStyle:
    fontsize: float = 7.5
    color: str = "#222222"
    weight: str = "normal"
    style: str = "normal"
    halo: bool = True


@dataclass
class LabelPlacer:
    """Places labels on one axes, remembering the display boxes already taken (an array of
    ``x0, y0, x1, y1`` rows: a dense map blocks a box per marker, 100k of them)."""

    ax: Axes
    renderer: RendererBase
    padding: float = 2.0  # display pixels kept clear around each label
    placed: list[Annotation] = field(default_factory=list)
    _chunks: list[np.ndarray] = field(default_factory=list)
    _extents: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))

    @property
    def taken(self) -> np.ndarray:
        """The display boxes taken so far, one ``x0, y0, x1, y1`` row each."""
        if self._chunks:
            self._extents = np.vstack([self._extents, *self._chunks])
            self._chunks.clear()
        return self._extents

    def _take(self, boxes: np.ndarray) -> None:
        self._chunks.append(np.asarray(boxes, dtype=float).reshape(-1, 4))

    def release_last(self) -> None:
        """Give back the box taken last (e.g. a dot whose name found no spot)."""
        self._extents = self.taken[:-1]

    def block_axes_fraction(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Keep labels out of a region given in axes fractions (e.g. the scale bar's corner)."""
        corners = self.ax.transAxes.transform([(x0, y0), (x1, y1)])
        self._take(corners.ravel())

    def block_points(self, xs, ys, radius_px) -> None:
        """Keep labels off markers drawn at data points ``xs, ys`` (a square of ``radius_px``,
        one for all or one per point)."""
        xy = np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)])
        if not len(xy):
            return
        r = np.broadcast_to(np.asarray(radius_px, dtype=float), (len(xy),))[:, None]
        px = self.ax.transData.transform(xy)
        self._take(np.hstack([px - r, px + r]))

    def is_free(self, x: float, y: float, radius_px: float) -> bool:
        """Whether a square of ``radius_px`` around data point (x, y) touches nothing taken
        (checked against all taken boxes at once: a dense map has thousands)."""
        px, py = self.ax.transData.transform((x, y))
        return self._clear(px - radius_px, py - radius_px, px + radius_px, py + radius_px)

    def _clear(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether a display box overlaps no taken box (all compared at once)."""
        e = self.taken
        hit = (e[:, 0] < x1) & (e[:, 2] > x0) & (e[:, 1] < y1) & (e[:, 3] > y0)
        return not hit.any()

    def place(
        self,
        text: str,
        x: float,
        y: float,
        style: LabelStyle,
        offsets: tuple[tuple[float, float, str, str], ...] = AROUND_POINT,
    ) -> Annotation | None:
        """Put ``text`` near data point ``(x, y)`` at the first clear candidate; None if none."""
        if not text.strip():
            return None
        label = self.ax.annotate(
            text,
            xy=(x, y),
            xytext=offsets[0][:2],
            textcoords="offset points",
            fontsize=style.fontsize,
            color=style.color,
            fontweight=style.weight,
            fontstyle=style.style,
            zorder=8,
            annotation_clip=False,
            parse_math=False,
            path_effects=HALO if style.halo else None,
        )
        frame = self.ax.get_window_extent(self.renderer)
        for dx, dy, ha, va in offsets:
            label.xyann = (dx, dy)
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
            extent = label.get_window_extent(self.renderer).padded(self.padding)
            if not _contains(frame, extent):
                continue
            if not self._clear(*extent.extents):
                continue
            self._take(extent.extents)
            self.placed.append(label)
            return label
        label.remove()
        return None


def _contains(outer: Bbox, inner: Bbox) -> bool:
    return (
        inner.x0 >= outer.x0 and inner.y0 >= outer.y0 and inner.x1 <= outer.x1
        and inner.y1 <= outer.y1
    )
