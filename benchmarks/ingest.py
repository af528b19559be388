"""Benchmark: extraction and resolution throughput on a synthetic corpus (issue 4).

A seeded corpus of seed-sized articles (``benchmarks/corpus.py``, 2-4 KB each) is written to a
temporary folder, then measured in one run, on one core:

* baseline: read each file and tokenize it with ``re.findall(r"\\w+", text)``;
* (a) ``read_article`` + ``Extractor.extract`` over every article (reading, extraction,
  resolution of every place mention);
* (b) ``ingest_paths`` over the folder (read, extract, resolve, locate, merge, frames); the
  CPU time after the reading is split into locate, merge and frames by the progress and
  stage callbacks ``ingest_paths`` calls, and given per article: run with ``--n 1000`` and
  ``--n 10000`` to see whether that part grows faster than the corpus (issue 16 wants the
  per-article cost at 10k within 1.2x of that at 1k).

A warm-up pass of (a) over the first 200 articles comes first and is not counted.

Throughput is given in articles per CPU second of this process (``time.process_time``: less
sensitive to other jobs on a shared machine) and per wall second, with each figure's ratio to
the baseline. Corpus generation and gazetteer loading are timed and printed but not counted.
Peak memory is the process's maximum resident set size (``resource.getrusage``).

    .venv/bin/python benchmarks/ingest.py             # 10,000 articles
    .venv/bin/python benchmarks/ingest.py --quick     # 1,000 articles
    .venv/bin/python benchmarks/ingest.py --n 2000 --profile 25   # + cProfile of (a)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402

TARGET = 300.0  # articles/s, one core, for (a)
SEED = 20240607
WORD = re.compile(r"\w+")


@dataclass
class Timing:
    cpu_s: float
    wall_s: float

    def rate(self, n: int) -> tuple[float, float]:
        return n / max(self.cpu_s, 1e-9), n / max(self.wall_s, 1e-9)


def timed(fn: Callable[[], object]) -> tuple[object, Timing]:
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return out, Timing(time.process_time() - cpu, time.perf_counter() - wall)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def loadavg() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unavailable"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min), {os.cpu_count()} CPUs"


def baseline(paths: list[Path]) -> int:
    """Read every file and split it into words: the floor any text pipeline pays."""
    words = 0
    for path in paths:
        words += len(WORD.findall(path.read_bytes().decode("utf-8")))
    return words


def extract_all(paths: list[Path], resolver) -> tuple[int, int, int]:
    """(a): read and extract every article; (drafts, mentions, resolved mentions)."""
    from geo.extract.incidents import Extractor
    from geo.sources.articles import read_article

    extractor = Extractor(resolver)
    drafts = mentions = resolved = 0
    for path in paths:
        article, _ = read_article(path)
        if article is None:
            continue
        found = extractor.extract(article)
        drafts += len(found.drafts)
        mentions += len(found.mentions)
        resolved += sum(1 for m in found.mentions if m.resolution.resolved)
    return drafts, mentions, resolved


class Clock:
    """CPU time at the ends of ``ingest_paths``' steps, read from its callbacks: the reading
    ends with its last file, the merge starts and ends with its stage calls."""

    def __init__(self) -> None:
        self.read_end = self.merge_start = self.merge_end = 0.0

    def progress(self, done: int, total: int, _file: str) -> None:
        if done == total:
            self.read_end = time.process_time()

    def stages(self, stage: str, done: int, total: int) -> None:
        if stage == "merge":
            if done == 0:
                self.merge_start = time.process_time()
            elif done == total:
                self.merge_end = time.process_time()

    def report(self, n: int, end: float) -> str:
        parts = {"locate": self.merge_start - self.read_end,
                 "merge": self.merge_end - self.merge_start, "frames": end - self.merge_end}
        total = end - self.read_end
        text = ", ".join(f"{k} {v:.2f} s ({1000 * v / n:.3f} ms/article)"
                         for k, v in parts.items())
        return (f"      after reading: {total:.2f} s CPU, {1000 * total / n:.3f} ms/article "
                f"({text})")


def line(label: str, n: int, t: Timing, base: tuple[float, float] | None = None) -> str:
    cpu, wall = t.rate(n)
    text = f"  {label:<44} {cpu:>9,.0f} art/s CPU  {wall:>9,.0f} art/s wall  ({t.wall_s:.2f} s)"
    if base:
        text += f"  = {cpu / base[0]:.4f}x / {wall / base[1]:.4f}x baseline"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--quick", action="store_true", help="1000 articles")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="also profile (a) with cProfile and print the top N functions")
    args = parser.parse_args(argv)
    n = 1_000 if args.quick else args.n
    if n < 1:
        parser.error("--n must be at least 1")

    print(f"ingest benchmark: {n:,} synthetic articles, seed {args.seed}; {loadavg()}")
    tmp = None
    if args.keep:
        folder = args.keep
    else:
        tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        folder = tmp / "corpus"
    try:
        paths, t = timed(lambda: generate(folder, n, args.seed))
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus generation (not counted)  {t.wall_s:7.2f} s   {size / n:,.0f} bytes/article "
              f"on average, {size / 1e6:.1f} MB in {folder}")

        from gazetteer.index import Gazetteer
        from geo.pipeline.ingest import ingest_paths
        from geo.resolve.chain import Resolver

        gazetteer, t = timed(Gazetteer.load)
        tier = len(gazetteer.geonames) if gazetteer.geonames is not None else 0
        print(f"gazetteer load (not counted)     {t.wall_s:7.2f} s   "
              f"{len(gazetteer.curated.places)} curated + {tier:,} GeoNames places; "
              f"peak RSS {peak_mb():,.0f} MB")

        warm = paths[:min(200, n)]  # first-use costs (lazy index parts, page faults) paid here
        _, t = timed(lambda: extract_all(warm, Resolver(gazetteer)))
        print(f"warm-up on {len(warm)} articles (not counted) {t.wall_s:5.2f} s")
        print("throughput (one core):")
        words, t_base = timed(lambda: baseline(paths))
        base = t_base.rate(n)
        print(line("baseline: read + re.findall(r'\\w+')", n, t_base) + f"  ({words:,} words)")

        counts, t_a = timed(lambda: extract_all(paths, Resolver(gazetteer)))
        drafts, mentions, resolved = counts
        print(line("(a) read + extract + resolve", n, t_a, base))
        print(f"      {drafts:,} drafts, {mentions:,} place mentions "
              f"({resolved:,} resolved); peak RSS {peak_mb():,.0f} MB")

        clock = Clock()
        report, t_b = timed(lambda: ingest_paths([folder], resolver=Resolver(gazetteer),
                                                 progress=clock.progress,
                                                 stages=clock.stages))
        end = time.process_time()
        layers = report.layers
        print(line("(b) ingest_paths (+ locate, merge, frames)", n, t_b, base))
        print(f"      {1000 * t_b.cpu_s / n:.3f} ms CPU/article in all; baseline "
              f"{1000 * t_base.cpu_s / n:.3f} ms/article")
        print(clock.report(n, end))
        print(f"      {len(layers.incidents):,} incidents, {len(layers.places):,} places, "
              f"{len(layers.unresolved):,} unresolved mentions, {len(report.problems)} "
              f"problems; peak RSS {peak_mb():,.0f} MB")

        rest = t_b.cpu_s - t_a.cpu_s
        share = 100 * max(rest, 0) / max(t_b.cpu_s, 1e-9)
        print(f"      (b) - (a): {rest:.2f} s CPU ({share:.0f}% "
              "of (b))")
        a_cpu = t_a.rate(n)[0]
        verdict = "met" if a_cpu >= TARGET else "NOT met"
        print(f"target (a) >= {TARGET:,.0f} articles/s on one core (CPU time): {verdict} "
              f"({a_cpu:,.0f}); (b) {t_b.rate(n)[0]:,.0f}")
        print(f"peak RSS of this process: {peak_mb():,.0f} MB; {loadavg()}")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(extract_all, paths, Resolver(gazetteer))
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(args.profile)
            stats.sort_stats("cumulative").print_stats(args.profile)
            print(out.getvalue())
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
