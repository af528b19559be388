"""Dates as report shapes give them: a liveblog page's day."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import Extractor
from geo.resolve.chain import Resolver
from geo.sources.articles import Article


@pytest.fixture(scope="module")
def extractor(gazetteer):
    return Extractor(Resolver(gazetteer))


def test_a_liveblog_entry_is_of_the_pages_day_not_of_a_date_told_above_it(extractor):
    found = extractor.extract(Article("t.txt", (
        "LIVE: strikes in south Lebanon\n"
        "Friday, 28 March 2025 — all times Beirut\n\n"
        "08:40 — It is the second launch in a week: on 22 March, three rockets were fired at "
        "Metula.\n\n"
        "11:50 — An Israeli air strike destroyed a house near Nabatieh, killing three.\n\n"
        "12:20 — Israeli artillery shelled the eastern neighbourhood of Khiam."),
        date(2025, 3, 28))).drafts
    days = {d.resolution.place.name: d.event_date for d in found if d.resolution.place}
    assert days.get("Metula") == date(2025, 3, 22)
    assert days.get("Khiam") == date(2025, 3, 28)
    assert any(day == date(2025, 3, 28) for name, day in days.items() if name.startswith("Nab"))
