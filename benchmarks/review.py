"""Benchmark: what an analyst's decisions file costs a whole `geo ingest` run.

A table of N located incidents (one quote each) is ingested into a fresh GeoPackage twice in
one process, as a user runs it (``geo ingest table.csv -o store.gpkg``):

* baseline: without decisions;
* review: with ``--corrections corrections.csv`` holding D decisions (type changes and
  rejects keyed by quote, accepts keyed by quote, pins of place names to coordinates), applied
  before and after the merge and again to the store.

Then both are repeated into their stores (a rebuild: with decisions, every stored incident is
reverted and reviewed again). Times are wall and CPU seconds with the CPU ratio to the
baseline; peak memory is the process's maximum resident set size.

    .venv/bin/python benchmarks/review.py             # 20,000 incidents, 2,000 decisions
    .venv/bin/python benchmarks/review.py --n 2000 --decisions 200
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.cli import main as geo  # noqa: E402
from geo.review.decisions import COLUMNS  # noqa: E402

TYPES = ("drone attack", "rocket attack", "indirect fire")


def write_table(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "place", "type", "country", "lat", "lon", "quote"])
        for i in range(n):
            # each row its own event: points 0.3 degrees apart, or days apart on one point
            writer.writerow([f"2023-{1 + (i // 2000) % 12:02d}-{1 + (i // 24000) * 3:02d}",
                             f"Site {i % 700}", TYPES[i % 3], "IQ",
                             f"{29 + (i % 40) * 0.3:.4f}", f"{35 + (i // 40 % 50) * 0.3:.4f}",
                             f"Report {i}: militants attacked the base at Site {i % 700}."])


def write_decisions(path: Path, n: int, d: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        for k in range(d):
            i = (k * 7919) % n
            quote = f"Report {i}: militants"
            kind = k % 4
            if kind == 0:
                writer.writerow({"action": "change", "quote": quote, "field": "event_type",
                                 "value": "airstrike"})
            elif kind == 1:
                writer.writerow({"action": "reject", "quote": quote})
            elif kind == 2:
                writer.writerow({"action": "accept", "quote": quote})
            else:
                writer.writerow({"action": "pin", "place": f"Site {k % 700}",
                                 "source": "table.csv", "value": "33.5,43.2,5"})


def run(*argv: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        geo(list(argv))
    except SystemExit as exc:
        assert exc.code in (0, 1, None), exc.code
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--decisions", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_table(folder / "table.csv", args.n)
        write_decisions(folder / "corrections.csv", args.n, args.decisions)
        run("ingest", str(folder / "table.csv"), "-o", str(folder / "warm.gpkg"), "-q")
        base = run("ingest", str(folder / "table.csv"), "-o", str(folder / "base.gpkg"), "-q")
        review = run("ingest", str(folder / "table.csv"), "-o", str(folder / "review.gpkg"),
                     "-q", "--corrections", str(folder / "corrections.csv"))
        base_again = run("ingest", str(folder / "table.csv"), "-o", str(folder / "base.gpkg"),
                         "-q")
        again = run("ingest", str(folder / "table.csv"), "-o", str(folder / "review.gpkg"),
                    "-q", "--corrections", str(folder / "corrections.csv"))
    print(f"{args.n} incidents, {args.decisions} decisions (geo ingest into a fresh .gpkg)")
    for name, (wall, cpu), bare in (("baseline (no decisions)", base, base),
                                    ("with decisions", review, base),
                                    ("baseline, again into its store", base_again, base_again),
                                    ("with decisions, again", again, base_again)):
        print(f"  {name:<32} {wall:7.2f} s wall {cpu:7.2f} s CPU   "
              f"x{cpu / bare[1]:.2f} of its baseline (CPU)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
