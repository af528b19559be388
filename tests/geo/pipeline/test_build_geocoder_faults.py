"""`geo build` with an online geocoder that fails: the sources it could not place are reported,
the build exits non-zero, and the next build (the service back) asks again and places them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo.pipeline.build
from geo.cli import main
from geo.store.layers import read_layers
from tests.geo.resolve.fake_nominatim import PLACES, FakeGeoServer, _place, http_error

#: A place the gazetteer lacks, so only the geocoder can place it (a fixture, not a real site).
OUTPOST = _place(201, ("node", 9201), "Qasr Zubaydiyat Outpost", ("Al Anbar Governorate",
                 "Iraq", "iq"), 33.9001, 41.2002, ("military", "base"), 30, 0.5, "military",
                 0.0, ("S", "MILB", 0))
TABLE = ("date,place,type,country\n"
         "2024-01-05,Qasr Zubaydiyat Outpost,drone attack,IQ\n"
         "2024-01-06,Qasr Zubaydiyat Outpost,rocket attack,IQ\n")


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")


def geo_build(capsys, tmp_path: Path, url: str) -> tuple[int, dict, str]:
    config = tmp_path / "geo.toml"
    config.write_text("[geocoding]\nmin_delay_s = 0.05\nbackoff_s = 0.05\nmax_retries = 2\n"
                      f"timeout = 2\ncache_path = '{tmp_path / 'cache.sqlite'}'\n")
    argv = ["build", str(tmp_path / "table.csv"), "--out", str(tmp_path / "out"), "--json",
            "--geocoder", "nominatim", "--geocoder-url", url, "--user-agent", "tests/1.0 (t@x)",
            "--config", str(config)]
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def test_an_outage_is_a_problem_and_the_next_build_asks_again(tmp_path, capsys) -> None:
    (tmp_path / "table.csv").write_text(TABLE, encoding="utf-8")
    with FakeGeoServer(places=[*PLACES, OUTPOST]) as server:
        server.fail("Qasr Zubaydiyat Outpost", *[http_error(503)] * 3)
        code, summary, err = geo_build(capsys, tmp_path, server.url)
        assert len(server.requests) == 3  # one name, asked once and retried twice
        assert code == 1
        (problem,) = summary["problems"]
        assert problem.startswith(str(tmp_path / "table.csv"))
        assert "geocoder" in problem and "HTTP 503" in problem and "next build" in problem
        assert f"geo: warning: {problem}" in err
        assert summary["incidents"] == 0 and summary["unresolved"] == 2
        report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
        assert "## Problems" in report and "HTTP 503" in report

        # the service is back: the same, unchanged file is read again and its rows placed
        code, summary, err = geo_build(capsys, tmp_path, server.url)
        assert code == 0, err
        assert summary["problems"] == [] and summary["files"]["reread"] == [
            str(tmp_path / "table.csv")]
        assert summary["incidents"] == 2 and summary["unresolved"] == 0
    layers = read_layers(tmp_path / "out" / "incidents.gpkg")
    assert set(layers.incidents["resolved_name"]) == {"Qasr Zubaydiyat Outpost"}
    assert len(layers.unresolved) == 0  # the outage's unresolved rows went with it

    # and now it is done: a third build reads nothing again and sends nothing
    with FakeGeoServer(places=[*PLACES, OUTPOST]) as server:
        code, summary, err = geo_build(capsys, tmp_path, server.url)
        assert code == 0 and server.requests == [] and summary["files"]["reread"] == []
