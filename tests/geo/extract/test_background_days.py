"""A day told in a background paragraph, before the lead's, ends with that paragraph: the list
of the lead day's attacks below it keeps the lead's day. And the subject of "X came a day after
Y" is the event told before, not a new one on Y's day."""

from __future__ import annotations

from datetime import date

from tests.geo.extract.phrasing import drafts_of


def _days_at(extractor, text: str, published: date, place: str) -> set[date]:
    return {d.event_date for d in drafts_of(extractor, text, published)
            if d.place_name == place}


def test_the_list_after_a_background_paragraph_keeps_the_leads_day(extractor):
    text = ("KHARKIV, May 15 - On May 14, Russian troops shelled towns across the Kharkiv "
            "region, killing three people, police said.\n\n"
            "On May 10, Russia opened a new ground offensive north of Kharkiv. Border towns "
            "have been shelled daily since.\n\n"
            "In Kupiansk, a Russian drone strike wounded two policemen.")
    assert _days_at(extractor, text, date(2024, 5, 15), "Kupiansk") == {date(2024, 5, 14)}


def test_a_chronicle_of_later_days_carries_its_own_day_on(extractor):
    text = ("On May 14, Russian drones hit Kharkiv.\n\nOn May 15, Russian artillery shelled "
            "Vovchansk.\n\nIn Kupiansk, a drone strike wounded two policemen.")
    assert _days_at(extractor, text, date(2024, 5, 16), "Kupiansk") == {date(2024, 5, 15)}


def test_the_subject_of_came_a_day_after_is_the_event_told_before(extractor):
    text = ("A drone strike hit Baghdad on Thursday. The Baghdad attack came a day after two "
            "explosions tore through crowds in the Iranian city of Kerman.")
    told = sorted((d.place_name, d.event_date)
                  for d in drafts_of(extractor, text, date(2024, 1, 4)))
    assert told == [("Baghdad", date(2024, 1, 4)), ("Kerman", date(2024, 1, 3))]
