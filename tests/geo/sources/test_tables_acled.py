"""ACLED export CSVs read as they come, in ACLED's own column layout."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from geo.sources.acled import our_event_type
from geo.sources.tables import read_table

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

US = "Military Forces of the United States (2021-)"
IRI = "Islamic Resistance in Iraq"
REMOTE = "Explosions/Remote violence"
AIR = "Air/drone strike"
SHELL = "Shelling/artillery/missile attack"

# Invented ids and rounded coordinates: test data in ACLED's layout, not ACLED's records.
EVENTS = [
    ("IRQ90001", "2023-10-17", "1", REMOTE, AIR, IRI, US, "368", "Iraq", "Al Anbar", "Hit",
     "Ain al-Asad Airbase", "33.7856", "42.4412", "1", "Reuters; Al Mayadeen",
     "On 17 October 2023, IRI militants launched two drones at Ain al-Asad airbase hosting US "
     "forces. One drone was shot down; the other caused minor damage.", "0"),
    ("SYR90002", "18 October 2023", "1", REMOTE, AIR, IRI, US, "760", "Syria", "Homs", "Palmyra",
     "Al-Tanf Garrison", "33.4949", "38.6179", "1", "CENTCOM",
     "On 18 October 2023, IRI militants attacked the US base at Al-Tanf with one-way attack "
     "drones, causing minor injuries.", "0"),
    ("IRQ90003", "2023-10-24", "2", REMOTE, SHELL, IRI, US, "368", "Iraq", "Al Anbar", "Hit",
     "Ain al-Asad Airbase", "33.7856", "42.4412", "2", "Shafaq News",
     "Around 24 October 2023, Katyusha rockets were fired towards Ain al-Asad airbase.", "0"),
    ("SYR90004", "27 October 2023", "1", REMOTE, AIR, US, "IRGC", "760", "Syria", "Deir ez-Zor",
     "Al Bukamal", "Abu Kamal", "34.4506", "40.9171", "1", "US DoD",
     "On 27 October 2023, US fighter jets struck two facilities used by IRGC-affiliated groups "
     "near Abu Kamal.", "0"),
    ("SYR90005", "2023-11-06", "1", "Strategic developments", "Disrupted weapons use", US, "",
     "760", "Syria", "Al-Hasakeh", "Al-Hasakeh", "Ash Shaddadi", "36.0600", "40.7300", "2",
     "North Press Agency", "On 6 November 2023, US forces intercepted a drone near Ash "
     "Shaddadi base.", "0"),
    ("IRQ90006", "2023-11-08", "1", "Protests", "Peaceful protest", "Protesters (Iraq)", "",
     "368", "Iraq", "Baghdad", "Baghdad", "Baghdad", "33.3400", "44.4000", "1", "Rudaw",
     "On 8 November 2023, people demonstrated in Baghdad.", "0"),
    ("IRQ90007", "2024-01-20", "1", REMOTE, SHELL, IRI, US, "368", "Iraq", "Al Anbar", "Hit",
     "Ain al-Asad Airbase", "0", "0", "1", "AP",
     "On 20 January 2024, militants fired ballistic missiles and rockets at Ain al-Asad; "
     "several US personnel were injured.", "0"),
]  # fmt: skip


def write_acled(path: Path, events=EVENTS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ACLED_COLUMNS)
        writer.writeheader()
        for (eid, day, tp, etype, sub, a1, a2, iso, country, adm1, adm2, loc, lat, lon, gp, src,
             notes, fat) in events:  # fmt: skip
            writer.writerow(
                {
                    "event_id_cnty": eid, "event_date": day, "year": day[-4:] if " " in day
                    else day[:4], "time_precision": tp, "disorder_type": "Political violence",
                    "event_type": etype, "sub_event_type": sub, "actor1": a1, "actor2": a2,
                    "inter1": "3", "inter2": "8", "interaction": "38", "iso": iso,
                    "civilian_targeting": "", "region": "Middle East", "country": country,
                    "admin1": adm1, "admin2": adm2, "admin3": "", "location": loc,
                    "latitude": lat, "longitude": lon, "geo_precision": gp, "source": src,
                    "source_scale": "National", "notes": notes, "fatalities": fat, "tags": "",
                    "timestamp": "1700000000",
                }
            )  # fmt: skip
    return path


def test_acled_export_is_detected_and_mapped(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "acled_iraq_syria.csv")
    result = read_table(path)
    assert result.kind == "acled"
    assert result.rows_read == len(EVENTS)
    drafts = {d.given["event_id_cnty"]: d for d in result.drafts}
    assert len(drafts) == len(EVENTS)  # every row, the protest too
    protest = drafts["IRQ90006"]
    assert protest.event_type == ""  # no type of ours: ACLED's own is kept
    assert (protest.given["acled_event_type"], protest.given["sub_event_type"]) == (
        "Protests", "Peaceful protest")

    asad = drafts["IRQ90001"]
    assert asad.event_type == "drone attack"  # "shot down" in the notes changes nothing
    assert asad.given["sub_event_type"] == AIR
    assert (asad.inter1, asad.inter2, asad.fatalities) == (3, 8, 0)
    assert (asad.event_date, asad.time_precision, asad.country) == (date(2023, 10, 17), 1, "IQ")
    assert (asad.lat, asad.lon, asad.geo_precision) == (33.7856, 42.4412, 1)
    assert (asad.actor, asad.target, asad.admin1) == (IRI, US, "Al Anbar")
    assert json.loads(asad.given["acled_row"])["timestamp"] == "1700000000"
    (source,) = asad.sources
    assert source.publisher == "Reuters; Al Mayadeen"
    assert source.published == "2023-10-17"
    assert source.quote.startswith("On 17 October 2023")
    assert source.file == f"{path}:2"

    tanf = drafts["SYR90002"]
    assert (tanf.event_type, tanf.event_date, tanf.country) == (
        "drone attack",
        date(2023, 10, 18),
        "SY",
    )
    rockets = drafts["IRQ90003"]
    assert (rockets.event_type, rockets.time_precision, rockets.geo_precision) == (
        "rocket attack",
        2,
        2,
    )
    assert drafts["SYR90004"].event_type == "airstrike"
    weapons = drafts["SYR90005"]
    assert (weapons.event_type, weapons.given["sub_event_type"]) == (
        "interception", "Disrupted weapons use")
    assert all(d.status == "reported" for d in result.drafts)


def test_acled_placeholder_coordinates_fall_back_to_the_place_name(tmp_path: Path) -> None:
    result = read_table(write_acled(tmp_path / "acled.csv"))
    missiles = next(d for d in result.drafts if d.given["event_id_cnty"] == "IRQ90007")
    assert missiles.event_type == "missile attack"  # named first in "missiles and rockets"
    assert (missiles.lat, missiles.lon) == (None, None)
    assert missiles.place_name == "Ain al-Asad Airbase"
    bad = [p for p in result.problems if p.line == 8]
    assert len(bad) == 1 and bad[0].field == "lat" and "place name" in bad[0].message
    assert [p for p in result.problems if p.line is None] == []  # no row held back


def test_acled_bad_date_row_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    events = [EVENTS[0], ("IRQ90099", "sometime in autumn", *EVENTS[0][2:]), EVENTS[1]]
    result = read_table(write_acled(tmp_path / "acled.csv", events))
    assert len(result.drafts) == 2
    (problem,) = result.problems
    assert (problem.line, problem.field) == (3, "event_date")
    assert "sometime in autumn" in str(problem) and str(problem).startswith(f"{tmp_path}")


def test_our_type_is_only_ever_one_sharing_the_acled_sub_event() -> None:
    assert our_event_type(REMOTE, SHELL, IRI, 3, "") == "indirect fire"
    assert our_event_type(REMOTE, SHELL, IRI, 3, "Katyusha rockets hit the base") == \
        "rocket attack"
    israel = "Military Forces of Israel (2022-)"
    assert our_event_type(REMOTE, AIR, israel, 8, "drones were used") == "airstrike"
    assert our_event_type(REMOTE, AIR, IRI, 3, "") == "drone attack"
    assert our_event_type(REMOTE, AIR, IRI, 3, "the drone was shot down") == "drone attack"
    assert our_event_type("Battles", "Armed clash", IRI, 3, "gunfire") == "armed clash"
    assert our_event_type("Battles", "Government regains territory", "", 1, "") == ""
    assert our_event_type("Riots", "Mob violence", "", 5, "rockets") == ""


def test_columns_override_reads_an_acled_file_as_a_plain_table(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "acled.csv")
    result = read_table(path, columns={"place_name": "admin2"})
    assert result.kind == "csv"
    assert "Hit" in {d.place_name for d in result.drafts}


def test_acled_api_json_is_detected_too(tmp_path: Path) -> None:
    csv_path = write_acled(tmp_path / "acled.csv", EVENTS[:2])
    with csv_path.open(newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    json_path = tmp_path / "acled.json"
    json_path.write_text(json.dumps({"success": True, "count": 2, "data": records}, indent=1))
    from_json, from_csv = read_table(json_path), read_table(csv_path)
    assert from_json.kind == "acled" and from_json.problems == []
    def strip(drafts):
        return [(d.event_date, d.event_type, d.place_name, d.lat, d.inter1,
                 {k: v for k, v in d.given.items() if k != "acled_row"}) for d in drafts]

    assert strip(from_json.drafts) == strip(from_csv.drafts)
