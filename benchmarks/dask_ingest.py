"""Benchmark: ingest on Dask against the single-process ingest (issue 17).

A seeded corpus (``benchmarks/corpus.py``, 10,000 articles by default) is written to a
temporary folder; then, in this one process, each whole run as a Python user makes it:

* baseline: ``ingest_paths([folder])``, the plain single-process path (gazetteer load included);
* Dask, 1 worker: ``ingest_paths([folder], client=...)`` on a LocalCluster of 1 process,
  cluster start (and the worker's gazetteer load) and shut-down included;
* Dask, N workers (2 by default), the same.

Printed: wall seconds and their ratio to the baseline (the overhead of the Dask path with 1
worker, target <= 1.15x), the speed-up of N workers over 1 (target >= 1.8x on 2 cores), CPU
seconds (this process; summed over the workers), peak RSS of this process and of each worker,
and whether every run gave the same incidents (ids and rows). The machine's load average is
printed before and after: on a shared machine other jobs take cores from the workers.

    .venv/bin/python benchmarks/dask_ingest.py              # 10,000 articles, 1 and 2 workers
    .venv/bin/python benchmarks/dask_ingest.py --n 1000 --workers 1 2
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402
from benchmarks.ingest import loadavg, peak_mb  # noqa: E402

SEED = 20240607
OVERHEAD_TARGET = 1.15
SPEEDUP_TARGET = 1.8


def _worker_usage() -> tuple[float, float]:
    """(CPU seconds, peak RSS MB: the kernel's high-water mark) of the worker process this runs
    in."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = 0.0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return usage.ru_utime + usage.ru_stime, peak


def plain(folder: Path):
    from geo.pipeline.ingest import ingest_paths

    cpu, wall = time.process_time(), time.perf_counter()
    report = ingest_paths([folder])
    return report, time.perf_counter() - wall, time.process_time() - cpu


def on_dask(folder: Path, workers: int):
    """A whole Dask run: start the cluster, ingest, read the workers' usage, shut down."""
    from geo.pipeline.cluster import dask_client
    from geo.pipeline.ingest import ingest_paths

    cpu, wall = time.process_time(), time.perf_counter()
    with dask_client(workers=workers) as client:
        report = ingest_paths([folder], client=client)
        usage = client.run(_worker_usage)
    return report, time.perf_counter() - wall, time.process_time() - cpu, list(usage.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.n < 1 or any(w < 1 for w in args.workers):
        parser.error("--n and --workers must be at least 1")

    print(f"dask ingest benchmark: {args.n:,} synthetic articles, seed {args.seed}; "
          f"{loadavg()}")
    print("the machine may be shared: other jobs' load takes cores from the workers")
    tmp = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        t = time.perf_counter()
        paths = generate(tmp / "corpus", args.n, args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus generation (not counted)  {time.perf_counter() - t:7.2f} s   "
              f"{size / 1e6:.1f} MB")

        base, base_wall, cpu = plain(tmp / "corpus")
        print(f"  baseline, one process (ingest_paths)  {base_wall:8.2f} s wall  {cpu:8.2f} s "
              f"CPU  {len(base.layers.incidents):,} incidents; peak RSS {peak_mb():,.0f} MB")
        walls: dict[int, float] = {}
        for workers in args.workers:
            report, wall, cpu, usage = on_dask(tmp / "corpus", workers)
            walls[workers] = wall
            same = report.layers.incidents.equals(base.layers.incidents)
            print(f"  Dask, {workers} worker(s)                   {wall:8.2f} s wall  "
                  f"{sum(c for c, _ in usage):8.2f} s CPU in workers (+{cpu:.2f} here)  "
                  f"= {wall / base_wall:.3f}x baseline; same incidents: {same}")
            print("      peak RSS per worker: " + ", ".join(f"{mb:,.0f} MB" for _, mb in usage)
                  + f"; this process {peak_mb():,.0f} MB (after the baseline run)")
        if 1 in walls:
            ratio = walls[1] / base_wall
            verdict = "met" if ratio <= OVERHEAD_TARGET else "NOT met"
            print(f"overhead of the Dask path with 1 worker: {ratio:.3f}x the baseline "
                  f"(target <= {OVERHEAD_TARGET}x): {verdict}")
            for workers in sorted(w for w in walls if w > 1):
                speedup = walls[1] / walls[workers]
                verdict = "met" if speedup >= SPEEDUP_TARGET else "NOT met"
                print(f"speed-up of {workers} workers over 1: {speedup:.2f}x (target >= "
                      f"{SPEEDUP_TARGET}x on 2 cores): {verdict}")
        print(f"after: {loadavg()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
