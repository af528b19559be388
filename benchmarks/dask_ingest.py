"""Benchmark: `geo ingest --workers N` against the plain single-process `geo ingest` (issue 17).

A seeded corpus (``benchmarks/corpus.py``, 10,000 articles by default) is written to a
temporary folder; then each whole command runs as a user runs it, in a new process, into a new
GeoPackage store:

* baseline: ``geo ingest CORPUS -o out.gpkg -q``, the plain single-process path;
* Dask, N workers (1 and 2 by default): the same with ``--workers N`` (cluster start, each
  worker's gazetteer load, the run, gathering, the store write and shut-down all included).

The cases run back to back in rounds (``--repeat``, default 3), each round in the same order,
and the best wall time of each case is kept, so that a busy moment on a shared machine does not
fall on one case only. The same cases on a one-article folder measure the fixed cost of the
Dask path (spawning the worker processes, their imports and gazetteer load, shut-down), which
is reported, not subtracted.

Printed: wall seconds, the ratio of the Dask path with 1 worker to the baseline (target
<= 1.15x) and the speed-up of N workers over 1 (target >= 1.8x on 2 cores); CPU seconds of the
whole process tree (the command and its workers); peak RSS of the command's process and of
each worker process (the kernel's high-water mark, read while they run); whether every run
stored the same incidents (ids and rows); and the machine's load average before each round.
On a shared machine other jobs take cores from the workers: read the load average with the
figures.

    .venv/bin/python benchmarks/dask_ingest.py              # 10,000 articles, 1 and 2 workers
    .venv/bin/python benchmarks/dask_ingest.py --n 2000 --workers 1 2 --repeat 2
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402
from benchmarks.ingest import loadavg  # noqa: E402

SEED = 20240607
OVERHEAD_TARGET = 1.15
SPEEDUP_TARGET = 1.8
GEO = [sys.executable, "-c", "from geo.cli import main; main()"]
SAMPLE_S = 0.2


@dataclass
class Run:
    """One whole command: wall and CPU seconds of its process tree, peak RSS (MB) of the
    command's process and of each worker process."""

    wall: float
    cpu: float
    main_mb: float
    workers_mb: list[float] = field(default_factory=list)


def _peak_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    """The process ids below ``pid`` (its workers), from each process's parent in /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    out: list[int] = []
    todo = [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


def run(argv: list[str]) -> Run:
    """Run ``argv`` to its end, sampling the peak RSS of it and its descendants."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in [proc.pid, *_descendants(proc.pid)]:
                peaks[pid] = max(peaks.get(pid, 0.0), _peak_mb(pid))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv[3:])} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    main_mb = peaks.pop(proc.pid, 0.0)
    # the command's own children are the workers (the scheduler and nannies run in it);
    # a worker is a process of more than a few MB (not a resource tracker)
    workers = sorted((mb for mb in peaks.values() if mb > 100), reverse=True)
    return Run(wall, cpu, main_mb, workers)


def command(folder: Path, out: Path, workers: int | None) -> list[str]:
    argv = [*GEO, "ingest", str(folder), "-o", str(out), "-q"]
    return argv + (["--workers", str(workers)] if workers else [])


def same_incidents(stores: list[Path]) -> bool:
    """Every store holds the same incidents (ids and rows, in order)."""
    from geo.store.layers import read_layers

    first = read_layers(stores[0]).incidents
    return all(read_layers(s).incidents.equals(first) for s in stores[1:])


def rounds(folder: Path, cases: list[int | None], repeat: int, tmp: Path, label: str
           ) -> dict[int | None, Run]:
    """Best of ``repeat`` rounds of every case, run back to back in each round."""
    best: dict[int | None, Run] = {}
    for r in range(repeat):
        print(f"  {label} round {r + 1}/{repeat}: {loadavg()}", flush=True)
        for case in cases:
            out = tmp / f"{label}-{case or 0}-{r}.gpkg"
            took = run(command(folder, out, case))
            if case not in best or took.wall < best[case].wall:
                best[case] = took
            if r:
                out.unlink()  # the first round's stores are compared
    return best


def name(case: int | None) -> str:
    return "one process (no --workers)" if case is None else f"--workers {case}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, help="rounds, best kept (default 3)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1 or any(w < 1 for w in args.workers):
        parser.error("--n, --repeat and --workers must be at least 1")

    print(f"dask ingest benchmark: {args.n:,} synthetic articles, seed {args.seed}, whole "
          f"`geo ingest` commands, best of {args.repeat}; {loadavg()}")
    print("the machine may be shared: other jobs' load takes cores from the workers")
    tmp = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    cases: list[int | None] = [None, *args.workers]
    try:
        t = time.perf_counter()
        paths = generate(tmp / "corpus", args.n, args.seed)
        size = sum(p.stat().st_size for p in paths)
        (tmp / "one").mkdir()
        shutil.copy(paths[0], tmp / "one" / paths[0].name)
        print(f"corpus generation (not counted)  {time.perf_counter() - t:7.2f} s   "
              f"{size / 1e6:.1f} MB")
        subprocess.run([*GEO, "resolve", "Erbil"], capture_output=True)  # index cached, .pyc

        fixed = rounds(tmp / "one", cases, args.repeat, tmp, "one-article")
        print("fixed cost, one article (the Dask path's process start, imports, gazetteer load "
              "per worker, shut-down):")
        for case in cases:
            extra = fixed[case].wall - fixed[None].wall
            print(f"  {name(case):<28} {fixed[case].wall:7.2f} s wall"
                  + (f"  (+{extra:.2f} s over one process)" if case else ""))

        best = rounds(tmp / "corpus", cases, args.repeat, tmp, "corpus")
        base = best[None]
        print(f"{args.n:,} articles:")
        for case in cases:
            took = best[case]
            ratio = "" if case is None else f" = {took.wall / base.wall:.3f}x the baseline"
            print(f"  {name(case):<28} {took.wall:8.2f} s wall {took.cpu:8.2f} s CPU "
                  f"(process tree){ratio}")
            workers = ", ".join(f"{mb:,.0f} MB" for mb in took.workers_mb)
            print(f"      peak RSS: command {took.main_mb:,.0f} MB"
                  + (f"; workers {workers}" if case else ""))
        stores = [tmp / f"corpus-{case or 0}-0.gpkg" for case in cases]
        print(f"same incidents (ids and rows) in every store: {same_incidents(stores)}")
        if 1 in best:
            ratio = best[1].wall / base.wall
            verdict = "met" if ratio <= OVERHEAD_TARGET else "NOT met"
            print(f"overhead of the Dask path with 1 worker: {ratio:.3f}x the baseline "
                  f"(target <= {OVERHEAD_TARGET}x): {verdict}; of which fixed "
                  f"{fixed[1].wall - fixed[None].wall:.2f} s")
            for workers in sorted(w for w in best if w is not None and w > 1):
                speedup = best[1].wall / best[workers].wall
                verdict = "met" if speedup >= SPEEDUP_TARGET else "NOT met"
                print(f"speed-up of {workers} workers over 1: {speedup:.2f}x (target >= "
                      f"{SPEEDUP_TARGET}x on 2 cores): {verdict}")
        print(f"after: {loadavg()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
