"""`geo map`: static and HTML maps from a file, and one-line errors for bad options."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import matplotlib.image as mpimg
import pytest

from geo.cli import main
from geo.incidents.schema import EVENT_TYPES, incidents_frame


@pytest.fixture(scope="module")
def incidents_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "incidents.geojson"
    incidents_frame(
        [
            {
                "event_date": date(2024, 1, 2),
                "event_type": "drone attack",
                "place_name": "Erbil Air Base",
                "lat": 36.2376,
                "lon": 43.9632,
            },
            {
                "event_date": date(2024, 1, 20),
                "event_type": "airstrike",
                "place_name": "Al-Qaim <b>",
                "lat": 34.368,
                "lon": 41.094,
            },
        ]
    ).to_file(path)
    return path


def run(argv, capsys) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_png_with_options(tmp_path, incidents_file, capsys):
    out = tmp_path / "sub" / "brief.png"
    code, stdout, _ = run(
        [
            "map",
            str(incidents_file),
            "-o",
            str(out),
            "--title",
            "Brief",
            "--dpi",
            "40",
            "--size",
            "6x4",
            "--types",
            "drone attack,Airstrike",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--bbox",
            "38,32,46,38",
        ],
        capsys,
    )
    assert code == 0 and str(out) in stdout
    assert mpimg.imread(out).shape[:2] == (160, 240)


def test_svg_facets(tmp_path, incidents_file, capsys):
    out = tmp_path / "weeks.svg"
    code, _, _ = run(["map", str(incidents_file), "-o", str(out), "--facet", "week"], capsys)
    assert code == 0
    assert ET.parse(out).getroot().tag.endswith("svg")


def test_html_output(tmp_path, incidents_file, capsys):
    out = tmp_path / "map.html"
    code, _, _ = run(["map", str(incidents_file), "-o", str(out), "--title", "Week <1>"], capsys)
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert "Week &lt;1&gt;" in html and "Week <1>" not in html


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--types", "drone,airstrike"], "valid types are: " + ", ".join(EVENT_TYPES)),
        (["--from", "2024-02-01", "--to", "2024-01-01"], "date range is inverted"),
        (["--from", "1 Jan 2024"], "--from '1 Jan 2024' is not an ISO date"),
        (["--bbox", "38,32,46"], "--bbox '38,32,46' is not four numbers"),
        (["--size", "big"], "--size 'big' is not WxH"),
        (["--facet", "day"], "unknown facet 'day'"),
        (["--crs", "EPSG:0"], "--crs 'EPSG:0' is not a known CRS"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, incidents_file, capsys, extra, message):
    out = tmp_path / "m.png"
    code, _, err = run(["map", str(incidents_file), "-o", str(out), *extra], capsys)
    assert code == 2
    assert err.startswith("geo: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_html_is_offline_by_default_and_links_a_cdn_when_asked(tmp_path, incidents_file, capsys):
    offline, linked = tmp_path / "offline.html", tmp_path / "linked.html"
    assert run(["map", str(incidents_file), "-o", str(offline)], capsys)[0] == 0
    assert run(["map", str(incidents_file), "-o", str(linked), "--cdn"], capsys)[0] == 0
    assert "https://cdn.jsdelivr.net" not in offline.read_text(encoding="utf-8")
    text = linked.read_text(encoding="utf-8")
    assert text.count('integrity="sha384-') == 2
    assert linked.stat().st_size < offline.stat().st_size - 140_000
    code, _, err = run(["map", str(incidents_file), "-o", str(tmp_path / "m.png"), "--cdn"],
                       capsys)
    assert code == 2 and "--cdn: only for HTML maps" in err


def test_static_options_with_html_are_refused(tmp_path, incidents_file, capsys):
    code, _, err = run(
        ["map", str(incidents_file), "-o", str(tmp_path / "m.html"), "--facet", "week"], capsys
    )
    assert code == 2 and "--facet: only for static maps" in err


def test_unknown_output_and_missing_input(tmp_path, incidents_file, capsys):
    code, _, err = run(["map", str(incidents_file), "-o", str(tmp_path / "m.jpg")], capsys)
    assert code == 2 and "unknown map format '.jpg'" in err
    code, _, err = run(["map", str(tmp_path / "none.gpkg"), "-o", str(tmp_path / "m.png")], capsys)
    assert code == 2 and "none.gpkg: no such file" in err


def test_tiles_fall_back_offline_with_warning(tmp_path, incidents_file, capsys):
    out = tmp_path / "t.png"
    code, _, err = run(
        ["map", str(incidents_file), "-o", str(out), "--tiles", "--dpi", "30"], capsys
    )
    assert code == 0 and out.exists()
    assert "geo: warning: " in err and "offline basemap" in err
