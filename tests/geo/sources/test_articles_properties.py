"""Property tests: no file makes the article reader raise, no text or publication date makes the
date finder raise, and what they return holds together. (The table reader has its own, in
test_tables_properties.py.)"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geo.extract.dates import find_dates
from geo.incidents.draft import SourceProblem
from geo.incidents.schema import DATE_RANGE
from geo.sources.articles import SIDECAR_SUFFIX, Article, read_article

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
PUBLISHED = st.dates(min_value=DATE_RANGE[0], max_value=DATE_RANGE[1])
WORDS = st.sampled_from(
    ["on", "Sunday", "Monday", "last", "week", "weekend", "month", "overnight", "yesterday",
     "since", "between", "and", "to", "from", "-", "–", "October", "Oct.", "Sept", "February",
     "29", "31", "17th", "1st", "0", "2023", "2024", "1999", "2023-10-29", "2024-02-30", ",",
     "of", "early", "mid-", "late", "in", "recent", "days", "past", "few", "this", "earlier",
     "told", "said", "Reuters", "km", "%", "\n", "  ", "drone", "Erbil"])


def check_article(article: Article | None, problems: list[SourceProblem], path: Path) -> None:
    sidecar = str(path.with_name(path.stem + SIDECAR_SUFFIX))
    for problem in problems:
        assert problem.file in (str(path), sidecar)
        assert "\n" not in problem.message
        assert problem.line is None or problem.line >= 1
    if article is None:
        assert problems  # a file we cannot read is always said so
        return
    assert article.path == str(path)
    assert article.text == article.text.strip()
    assert article.published is None or DATE_RANGE[0] <= article.published \
        <= DATE_RANGE[1]
    assert article.date_from in ("header", "sidecar", "option", "")
    assert (article.published is None) == (article.date_from == "")
    assert article.url == "" or article.url.startswith(("http://", "https://"))


@FAST
@given(data=st.binary(max_size=3000), default=st.none() | PUBLISHED)
def test_random_bytes_never_crash_the_article_reader(tmp_path: Path, data: bytes,
                                                     default: date | None) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(data)
    article, problems = read_article(path, default_date=default)
    check_article(article, problems, path)
    if article is not None and article.date_from == "option":
        assert article.published == default


@FAST
@given(header=st.text(max_size=60), body=st.text(max_size=400),
       meta=st.none() | st.dictionaries(st.sampled_from(["date", "url", "publisher"]),
                                        st.text(max_size=30) | st.integers() | st.none(),
                                        max_size=3))
def test_random_header_body_and_sidecar(tmp_path: Path, header: str, body: str,
                                        meta: dict | None) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"date {header}\n{body}", encoding="utf-8", errors="surrogatepass")
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    side.unlink(missing_ok=True)
    if meta is not None:
        side.write_text(json.dumps(meta), encoding="utf-8")
    article, problems = read_article(path)
    check_article(article, problems, path)


@FAST
@given(day=PUBLISHED, url=st.sampled_from(["", " https://example.com/a", " ftp://x"]),
       body=st.text(min_size=1, max_size=200).filter(str.strip))
def test_a_good_header_date_is_the_publication_date(tmp_path: Path, day: date, url: str,
                                                    body: str) -> None:
    path = tmp_path / "dated.txt"
    path.write_bytes(f"date {day.isoformat()}{url}\n{body}".encode("utf-8", "surrogatepass"))
    article, problems = read_article(path)
    assume(article is not None)  # a body of lone surrogates is not UTF-8: reported instead
    assert (article.published, article.date_from) == (day, "header")
    assert article.url == url.strip() if url.startswith(" https") else article.url == ""


def check_spans(text: str, published: date | None) -> None:
    spans = find_dates(text, published)
    for span in spans:
        assert 0 <= span.begin < span.stop <= len(text)
        assert text[span.begin:span.stop] == span.text
        if span.start is None:
            assert span.end is None and span.precision is None
            assert span.kind in ("weekday", "since_weekday", "relative", "chained")
        else:
            assert span.start <= span.end
            assert span.precision in (1, 2, 3)
    stops = [(s.begin, s.stop) for s in spans]
    for (b1, e1), (b2, e2) in zip(stops, stops[1:], strict=False):
        assert e1 <= b2 or e2 <= b1, "two date expressions share characters"


@FAST
@given(text=st.text(max_size=300), published=st.none() | PUBLISHED)
def test_random_text_never_crashes_the_date_finder(text: str, published: date | None) -> None:
    check_spans(text, published)


@FAST
@given(words=st.lists(WORDS, max_size=25), published=st.none() | PUBLISHED)
def test_date_like_word_salad_never_crashes_the_date_finder(words: list[str],
                                                            published: date | None) -> None:
    check_spans(" ".join(words), published)


@FAST
@given(published=PUBLISHED, back=st.integers(min_value=0, max_value=6))
def test_a_weekday_is_the_last_one_on_or_before_publication(published: date,
                                                            back: int) -> None:
    day = published - timedelta(days=back)
    spans = find_dates(f"The attack came on {day:%A}.", published)
    assert len(spans) == 1
    assert spans[0].start == spans[0].end
    assert published - timedelta(days=6) <= spans[0].start <= published
    assert spans[0].start.weekday() == day.weekday()


@pytest.mark.parametrize("published, text, found", [
    (date.min, "overnight", 1),  # a relative date, left unresolved
    (date.max, "on October 17", 0),  # a day and month with no year to give them
])
def test_extreme_publication_dates(published: date, text: str, found: int) -> None:
    """Outside the schema's date range a publication date is no anchor: nothing overflows."""
    check_spans(text, published)
    spans = find_dates(text, published)
    assert len(spans) == found
    assert all(span.start is None and span.precision is None for span in spans)
