"""What the phrasing tests share: the drafts of a text as one article published on a day."""

from __future__ import annotations

from datetime import date

from geo.sources.articles import Article


def drafts_of(extractor, text: str, day: date = date(2024, 11, 18)):
    return extractor.extract(Article("t.txt", text, day)).drafts
