"""Benchmark: `geo map X -o X.png` at 100k incidents as a whole command, beside a bare baseline.

The incidents (``benchmarks/static_map.py``'s synthetic set, each with one source of its own
as real incidents have; not timed) are written once as GeoJSON (and as GeoParquet,
``--formats``). For each file, in this run, each as a new process:

* baseline: read the file with pyogrio's Arrow path (geopandas for GeoParquet), one matplotlib
  scatter of its points, ``savefig`` of a PNG of the same size and dpi as ``geo map``;
* ``geo map X -o X.png``: what a user runs (the full map: basemap, symbols by type, areas,
  legend, title).

Both wall times are printed with their ratio (goal: within 1.5x for GeoJSON, 1.2x for
GeoParquet).

``--articles N`` maps real-shaped incidents instead: ``geo build`` of N synthetic articles
(``benchmarks/corpus.py``; not timed) gives a store whose incidents have long place names,
country- and region-level areas and, as extraction goes, points across the world (a world map
over Natural Earth's 10 m countries); then the same two commands on OUT/incidents.gpkg.

    .venv/bin/python benchmarks/map_command.py [--n 100000] [--formats geojson,parquet]
    .venv/bin/python benchmarks/map_command.py --articles 1000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.static_map import synthetic  # noqa: E402

GEO = [sys.executable, "-c", "from geo.cli import main; main()"]

BASELINE = """
import sys
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
path, out = sys.argv[1], sys.argv[2]
if path.endswith(".parquet"):
    import geopandas
    frame = geopandas.read_parquet(path)
else:
    import pyogrio
    layer = "incidents" if path.endswith(".gpkg") else None
    frame = pyogrio.read_dataframe(path, layer=layer, use_arrow=True)
fig = Figure(figsize=(10, 8), dpi=150)
FigureCanvasAgg(fig)
ax = fig.add_subplot()
ax.scatter(frame.geometry.x, frame.geometry.y, s=4)
fig.savefig(out, dpi=150)
"""


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])} failed:\n{done.stderr[-2000:]}")
    return took


def compare(data: Path, folder: Path) -> tuple[float, float]:
    """Wall seconds of the bare baseline and of ``geo map DATA -o map.png``, printed."""
    base = wall([sys.executable, "-c", BASELINE, str(data), str(folder / "base.png")])
    took = wall([*GEO, "map", str(data), "-o", str(folder / "map.png")])
    print(f"  baseline (Arrow read, one scatter, savefig) {base:7.2f} s")
    print(f"  geo map {data.name} -o map.png {' ' * (14 - len(data.name))}"
          f"{took:7.2f} s   {took / base:.2f}x baseline")
    return base, took


def real_shaped(folder: Path, articles: int, seed: int) -> None:
    """The map of a `geo build` of synthetic articles, against the bare baseline."""
    from benchmarks.corpus import generate

    generate(folder / "corpus", articles, seed)
    t = time.perf_counter()
    done = subprocess.run([*GEO, "build", str(folder / "corpus"), "--out", str(folder / "out"),
                           "-q"], capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input had problems, the rest was built
        sys.exit(f"geo build failed:\n{done.stderr[-2000:]}")
    store = folder / "out" / "incidents.gpkg"
    import pyogrio

    n = pyogrio.read_info(store, layer="incidents")["features"]
    print(f"{articles:,} articles built into {n:,} incidents in {time.perf_counter() - t:.1f} s "
          "(not counted)")
    compare(store, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--formats", default="geojson,parquet")
    parser.add_argument("--articles", type=int, help="map a geo build of this many articles")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from geo.export.files import export
    from geo.incidents.schema import IncidentSet

    with tempfile.TemporaryDirectory(prefix="geo-bench-map-") as tmp:
        folder = Path(tmp)
        if args.articles:
            real_shaped(folder, args.articles, args.seed)
            return
        layers = IncidentSet(incidents=synthetic(args.n))
        print(f"{args.n:,} incidents")
        for fmt in args.formats.split(","):
            data = folder / f"incidents.{fmt}"
            t = time.perf_counter()
            export(layers, data)
            print(f"\n{fmt}: {data.stat().st_size / 1e6:.1f} MB, written in "
                  f"{time.perf_counter() - t:.1f} s (not counted)")
            compare(data, folder)


if __name__ == "__main__":
    main()
