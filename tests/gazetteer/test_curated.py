import subprocess
import sys

import pytest

from gazetteer.curated import COLUMNS, load_curated, load_file
from gazetteer.errors import GazetteerDataError
from gazetteer.place import KINDS

HEADER = ",".join(COLUMNS)
GOOD = 'sy-x,X Base,Ex|Ix,military_base,SY,Homs,33.5,38.6,2000,https://example.org/x,,""'


def write(tmp_path, *rows, header=HEADER, encoding="utf-8"):
    path = tmp_path / "places.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def test_shipped_data_loads_with_enough_sourced_places():
    places = load_curated()
    assert len(places) >= 80
    assert len({p.id for p in places}) == len(places)
    for p in places:
        assert p.kind in KINDS
        assert p.source and p.uncertainty_m > 0
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180


def test_good_row_parses_alt_names(tmp_path):
    (place,) = load_file(write(tmp_path, GOOD))
    assert place.alt_names == ("Ex", "Ix")
    assert (place.lat, place.lon, place.country) == (33.5, 38.6, "SY")


@pytest.mark.parametrize(
    ("row", "field", "line"),
    [
        ("sy-x,X,,military_base,SY,Homs,,38.6,2000,src-dataset,,", "lat", 2),
        ("sy-x,X,,military_base,SY,Homs,95,38.6,2000,src-dataset,,", "lat", 2),
        ("sy-x,X,,military_base,SY,Homs,33.5,east,2000,src-dataset,,", "lon", 2),
        ("sy-x,X,,fortress,SY,Homs,33.5,38.6,2000,src-dataset,,", "kind", 2),
        ("sy-x,X,,military_base,Syria,Homs,33.5,38.6,2000,src-dataset,,", "country", 2),
        ("sy-x,X,,military_base,SY,Homs,33.5,38.6,2000,,,", "source", 2),
        ("sy-x,X,,military_base,SY,Homs,33.5,38.6,2000,src-dataset,12a,", "geonames_id", 2),
    ],
)
def test_malformed_rows_name_file_line_and_field(tmp_path, row, field, line):
    path = write(tmp_path, row)
    with pytest.raises(GazetteerDataError) as err:
        load_file(path)
    assert err.value.field == field and err.value.line == line
    assert str(path) in str(err.value) and f":{line}:" in str(err.value)


def test_error_line_counts_from_the_header(tmp_path):
    path = write(tmp_path, GOOD, GOOD.replace("sy-x", "sy-y").replace("33.5", "x"))
    with pytest.raises(GazetteerDataError) as err:
        load_file(path)
    assert err.value.line == 3


def test_bad_encoding_is_reported(tmp_path):
    path = write(tmp_path, GOOD.replace("Homs", "Ḥoms"), encoding="utf-16")
    with pytest.raises(GazetteerDataError, match="UTF-8"):
        load_file(path)


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path, GOOD)
    b = tmp_path / "more.csv"
    b.write_text(a.read_text())
    with pytest.raises(GazetteerDataError, match="sy-x"):
        load_curated([a, b])


def test_cli_reports_a_bad_file_in_one_line_with_exit_2(tmp_path):
    path = write(tmp_path, "sy-x,X,,military_base,SY,Homs,95,38.6,2000,src-dataset,,")
    proc = subprocess.run(
        [sys.executable, "-c", "from geo.cli import main; main()", "gazetteer", "validate",
         str(path)], capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{path}:2: field 'lat'" in proc.stderr
