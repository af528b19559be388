"""GeoParquet: an export and a readable store format, read back through Arrow."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geo.errors import UserError
from geo.export.files import export
from geo.incidents.merge import rows_of
from geo.store.layers import read_layers
from geo.store.parquet import write_parquet
from tests.geo.store.test_store import sample_set

GEO = [sys.executable, "-c", "from geo.cli import main; main()"]


def test_export_reads_back_through_arrow(tmp_path: Path) -> None:
    layers = sample_set()
    path = export(layers, tmp_path / "incidents.parquet")
    table = pq.read_table(path)
    assert table.num_rows == len(layers.incidents)
    assert table.column("incident_id").to_pylist() == list(layers.incidents["incident_id"])
    geo = json.loads(table.schema.metadata[b"geo"])
    column = geo["columns"][geo["primary_column"]]
    assert column["encoding"] == "WKB" and column["crs"]["id"]["code"] == 4326
    sources = [json.loads(s) for s in table.column("sources").to_pylist()]
    assert sources[0] == [dict(s) for s in layers.incidents["sources"].iloc[0]]
    assert sources[1] == []
    dates = table.column("event_date").to_pylist()
    assert str(dates[0].date()) == "2024-01-28" and dates[2] is None


def test_read_layers_gives_the_same_incidents_as_the_geopackage(tmp_path: Path) -> None:
    layers = sample_set()
    export(layers, tmp_path / "s.gpkg")
    export(layers, tmp_path / "s.parquet")
    from_gpkg = rows_of(read_layers(tmp_path / "s.gpkg").incidents)
    from_parquet = rows_of(read_layers(tmp_path / "s.parquet").incidents)
    assert from_parquet == from_gpkg
    assert from_parquet[0]["lat"] == pytest.approx(33.3219)
    assert from_parquet[2]["lat"] is None  # not located stays not located


def test_a_dataset_folder_is_read_whole(tmp_path: Path) -> None:
    incidents = sample_set().incidents
    (tmp_path / "d.parquet").mkdir()
    write_parquet(incidents.iloc[:2], tmp_path / "d.parquet" / "part.0.parquet")
    write_parquet(incidents.iloc[2:], tmp_path / "d.parquet" / "part.1.parquet")
    read = read_layers(tmp_path / "d.parquet").incidents
    assert sorted(read["incident_id"]) == sorted(incidents["incident_id"])


def test_a_broken_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(UserError, match=r"bad.parquet: cannot read it as GeoParquet"):
        read_layers(bad)
    done = subprocess.run([*GEO, "map", str(bad), "-o", str(tmp_path / "m.png")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"geo: error: {bad}: cannot read it as GeoParquet")
    assert not (tmp_path / "m.png").exists()


def test_geo_export_and_geo_map_take_parquet(tmp_path: Path) -> None:
    export(sample_set(), tmp_path / "s.gpkg")
    out = tmp_path / "s.parquet"
    done = subprocess.run([*GEO, "export", str(tmp_path / "s.gpkg"), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert pq.read_metadata(out).num_rows == 3
    done = subprocess.run([*GEO, "map", str(out), "-o", str(tmp_path / "m.png")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "3 incidents read" in done.stdout
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
