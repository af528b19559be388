from gazetteer.curated import COLUMNS
from gazetteer.validate import validate


def test_shipped_curated_data_is_valid():
    report = validate()
    assert report.places >= 80
    assert report.errors == [], [str(e) for e in report.errors]


def test_point_outside_its_country_and_shared_names_are_reported(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("\n".join([
        ",".join(COLUMNS),
        # Baghdad's coordinates claimed to be in Syria
        "sy-wrong,Wrong Place,Twin,city,SY,,33.31,44.37,5000,GeoNames 98182,,",
        "iq-right,Right Place,Twin,city,IQ,,33.31,44.37,5000,GeoNames 98182,,",
    ]) + "\n")
    report = validate([path])
    errors = [str(e) for e in report.errors]
    assert len(errors) == 1 and "sy-wrong" in errors[0] and "inside IQ" in errors[0]
    warnings = [str(f) for f in report.findings if f.level == "warning"]
    assert any("'twin'" in w and "iq-right" in w for w in warnings)
