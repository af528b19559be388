"""An event at a place of its own that the gazetteer lacks keeps to it, not to the city of the
paragraph before; and a statement's day dates what follows it in its paragraph only loosely:
not as a heading's day, which would set a back-reference ("the deadly strike on Odesa") apart
from the strike it names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from geo.extract.dates import find_dates
from geo.extract.when import date_fields, event_when
from geo.incidents.draft import HEADING_DATE_NOTE
from geo.pipeline.ingest import ingest_paths
from geo.resolve.chain import Resolver
from tests.geo.extract.phrasing import drafts_of


def _ingested(gazetteer, tmp_path, day: str, text: str):
    report = tmp_path / "r.txt"
    report.write_text(f"date {day}\n\n{text}\n", encoding="utf-8")
    return ingest_paths([report], resolver=Resolver(gazetteer)).layers


def test_a_strike_at_an_unknown_sea_or_field_is_not_put_at_the_city_told_before(
        gazetteer, tmp_path):
    layers = _ingested(
        gazetteer, tmp_path, "2025-12-20",
        "Missile strike on Odesa kills eight\n\nA Russian missile strike on the port of Odesa "
        "late on Friday killed eight people, the emergency service said. The head of the Odesa "
        "region said ballistic missiles were used.\n\nUkrainian forces meanwhile struck Russian "
        "assets. The General Staff announced that drones hit a Russian warship patrolling in "
        "the Caspian Sea. Drones also targeted a drilling platform at the Zorbunsky oil and gas "
        "field.")
    assert list(layers.incidents["place_name"]) == ["Odesa"]
    assert {"Caspian Sea", "Zorbunsky"} <= set(layers.unresolved["mention"])


def test_a_statement_day_dates_the_paragraph_after_it_only_loosely():
    said = find_dates("The ministry said on Saturday morning that it had hit depots.",
                      date(2025, 12, 20))[0]
    assert said.speech
    when, note = event_when([], said, headed=True)
    assert note != HEADING_DATE_NOTE and date_fields(when)["time_precision"] == 2
    told = replace(said, speech=False)  # "On Saturday morning, drones hit the depots."
    assert event_when([], told, headed=True) == (told, HEADING_DATE_NOTE)


def test_the_town_a_base_lies_in_is_looked_up_as_a_town(extractor):
    text = ("Op 1027 update from northern Shan State and Mandalay Region, near Kyaukme and "
            "Lashio.\n\nOn Sunday, TNLA troops seized the junta's Shwe Myat Won base in Mogoke "
            "town after 11 hours of fighting.")
    found = [d.resolution.place.name for d in drafts_of(extractor, text, date(2024, 7, 1))
             if d.resolution is not None and d.resolution.place is not None]
    assert "Mogok" in found


def test_a_country_fire_was_aimed_at_places_nothing(extractor):
    text = ("Israeli jets struck the port of Hodeidah on Thursday. The strikes came a day after "
            "the Houthis launched a ballistic missile and two drones towards Israel.")
    places = {d.place_name for d in drafts_of(extractor, text, date(2024, 12, 20))}
    assert "Israel" not in places and "Hodeidah" in places


def test_a_place_captured_or_retaken_is_a_battle_and_weapons_seized_are_none(extractor):
    for text in ("The Sudanese army on Tuesday recaptured the national radio and TV headquarters "
                 "in Omdurman from the RSF.",
                 "On Saturday, the TNLA captured two bases in the east of Mogok town."):
        assert [d.event_type for d in drafts_of(extractor, text, date(2024, 3, 13))] == \
            ["armed clash"]
    assert drafts_of(extractor, "Police seized weapons in Kirkuk on Monday.",
                     date(2024, 3, 13)) == []


def test_a_hashtag_names_no_place(extractor):
    text = ("#BREAKING | #AlMayadeen's correspondent: Israeli artillery shelling hit a "
            "Lebanese army checkpoint near Tyre on Sunday.")
    assert [d.place_name for d in drafts_of(extractor, text, date(2024, 11, 25))] == ["Tyre"]
