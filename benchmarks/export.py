"""Export speed and peak memory against a bare pyogrio.write_dataframe of the same incidents.

    .venv/bin/python benchmarks/export.py            # 1,000,000 synthetic incidents
    .venv/bin/python benchmarks/export.py -n 100000  # quicker

Each case runs in its own process (so its peak RSS is its own) on the same generated frame.
The baseline writes the frame with ``sources`` already JSON text (write_dataframe cannot write
lists of dicts; for ACLED's layout, pandas' ``to_csv`` of the attributes and lat/lon);
``export`` encodes sources itself and, for .gpkg, also writes the places, uncertainty (a
geodesic circle per imprecise incident) and unresolved layers and the styles.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.incidents.schema import (  # noqa: E402
    CRS,
    EVENT_TYPES,
    INCIDENT_COLUMNS,
    INCIDENT_SCHEMA,
    STATUSES,
)

CASES = ("bare-gpkg", "export-gpkg", "bare-geojson", "export-geojson", "bare-csv",
         "export-acled")


def synthetic_incidents(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """n incidents over Iraq and Syria, Oct 2023 - Feb 2024, generated column-wise."""
    rng = np.random.default_rng(seed)
    types = np.array(list(EVENT_TYPES))
    days = rng.integers(0, 130, n)
    start = np.datetime64("2023-10-07") + days.astype("timedelta64[D]")
    ranged = rng.random(n) < 0.05
    end = np.where(
        ranged, start + rng.integers(1, 4, n).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    precision = rng.choice([1, 1, 1, 1, 2, 3], n)
    ids = pd.Series(np.arange(n)).map("{:016x}".format)
    frame = pd.DataFrame(
        {
            "incident_id": ids.astype(str),
            "event_date": start.astype("datetime64[ms]"),
            "date_end": end.astype("datetime64[ms]"),
            "time_precision": pd.array(np.ones(n, dtype=int), dtype="Int64"),
            "event_type": types[rng.integers(0, len(types), n)],
            "sub_event_type": "Air/drone strike",
            "status": np.array(STATUSES)[rng.integers(0, len(STATUSES), n)],
            "actor": "Islamic Resistance in Iraq",
            "target": "US forces",
            "place_name": "Al-Asad",
            "place_id": "iq-al-asad-airbase",
            "resolved_name": "Al-Asad Airbase",
            "geo_precision": pd.array(precision, dtype="Int64"),
            "uncertainty_km": np.where(precision > 1, 10.0, np.nan),
            "admin1": "Anbar",
            "country": "IQ",
            "resolver": "curated",
            "resolution_score": 100.0,
            "event_count": pd.array(np.ones(n, dtype=int), dtype="Int64"),
            "notes": "",
        }
    )
    frame["sources"] = [[{"url": f"https://news.example/{i}", "quote": "drone"}] for i in range(n)]
    frame["inter1"] = pd.array(np.full(n, 3), dtype="Int64")
    frame["inter2"] = pd.array(np.full(n, 8), dtype="Int64")
    for col in INCIDENT_SCHEMA:  # the ACLED columns an article gives none of
        if col.name not in frame.columns and col.kind == "str":
            frame[col.name] = ""
        elif col.name not in frame.columns and col.kind == "int":
            frame[col.name] = pd.array([None] * n, dtype="Int64")
    points = gpd.points_from_xy(rng.uniform(36, 48, n), rng.uniform(30, 37, n))
    return gpd.GeoDataFrame(frame[list(INCIDENT_COLUMNS[:-1])], geometry=points, crs=CRS)


def run_case(case: str, n: int, folder: Path) -> dict:
    import pyogrio

    from geo.export.files import export
    from geo.incidents.schema import IncidentSet, sources_to_json

    frame = synthetic_incidents(n)
    suffix = {"gpkg": ".gpkg", "geojson": ".geojson"}.get(case.split("-")[1], ".csv")
    target = folder / f"{case}{suffix}"
    if case.startswith("bare"):
        frame["sources"] = [sources_to_json(s) for s in frame["sources"]]
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    if case == "bare-csv":  # the attributes and lat/lon as pandas writes them
        table = pd.DataFrame(frame.drop(columns="geometry"))
        table["lat"], table["lon"] = frame.geometry.y, frame.geometry.x
        table.to_csv(target, index=False)
    elif case.startswith("bare"):
        layer = {"layer": "incidents"} if suffix == ".gpkg" else {}
        pyogrio.write_dataframe(frame, target, **layer)
    elif case == "export-acled":
        export(IncidentSet(incidents=frame), target, format="acled")
    else:
        export(IncidentSet(incidents=frame), target)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "seconds": seconds,
        "peak_mib": peak / 1024,
        "data_mib": base_rss / 1024,
        "size_mib": target.stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="number of incidents")
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.n, Path(args.folder))))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            out = subprocess.run(
                [sys.executable, __file__, "-n", str(args.n), "--case", case, "--folder", folder],
                capture_output=True,
                text=True,
                check=True,
            )
            results[case] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{args.n:,} incidents")
    print(f"{'case':16} {'seconds':>8} {'peak MiB':>9} {'before MiB':>10} {'file MiB':>9}")
    for r in results.values():
        print(
            f"{r['case']:16} {r['seconds']:8.2f} {r['peak_mib']:9.0f} {r['data_mib']:10.0f} "
            f"{r['size_mib']:9.1f}"
        )
    for fmt, bare_fmt in (("gpkg", "gpkg"), ("geojson", "geojson"), ("acled", "csv")):
        ours, bare = results[f"export-{fmt}"], results[f"bare-{bare_fmt}"]
        print(
            f"{fmt}: export / bare write time = {ours['seconds'] / bare['seconds']:.2f}x "
            f"(target <= 1.5x); peak memory ratio = {ours['peak_mib'] / bare['peak_mib']:.2f}x"
        )


if __name__ == "__main__":
    main()
