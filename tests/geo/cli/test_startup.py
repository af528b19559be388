"""Start-up: `geo --help` and `geo version` import nothing heavy; the first GeoNames index
build says what it is doing and shows its progress, and later runs say nothing of it."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

CLI = [sys.executable, "-X", "importtime", "-c", "from geo.cli import main; main()"]
HEAVY = ("pandas", "geopandas", "numpy", "matplotlib", "pyproj", "shapely", "pyogrio",
         "pyarrow", "folium", "rich", "geopy", "gazetteer.index", "gazetteer.geonames",
         "geo.resolve.chain", "geo.resolve.geocoding.cache",
         "geo.extract", "geo.pipeline", "geo.store", "maps")


def _imported(stderr: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("argv", [["--help"], ["version"], ["build", "--help"],
                                  ["map", "--help"]])
def test_help_and_version_import_nothing_heavy(argv: list[str]) -> None:
    done = subprocess.run([*CLI, *argv], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = _imported(done.stderr)
    assert "geo.cli" in modules and "typer" in modules  # importtime saw the imports
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert heavy == [], f"geo {' '.join(argv)} imported {heavy[:10]}"
    if argv == ["version"]:
        assert done.stdout.strip() == version("geo-incidents")


def test_first_index_build_says_what_it_does(tmp_path: Path) -> None:
    env = {**os.environ, "GEO_CACHE_DIR": str(tmp_path / "cache"),
           "GEO_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-c", "from geo.cli import main; main()", "resolve", "Erbil"]
    first = subprocess.run(run, capture_output=True, text=True, env=env)  # stderr: a pipe
    assert first.returncode == 0, first.stderr[-2000:]
    lines = first.stderr.splitlines()
    assert lines[0].startswith("geo: building the GeoNames place index (once;")
    counts = [int(line.split()[3].replace(",", "")) for line in lines
              if line.startswith("geo: GeoNames index: ")]
    assert len(counts) >= 5 and counts == sorted(counts)  # a line a tenth, in order
    assert lines[-1].startswith("geo: GeoNames index built in ")
    cache = Path(lines[-1].split(": ", 2)[-1])
    assert cache.is_file() and cache.parent == tmp_path / "cache"
    assert "Erbil: resolved" in first.stdout
    again = subprocess.run(run, capture_output=True, text=True, env=env)
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout == first.stdout
