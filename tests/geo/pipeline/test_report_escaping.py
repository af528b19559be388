"""report.md shows hostile data as text: rendered as Markdown (HTML allowed, as common renderers
do), no script, image, raw HTML element or non-http(s) link comes out of the data; file names
with backticks stay inside their code spans; the text itself is still there to read."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import geo.pipeline.build
from geo.pipeline.build import build

SCRIPT = "<script>alert(1)</script>"
IMAGE = "![beacon](http://beacon.example/p.png)"
JS_LINK = "[click](javascript:alert(2))"
AUTOLINK = "<javascript:alert(3)>"
RAW_HTML = '<img src=x onerror="alert(4)">'
EMPHASIS = "**bold** _it_ ~~gone~~ `code`"
HEADING = "# Heading"
NAMES = [SCRIPT, IMAGE, JS_LINK, AUTOLINK, RAW_HTML, EMPHASIS, HEADING]


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(report.md, its HTML) for a build of hostile tables, articles and file names."""
    folder = tmp_path_factory.mktemp("hostile")
    import geo.pipeline.build as b

    keep, b.fingerprint = b.fingerprint, lambda: "test-fingerprint"
    inbox = folder / "in"
    inbox.mkdir()
    lines = ["date,place,type,lat,lon,notes"]
    for n, name in enumerate(NAMES):
        lines.append(f"2024-01-0{n + 1},{csv_cell(name)},drone attack,,,x")  # unresolved
        lines.append(f"2024-02-0{n + 1},{csv_cell(name)},drone attack,33.5,40.{n},x")  # located
    lines.append(f"{csv_cell(SCRIPT)},Erbil,drone attack,,,bad date")  # a problem
    (inbox / "attacks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # file names: a backtick to break out of a code span, HTML, a link
    (inbox / "a`b` <img src=x onerror=alert(5)>.txt").write_text("Nothing happened.\n")
    (inbox / "[x](javascript:alert(6)).txt").write_text("date soon\nNothing at all.\n")
    (inbox / "photo ``<b>bold<b>``.jpeg").write_bytes(b"\xff\xd8")
    try:
        build([inbox], folder / "out")
    finally:
        b.fingerprint = keep
    text = (folder / "out" / "report.md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return text, md.render(text)


def test_no_markup_comes_out_of_the_data(rendered) -> None:
    _, page = rendered
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
                    "code"}, tags
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', page))
    assert "<img" not in page and "<script" not in page and "<a " not in page
    assert "<strong>" not in page and "<em>" not in page and "<s>" not in page


def test_the_hostile_text_is_still_there_to_read(rendered) -> None:
    _, page = rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for name in NAMES:
        assert name in shown, name
    assert "a`b` <img src=x onerror=alert(5)>.txt" in shown


def test_file_names_stay_inside_their_code_spans(rendered) -> None:
    _, page = rendered
    spans = [html.unescape(s) for s in re.findall(r"<code>(.*?)</code>", page, re.S)]
    assert any(s.endswith("a`b` <img src=x onerror=alert(5)>.txt") for s in spans), spans
    assert any(s.endswith("photo ``<b>bold<b>``.jpeg") for s in spans), spans


def test_rows_with_their_own_coordinates_are_not_filed_as_not_located(rendered) -> None:
    text, _ = rendered
    by_place = text.split("## By place", 1)[1].split("\n## ", 1)[0]
    assert "(not located)" not in by_place
    assert "(coordinates from the source)" in by_place


def test_an_empty_report_says_no_dates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nothing happened today.\n", encoding="utf-8")
    build([tmp_path / "a.txt"], tmp_path / "out")
    text = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "dates no dates" not in text
    assert "- Counts: 0 incidents, 0 mapped; dates unknown;" in text
