"""PostGIS store: 100k incidents written and read back, against a bare geopandas
``to_postgis``/``read_postgis`` of the same frame, on the same throwaway server in one run.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/postgis.py            # 100,000 incidents
    .venv/bin/python benchmarks/postgis.py -n 20000   # quicker
    .venv/bin/python benchmarks/postgis.py --repeat 1 # one round (default: best of 3)

Needs Debian's postgresql and postgresql-NN-postgis-3 (a cluster is started in a temporary
folder, as tests/postgres.py does, and removed at the end). Each case runs in its own process
on a fresh database; the cases run in rounds (bare, store, merge, again) and the fastest run
of each is kept, so that a busy moment on a shared machine does not fall on one case only.
"merge" times the event-aware merge alone (no database; as the store runs it: ``merge_batch``,
rows that meet no other row found column by column and only the others merged row by row, the
cyclic garbage collector paused). "store" is what `geo ingest --store postgresql://...` does
with the incidents: ``update_store`` (the event-aware merge against the stored rows in the
batch's date window, then one locked transaction: COPY, upsert, uncertainty areas, place
counts; into the empty store, so the first batch's path: indexes built once after its rows)
and then ``read_layers`` (every layer, in the schema). "bare" writes the frame with
``sources`` already JSON text (to_postgis cannot write lists of dicts) and reads it back as it
is.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from export import synthetic_incidents  # noqa: E402

CASES = ("bare", "store", "merge")


def distinct_incidents(n: int, seed: int = 11) -> gpd.GeoDataFrame:
    """n incidents that are n events: spread over three years and the region, one place each
    (the same frame the export benchmark makes, with its dates and places spread)."""
    rng = np.random.default_rng(seed)
    frame = synthetic_incidents(n, seed)
    days = rng.integers(0, 3 * 365, n).astype("timedelta64[D]")
    frame["event_date"] = (np.datetime64("2021-01-01") + days).astype("datetime64[ms]")
    frame["date_end"] = pd.NaT
    frame["place_id"] = pd.Series(np.arange(n)).map("site-{:06d}".format)
    frame["geometry"] = gpd.points_from_xy(rng.uniform(30, 60, n), rng.uniform(12, 40, n))
    frame["sources"] = [[{"url": f"https://news.example/{i}", "quote": f"report {i}",
                          "file": f"desk/{i % 97}.csv:{i}"}] for i in range(n)]
    return frame


def run_case(case: str, n: int, url: str) -> dict:
    frame = distinct_incidents(n)
    if case == "bare":
        from sqlalchemy import create_engine

        from geo.incidents.schema import sources_to_json

        frame["sources"] = [sources_to_json(s) for s in frame["sources"]]
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        began = time.perf_counter()
        frame.to_postgis("incidents", engine, index=False)
        wrote = time.perf_counter()
        back = gpd.read_postgis("SELECT * FROM incidents", engine, geom_col="geometry")
        count = len(back)
    elif case == "merge":  # the store write's database-free part: the event-aware merge
        from geo.incidents.schema import IncidentSet
        from geo.store.collector import paused_gc
        from geo.store.update import merge_batch

        began = time.perf_counter()
        with paused_gc():  # as update_store runs it
            count = merge_batch(IncidentSet(), IncidentSet(incidents=frame)).count
        wrote = time.perf_counter()
    else:
        import psycopg  # noqa: F401  (loaded before the clock, as create_engine loads bare's)

        import geo.store.postgis  # noqa: F401
        from geo.incidents.schema import IncidentSet
        from geo.store.layers import read_layers
        from geo.store.update import update_store

        began = time.perf_counter()
        update_store(url, IncidentSet(incidents=frame))
        wrote = time.perf_counter()
        count = len(read_layers(url).incidents)
    read = time.perf_counter()
    return {"case": case, "write": wrote - began, "read": read - wrote, "rows": count,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="number of incidents")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of every case (the fastest of each is reported)")
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.n, args.url)))
        return
    from tests.postgres import Cluster, server_binary

    cluster = Cluster.start(server_binary("initdb"))
    results: dict[str, dict] = {}
    try:
        for _ in range(args.repeat):  # rounds of every case, the best of each kept
            for case in CASES:
                url = cluster.url(cluster.new_database())
                out = subprocess.run([sys.executable, __file__, "-n", str(args.n), "--case",
                                      case, "--url", url], capture_output=True, text=True,
                                     check=True)
                run = json.loads(out.stdout.strip().splitlines()[-1])
                best = results.get(case)
                if best is None or run["write"] + run["read"] < best["write"] + best["read"]:
                    results[case] = run
    finally:
        cluster.stop()
    print(f"{args.n:,} incidents (PostgreSQL + PostGIS, throwaway cluster; best of "
          f"{args.repeat} rounds)")
    print(f"{'case':8} {'write s':>8} {'read s':>8} {'total s':>8} {'rows':>8} {'peak MiB':>9}")
    for r in results.values():
        print(f"{r['case']:8} {r['write']:8.2f} {r['read']:8.2f} {r['write'] + r['read']:8.2f} "
              f"{r['rows']:8d} {r['peak_mib']:9.0f}")
    ours, bare = results["store"], results["bare"]
    for what in ("write", "read"):
        print(f"{what}: store / bare = {ours[what] / bare[what]:.2f}x")
    merge = results["merge"]["write"]
    print(f"store write without the merge ({merge:.2f} s): "
          f"{(ours['write'] - merge) / bare['write']:.2f}x bare")
    total = (ours["write"] + ours["read"]) / (bare["write"] + bare["read"])
    print(f"write + read: store / bare = {total:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
