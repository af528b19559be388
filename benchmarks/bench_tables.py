"""Speed of read_table on a generated ACLED-layout export and a plain newsroom table.

Baseline, measured in the same run: csv.DictReader over the same file (parsing only).
Run: .venv/bin/python benchmarks/bench_tables.py [rows]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

from geo.sources.tables import read_table

ACLED = """event_id_cnty event_date year time_precision disorder_type event_type sub_event_type
actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region
country admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes
fatalities tags timestamp""".split()  # noqa: SIM905


def acled_rows(n: int):
    for i in range(n):
        yield {
            "event_id_cnty": f"IRQ{i:06d}", "event_date": f"{1 + i % 28} October 2023",
            "year": "2023", "time_precision": "1", "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
            "actor1": "Islamic Resistance in Iraq",
            "actor2": "Military Forces of the United States",
            "iso": "368", "region": "Middle East", "country": "Iraq", "admin1": "Al Anbar",
            "location": f"Site {i % 500}", "latitude": f"{33 + (i % 100) / 100:.4f}",
            "longitude": f"{42 + (i % 100) / 100:.4f}", "geo_precision": "1",
            "source": "Example Wire", "notes": f"On {1 + i % 28} October 2023, militants launched "
            "two drones at a base hosting US forces; one was shot down.", "fatalities": "0",
            "timestamp": "1700000000",
        }  # fmt: skip


def plain_rows(n: int):
    for i in range(n):
        yield {
            "Date of attack": f"{1 + i % 28:02d}/10/2023", "Target location": f"Site {i % 500}",
            "Attack type": ("drone", "Katyusha rockets", "mortar")[i % 3],
            "Claimed by": "Islamic Resistance in Iraq", "Status": "claimed",
            "Source URL": f"https://example.org/{i}", "Notes": "attack on a base",
        }  # fmt: skip


def write(path: Path, rows, header) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def baseline(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "acled": (Path(tmp) / "acled.csv", acled_rows(n), ACLED),
            "plain": (Path(tmp) / "plain.csv", plain_rows(n), list(next(plain_rows(1)))),
        }
        for name, (path, rows, header) in cases.items():
            write(path, rows, header)
            base, count = timed(lambda p=path: baseline(p))
            took, result = timed(lambda p=path: read_table(p))
            assert count == n and len(result.drafts) == n, (name, len(result.drafts))
            print(
                f"{name}: {n} rows, {path.stat().st_size / 1e6:.1f} MB; "
                f"read_table {took:.2f} s ({n / took:,.0f} rows/s); "
                f"baseline csv.DictReader {base:.2f} s; ratio {took / base:.1f}x"
            )


if __name__ == "__main__":
    main()
