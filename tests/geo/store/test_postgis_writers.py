"""Writers of one PostGIS store: two `geo ingest` processes at once lose nothing and duplicate
nothing; a writer killed with SIGKILL mid-batch leaves the store as it was before the batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from geo.store.layers import read_layers
from geo.store.postgis import APPLICATION, HOLD_VARIABLE
from tests.geo.store.test_postgis import canonical
from tests.helpers import ROOT

pytestmark = [pytest.mark.postgis, pytest.mark.slow]
GEO = str(Path(sys.executable).with_name("geo"))
HEADER = "event_date,event_type,place_name,country,actor,status,url,publisher\n"
PLACES = ("Ain al-Asad", "Al-Tanf", "Tower 22", "Erbil Air Base", "Harir", "Al-Shaddadi",
          "Rumalyn", "Conoco gas field", "Baghdad International Airport", "Al-Omar oil field")


def desk_table(folder: Path, desk: str, days: range, shared: range) -> Path:
    """A desk's incident sheet: one row per (place, day); the ``shared`` days are told by both
    desks (the same events, each desk's own source). Days are three apart, so no two rows
    at one place could be one event unless they tell the same day."""
    lines = [HEADER]
    for day in days:
        for n, place in enumerate(PLACES):
            if day in shared or (day + n) % 2 == (0 if desk == "a" else 1):
                lines.append(f"2023-11-{day:02d},drone attack,{place},,Islamic Resistance in"
                             f" Iraq,claimed,https://{desk}.example/{day}/{n},Desk {desk}\n")
    path = folder / f"desk_{desk}.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def ingest(table: Path, url: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([GEO, "ingest", str(table), "--store", url, "--quiet"], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def sources_by_incident(url: str) -> dict[str, set[str]]:
    incidents = read_layers(url).incidents
    return {row.incident_id: {s["url"] for s in row.sources} for row in incidents.itertuples()}


def test_two_concurrent_ingests_keep_every_incident_once(pg_url, tmp_path):
    a = desk_table(tmp_path, "a", range(1, 30, 3), shared=range(10, 20))
    b = desk_table(tmp_path, "b", range(1, 30, 3), shared=range(10, 20))
    # the same two sheets one after the other into a GeoPackage: what the database must hold
    for table in (a, b):
        done = subprocess.run([GEO, "ingest", str(table), "-o", str(tmp_path / "serial.gpkg"),
                               "-q"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    expected = read_layers(tmp_path / "serial.gpkg").incidents
    read_layers(pg_url)  # create the store, so both writers meet at the batch lock
    began = time.monotonic()
    writers = [ingest(a, pg_url, **{HOLD_VARIABLE: "3"}), ingest(b, pg_url,
                                                                 **{HOLD_VARIABLE: "3"})]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    assert time.monotonic() - began >= 6  # each held its batch 3 s: the second waited
    urls = sources_by_incident(pg_url)
    stored = read_layers(pg_url).incidents
    assert len(stored) == len(set(stored.incident_id)) == len(expected)
    assert canonical(stored, "incident_id", ["incident_id", "event_date", "place_id"]) == \
        canonical(expected, "incident_id", ["incident_id", "event_date", "place_id"])
    told_by_both = [u for u in urls.values() if {x.split("/")[2] for x in u} == {"a.example",
                                                                              "b.example"}]
    shared_days = [d for d in range(1, 30, 3) if d in range(10, 20)]
    assert len(told_by_both) == len(shared_days) * len(PLACES)  # one incident, both sources
    every_url = {line.split(",")[6] for t in (a, b)
                 for line in t.read_text().splitlines()[1:]}
    assert set().union(*urls.values()) == every_url  # no source lost


def _holding_batch(url: str, pid_of_writer: int, timeout: float = 120) -> bool:
    """Wait until the writer's connection sits in its batch: lock held, rows written."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            row = con.execute(
                "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
                " WHERE a.application_name = %s AND a.state = 'idle in transaction'"
                " AND a.backend_xid IS NOT NULL AND l.relation = 'incidents'::regclass"
                " AND l.mode = 'ShareRowExclusiveLock' AND l.granted", (APPLICATION,)
            ).fetchone()
            if row[0]:
                return True
            time.sleep(0.05)
    return False


def test_a_writer_killed_mid_batch_leaves_the_store_as_before(pg_url, tmp_path):
    first = desk_table(tmp_path, "a", range(1, 16, 3), shared=range(0))
    second = desk_table(tmp_path, "b", range(1, 30, 3), shared=range(4, 8))
    done = ingest(first, pg_url)
    assert done.wait(timeout=300) == 0, done.stderr.read()
    before = read_layers(pg_url)
    writer = ingest(second, pg_url, **{HOLD_VARIABLE: "60"})
    try:
        assert _holding_batch(pg_url, writer.pid), "the writer never reached its batch"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL
    after = read_layers(pg_url)  # the server rolled the dead writer's batch back
    for layer in ("incidents", "places", "unresolved"):
        columns = list(getattr(before, layer).columns)
        assert canonical(getattr(after, layer), "", columns) == \
            canonical(getattr(before, layer), "", columns), layer
    # the lock went with it: the next batch goes through and adds what the killed one held
    again = ingest(second, pg_url)
    assert again.wait(timeout=300) == 0, again.stderr.read()
    assert len(read_layers(pg_url).incidents) > len(before.incidents)
