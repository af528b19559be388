"""More phrasings met in real reports from other hands (their text stays outside the
repository): photo captions and linked headlines, "may" that is no month, an event told as
coming after another, targets counted over a region, what a party holds, headline passives,
ground raids, trends, and one report's two events a day or a week apart."""

from __future__ import annotations

from datetime import date

from geo.extract.tallies import count_of
from tests.geo.extract.phrasing import drafts_of as _drafts


def _told(drafts) -> list[tuple[str, str, date]]:
    return sorted((d.event_type, d.place_name, d.event_date) for d in drafts)


def test_a_photo_caption_above_the_story_tells_no_event(extractor):
    text = ("Smoke rises after a drone attack on oil facilities in the Zakho area, July 16, "
            "2025.— Reuters\n\nA drone struck the Khor Mor gas field on Wednesday, officials "
            "said.")
    assert all(d.place_name != "Zakho area" for d in _drafts(extractor, text, date(2025, 11, 27)))
    credit = ("Soldiers board a helicopter at al Asad Air Base. The base was attacked Oct. 18 by "
              "drones, which were shot down. (Timothy VanDusen/U.S. Army)\n\nNo one was hurt.")
    assert _drafts(extractor, credit, date(2023, 10, 19)) == []


def test_a_story_signed_off_by_its_agency_keeps_its_last_line(extractor):
    text = ("Drones hit Zakho on Wednesday.\n\nOn Monday, two drones fell on an oil field near "
            "Erbil, damaging pipes. - Reuters")
    places = {d.place_name for d in _drafts(extractor, text, date(2025, 7, 16))}
    assert "Erbil" in places


def test_the_headline_of_a_linked_story_tells_no_event(extractor):
    text = ("Rockets struck the Ain al-Asad base in Anbar on Saturday.\n\nRead more\n"
            "US drone crashes near Erbil\n\nNo group claimed the attack.")
    assert [d.event_type for d in _drafts(extractor, text, date(2024, 1, 20))] == \
        ["rocket attack"]


def test_may_in_lower_case_is_a_verb_not_a_month(extractor):
    text = ("A drone killed three soldiers at Tower 22 in Jordan on Sunday. Officials said the "
            "drone that struck Tower 22 may have been mistaken for an American one.")
    assert {d.event_date for d in _drafts(extractor, text, date(2024, 1, 29))} == \
        {date(2024, 1, 28)}


def test_strikes_that_come_a_day_after_an_attack_date_it_the_day_before(extractor):
    text = ("Israeli jets struck the port of Hodeidah on Saturday. The strikes come a day after "
            "a Houthi drone struck the Israeli city of Tel Aviv.")
    assert _told(_drafts(extractor, text, date(2024, 7, 20))) == [
        ("airstrike", "Hodeidah", date(2024, 7, 20)),
        ("drone attack", "Tel Aviv", date(2024, 7, 19))]


def test_targets_counted_over_a_region_are_a_sum_not_a_point():
    assert count_of('Its forces had struck and "destroyed" 20 suspected PKK targets in the '
                    "Zap and Gara areas.") == 20
    assert count_of("Air operations began at 21:00 on 12 January 2024 against terrorist "
                    "positions in northern Iraq.") is None
    assert count_of("Jets hit 2 military sites in Sanaa.") is None


def test_a_township_a_party_holds_is_not_where_its_missile_went(extractor):
    text = ("The strikes on Sanaa airport came on Thursday, a day after the Houthis, who "
            "control northwestern Yemen, including Hodeidah, fired a missile towards Israel.")
    assert "Hodeidah" not in {d.place_name for d in _drafts(extractor, text, date(2024, 12, 26))}


def test_victims_in_a_headline_passive_are_the_target(extractor):
    drafts = _drafts(extractor, "22 Civilians Killed In Attack By Rapid Support Forces In "
                     "Sennar", date(2024, 6, 15))
    assert [(d.actor, d.target) for d in drafts] == [("Rapid Support Forces", "Civilians")]


def test_raids_by_troops_are_on_the_ground(extractor):
    drafts = _drafts(extractor, "Five resistance members were killed during three days of "
                     "raids by junta troops in Myingyan Township on Tuesday.", date(2023, 6, 22))
    assert [d.event_type for d in drafts] and "airstrike" not in {d.event_type for d in drafts}
    air = _drafts(extractor, "Israeli raids on Rafah killed 12 on Tuesday.", date(2024, 5, 8))
    assert [d.event_type for d in air] == ["airstrike"]


def test_a_trend_or_a_war_going_on_is_no_event(extractor):
    for text in ("The attack follows a recent escalation of Israeli strikes on equipment in "
                 "southern Lebanon.",
                 "In recent weeks, however, Russian shelling of Kharkiv has increased.",
                 "Israel has been engaged in fighting against Hamas in Gaza since October."):
        assert _drafts(extractor, text, date(2024, 7, 20)) == [], text


def test_a_place_set_by_its_distance_from_a_capital_is_no_event_place(extractor):
    text = ("Gunmen attacked a military post in Ayorou, 200 km (124 miles) northwest of the "
            "Niger capital Niamey, on Friday.")
    assert {d.place_name for d in _drafts(extractor, text, date(2020, 3, 13))} == {"Ayorou"}


def test_an_earthquake_footage_a_unit_or_a_way_of_fighting_is_no_event(extractor):
    for text in ("A magnitude 7.7 earthquake centred near Sagaing struck central Myanmar on "
                 "Friday.",
                 "On Wednesday the AA published drone footage that it said showed the base in "
                 "Ann burning.",
                 "The base in Ann hosts Light Infantry Battalion 371 and Artillery Battalion 374.",
                 "The group says the army is using helicopters and artillery against its "
                 "positions near Myawaddy.",
                 "Its clashes with the army in Laiza intensified after the 2021 coup."):
        assert _drafts(extractor, text, date(2025, 3, 29)) == [], text
    after = _drafts(extractor, "A military jet bombed Sagaing on Friday, less than three hours "
                    "after the earthquake.", date(2025, 3, 29))
    assert [d.event_type for d in after] == ["airstrike"]


def test_hundreds_of_strikes_in_a_year_are_a_sum_without_a_place(extractor):
    text = ("A jet bombed Pazigyi village in Sagaing region on Tuesday, killing ten. The "
            "United Nations says the military carried out more than 300 air strikes in the year "
            "to March.")
    drafts = _drafts(extractor, text, date(2023, 6, 28))
    assert [d.place_name for d in drafts if (d.event_count or 1) == 1] == ["Pazigyi village"]
    assert count_of("more than 1,200 attacks since October") == 1200


def test_the_gulf_of_aden_is_no_attack_on_aden(extractor):
    drafts = _drafts(extractor, "A Houthi missile hit a ship in the Gulf of Aden on Friday.",
                     date(2024, 2, 3))
    assert [d.place_name for d in drafts] == ["Gulf of Aden"]


def test_strikes_on_a_city_are_on_the_city_not_its_airport(extractor):
    drafts = _drafts(extractor, "Israeli airstrikes targeted the Syrian capital, Damascus, on "
                     "Thursday, killing 15.", date(2024, 11, 14))
    assert [d.resolution.place.kind for d in drafts] == ["city"]


def test_a_landmark_the_listed_places_lie_near_is_not_a_target(extractor):
    text = ("The group said it fired a salvo of rockets toward Israeli settlements near Gaza, "
            "including Sderot, Netiv HaAsara and Zikim, on Monday.")
    places = {d.place_name for d in _drafts(extractor, text, date(2025, 3, 24))}
    assert "Sderot" in places and "Gaza" not in places


def test_drones_sent_toward_a_region_and_one_downed_over_a_city_are_one_attack(extractor):
    text = ("A drone launched from Yemen was shot down over Eilat on Tuesday. A Houthi "
            "official said the group had sent drones toward southern Israel.")
    assert [d.event_type for d in _drafts(extractor, text, date(2023, 10, 31))] == \
        ["interception"]


def test_a_reproach_a_road_and_where_a_barrage_came_from_are_no_event_places(extractor):
    assert _drafts(extractor, "The army has been criticised for relying on air power and "
                   "artillery in densely populated districts of Khartoum.", date(2025, 5, 2)) == []
    seized = _drafts(extractor, "The RSF said on Thursday that it had seized the town of "
                     "El-Nuhud, a staging post on the road towards El-Obeid.", date(2025, 5, 2))
    assert {d.place_name for d in seized} == {"El-Nuhud"}
    barrage = _drafts(extractor, "The IDF said Hezbollah's rocket attack from Lebanon into the "
                      "Golan Heights on Thursday held 200 rockets.", date(2024, 7, 5))
    assert "Lebanon" not in {d.place_name for d in barrage}
