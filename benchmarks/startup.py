"""Benchmark: start-up of whole `geo` commands, beside a bare Python start in the same run.

Each command runs as a user runs it (a new process), ``--repeat`` times; the median wall time
is printed with the baseline's, a bare ``python -c pass``, and their difference (what geo
adds). ``geo resolve`` loads the gazetteer (the GeoNames index from its cache: run it once
before, or the first run builds it).

    .venv/bin/python benchmarks/startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

GEO = [sys.executable, "-c", "from geo.cli import main; main()"]
COMMANDS = {
    "geo --help": [*GEO, "--help"],
    "geo version": [*GEO, "version"],
    "geo build --help": [*GEO, "build", "--help"],
    "geo resolve Erbil": [*GEO, "resolve", "Erbil"],
    "geo resolve Ebril": [*GEO, "resolve", "Ebril"],  # a typo: the fuzzy look-ups too
}
BASELINE = [sys.executable, "-c", "pass"]


def wall(argv: list[str], repeat: int) -> float:
    """Median wall seconds of running ``argv`` to its end."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{argv} failed:\n{done.stderr.decode()[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(COMMANDS["geo resolve Erbil"], capture_output=True)  # index cached, .pyc
    base = wall(BASELINE, args.repeat)
    print(f"baseline (python -c pass): {base:.3f} s (median of {args.repeat})")
    print(f"{'command':<20} {'wall':>8} {'baseline':>9} {'geo adds':>9}")
    for name, argv in COMMANDS.items():
        took = wall(argv, args.repeat)
        print(f"{name:<20} {took:7.3f}s {base:8.3f}s {took - base:8.3f}s")


if __name__ == "__main__":
    main()
