"""Many translucent circles filled as one image (maps.static.coverage) draw what the vector
collection draws: the same count over each pixel, the same colours in the PNG."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import EllipseCollection
from matplotlib.figure import Figure
from PIL import Image

from maps.static.coverage import coverage_counts, fill_image

COLOR = (0.42, 0.35, 0.55, 0.07)


def _axes(dpi: int = 100) -> tuple[Figure, object]:
    fig = Figure(figsize=(6, 4), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(-50, 350)
    ax.set_ylim(100, 300)
    ax.set_axis_off()
    return fig, ax


def _circles(n: int = 800, seed: int = 3):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-80, 380, n), rng.uniform(80, 320, n)
    width = rng.uniform(5, 60, n)
    return x, y, width, width * rng.uniform(0.5, 1.5, n)


def test_counts_are_the_ellipses_over_each_pixel_centre():
    fig, ax = _axes()
    x, y, width, height = _circles(300)
    shape = (37, 81)
    counts = coverage_counts(ax, x, y, width, height, shape)
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
    px = xmin + (np.arange(shape[1]) + 0.5) * (xmax - xmin) / shape[1]
    py = ymin + (np.arange(shape[0]) + 0.5) * (ymax - ymin) / shape[0]
    gx, gy = np.meshgrid(px, py)
    inside = (((gx[..., None] - x) / (width / 2)) ** 2
              + ((gy[..., None] - y) / (height / 2)) ** 2) <= 1
    expected = inside.sum(axis=-1)
    assert expected.max() >= 3  # they overlap
    # a pixel centre exactly on an edge may go either way; nothing else differs
    assert (counts != expected).mean() < 0.002
    assert np.abs(counts - expected).max() <= 1


def test_the_image_looks_like_the_collection(tmp_path):
    x, y, width, height = _circles()
    out = {}
    for kind in ("vector", "image"):
        fig, ax = _axes()
        if kind == "image":
            fill_image(ax, x, y, width, height, COLOR, zorder=3)
        else:
            ax.add_collection(EllipseCollection(
                width, height, np.zeros(len(x)), units="xy", offsets=np.column_stack([x, y]),
                offset_transform=ax.transData, facecolors=[COLOR], edgecolors="none"))
        fig.savefig(tmp_path / f"{kind}.png", dpi=100)
        out[kind] = np.asarray(Image.open(tmp_path / f"{kind}.png").convert("RGB"), dtype=int)
    diff = np.abs(out["vector"] - out["image"])
    painted = (255 - out["vector"]).sum(axis=-1) > 0
    assert painted.mean() > 0.3  # the circles cover much of the panel
    # a few levels of 255 at most: Agg rounds each of the stacked blends, and antialiases
    # the circles' edges (drawn as vector outlines over the fill on a map)
    assert diff.mean() < 2.5 and np.percentile(diff, 99) <= 8
    darkest = out["vector"].sum(axis=-1).min()
    assert abs(out["image"].sum(axis=-1).min() - darkest) <= 12  # overlaps stack alike


def test_a_clip_path_cuts_the_image(tmp_path):
    from matplotlib.patches import Rectangle

    fig, ax = _axes()
    fill = fill_image(ax, np.array([150.0]), np.array([200.0]), np.array([300.0]),
                      np.array([300.0]), (0.0, 0.0, 1.0, 1.0), zorder=3)
    fill.set_clip_path(Rectangle((0, 100), 150, 200, transform=ax.transData))
    fig.savefig(tmp_path / "cut.png", dpi=100)
    image = np.asarray(Image.open(tmp_path / "cut.png").convert("RGB"), dtype=int)
    blue = (image[..., 2] > 200) & (image[..., 0] < 60)
    columns = np.flatnonzero(blue.any(axis=0))
    left, right = ax.transData.transform([(0, 200), (150, 200)])[:, 0]
    assert abs(columns.min() - left) <= 2 and abs(columns.max() - right) <= 2


def test_hatching_over_the_union_matches_hatching_each_circle(tmp_path):
    from matplotlib.patches import PathPatch

    from maps.static.areas import circles_path

    hatch, hatch_color = "///", (0.42, 0.35, 0.55, 0.5)
    x, y, width, height = _circles(600, seed=5)
    width, height = width / 2, height / 2  # apart enough for the hatching to show
    out = {}
    for kind in ("vector", "image", "unhatched"):
        fig, ax = _axes()
        if kind == "vector":
            ax.add_collection(EllipseCollection(
                width, height, np.zeros(len(x)), units="xy", offsets=np.column_stack([x, y]),
                offset_transform=ax.transData, facecolors=[COLOR], edgecolors="none"))
            ax.add_artist(PathPatch(circles_path(x, y, width, height), facecolor="none",
                                    edgecolor="none", linewidth=0, hatch=hatch,
                                    hatchcolor=hatch_color))
        else:
            fill_image(ax, x, y, width, height, COLOR, zorder=3,
                       hatch=hatch if kind == "image" else None, hatch_color=hatch_color)
        fig.savefig(tmp_path / f"{kind}.png", dpi=100)
        out[kind] = np.asarray(Image.open(tmp_path / f"{kind}.png").convert("L"), dtype=int)
    lines = out["unhatched"] - out["vector"] > 40  # hatch line pixels
    assert lines.mean() > 0.02
    assert (out["image"] - out["vector"] > 40)[lines].mean() < 0.05  # the same lines
    assert np.abs(out["image"] - out["vector"]).mean() < 1.5
