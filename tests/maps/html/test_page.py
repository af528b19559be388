"""The HTML file: written atomically, escaped, linking exactly the asset versions we pin."""

from __future__ import annotations

import json
import re

import pytest

from geo.errors import UserError
from geo.incidents.schema import incidents_frame
from maps.html.layers import BASE_LAYERS
from maps.html.libraries import Leaflet, sri
from maps.html.page import build_map, render_html
from tests.maps.html.browser import PAYLOADS, pinned_versions, sample_frames


@pytest.fixture(scope="module")
def page_text(tmp_path_factory):
    incidents, places = sample_frames(n=12)
    path = render_html(
        incidents, tmp_path_factory.mktemp("h") / "map.html", places=places,
        title="</title><script>window.__pwned=10</script>",
    )
    return path.read_text(encoding="utf-8")


def test_no_payload_reaches_the_page_as_markup(page_text):
    for value in PAYLOADS.values():
        for piece in ("<script>window.__pwned", "<img", "<svg onload", "</script><script>"):
            if piece in value:
                assert value not in page_text
    assert page_text.count("<script>window.__pwned") == 0
    title = re.search(r"<title>(.*?)</title>", page_text, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;")


def test_the_default_page_loads_nothing_from_elsewhere(page_text):
    assert not re.search(r"<script[^>]+src=", page_text)
    assert not re.search(r"<link[^>]+href=", page_text)
    assert not re.search(r"url\((?!data:|#)", page_text), "a stylesheet fetches a file"
    assert "noConflict" in page_text and ".leaflet-container" in page_text  # Leaflet is inside


def test_cdn_page_links_leaflet_at_the_installed_version_with_its_hashes(tmp_path):
    incidents, places = sample_frames(n=3)
    text = render_html(incidents, tmp_path / "cdn.html", places=places, cdn=True).read_text()
    leaflet = Leaflet.installed()
    assert leaflet.version == pinned_versions()["leaflet"]
    tags = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"https://[^>]+>", text)
    assert len(tags) == 2
    for tag, body in zip(sorted(tags), (leaflet.stylesheet, leaflet.script), strict=True):
        assert f"leaflet@{leaflet.version}/dist/" in tag
        assert f'integrity="{sri(body)}"' in tag and 'crossorigin="anonymous"' in tag
    assert "noConflict" not in text  # not inlined as well
    offline = render_html(incidents, tmp_path / "offline.html", places=places)
    assert offline.stat().st_size - len(text.encode()) > 140_000


def test_base_layers_carry_their_attribution(page_text):
    tiles = re.findall(r'L\.tileLayer\(\s*"([^"]+)"', page_text)
    assert tiles == [base.url for base in BASE_LAYERS]
    attributions = [json.loads(a) for a in re.findall(r'"attribution": (".*?"),\n', page_text)]
    assert attributions == [base.attribution for base in BASE_LAYERS]
    assert all("OpenStreetMap" in a or "Esri" in a for a in attributions)


def test_view_is_fitted_to_the_data(tmp_path):
    incidents = incidents_frame(
        [dict(event_date="2024-01-01", event_type="airstrike", lat=lat, lon=lon)
         for lat, lon in [(33.0, 40.0), (36.5, 44.5)]]
    )
    fmap = build_map(incidents)
    text = fmap.get_root().render()
    assert re.search(r"fitBounds\(\s*\[\[33\.0, 40\.0\], \[36\.5, 44\.5\]\]", text)


def test_an_empty_frame_gives_a_map_without_fitting(tmp_path):
    path = render_html(incidents_frame([]), tmp_path / "empty.html")
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"map_[0-9a-f]+\.fitBounds\(", text) and '"located":0' in text


def test_missing_columns_raise_a_user_error_and_keep_the_old_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("good old map", encoding="utf-8")
    frame = incidents_frame([dict(event_type="airstrike", lat=33, lon=44)]).drop(columns="sources")
    with pytest.raises(UserError, match="sources"):
        render_html(frame, target)
    assert target.read_text(encoding="utf-8") == "good old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import gazetteer.atomic as atomic

    target = tmp_path / "map.html"
    target.write_text("good old map", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    incidents, _ = sample_frames(n=3)
    with pytest.raises(OSError, match="disk full"):
        render_html(incidents, target)
    assert target.read_text(encoding="utf-8") == "good old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_new_map_is_readable_like_any_file_and_a_replaced_one_keeps_its_mode(tmp_path):
    import os

    incidents, _ = sample_frames(n=2)
    umask = os.umask(0o022)
    try:
        fresh = render_html(incidents, tmp_path / "new.html")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.html"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o600)
        render_html(incidents, kept)
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)
