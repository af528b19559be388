"""A night's interception tally for a whole country becomes one country-level interception."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import Extractor
from geo.extract.tallies import tally_country
from geo.resolve.chain import Resolver
from geo.sources.articles import Article


@pytest.fixture(scope="module")
def extractor(gazetteer):
    return Extractor(Resolver(gazetteer))


@pytest.mark.parametrize(("text", "country"), [
    ("Ukrainian air defences shot down 25 of 38 missiles", "UA"),
    ("Russia's Defence Ministry said more than 40 Ukrainian drones were downed", "RU"),
    ("the Russian MoD said air defences destroyed 32 drones", "RU"),
    ("Air defences destroyed 563 drones and 26 missiles, it says", "UA"),  # the focus decides
    ("38 Shahed-type drones are confirmed shot down over the country", "UA"),
    ("more than 40 Ukrainian drones were downed overnight", ""),  # whose defence? not said
    ("the drone was shot down", ""),  # one downing, no tally
    ("Air defences brought down the cruise missile and 79 drones", "UA"),
    ("the air force said it destroyed 34 missiles and 100 drones", "UA"),
])
def test_whose_tally(text, country):
    assert tally_country(text, frozenset({"UA"}), []) == country


def test_a_tally_after_the_attack_is_its_own_country_level_interception(extractor):
    found = extractor.extract(Article("t.txt", (
        "In the afternoon, missiles hit key infrastructure in Kharkiv on Saturday.\n\n"
        "Of 38 missiles Russia fired during the day, Ukrainian air defences shot down 25, the "
        "military said."), date(2023, 1, 15))).drafts
    kinds = {(d.event_type, d.resolution.place.name) for d in found}
    assert ("interception", "Ukraine") in kinds
    assert ("missile attack", "Kharkiv") in kinds
    assert ("interception", "Kharkiv") not in kinds  # a tally is not where the last hit was


def test_a_downing_told_with_its_attack_stays_part_of_it(extractor):
    found = extractor.extract(Article("t.txt", (
        "A drone struck an apartment block in Kharkiv on Saturday; a second was shot down."),
        date(2023, 1, 15))).drafts
    assert {d.resolution.place.name for d in found} == {"Kharkiv"}
