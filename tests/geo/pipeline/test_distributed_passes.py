"""The keyed merge's second pass on a real Dask LocalCluster: country-level rows, read in
partitions of their own, join located incidents that the first pass merged in other groups and
on other workers; the same incidents (ids and rows) as the single-process run, with 1 worker
and with 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from geo.pipeline.ingest import ingest_paths
from tests.geo.pipeline.test_distributed import same

pytest.importorskip("distributed")

HEADER = "date,place,type,actor,status,country,url,notes\n"
# located events far apart in one country (other grid cells, other first-pass groups), and
# country-level tellings of them in tables of their own; "other attack" fits any type
TABLES = {
    "a_erbil.csv": "2024-01-10,Erbil,drone attack,,reported,IQ,https://a.example/1,\n"
                   "2024-01-12,Erbil,rocket attack,,reported,IQ,https://a.example/2,\n",
    "b_basra.csv": "2024-01-10,Basra,drone attack,,claimed,IQ,https://b.example/1,\n"
                   "2024-01-11,Mosul,airstrike,,reported,IQ,https://b.example/2,\n",
    "c_iraq.csv": "2024-01-10,Iraq,drone attack,,denied,IQ,https://c.example/1,\n"
                  "2024-01-11,Iraq,other attack,,reported,IQ,https://c.example/2,\n",
    "d_iraq.csv": "2024-01-12,Iraq,rocket attack,,reported,IQ,https://d.example/1,\n"
                  "2024-01-10,Iraq,drone attack,,reported,IQ,https://d.example/2,\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("passes")
    for name, rows in TABLES.items():
        (folder / name).write_text(HEADER + rows, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_process(folder: Path):
    return ingest_paths([folder])


def _files_of(sources) -> set[str]:
    return {Path(s["file"].split(":")[0]).name for s in sources}


def test_country_rows_join_located_incidents_of_other_groups(folder: Path, one_process) -> None:
    """What the test below runs on: each table a partition of its own, the located rows in
    first-pass groups apart, joined in one second-pass group by the country-level rows."""
    from geo.pipeline import keyed
    from geo.pipeline.discover import discover
    from geo.pipeline.distributed import file_partitions
    from geo.pipeline.tasks import ReadOptions, read_partition

    files = discover([folder])[0]
    chunks = file_partitions(files, 2)
    assert [len(c) for c in chunks] == [1, 1, 1, 1]
    parts = [read_partition(k, chunk, ReadOptions()) for k, chunk in enumerate(chunks)]
    keys = keyed.RowKeys.concat(p.keys for p in parts)
    assert keys.late.tolist() == [False] * 4 + [True] * 4
    first = keyed.first_groups(keys)
    assert len(set(first[:4].tolist())) == 3 and (first[4:] == -1).all()  # Erbil, Basra, Mosul
    second = keyed.second_groups(keys, first, np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert len(set(second.tolist())) == 1  # the country's reports reach all of them
    # in one process, the country-level tellings went into the located incidents
    told = [_files_of(s) for s in one_process.layers.incidents["sources"]]
    country = {"c_iraq.csv", "d_iraq.csv"}
    assert not any(files <= country for files in told)  # none stayed at country level
    joined = [files - country for files in told if files & country]
    assert {"a_erbil.csv"} in joined and {"b_basra.csv"} in joined  # both tables' incidents


@pytest.mark.parametrize("workers", [1, 2])
def test_same_incidents_on_the_cluster(folder: Path, one_process, workers: int) -> None:
    many = ingest_paths([folder], workers=workers)
    same(one_process, many)
