"""Map furniture: scale bar, north arrow, legend with counts, title block and source line."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from maps.static.extent import MapExtent, transformer
from maps.static.layers import MARKER_SCALE, LegendEntry
from maps.style import (
    AREA_COLOR,
    AREA_FILL_OPACITY,
    AREA_HATCH,
    AREA_LEGEND,
    PLACE_SYMBOL,
    REVIEWED_LEGEND,
    REVIEWED_OUTLINE,
    REVIEWED_OUTLINE_WIDTH,
    UNCERTAINTY_COLOR,
    UNCERTAINTY_FILL_OPACITY,
)

INK = "#222222"
MUTED = "#555555"
Z_FURNITURE = 9

#: Axes-fraction boxes the furniture occupies (kept free of labels), by corner, in the order
#: tried: the first corner whose box holds no marker gets the piece.
SCALE_BAR_BOXES = {"left": (0.0, 0.0, 0.42, 0.12), "right": (0.58, 0.0, 1.0, 0.12)}
NORTH_ARROW_BOXES = {"right": (0.88, 0.78, 1.0, 1.0), "left": (0.0, 0.78, 0.12, 1.0)}
SCALE_BAR_BOX, NORTH_ARROW_BOX = SCALE_BAR_BOXES["left"], NORTH_ARROW_BOXES["right"]


def free_corner(boxes: dict[str, tuple[float, float, float, float]], fx, fy) -> str:
    """The first corner whose box holds none of the points (axes fractions ``fx, fy``), else
    the one holding fewest."""
    fx, fy = np.asarray(fx, dtype=float), np.asarray(fy, dtype=float)

    def inside(box: tuple[float, float, float, float]) -> int:
        x0, y0, x1, y1 = box
        return int(((fx >= x0) & (fx <= x1) & (fy >= y0) & (fy <= y1)).sum())

    counts = {corner: inside(box) for corner, box in boxes.items()}
    return min(counts, key=lambda corner: (counts[corner], list(boxes).index(corner)))


def nice_length_km(target_km: float) -> float:
    """The largest of 1, 2, 5 x 10^k km not above ``target_km``."""
    if target_km <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(target_km))
    for step in (5, 2, 1):
        if step * power <= target_km:
            return step * power
    return power


def _length_text(km: float, whole_km: float, unit: bool) -> str:
    """A scale-bar tick: in km, or in m when the whole bar is under 1 km."""
    value, name = (km, "km") if whole_km >= 1 else (km * 1000, "m")
    return f"{value:g} {name}" if unit else f"{value:g}"


def add_scale_bar(
    ax: Axes, extent: MapExtent, fontsize: float = 7.0, compact: bool = False,
    corner: str = "left",
) -> float:
    """A two-segment scale bar at the lower left (or right), true at the map centre; returns
    its km."""
    per_unit = extent.metres_per_unit()
    km = nice_length_km(extent.width * per_unit / 1000 * 0.22)
    length = km * 1000 / per_unit
    x0 = extent.xmin + extent.width * 0.04
    if corner == "right":
        x0 = extent.xmax - extent.width * 0.05 - length
    y0 = extent.ymin + extent.height * 0.04
    bar_h = extent.height * 0.012
    backing = Rectangle(
        (x0 - extent.width * 0.012, y0 - extent.height * 0.02),
        length + extent.width * 0.05,
        extent.height * 0.075,
        facecolor="white",
        edgecolor="none",
        alpha=0.75,
        zorder=Z_FURNITURE,
    )
    ax.add_patch(backing)
    for i, fill in enumerate((INK, "white")):
        ax.add_patch(
            Rectangle(
                (x0 + i * length / 2, y0),
                length / 2,
                bar_h,
                facecolor=fill,
                edgecolor=INK,
                linewidth=0.6,
                zorder=Z_FURNITURE,
            )
        )
    ticks = ((0, "0"), (0.5, _length_text(km / 2, km, False)), (1, _length_text(km, km, True)))
    if compact:  # a short bar has room for its ends only
        ticks = (ticks[0], ticks[2])
    for frac, text in ticks:
        ax.text(
            x0 + frac * length,
            y0 + bar_h * 1.6,
            text,
            ha="center",
            va="bottom",
            fontsize=fontsize,
            color=INK,
            zorder=Z_FURNITURE,
            parse_math=False,
        )
    return km


def add_north_arrow(
    ax: Axes, extent: MapExtent, fontsize: float = 9.0, corner: str = "right"
) -> float:
    """An arrow pointing to true north at the upper right (or left); returns its angle from
    'up' (deg)."""
    ax_x, ax_y = (0.94 if corner == "right" else 0.06), 0.86
    x = extent.xmin + extent.width * ax_x
    y = extent.ymin + extent.height * ax_y
    lon, lat = extent.to_lonlat(x, y)
    step = 0.05
    nx, ny = transformer(extent.crs, to_lonlat=False).transform(lon, min(lat + step, 89.9))
    dx, dy = nx - x, ny - y
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    size = 0.07  # axes fraction
    tail = (ax_x - ux * size / 2, ax_y - uy * size / 2)
    head = (ax_x + ux * size / 2, ax_y + uy * size / 2)
    ax.annotate(
        "",
        xy=head,
        xytext=tail,
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>,head_width=0.35,head_length=0.7", "color": INK, "lw": 1.6},
        zorder=Z_FURNITURE,
    )
    ax.text(
        head[0] + ux * 0.012,
        head[1] + uy * 0.012,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=fontsize,
        fontweight="bold",
        color=INK,
        zorder=Z_FURNITURE,
        parse_math=False,
    )
    return math.degrees(math.atan2(ux, uy))


def legend_handles(
    entries: list[LegendEntry], places: int, circles: bool, stacked: bool = False, *,
    areas: int = 0, reviewed: int = 0,
) -> tuple[list[object], list[str]]:
    """Legend handles and labels: event types with counts, then places, uncertainty, areas
    (incidents located only to a region or country) and reviewed incidents, with counts."""
    handles: list[object] = []
    labels: list[str] = []
    for entry in entries:
        sym = entry.symbol
        handles.append(
            Line2D(
                [], [], linestyle="none", marker=sym.marker, markerfacecolor=sym.color,
                markeredgecolor="#333333", markeredgewidth=0.5,
                markersize=7 * math.sqrt(MARKER_SCALE.get(sym.marker, 1.0)),
            )
        )
        labels.append(entry.text)
    if places:
        handles.append(
            Line2D(
                [], [], linestyle="none", marker=PLACE_SYMBOL.marker, markerfacecolor="white",
                markeredgecolor=PLACE_SYMBOL.color, markeredgewidth=1.1, markersize=5.5,
            )
        )
        labels.append(f"{PLACE_SYMBOL.label} ({places:,})")
    if circles:
        handles.append(
            Patch(
                facecolor=to_rgba(UNCERTAINTY_COLOR, UNCERTAINTY_FILL_OPACITY * 2),
                edgecolor=UNCERTAINTY_COLOR,
                linestyle="--",
                linewidth=0.6,
            )
        )
        labels.append("Location uncertainty")
    if areas:
        handles.append(
            Patch(facecolor=to_rgba(AREA_COLOR, AREA_FILL_OPACITY * 2), hatch=AREA_HATCH,
                  edgecolor=to_rgba(AREA_COLOR, 0.55), linewidth=0.9)
        )
        labels.append(f"{AREA_LEGEND} ({areas:,})")
    if reviewed:
        handles.append(
            Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                   markeredgecolor=REVIEWED_OUTLINE, markeredgewidth=REVIEWED_OUTLINE_WIDTH * 0.6,
                   markersize=7)
        )
        labels.append(f"{REVIEWED_LEGEND} ({reviewed:,})")
    if stacked:
        handles.append(
            Line2D(
                [], [], linestyle="none", marker="o", markerfacecolor="none",
                markeredgecolor="#333333", markeredgewidth=0.6, markersize=10,
            )
        )
        labels.append("Larger symbol: more events at one spot")
    return handles, labels


def add_legend(
    fig: Figure, handles: list[object], labels: list[str], anchor: tuple[float, float],
    ncol: int, fontsize: float = 8.0,
) -> Legend | None:
    """A horizontal legend centred on ``anchor`` (figure fraction, top edge)."""
    if not handles:
        return None
    return fig.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=anchor,
        ncol=ncol,
        fontsize=fontsize,
        frameon=False,
        handletextpad=0.4,
        columnspacing=1.4,
        borderaxespad=0.0,
    )


def add_title_block(
    fig: Figure, title: str, subtitle: str, top: float, fontsize: float = 14.0
) -> None:
    """Title and subtitle at the top left of the figure (``top`` in figure fraction)."""
    left = 0.3 / fig.get_figwidth()
    fig.text(
        left, top, title, ha="left", va="top", fontsize=fontsize, fontweight="bold",
        color=INK, parse_math=False,
    )
    gap = (fontsize * 1.45) / 72 / fig.get_figheight()
    fig.text(
        left, top - gap, subtitle, ha="left", va="top", fontsize=fontsize * 0.65,
        color=MUTED, parse_math=False,
    )


def add_source_line(fig: Figure, text: str, fontsize: float = 6.5) -> None:
    """The source and attribution line at the bottom of the figure."""
    fig.text(
        0.3 / fig.get_figwidth(), 0.12 / fig.get_figheight(), text, ha="left", va="bottom",
        fontsize=fontsize, color=MUTED, parse_math=False, wrap=True,
    )


def add_note(ax: Axes, text: str, fontsize: float = 11.0) -> None:
    """A boxed note in the middle of a map (e.g. nothing to show)."""
    ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=fontsize,
        color=INK, zorder=Z_FURNITURE, parse_math=False,
        bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": "#999999"},
    )
