"""The SQLite answer cache and `geo cache stats|clear|export`."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
import time

import pytest

from geo.cli import main
from geo.errors import UserError
from geo.resolve.geocoding import GeocodeCache, QueryParams, normalize_query
from geo.resolve.geocoding.cache import cache_key

URL = "http://127.0.0.1:8080"
ERBIL = [{"osm_type": "relation", "osm_id": 1, "lat": "36.19", "lon": "44.01",
          "display_name": "Erbil, Iraq"}]


def params(**kw) -> QueryParams:
    return QueryParams.of(kw.get("cc"), kw.get("box"), kw.get("bounded", False),
                          kw.get("limit", 5))


def test_normalized_query_shares_an_entry():
    assert normalize_query("  Al   TANF\tGarrison ") == normalize_query("al tanf garrison")
    a = cache_key("nominatim", URL, " Erbil ", params(cc=["IQ", "sy"]))
    assert a == cache_key("nominatim", URL, "erbil", params(cc=["sy", "iq"]))


@pytest.mark.parametrize(
    "other",
    [
        ("photon", URL, "erbil", params()),
        ("nominatim", "https://nominatim.openstreetmap.org", "erbil", params()),
        ("nominatim", URL, "erbil city", params()),
        ("nominatim", URL, "erbil", params(cc=["iq"])),
        ("nominatim", URL, "erbil", params(box=(43, 35, 45, 37))),
        ("nominatim", URL, "erbil", params(box=(43, 35, 45, 37), bounded=True)),
        ("nominatim", URL, "erbil", params(limit=1)),
    ],
)
def test_every_parameter_is_part_of_the_key(other):
    assert cache_key("nominatim", URL, "erbil", params()) != cache_key(*other)


def test_answers_and_negatives_persist_across_connections(tmp_path):
    path = tmp_path / "sub" / "cache.sqlite"
    with GeocodeCache(path) as db:
        db.put("nominatim", URL, "Erbil", params(), ERBIL)
        db.put("nominatim", URL, "Atlantis", params(), [])
    with GeocodeCache(path) as db:
        hit = db.get("nominatim", URL, "ERBIL", params())
        assert hit is not None and hit.raw == ERBIL and hit.query == "erbil"
        assert db.get("nominatim", URL, "atlantis", params()).raw == []
        assert db.get("nominatim", URL, "atlantis", params(limit=2)) is None
        stats = db.stats()
        assert stats.entries == {"nominatim": 2} and stats.negatives == {"nominatim": 1}
        assert stats.size_bytes > 0 and stats.path == path


def test_wal_mode_and_concurrent_readers_and_writers(tmp_path):
    path = tmp_path / "cache.sqlite"
    GeocodeCache(path).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with GeocodeCache(path) as db:
                for i in range(40):
                    db.put("nominatim", URL, f"place {n}-{i}", params(), ERBIL)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def reader() -> None:
        try:
            with GeocodeCache(path) as db:
                for _ in range(80):
                    db.get("nominatim", URL, "place 0-0", params())
                    db.stats()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with GeocodeCache(path) as db:
        assert db.stats().total == 3 * 40


def test_clear_by_geocoder_and_age(tmp_path):
    old = time.time() - 40 * 86400
    with GeocodeCache(tmp_path / "c.sqlite") as db:
        db.put("nominatim", URL, "old", params(), ERBIL, created_at=old)
        db.put("nominatim", URL, "new", params(), ERBIL)
        db.put("photon", URL, "old", params(), [], created_at=old)
        assert db.clear(older_than_days=30, geocoder="nominatim") == 1
        assert db.stats().entries == {"nominatim": 1, "photon": 1}
        assert db.clear(geocoder="photon") == 1
        assert db.clear() == 1 and db.stats().total == 0


def test_export_jsonl_and_csv_round_trip(tmp_path):
    with GeocodeCache(tmp_path / "c.sqlite") as db:
        db.put("nominatim", URL, "Erbil", params(cc=["iq"]), ERBIL)
        db.put("photon", URL, "Atlantis", params(), [])
        assert db.export(tmp_path / "out.jsonl") == 2
        assert db.export(tmp_path / "out.csv") == 2
        with pytest.raises(UserError, match="jsonl or .csv"):
            db.export(tmp_path / "out.xlsx")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert {(x["geocoder"], x["query"]) for x in lines} == {("nominatim", "erbil"),
                                                            ("photon", "atlantis")}
    erbil = next(x for x in lines if x["query"] == "erbil")
    assert erbil["raw"] == ERBIL and erbil["params"]["country_codes"] == ["iq"]
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert sorted(json.loads(r["raw"]) == ERBIL for r in rows) == [False, True]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no leftovers


def test_a_file_that_is_not_a_cache_is_a_user_error(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are not SQLite pages " * 100)
    with pytest.raises(UserError, match="notes.sqlite: cannot open the geocoder cache"):
        GeocodeCache(bad)


# --- the CLI -----------------------------------------------------------------------------


def run(argv, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    out = capsys.readouterr()
    return done.value.code or 0, out.out, out.err


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "geocache.sqlite"
    with GeocodeCache(path) as db:
        db.put("nominatim", URL, "Erbil", params(), ERBIL)
        db.put("nominatim", URL, "Atlantis", params(), [])
        db.put("photon", URL, "Erbil", params(), ERBIL, created_at=time.time() - 10 * 86400)
    return path


def test_cli_stats(filled, capsys):
    code, out, _ = run(["cache", "stats", "--cache", str(filled), "--json"], capsys)
    figures = json.loads(out)
    assert code == 0 and figures["path"] == str(filled)
    assert figures["entries"] == {"nominatim": 2, "photon": 1}
    assert figures["negatives"] == {"nominatim": 1, "photon": 0}
    code, out, _ = run(["cache", "stats", "--cache", str(filled)], capsys)
    assert str(filled) in out and "nominatim" in out.splitlines()[2]


def test_cli_stats_reads_geo_cache_and_creates_nothing(tmp_path, capsys, monkeypatch):
    path = tmp_path / "absent.sqlite"
    monkeypatch.setenv("GEO_CACHE", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    code, out, _ = run(["cache", "stats", "--json"], capsys)
    assert code == 0 and json.loads(out)["path"] == str(path) and not path.exists()


def test_cli_clear_and_export(filled, tmp_path, capsys):
    code, out, _ = run(["cache", "clear", "--cache", str(filled), "--older-than", "5"], capsys)
    assert code == 0 and "deleted 1" in out
    out_file = tmp_path / "dump.jsonl"
    code, out, _ = run(["cache", "export", "--cache", str(filled), "-o", str(out_file)], capsys)
    assert code == 0 and len(out_file.read_text().splitlines()) == 2
    code, out, _ = run(["cache", "clear", "--cache", str(filled), "--geocoder", "nominatim"],
                       capsys)
    with GeocodeCache(filled) as db:
        assert db.stats().total == 0


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["cache", "clear", "--geocoder", "bing"], "--geocoder 'bing' is not a geocoder"),
        (["cache", "export", "-o", "x.txt"], "x.txt: export format must be .jsonl or .csv"),
    ],
)
def test_cli_errors_are_one_line_exit_2(filled, capsys, argv, fragment):
    code, _, err = run([*argv, "--cache", str(filled)], capsys)
    assert code == 2 and err.startswith("geo: error: ") and fragment in err
    assert len(err.strip().splitlines()) == 1
