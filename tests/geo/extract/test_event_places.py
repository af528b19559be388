"""Which places of a sentence are where its event happened."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import Extractor
from geo.resolve.chain import Resolver
from geo.sources.articles import Article


@pytest.fixture(scope="module")
def extractor(gazetteer):
    return Extractor(Resolver(gazetteer))


def places(extractor, text):
    found = extractor.extract(Article("t.txt", text, date(2024, 1, 29))).drafts
    return {d.resolution.place.name for d in found if d.resolution and d.resolution.place}


def test_a_site_after_attack_on_is_where_even_before_was(extractor):
    # "Tower 22 was ..." reads like "Tehran has ...", but a place a preposition governs
    # is no subject, and a site never stands for a government
    found = places(extractor, (
        "Three U.S. service members were killed in a drone attack on a base in northeastern "
        "Jordan on Sunday, officials said. The attack on Tower 22 was the first deadly strike "
        "on U.S. forces since the war began."))
    assert "Tower 22" in found
    assert "Jordan" not in found  # the same attack told at country level first is one


def test_a_capital_that_speaks_is_still_no_place(extractor):
    found = places(extractor, (
        "A drone struck a base in Erbil on Sunday. Tehran has denied any role."))
    assert "Tehran" not in found
