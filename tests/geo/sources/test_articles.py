"""Reading article files: header, sidecar, encodings, bad input."""

from __future__ import annotations

import json
from datetime import date

from geo.sources.articles import read_article


def write(tmp_path, data: bytes, name="a.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_header_with_url(tmp_path):
    path = write(tmp_path, b" date 2023-10-29 https://www.example.com/x.html\n\nText here.")
    article, problems = read_article(path)
    assert problems == []
    assert (article.published, article.url, article.publisher, article.date_from) == (
        date(2023, 10, 29), "https://www.example.com/x.html", "example.com", "header")
    assert article.text == "Text here."


def test_header_without_url_keeps_the_rest_of_the_line(tmp_path):
    article, _ = read_article(write(tmp_path, b" date 2024-02-03 The militias attacked.\nMore."))
    assert article.url == "" and article.text.startswith("The militias attacked.")


def test_no_header_means_unknown_date_and_source_line_publisher(tmp_path):
    article, problems = read_article(write(tmp_path, b"Title\n\nBody.\n\nSource \xc2\xbb msn.com"))
    assert article.published is None and article.date_from == "" and problems == []
    assert article.publisher == "msn.com"


def test_default_date_applies_only_without_one(tmp_path):
    no_header = write(tmp_path, b"Body.", "n.txt")
    with_header = write(tmp_path, b"date 2023-11-05\nBody.", "h.txt")
    default = date(2024, 1, 1)
    assert read_article(no_header, default_date=default)[0].date_from == "option"
    assert read_article(with_header, default_date=default)[0].published == date(2023, 11, 5)


def test_utf8_bom_and_utf16(tmp_path):
    bom, _ = read_article(write(tmp_path, "\ufeffdate 2023-10-29\nقاعدة".encode(), "b.txt"))
    utf16, _ = read_article(write(tmp_path, "date 2023-10-29\nقاعدة".encode("utf-16"), "u.txt"))
    assert bom.published == utf16.published == date(2023, 10, 29)
    assert bom.text == utf16.text == "قاعدة"


def test_binary_file_is_a_problem_not_an_article(tmp_path):
    article, problems = read_article(write(tmp_path, b"\x89PNG\r\n\x00\x00\x00"))
    assert article is None and "binary" in problems[0].message


def test_empty_file(tmp_path):
    article, problems = read_article(write(tmp_path, b"  \n\n"))
    assert article is None and "empty" in problems[0].message


def test_cp1252_is_read_with_a_warning(tmp_path):
    article, problems = read_article(write(tmp_path, b"date 2023-10-29\nCaf\xe9 attack"))
    assert article.text == "Café attack" and problems[0].line == 2


def test_bad_date_header(tmp_path):
    article, problems = read_article(write(tmp_path, b"date 2023-13-45 https://x.org/a\nBody"))
    assert article.published is None and article.url == "https://x.org/a"
    assert problems[0].field == "date" and problems[0].line == 1


def test_sidecar_gives_date_url_and_publisher(tmp_path):
    path = write(tmp_path, b"Body.", "story.txt")
    (tmp_path / "story.meta.json").write_text(json.dumps(
        {"date": "2024-01-21", "url": "https://news.example/a", "publisher": "News"}))
    article, problems = read_article(path)
    assert problems == []
    assert (article.published, article.url, article.publisher, article.date_from) == (
        date(2024, 1, 21), "https://news.example/a", "News", "sidecar")


def test_bad_sidecar_and_non_http_url(tmp_path):
    path = write(tmp_path, b"Body.", "s.txt")
    (tmp_path / "s.meta.json").write_text('{"date": "soon", "url": "javascript:alert(1)"}')
    article, problems = read_article(path)
    assert article.published is None and article.url == ""
    assert {p.field for p in problems} == {"date", "url"}


def test_missing_file(tmp_path):
    article, problems = read_article(tmp_path / "nope.txt")
    assert article is None and "cannot be read" in problems[0].message


def test_text_pasted_from_web_pages_reads_as_plain_text(tmp_path):
    plain = "date 2024-01-08\nDrones struck Kharkiv overnight.\n\nKyiv was calm."
    pasted = {
        "crlf": plain.replace("\n", "\r\n"),
        "old mac": plain.replace("\n", "\r"),
        "no-break spaces": plain.replace(" ", "\u00a0"),
        "soft hyphen": plain.replace("Kharkiv", "Khar\u00adkiv"),
        "zero width": plain.replace("Kyiv", "Ky\u200biv"),
    }
    want, _ = read_article(_write(tmp_path / "plain.txt", plain))
    for name, text in pasted.items():
        got, _ = read_article(_write(tmp_path / f"{name}.txt", text))
        assert got.text == want.text, name
        assert got.published == date(2024, 1, 8), name


def _write(path, text):
    path.write_text(text, encoding="utf-8", newline="")
    return path
