"""One table's rows merged as columns (geo.store.table_frame) give what the row merge gives:
the same incidents, ids, columns, order, places and notes from ``ingest_paths``, and the same
GeoPackage store read back through GDAL, on generated tables with awkward rows (repeats,
case and spacing, coordinates a rounding apart, places resolved by name, bad cells)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.incidents import acled
from geo.incidents.schema import incidents_frame
from geo.pipeline import ingest as ingest_module
from geo.pipeline.ingest import ingest_paths
from geo.resolve.chain import Resolver
from geo.store import table_frame
from geo.store import update as update_module
from geo.store.layers import read_layers
from geo.store.update import update_store

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

DATES = st.sampled_from(["2023-10-29", "2023-10-30", "29 October 2023", "", "2023-02-30",
                         "tomorrow"])
LATS = st.sampled_from(["33.3", "33.300001", "33.30000", "", "abc", "36.19"])
LONS = st.sampled_from(["44.4", "44.400004", "", "44.01"])
PLACES = st.sampled_from(["Erbil", "erbil ", "Site 4", "", "Ain al-Asad", "Narnia", "Kirkuk"])
TYPES = st.sampled_from(["drone", "Drone", "rocket", "", "IED", "protest"])
ACTORS = st.sampled_from(["", "Islamic Resistance in Iraq", " islamic resistance in iraq",
                          "US forces", "=cmd|x"])
NOTES = st.sampled_from(["", "On 1 May a drone hit the base.", "rockets fired", "x"])
STATUS = st.sampled_from(["", "claimed", "reported"])
PLAIN = ["date", "place", "type", "lat", "lon", "actor", "status", "notes", "url",
         "geo precision", "time precision", "country"]
plain_row = st.tuples(DATES, PLACES, TYPES, LATS, LONS, ACTORS, STATUS, NOTES,
                      st.sampled_from(["", "https://example.org/a", "javascript:x"]),
                      st.sampled_from(["", "1", "2", "x"]), st.sampled_from(["", "1", "3"]),
                      st.sampled_from(["", "IQ", "Iraq", "Narnia"]))


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


def _both(paths: list[Path], resolver, monkeypatch, tmp_path: Path):
    """(fast, row path): the ingest reports and the stores read back."""
    out = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                for module in (ingest_module, update_module):
                    patch.setattr(module, "merge_table_frame", lambda *a, **k: None)
            calls: list[bool] = []

            def merged(*args, calls=calls, real=table_frame._merged):
                found = real(*args)
                calls.append(found is not None)
                return found

            patch.setattr(table_frame, "_merged", merged)
            report = ingest_paths(paths, resolver=resolver)
            store = tmp_path / f"{fast}-{len(list(tmp_path.iterdir()))}.gpkg"
            update = update_store(store, report.layers)
            out.append((report, update, read_layers(store), any(calls)))
    return out


def _same(paths: list[Path], resolver, monkeypatch, tmp_path: Path) -> bool:
    (fast, fast_update, fast_store, used), (slow, slow_update, slow_store, unused) = \
        _both(paths, resolver, monkeypatch, tmp_path)
    assert not unused
    pd.testing.assert_frame_equal(fast.layers.incidents, slow.layers.incidents)
    pd.testing.assert_frame_equal(fast.layers.places, slow.layers.places)
    assert fast.notes == slow.notes
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert str(fast_update) == str(slow_update)
    for name in ("incidents", "places", "unresolved"):
        pd.testing.assert_frame_equal(getattr(fast_store, name), getattr(slow_store, name))
    return used


@SETTINGS
@given(rows=st.lists(plain_row, min_size=1, max_size=25), repeat=st.integers(0, 3))
def test_plain_tables_merge_alike(tmp_path_factory, resolver, monkeypatch, rows,
                                  repeat: int) -> None:
    tmp = tmp_path_factory.mktemp("plain")
    rows = [list(r) for r in rows]
    rows += [rows[0]] * repeat + [rows[-1]] * repeat
    path = tmp / "plain.csv"
    path.write_text(_csv(PLAIN, rows), encoding="utf-8")
    _same([path], resolver, monkeypatch, tmp)


acled_row = st.tuples(DATES, st.sampled_from(["", "1", "2"]),
                      st.sampled_from(sorted(acled.sub_event_types())[:6]), ACTORS, ACTORS,
                      PLACES, LATS, LONS, st.sampled_from(["", "0", "3"]), NOTES,
                      st.integers(0, 3))


@SETTINGS
@given(rows=st.lists(acled_row, min_size=1, max_size=25), repeat=st.integers(0, 2))
def test_acled_exports_merge_alike(tmp_path_factory, resolver, monkeypatch, rows,
                                   repeat: int) -> None:
    tmp = tmp_path_factory.mktemp("acled")
    columns = acled.columns()
    table = []
    for day, tp, sub, actor1, actor2, place, lat, lon, deaths, notes, n in rows:
        cells = dict.fromkeys(columns, "")
        cells.update(event_id_cnty=f"IRQ{n}" if n else "", event_date=day, time_precision=tp,
                     event_type=acled.sub_event_types()[sub][0], sub_event_type=sub,
                     actor1=actor1, actor2=actor2, location=place, latitude=lat,
                     longitude=lon, geo_precision="1", fatalities=deaths, notes=notes,
                     country="Iraq", iso="368")
        table.append([cells[c] for c in columns])
    table += [table[0]] * repeat
    path = tmp / "acled.csv"
    path.write_text(_csv(list(columns), table), encoding="utf-8")
    _same([path], resolver, monkeypatch, tmp)


def test_columns_merge_repeats_and_keep_singles(tmp_path: Path, resolver, monkeypatch) -> None:
    """Repeated rows (in another case and spacing, a rounding apart) fold into one incident
    of several sources, noted; rows of other days, types or places stay apart."""
    rows = [["2023-10-29", "Erbil", "drone", "36.19", "44.01", "US forces"],
            ["2023-10-29", "erbil ", "Drone", "36.190001", "44.010004", " us forces"],
            ["2023-10-30", "Erbil", "drone", "36.19", "44.01", "US forces"],
            ["2023-10-29", "Erbil", "rocket", "36.19", "44.01", "US forces"],
            ["2023-10-29", "Kirkuk", "drone", "", "", "US forces"],
            ["2023-10-29", "Kirkuk", "drone", "", "", "US forces"]]
    path = tmp_path / "t.csv"
    path.write_text(_csv(["date", "place", "type", "lat", "lon", "actor"], rows), "utf-8")
    assert _same([path], resolver, monkeypatch, tmp_path)
    report = ingest_paths([path], resolver=resolver)
    sources = report.layers.incidents["sources"].map(len).tolist()
    assert sorted(sources) == [1, 1, 2, 2]
    assert len(report.notes) == 2 and "rows 2, 3 repeat one event" in " ".join(report.notes)


def test_frames_it_cannot_vouch_for_go_row_by_row(tmp_path: Path, resolver) -> None:
    """Two tables, an aggregate, an id given twice: None (the row merge takes them)."""
    rows = [["2023-10-29", "Erbil", "drone", "36.19", "44.01"]]
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(_csv(["date", "place", "type", "lat", "lon"], rows),
                                     "utf-8")
    both = ingest_paths([tmp_path / "a.csv", tmp_path / "b.csv"], resolver=resolver)
    frame = both.layers.incidents
    assert len(frame) == 1 and table_frame.merge_table_frame(frame) is None
    one = ingest_paths([tmp_path / "a.csv"], resolver=resolver).layers.incidents
    assert table_frame.merge_table_frame(one) is not None
    assert table_frame.merge_table_frame(incidents_frame(one.assign(event_count=3))) is None
    twice = pd.concat([one, one], ignore_index=True)
    assert table_frame.merge_table_frame(twice) is None
    assert table_frame.merge_table_frame(twice, ids_given=False) is not None


def test_repeated_rows_merge_as_rows_do(tmp_path: Path, resolver, monkeypatch) -> None:
    """The ids the columns hold before they are hashed are no incident's: repeated rows are
    tellings of one event whose statuses combine, whichever comes first ("reported" and
    "claimed": claimed), and rows the row merge keeps apart (two countries; two province-level
    rows with no gazetteer place) stay apart (two incidents of one id: merged row by row)."""
    header = ["date", "place", "type", "lat", "lon", "actor", "status", "geo precision",
              "country"]
    erbil = ["2023-10-29", "Erbil", "drone", "36.19", "44.01", "US forces"]
    cases = {"reported-first": [[*erbil, "reported", "1", "IQ"], [*erbil, "claimed", "1", "IQ"]],
             "claimed-first": [[*erbil, "claimed", "1", "IQ"], [*erbil, "reported", "1", "IQ"]],
             "two-countries": [[*erbil, "reported", "1", "IQ"], [*erbil, "reported", "1", "SY"]],
             "province-level": [[*erbil, "reported", "3", ""], [*erbil, "claimed", "3", ""]]}
    statuses = {"reported-first": ["claimed"], "claimed-first": ["claimed"],
                "two-countries": ["reported", "reported"],
                "province-level": ["reported", "claimed"]}
    for name, rows in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(_csv(header, rows), "utf-8")
        used = _same([path], resolver, monkeypatch, tmp_path)
        assert used == (len(statuses[name]) == 1), name
        report = ingest_paths([path], resolver=resolver)
        assert report.layers.incidents["status"].tolist() == statuses[name], name
