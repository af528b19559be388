"""Benchmark: `geo build` end to end over a synthetic corpus, first run and no-change re-run.

A seeded corpus of seed-sized articles (``benchmarks/corpus.py``) is written to a temporary
folder; then, in one run:

* baseline: read each file and tokenize it (``re.findall(r"\\w+", text)``), in this process;
* build 1: ``geo build CORPUS --out OUT --json`` in a subprocess, timed from outside, with the
  time of each stage as the command reports it (discover, ingest, store, each output);
* the map: build 1's ``map.png`` stage beside a bare map of the same store (pyogrio's Arrow
  read of its incidents, one matplotlib scatter, ``savefig``; ``benchmarks/map_command.py``);
* build 2: the same command again; nothing changed, so nothing should be read or redrawn
  (no gazetteer loaded, every output left as it is): its time over the first build's.

Each figure is printed with its ratio to the baseline. Peak memory is the largest resident set
of the builds (``resource.getrusage(RUSAGE_CHILDREN)``).

    .venv/bin/python benchmarks/build.py            # 10,000 articles
    .venv/bin/python benchmarks/build.py --quick    # 1,000 articles
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402
from benchmarks.map_command import BASELINE, wall  # noqa: E402

CLI = [sys.executable, "-c", "from geo.cli import main; main()"]


def baseline(paths: list[Path]) -> float:
    """Seconds to read and tokenize every article: the floor any reader pays."""
    start = time.perf_counter()
    words = 0
    for path in paths:
        words += len(re.findall(r"\w+", path.read_text(encoding="utf-8")))
    assert words > 0
    return time.perf_counter() - start


def frozen_code(folder: Path) -> dict[str, str]:
    """A copy of the packages to run the builds from, and its environment: others editing the
    work tree between the two builds would change the code fingerprint (all read again)."""
    for package in ("geo", "gazetteer", "maps"):
        shutil.copytree(ROOT / package, folder / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": str(folder)}


def geo_build(corpus: Path, out: Path, env: dict[str, str], *options: str
              ) -> tuple[float, dict]:
    """Wall seconds of one `geo build --json` and its summary."""
    start = time.perf_counter()
    done = subprocess.run([*CLI, "build", str(corpus), "--out", str(out), "--json", *options],
                          capture_output=True, text=True, cwd=corpus.parent, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some input had problems, the rest was built
        sys.exit(f"geo build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    try:
        return seconds, json.loads(done.stdout)
    except ValueError:
        sys.exit(f"geo build printed no JSON ({done.returncode}):\n{done.stderr[-2000:]}")


def show(label: str, seconds: float, base: float) -> None:
    print(f"  {label:<24} {seconds:9.2f} s   {seconds / base:8.1f} x baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--quick", action="store_true", help="1000 articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--countries", help="passed to geo build (e.g. IQ,SY,JO)")
    args = parser.parse_args()
    n = 1000 if args.quick else args.n

    work = Path(tempfile.mkdtemp(prefix="geo-bench-build-"))
    try:
        t = time.perf_counter()
        paths = generate(work / "corpus", n, args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {n:,} articles, {size / 1e6:.1f} MB, written in "
              f"{time.perf_counter() - t:.1f} s (not counted)")
        base = baseline(paths)
        print(f"baseline (read + tokenize every article): {base:.3f} s")

        env = frozen_code(work / "src")
        options = ["--countries", args.countries] if args.countries else []
        first_s, first = geo_build(work / "corpus", work / "out", env, *options)
        print(f"\nbuild 1 (everything new): {first['incidents']:,} incidents, "
              f"{first['places']:,} places, {first['unresolved']:,} unresolved mentions, "
              f"{len(first['problems'])} problems")
        show("total (wall, with start)", first_s, base)
        for stage, seconds in first["seconds"].items():
            show(stage, seconds, base)
        print(f"  throughput: {n / first_s:,.0f} articles/s end to end")
        bare = wall([sys.executable, "-c", BASELINE, str(work / "out" / "incidents.gpkg"),
                     str(work / "bare.png")])
        drawn = first["seconds"].get("map.png", 0.0)
        print(f"  map.png {drawn:.2f} s against a bare map of the store {bare:.2f} s (read, "
              f"scatter, savefig; with start-up): {drawn / bare:.2f}x")

        second_s, second = geo_build(work / "corpus", work / "out", env, *options)
        print(f"\nbuild 2 (no change): {second['added']} added, {second['updated']} updated, "
              f"{second['files']['unchanged']:,} files not re-read, "
              f"{len(second['files']['reread']):,} re-read")
        show("total (wall, with start)", second_s, base)
        for stage, seconds in second["seconds"].items():
            show(stage, seconds, base)
        print(f"  outputs left as they were: {len(second['kept'])} of "
              f"{len(second['outputs'])}")
        print(f"  no-change re-run / first build: {second_s / first_s:.2f} (goal <= 0.10)")

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\npeak memory of a build: {peak:,.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
