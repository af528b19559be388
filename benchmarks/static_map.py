"""Benchmark: PNG static maps of 1k, 10k and 100k incidents, beside a per-point baseline.

The baseline draws the same points with one ``ax.plot`` call per point (the naive way); it is
measured at a smaller N in the same run and its per-point cost extrapolated to each N.

    .venv/bin/python benchmarks/static_map.py [--sizes 1000,10000,100000] [--baseline-n 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from geo.incidents.schema import EVENT_TYPES, incidents_frame
from maps.static.render import render_static


def synthetic(n: int, seed: int = 1):
    """n incidents spread over Iraq and eastern Syria: a third at 40 known sites, the rest
    scattered; a fifth with an uncertainty radius; a tenth known only to their region (50 km,
    cut to Iraq) and one in twenty only to their country (drawn as areas). Each has one source
    of its own (a URL, one of 25 publishers, a quote), as a real incident set does."""
    rng = np.random.default_rng(seed)
    sites = np.column_stack([rng.uniform(38.5, 46.0, 40), rng.uniform(31.0, 37.0, 40)])
    at_site = rng.random(n) < 1 / 3
    lon = np.where(at_site, sites[rng.integers(0, 40, n), 0], rng.uniform(38.5, 46.0, n))
    lat = np.where(at_site, sites[rng.integers(0, 40, n), 1], rng.uniform(31.0, 37.0, n))
    types = np.array(list(EVENT_TYPES))[rng.integers(0, len(EVENT_TYPES), n)]
    days = rng.integers(0, 120, n)
    start = date(2023, 10, 17)
    rows = {
        "incident_id": [f"{i:016x}" for i in range(n)],
        "event_date": [start + timedelta(days=int(d)) for d in days],
        "event_type": types,
        "uncertainty_km": np.where(rng.random(n) < 0.2, 10.0, 0.0),
        "lat": lat,
        "lon": lon,
    }
    coarse = rng.random(n)
    frame = pd.DataFrame(rows)
    frame["geo_precision"] = np.select([coarse < 0.05, coarse < 0.15], [4, 3], 1)
    frame["country"] = np.where(coarse < 0.15, "IQ", "")
    frame.loc[coarse < 0.15, "uncertainty_km"] = 50.0
    publishers = rng.integers(0, 25, n)
    frame["sources"] = [
        [{"url": f"https://news{p}.example/{i}", "publisher": f"News {p}",
          "published": str(day), "quote": f"A {kind} was reported near site {i % 997} on "
          f"{day}; officials said it caused damage.", "file": f"reports/{i}.txt"}]
        for i, (p, day, kind) in enumerate(zip(publishers, frame["event_date"], types,
                                               strict=True))
    ]
    return incidents_frame(frame)


def per_point_baseline(incidents, path: Path) -> float:
    """Seconds to draw and save ``incidents`` with one plot call per point (no basemap)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from maps.style import symbol_for

    start = time.perf_counter()
    fig = Figure(figsize=(10, 8), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for x, y, kind in zip(
        incidents.geometry.x, incidents.geometry.y, incidents["event_type"], strict=True
    ):
        sym = symbol_for(kind)
        ax.plot(x, y, marker=sym.marker, color=sym.color, linestyle="none")
    fig.savefig(path, dpi=150)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--baseline-n", type=int, default=2000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render_static(synthetic(10), folder / "warm.png")  # imports, Natural Earth load
        base_n = args.baseline_n
        base = per_point_baseline(synthetic(base_n), folder / "base.png")
        per_point = base / base_n
        print(
            f"baseline: one plot call per point, N={base_n:,}: {base:.2f} s"
            f" ({per_point * 1e3:.2f} ms/point)"
        )
        print(f"{'N':>8} {'render_static':>14} {'baseline (extrap.)':>19} {'speed-up':>9}")
        for n in sizes:
            incidents = synthetic(n)
            start = time.perf_counter()
            render_static(incidents, folder / f"m{n}.png", title=f"{n:,} incidents")
            took = time.perf_counter() - start
            extrapolated = per_point * n
            print(f"{n:>8,} {took:>12.2f} s {extrapolated:>17.1f} s {extrapolated / took:>8.1f}x")


if __name__ == "__main__":
    main()
