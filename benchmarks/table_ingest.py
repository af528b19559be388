"""Benchmark: `geo ingest TABLE.csv -o STORE.gpkg` on large incident tables (issue 20, D9).

The table of the issue: one place, 28 dates, one event type, repeated for N rows (so that each
incident is told by N/28 rows), a spread table (500 places, 365 dates, three types), and an
ACLED export (issue 16: ACLED's 31 columns from geo/data/acled_codebook.json, every event and
sub-event type of the codebook, 2,000 sites in five countries, three years of days, one event
id per row). For each size, in one run:

* baseline: ``pandas.read_csv(TABLE, dtype=str)`` in this process (parsing only, the floor any
  reader pays);
* command: ``geo ingest TABLE -o STORE -q`` in a subprocess on a fresh store (one per table),
  timed from outside (wall), with its CPU time and peak resident set from ``os.wait4``.

Each figure is printed with its ratio to the baseline and its seconds per 10k rows, so that a
size that costs more per row than the smaller ones (not linear) shows. ``--code DIR`` runs the
command from another checkout (``PYTHONPATH=DIR``), e.g. the main branch, for a before/after.

    .venv/bin/python benchmarks/table_ingest.py                      # 25k, 50k, 100k, 200k
    .venv/bin/python benchmarks/table_ingest.py --sizes 20000 50000 --code /work/main
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from geo.cli import main; main()"]


_COUNTRIES = (("Iraq", "IRQ", "368", 33.0, 43.0), ("Syria", "SYR", "760", 35.0, 38.0),
              ("Lebanon", "LBN", "422", 33.8, 35.8), ("Yemen", "YEM", "887", 15.3, 44.2),
              ("Ukraine", "UKR", "804", 48.5, 35.0))
_ACTORS = (("Military Forces of the United States (2021-)", "8"),
           ("Islamic Resistance in Iraq", "3"), ("Military Forces of Israel (2022-)", "8"),
           ("Hezbollah", "2"), ("Civilians (Syria)", "7"), ("Protesters (Iraq)", "6"),
           ("Military Forces of Russia (2000-)", "8"), ("Ansar Allah", "2"))
_NOTES = ("On {day}, a drone struck a base near {place}; no casualties were reported.",
          "On {day}, rockets were fired at {place}.", "On {day}, shelling hit {place}.",
          "On {day}, an IED exploded on a road near {place}, killing 2.",
          "On {day}, people demonstrated in {place} against prices.")


def write_acled(path: Path, n: int) -> None:
    """An ACLED export of ``n`` rows in ACLED's own columns and vocabularies."""
    from geo.incidents import acled

    types = [(e, s) for s, (e, _) in acled.sub_event_types().items()]
    disorder = acled.sub_event_types()
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(acled.columns())
        first = pd.Timestamp("2022-01-01").toordinal()
        for i in range(n):
            event, sub = types[(i * 7) % len(types)]
            country, iso3, iso, lat, lon = _COUNTRIES[i % len(_COUNTRIES)]
            site = (i * 31) % 2000
            actor1, inter1 = _ACTORS[i % len(_ACTORS)]
            actor2, inter2 = _ACTORS[(i * 3 + 1) % len(_ACTORS)] if i % 4 else ("", "")
            day = date.fromordinal(first + (i * 13) % 1095)
            place = f"Site {site}"
            writer.writerow([
                f"{iso3}{i:07d}", day.isoformat(), day.year, 1 + (i % 10 == 0), disorder[sub][1],
                event, sub, actor1, "", inter1, actor2, "", inter2, f"{inter1}{inter2 or 0}",
                "Civilian targeting" if inter2 == "7" else "", iso, "Middle East", country,
                f"Province {site % 40}", f"District {site % 200}", "", place,
                f"{lat + (site % 50) / 25:.4f}", f"{lon + (site // 50) / 25:.4f}",
                1 + site % 3, "Example Wire; Local Outlet", "National",
                _NOTES[i % len(_NOTES)].format(day=f"{day:%d %B %Y}", place=place),
                i % 5, "", 1700000000 + i])


def write_table(path: Path, n: int, shape: str) -> None:
    if shape == "acled":
        write_acled(path, n)
        return
    with path.open("w", encoding="utf-8") as f:
        f.write("date,place,type,lat,lon\n")
        for i in range(n):
            if shape == "one place":
                f.write(f"2023-10-{1 + i % 28:02d},Ain al-Asad,drone attack,,\n")
            else:  # spread: its own coordinates, 500 sites, a year of dates
                day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=(i * 7) % 365)
                f.write(f"{day:%Y-%m-%d},Site {i % 500},{('drone', 'rocket', 'IED')[i % 3]},"
                        f"{33 + (i % 500) / 200:.4f},{40 + (i % 500) / 100:.4f}\n")


def baseline(path: Path) -> float:
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(frame) > 0
    return time.perf_counter() - start


def command(table: Path, store: Path, code: Path, timeout: float) -> tuple[float, float, float,
                                                                          int | None]:
    """(wall s, CPU s, peak RSS MB, exit code or None when it did not finish in time)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    # run from the table's folder: `python -c` puts the working folder first on sys.path
    proc = subprocess.Popen([*CLI, "ingest", str(table), "-o", str(store), "-q"], env=env,
                            cwd=table.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, \
                usage.ru_maxrss / 1024, None
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024, proc.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000,
                                                                  200_000])
    parser.add_argument("--shapes", nargs="+", default=["one place", "spread", "acled"])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    print(f"code: {args.code}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes:
            for n in args.sizes:
                table = Path(tmp) / f"{shape.replace(' ', '-')}-{n}.csv"
                write_table(table, n, shape)
                base = baseline(table)
                wall, cpu, rss, code = command(table, table.with_suffix(".gpkg"), args.code,
                                               args.timeout)
                done = "did not finish" if code is None else f"exit {code}"
                print(f"{shape}: {n:>7,} rows ({table.stat().st_size / 1e6:.1f} MB): "
                      f"geo ingest {wall:7.2f} s wall, {cpu:7.2f} s CPU, peak {rss:5.0f} MB, "
                      f"{done}; {wall / n * 1e4:.2f} s per 10k rows; baseline read_csv "
                      f"{base:.3f} s (x{wall / base:,.0f})", flush=True)
                if code is None:
                    break  # larger sizes would not finish either


if __name__ == "__main__":
    main()
