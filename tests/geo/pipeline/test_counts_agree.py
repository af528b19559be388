"""One build, one set of numbers: the CLI, report.md, the PNG, the HTML map and the QGIS project
state the same incidents, mapped, not located, events and dates (geo.incidents.counts)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

import geo.pipeline.build
from geo.cli import main
from geo.export.qgis_project import write_project
from geo.incidents.counts import Counts, dates_text, summary
from geo.store.layers import read_layers
from tests.helpers import SEEDS

#: Beside the seed articles: a row whose place nobody can find, an undated row, a date range.
EXTRA_TABLE = """date,end date,place,type,latitude,longitude,source url,quote
2024-01-05,,Qaryat Nowhere Particular,drone attack,,,https://example.org/a,A drone hit a place.
,,Al-Tanf,rocket attack,33.497,38.618,https://example.org/b,Rockets hit al-Tanf one day.
2024-01-10,2024-01-12,Erbil,airstrike,36.19,44.01,https://example.org/c,Strikes near Erbil.
"""


def _build(folder: Path, out: Path) -> str:
    stdout = io.StringIO()
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(io.StringIO()),
        contextlib.suppress(SystemExit),
    ):
        main(["build", str(folder), "--out", str(out)])
    return stdout.getvalue()


@pytest.fixture(scope="module", params=["seeds", "mixed"])
def built(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")
        folder = tmp_path_factory.mktemp(request.param)
        for article in SEEDS.glob("*.txt"):
            shutil.copy(article, folder)
        if request.param == "mixed":
            (folder / "extra.csv").write_text(EXTRA_TABLE, encoding="utf-8")
        out = folder / "out"
        cli = _build(folder, out)
    return out, cli


def test_every_output_states_the_same_counts(built):
    out, cli = built
    counts = Counts.of(read_layers(out / "incidents.gpkg").incidents)
    said, dates = summary(counts), dates_text(counts.first, counts.last)
    assert counts.incidents > counts.mapped > 0 and counts.events > counts.incidents

    assert cli.splitlines()[0].startswith(f"{said}; {counts.places} places")

    report = (out / "report.md").read_text(encoding="utf-8")
    assert f"- Counts: {said}; {dates}; {counts.places} places" in report
    rows = re.findall(r"^\| ([a-z ()]+) \| (\d+) \| (\d+) \| (\d+) \|$", report, re.M)
    assert [(t, int(i), int(m), int(e)) for t, i, m, e in rows] == [
        (t.event_type, t.incidents, t.mapped, t.events) for t in counts.types
    ]

    png = Image.open(out / "map.png").text["Description"]
    assert png.startswith(f"{dates}  ·  {said}")

    page = (out / "map.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'_data">(.*?)</script>', page).group(1))
    meta = data["meta"]
    assert (meta["summary"], meta["dates"]) == (said, dates)
    assert (meta["located"], meta["not_located"]) == (counts.mapped, counts.not_located)
    epoch = date(1970, 1, 1)  # the time slider spans the same dates
    assert meta["day0"] == (counts.first - epoch).days
    assert meta["day0"] + meta["days"] - 1 >= (counts.last - epoch).days
    assert {t["key"]: t["count"] for t in meta["types"] if t["count"]} == {
        t.event_type: t.mapped for t in counts.types if t.mapped
    }

    project = write_project(out / "incidents.gpkg", out / "incidents.qgz")
    with zipfile.ZipFile(project) as archive:
        xml = archive.read(archive.namelist()[0]).decode("utf-8")
    assert f"<title>incidents: {said}; {dates}</title>" in xml
