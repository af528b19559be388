"""Ingest on a real Dask LocalCluster of 2 worker processes: the same incidents (ids and rows),
places, unresolved mentions, summaries and problems as the single-process run; the gazetteer
loaded once per worker; a GeoParquet dataset read back through Arrow; a killed worker survived."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpus import generate
from geo.errors import UserError
from geo.pipeline.ingest import ingest_paths
from tests.helpers import SEEDS

pytest.importorskip("distributed")

EXAMPLE_TABLE = Path(__file__).resolve().parents[3] / "examples" / "incidents.csv"


@pytest.fixture(scope="module")
def client():
    from geo.pipeline.cluster import dask_client

    with dask_client(workers=2) as dask:
        yield dask


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """300 generated articles, a table, and sources with problems."""
    folder = tmp_path_factory.mktemp("dask") / "corpus"
    generate(folder / "articles", 300, seed=11)
    (folder / "table.csv").write_text(EXAMPLE_TABLE.read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (folder / "bad.csv").write_text("event_date,place_name,event_type\n"
                                    "not a date,Erbil,drone attack\n2024-01-05,,\n",
                                    encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("2024-01-03 https://x.example/a\nDrones hit "
                                        "Erbil\xe9.".encode("latin-1"))
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path):
    """The single-process run over the corpus, the reference every Dask run must equal."""
    return ingest_paths([corpus])


def same(one, many) -> None:
    """Every layer, summary and problem alike (and in the same order)."""
    for name in ("incidents", "places", "unresolved"):
        pd.testing.assert_frame_equal(getattr(one.layers, name), getattr(many.layers, name))
    assert [str(p) for p in one.problems] == [str(p) for p in many.problems]
    assert one.as_dict() == many.as_dict()


@pytest.fixture(scope="module")
def seeds_one_process():
    return ingest_paths([SEEDS])


def test_seeds_same_as_one_process(client, seeds_one_process) -> None:
    many = ingest_paths([SEEDS], client=client)
    assert len(many.layers.incidents) > 10
    same(seeds_one_process, many)


def test_generated_articles_same_as_one_process(client, corpus: Path, one_process) -> None:
    many = ingest_paths([corpus], client=client)
    assert len(many.layers.incidents) > 1000
    assert max(len(s) for s in many.layers.incidents["sources"]) > 1  # tellings were merged
    problems = "\n".join(str(p) for p in many.problems)
    assert "bad.csv" in problems and "empty.txt" in problems
    same(one_process, many)
    # loaded once per worker however many partitions each read (one worker may have been
    # replaced by a test below; each loads once)
    assert set(client.run(_loads).values()) == {1}


def test_one_worker_same_as_one_process(corpus: Path, one_process, seeds_one_process) -> None:
    """A cluster of one worker: every partition read and merged (both passes) in one place."""
    from geo.pipeline.cluster import dask_client

    with dask_client(workers=1) as dask:
        same(seeds_one_process, ingest_paths([SEEDS], client=dask))
        same(one_process, ingest_paths([corpus], client=dask))


def _sampling() -> tuple:
    import dask

    return (dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.admin.system-monitor.interval"),
            dask.config.get("distributed.admin.tick.interval"),
            dask.config.get("distributed.worker.memory.monitor-interval"))


def test_local_workers_run_with_the_light_sampling(client) -> None:
    """The local cluster's worker processes got its configuration from their nannies (not
    only this process): no task profiling, a slower system monitor."""
    import dask

    from geo.pipeline.cluster import LOCAL_CONFIG

    assert set(client.run(_sampling).values()) == {
        (False, *(LOCAL_CONFIG[f"distributed.{key}"] for key in (
            "admin.system-monitor.interval", "admin.tick.interval",
            "worker.memory.monitor-interval")))}
    assert dask.config.get("distributed.worker.profile.enabled")  # this process as it was


def _loads() -> int:
    from geo.pipeline.cluster import gazetteer_loads

    return gazetteer_loads()


def test_dataset_written_by_workers_reads_back(client, seeds_one_process, tmp_path: Path
                                               ) -> None:
    import dask_geopandas
    import pyarrow.parquet as pq

    from geo.pipeline.distributed import ingest_dataset

    one = seeds_one_process
    out = tmp_path / "incidents.parquet"
    (out / "part.0.parquet").parent.mkdir()
    (out / "part.0.parquet").write_bytes(b"an older dataset's part")
    wrote = ingest_dataset([SEEDS], out, client=client)
    parts = sorted(out.glob("*.parquet"))
    assert len(parts) == wrote.partitions > 1
    table = pq.read_table(out)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    assert table.num_rows == wrote.incidents == len(one.layers.incidents)
    back = dask_geopandas.read_parquet(out).compute()
    assert back.crs.to_epsg() == 4326
    back = back.sort_values("incident_id", kind="stable").reset_index(drop=True)
    mine = one.layers.incidents.sort_values("incident_id", kind="stable").reset_index(drop=True)
    assert back["incident_id"].tolist() == mine["incident_id"].tolist()
    assert back.geometry.to_wkb().tolist() == mine.geometry.to_wkb().tolist()
    assert [json.loads(s) for s in back["sources"]] == [list(s) for s in mine["sources"]]
    assert wrote.as_dict()["incidents"] == one.as_dict()["incidents"]
    assert wrote.as_dict()["by_type"] == one.as_dict()["by_type"]
    pd.testing.assert_frame_equal(wrote.report.layers.places, one.layers.places)


def test_build_on_a_running_cluster(client, tmp_path: Path) -> None:
    """geo build's API with --scheduler: the cluster's address; the same store and exports as
    a one-process build, and the store's incidents as a GeoParquet dataset."""
    import geopandas as gpd

    from geo.pipeline.build import build

    one = build([SEEDS], tmp_path / "one")
    many = build([SEEDS], tmp_path / "many", scheduler=client.scheduler.address)
    assert (tmp_path / "one" / "incidents.geojson").read_bytes() == \
        (tmp_path / "many" / "incidents.geojson").read_bytes()
    assert one.update.added == many.update.added
    dataset = gpd.read_parquet(tmp_path / "many" / "incidents.parquet")
    assert sorted(dataset["incident_id"]) == sorted(one.layers.incidents["incident_id"])
    assert str(tmp_path / "many" / "incidents.parquet") in many.outputs
    assert not (tmp_path / "one" / "incidents.parquet").exists()


def test_cluster_options_checked_before_anything_runs(tmp_path: Path) -> None:
    from geo.pipeline.cluster import dask_client

    with pytest.raises(UserError, match="--workers 0"), dask_client(workers=0):
        pass
    with pytest.raises(UserError, match="give one"), dask_client(workers=2,
                                                                 scheduler="tcp://x:1"):
        pass
    with pytest.raises(UserError, match="resolver"):
        ingest_paths([SEEDS], resolver=object(), workers=1)
    # the command line: a dataset needs workers, geocoders keep to one process
    from tests.geo.cli.test_conventions import geo

    done = geo("ingest", str(SEEDS), "-o", str(tmp_path / "x.parquet"))
    assert done.returncode == 2 and "written by Dask workers" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = geo("build", str(SEEDS), "-o", str(tmp_path / "o"), "--workers", "2",
               "--geocoder", "nominatim")
    assert done.returncode == 2 and "--geocoder runs in one process" in done.stderr
    assert not (tmp_path / "x.parquet").exists() and not (tmp_path / "o" / "map.html").exists()


def test_unreachable_scheduler_is_one_line(monkeypatch) -> None:
    from geo.pipeline import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    with pytest.raises(UserError, match="tcp://127.0.0.1:9: no Dask scheduler"), \
            cluster.dask_client(scheduler="tcp://127.0.0.1:9"):
        pass


def test_a_killed_worker_is_survived(client, corpus: Path, one_process) -> None:
    """SIGKILL a worker once it holds a partition's rows: its nanny starts a new one, the
    scheduler runs the lost tasks again, and the result is the single-process one. (Last in
    this file: the cluster it shares has a new worker afterwards.)"""
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_when_holding() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for address, keys in client.has_what().items():
                if any("read" in str(k) for k in keys) and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.append(pids[address])
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_when_holding, daemon=True)
    killer.start()
    many = ingest_paths([corpus], client=client)
    killer.join()
    assert killed, "no worker held a partition to kill"
    assert killed[0] not in client.run(os.getpid).values()
    same(one_process, many)
