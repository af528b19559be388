"""The GeoNames dump importer, on small files in the real formats."""

import pytest

from gazetteer.errors import GazetteerDataError
from gazetteer.geonames import build_tier, imported_rows
from gazetteer.geonames_import import import_files
from gazetteer.index import Gazetteer


def geoname(gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, admin1, pop):
    # 19 tab-separated columns, as in allCountries.txt
    return "\t".join([
        str(gid), name, ascii_name, ",".join(alts), str(lat), str(lon), fclass, fcode, cc, "",
        admin1, "", "", "", str(pop), "", "100", "Asia/Baghdad", "2024-01-01",
    ])


def altname(aid, gid, lang, name):
    # 10 columns, as in alternateNamesV2.txt
    return "\t".join([str(aid), str(gid), lang, name, "", "", "", "", "", ""])


@pytest.fixture
def dump(tmp_path):
    main = tmp_path / "IQ.txt"
    main.write_text("\n".join([
        geoname(9000001, "Qaryat Tajriba", "Qaryat Tajriba", ["Tajriba"], 33.1, 43.2,
                "P", "PPL", "IQ", "01", 800),
        geoname(9000002, "Mutar Tajribi", "Mutar Tajribi", [], 33.2, 43.3, "S", "AIRB", "IQ",
                "01", 0),
        geoname(9000003, "Wadi Tajriba", "Wadi Tajriba", [], 33.3, 43.4, "H", "WAD", "IQ",
                "01", 0),
    ]) + "\n", encoding="utf-8")
    alts = tmp_path / "alternateNamesV2.txt"
    alts.write_text("\n".join([
        altname(1, 9000001, "ar", "قرية تجربة"),
        altname(2, 9000001, "link", "https://en.wikipedia.org/wiki/Tajriba"),
        altname(3, 9000002, "en", "Tajriba Airfield"),
        altname(4, 1234, "en", "Nowhere"),
    ]) + "\n", encoding="utf-8")
    return main, alts


def test_import_adds_places_kinds_and_alternate_names(tmp_path, dump):
    data = tmp_path / "data"
    report = import_files(dump, folder=data)
    assert (report.places, report.skipped_features) == (2, 1)  # the wadi is not a kind we keep
    assert report.alternate_names == 2 and report.unknown_ids == 1  # the link is skipped
    rows = imported_rows(data)
    assert rows[9000002].kind == "airbase"
    assert rows[9000001].kind == "village"
    assert "قرية تجربة" in rows[9000001].alt_names

    gaz = Gazetteer([], build_tier(rows.values()))
    best = gaz.search("Tajriba Airfield")[0]
    assert best.place.id == "geonames-9000002" and best.tier == "geonames"
    assert best.place.source.startswith("GeoNames 9000002 (imported IQ.txt)")
    assert gaz.search("قرية تجربة")[0].place.geonames_id == 9000001


def test_reimport_is_idempotent(tmp_path, dump):
    data = tmp_path / "data"
    import_files(dump, folder=data)
    first = imported_rows(data)
    again = import_files(dump, folder=data)
    assert again.total_imported == 2
    assert imported_rows(data) == first


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (geoname(1, "X", "X", [], 95, 43, "P", "PPL", "IQ", "01", 1), "latitude"),
        (geoname(1, "X", "X", [], 33, "east", "P", "PPL", "IQ", "01", 1), "longitude"),
        (geoname("abc", "X", "X", [], 33, 43, "P", "PPL", "IQ", "01", 1), "geonameid"),
        (geoname(1, "X", "X", [], 33, 43, "P", "PPL", "IQ", "01", "many"), "population"),
        (geoname(1, "", "X", [], 33, 43, "P", "PPL", "IQ", "01", 1), "name"),
        ("1\tX\tonly three fields", None),
    ],
)
def test_malformed_rows_stop_with_file_line_and_field(tmp_path, line, field):
    path = tmp_path / "bad.txt"
    ok = geoname(2, "Fine", "Fine", [], 33, 43, "P", "PPL", "IQ", "01", 1)
    path.write_text(ok + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GazetteerDataError) as err:
        import_files([path], folder=tmp_path / "data")
    assert err.value.line == 2 and err.value.field == field
    assert not (tmp_path / "data" / "geonames-imported.pickle").exists()  # nothing half-written


def test_bad_encoding_and_missing_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(geoname(1, "Ḥīt", "Hit", [], 33, 43, "P", "PPL", "IQ", "01", 1)
                     .encode("utf-8").replace("Ḥ".encode(), b"\xc8") + b"\n")
    with pytest.raises(GazetteerDataError, match="UTF-8"):
        import_files([path], folder=tmp_path / "data")
    with pytest.raises(GazetteerDataError, match="does not exist"):
        import_files([tmp_path / "nope.txt"], folder=tmp_path / "data")


def test_cli_import(tmp_path, dump):
    import subprocess
    import sys

    env = {"GEO_DATA_DIR": str(tmp_path / "data"), "GEO_CACHE_DIR": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-c", "from geo.cli import main; main()"]
    proc = subprocess.run([*run, "gazetteer", "import-geonames", *map(str, dump)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "imported 2 places and 2 alternate names" in proc.stdout
    assert 9000002 in imported_rows(tmp_path / "data")
