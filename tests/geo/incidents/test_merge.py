"""One event told by several sources becomes one incident."""

from __future__ import annotations

from datetime import date

from geo.incidents import merge
from geo.incidents.merge import merge_rows, same_event


def row(place_id="sy-al-tanf", lat=33.5, lon=38.6, day=date(2024, 1, 28), precision=1,
        event_type="drone attack", geo=1, country="SY", file="a.txt", quote="q1", **extra):
    return {"event_date": day, "date_end": None, "time_precision": precision,
            "event_type": event_type, "status": "reported", "actor": "", "target": "",
            "place_name": place_id, "place_id": place_id, "lat": lat, "lon": lon,
            "geo_precision": geo, "country": country, "event_count": 1, "notes": "",
            "sources": [{"url": "", "file": file, "quote": quote}], **extra}


def test_same_event_across_sources_keeps_every_source():
    a = row(file="a.txt", status="claimed")
    b = row(file="b.txt", quote="q2", event_type="other attack")
    [merged] = merge_rows([a, b])
    assert {s["file"] for s in merged["sources"]} == {"a.txt", "b.txt"}
    assert merged["event_type"] == "drone attack"


def test_country_level_joins_a_site_in_that_country():
    site = row()
    country = row(place_id="sy", lat=35.0, lon=38.3, geo=4, file="b.txt", quote="q2",
                  event_type="other attack")
    [merged] = merge_rows([country, site])
    assert merged["place_id"] == "sy-al-tanf" and len(merged["sources"]) == 2


def test_a_country_level_interception_does_not_join_a_vaguer_attack():
    # "Ukrainian air defences shot down 102 missiles" and "in Lutsk a building was hit"
    hit = row(place_id="ua-lutsk", lat=50.75, lon=25.34, country="UA", event_type="other attack")
    tally = row(place_id="ua", lat=49.0, lon=32.0, geo=4, country="UA", quote="q2",
                event_type="interception")
    assert not same_event(hit, tally)
    assert len(merge_rows([tally, hit])) == 2
    assert same_event(tally, row(place_id="ua", lat=49.0, lon=32.0, geo=4, country="UA",
                                 file="b.txt", quote="q3", event_type="interception"))


def test_close_places_in_two_countries_stay_apart():
    tanf = row()
    tower = row(place_id="jo-tower-22", lat=33.31, lon=38.70, country="JO", file="b.txt")
    assert not same_event(tanf, tower)
    assert len(merge_rows([tanf, tower])) == 2


def test_places_named_apart_in_one_sentence_stay_apart():
    a = row(place_id="sy-a", lat=35.0, lon=40.0)
    b = row(place_id="sy-b", lat=35.05, lon=40.05)
    assert len(merge_rows([a, b])) == 2
    c = row(place_id="sy-b", lat=35.05, lon=40.05, file="b.txt", quote="other")
    assert len(merge_rows([a, c])) == 1  # another report, 7 km away: the same event


def test_dates_apart_are_two_events():
    assert len(merge_rows([row(), row(day=date(2024, 1, 20), file="b.txt")])) == 2


def test_different_types_are_two_events():
    assert len(merge_rows([row(), row(event_type="rocket attack", file="b.txt")])) == 2
    # one ACLED sub-event type told two ways ("drone strike", "airstrike") is one event
    assert len(merge_rows([row(), row(event_type="airstrike", file="b.txt")])) == 1


def test_undated_rows_merge_only_within_one_file():
    a, b = row(day=None, precision=None), row(day=None, precision=None, quote="q2")
    assert len(merge_rows([a, b])) == 1
    c = row(day=None, precision=None, file="b.txt")
    assert len(merge_rows([a, c])) == 2


def test_merge_is_idempotent():
    rows = [row(), row(file="b.txt", quote="q2"), row(place_id="sy", lat=35, lon=38.3, geo=4,
                                                      file="c.txt"),
            row(place_id="iq-x", lat=33.0, lon=42.0, country="IQ"),
            row(day=date(2024, 1, 2), precision=2, file="d.txt")]
    once = merge_rows(rows)
    twice = merge_rows(once)
    assert twice == once
    assert sorted(r["incident_id"] for r in once) == sorted(r["incident_id"] for r in twice)


def test_ids_depend_on_the_defining_fields_only():
    a = merge_rows([row()])[0]
    b = merge_rows([row(file="z.txt", quote="other words")])[0]
    c = merge_rows([row(day=date(2024, 1, 27))])[0]
    assert a["incident_id"] == b["incident_id"] != c["incident_id"]


def test_one_report_heading_two_days_tells_two_events():
    from geo.incidents.draft import HEADING_DATE_NOTE

    first = row(day=date(2023, 12, 30), notes=HEADING_DATE_NOTE)
    second = row(day=date(2023, 12, 31), quote="q2", notes=HEADING_DATE_NOTE)
    assert not same_event(first, second)
    # a day apart without headings (a claim's "today" and a witness's "yesterday"): one event
    assert same_event(row(day=date(2023, 12, 30)), row(day=date(2023, 12, 31), quote="q2"))


def test_one_report_dating_two_days_apart_tells_two_events():
    first = row(day=date(2024, 12, 19))
    later = row(day=date(2024, 12, 21), quote="q2")
    assert not same_event(first, later)  # "On Thursday, Dec. 19 ..." and "on Saturday ..."
    assert same_event(first, row(day=date(2024, 12, 20), quote="q2"))  # a side's "today"
    # two reports may date one event two days apart (one counts from its own day)
    assert same_event(first, row(day=date(2024, 12, 21), file="b.txt", quote="q2"))


def test_list_lines_led_by_their_own_places_stay_apart():
    # unknown villages of one district, each on its own line: located alike, two events
    a = row(place_id="lb-tyre", quote="- Hanouiyeh (Tyre district): a strike killed five.")
    b = row(place_id="lb-tyre", quote="- Deir Qanoun (Tyre district): a strike killed six.")
    assert not same_event(a, b)
    # a liveblog's clock times are no places: its entries on one strike are one event
    c = row(place_id="ua-kyiv", quote="- 10:15: Russian missiles hit Kyiv.")
    d = row(place_id="ua-kyiv", quote="- 11:20: Kyiv's mayor says the missiles hit a school.")
    assert same_event(c, d)


def test_one_reports_strike_on_one_place_named_by_two_weapons_is_one_event():
    # "Russian missiles hit Dobropillia" above "Russian forces struck Dobropillia"
    missiles = row(place_id="ua-dobropillia", event_type="missile attack", quote="q1")
    struck = row(place_id="ua-dobropillia", event_type="airstrike", quote="q2")
    assert same_event(missiles, struck)
    # two reports: an airstrike and a missile attack may be two events at one town
    assert not same_event(missiles, row(place_id="ua-dobropillia", event_type="airstrike",
                                        file="b.txt", quote="q3"))
    # a strike and a clash are not one event told loosely
    assert not same_event(missiles, row(place_id="ua-dobropillia", event_type="armed clash",
                                        quote="q4"))


def count_calls(rows: list[dict], merger) -> tuple[list[dict], int]:
    """What ``merger`` makes of ``rows``, and how many pairs it asked ``same_event`` about."""
    calls = 0
    same_event = merge.same_event

    def counted(a: dict, b: dict) -> bool:
        nonlocal calls
        calls += 1
        return same_event(a, b)

    merge.same_event = counted
    try:
        return merger(rows), calls
    finally:
        merge.same_event = same_event


def test_one_report_naming_two_close_towns_in_two_sentences_tells_two_events():
    lahia = row(place_id="ps-beit-lahia", lat=31.55, lon=34.50, country="PS",
                quote="A strike on tents in Beit Lahia killed seven.")
    jabalia = row(place_id="ps-jabalia", lat=31.53, lon=34.48, country="PS",
                  quote="Another hit a school in Jabalia, killing six.")
    assert len(merge_rows([lahia, jabalia])) == 2
    told_again = row(place_id="ps-jabalia", lat=31.53, lon=34.48, country="PS",
                     file="b.txt", quote="A strike hit Jabalia.")
    assert len(merge_rows([lahia, told_again])) == 1  # another report, 3 km away: one event
    inherited = row(place_id="ps-jabalia", lat=31.53, lon=34.48, country="PS",
                    quote="It killed seven.", notes="place from the surrounding text")
    assert len(merge_rows([lahia, inherited])) == 1
    headline = row(place_id="ps-jabalia", lat=31.53, lon=34.48, country="PS",
                   quote="Strike on Jabalia tents kills seven")
    assert len(merge_rows([lahia, headline])) == 1  # a headline tells the body's event


def test_shells_and_a_drone_on_one_town_in_one_report_stay_two_events():
    shells = row(place_id="sd-el-fasher", lat=13.63, lon=25.35, country="SD",
                 event_type="shelling", quote="RSF shelling killed 12 in El Fasher.")
    drone = row(place_id="sd-el-fasher", lat=13.63, lon=25.35, country="SD",
                event_type="drone attack", quote="An RSF drone targeted the division command.")
    assert len(merge_rows([shells, drone])) == 2
    rocket = row(place_id="sd-el-fasher", lat=13.63, lon=25.35, country="SD",
                 event_type="rocket attack", quote="Rockets hit the market.")
    assert len(merge_rows([shells, rocket])) == 1  # one strike named by two weapons
    on_others = row(place_id="sd-el-fasher", lat=13.63, lon=25.35, country="SD",
                    event_type="drone attack", quote="A drone hit the base.", target="SAF")
    assert len(merge_rows([row(place_id="sd-el-fasher", lat=13.63, lon=25.35, country="SD",
                               event_type="missile attack", target="civilians",
                               quote="Missiles hit homes."), on_others])) == 2
