"""Read article files: an optional ``date YYYY-MM-DD [URL]`` first line, then the text.

Without that header the publication date is unknown unless given (``--date``, or a sidecar
``<name>.meta.json`` with ``date``, ``url``, ``publisher``); nothing is inferred silently.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from geo.incidents.draft import SourceProblem
from geo.incidents.schema import DATE_RANGE

MAX_BYTES = 5_000_000  # an article larger than this is not an article
MAX_LINE_CHARS = 100_000  # a line this long is not prose (a data dump, minified markup)
HEADER = re.compile(
    r"^\s*date\s+(?P<date>\S+)(?:\s+(?P<url>https?://\S+))?(?:\s+(?P<rest>.*))?$", re.IGNORECASE
)
SOURCE_LINE = re.compile(r"^\s*Source\s*[»:>]+\s*(?P<publisher>\S.*?)\s*$", re.MULTILINE)
SIDECAR_SUFFIX = ".meta.json"
#: Publication dates outside this range are typing errors (and relative dates would overflow).


@dataclass
class Article:
    path: str
    text: str
    published: date | None = None
    url: str = ""
    publisher: str = ""
    date_from: str = ""  # "header", "sidecar", "option" or "" (unknown)
    problems: list[SourceProblem] = field(default_factory=list)


def publisher_of(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def _decode(raw: bytes, path: str, problems: list[SourceProblem]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(SourceProblem(path, None, None, "starts like UTF-16 text (a "
                                          "byte-order mark) but is not; skipped"))
            return None
    if b"\x00" in raw:  # anywhere: an article is at most MAX_BYTES
        problems.append(SourceProblem(path, None, None, "is a binary file (it holds NUL bytes), "
                                      "not text; skipped (UTF-16 text needs a byte-order mark; "
                                      "or save it as UTF-8)"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(SourceProblem(
            path, line, None, "is not valid UTF-8; read as Windows-1252 (check the characters)"
        ))
        return raw.decode("cp1252", errors="replace")


#: Characters pasted from web pages that split or hide words: soft hyphens and zero-width
#: marks vanish ("Khar\u00adkiv" is Kharkiv); no-break and thin spaces are spaces; old Mac
#: and Windows line ends are line ends.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2007\u2009\u202f\u2002\u2003\u205f\u3000]")


def plain_text(text: str) -> str:
    """``text`` as the extractor reads it (see _INVISIBLE and _SPACES)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return _SPACES.sub(" ", _INVISIBLE.sub("", text))


def _drop_long_lines(text: str, path: str, problems: list[SourceProblem]) -> str:
    """``text`` with each line over MAX_LINE_CHARS blanked (and reported)."""
    if len(text) <= MAX_LINE_CHARS:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(SourceProblem(
                path, number, None, f"line of {len(line):,} characters (over "
                f"{MAX_LINE_CHARS:,}); skipped, the rest is read (is this really prose?)"))
            lines[number - 1] = ""
    return "\n".join(lines)


def _sidecar(path: Path, problems: list[SourceProblem]) -> dict:
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
        return meta
    except (ValueError, OSError) as exc:
        problems.append(SourceProblem(str(side), None, None, f"unreadable sidecar: {exc}"))
        return {}


def _parse_date(text: str) -> date | None:
    """An ISO date within DATE_RANGE, else None."""
    try:
        found = date.fromisoformat(text)
    except ValueError:
        return None
    return found if DATE_RANGE[0] <= found <= DATE_RANGE[1] else None


def read_article(
    path: str | Path, *, default_date: date | None = None
) -> tuple[Article | None, list[SourceProblem]]:
    """The article and the problems met reading it (None when it cannot be read as text)."""
    path = Path(path)
    name = str(path)
    problems: list[SourceProblem] = []
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a pipe would wait for ever
            return None, [SourceProblem(name, None, None, "is not a regular file (a folder, "
                                        "pipe or device?); give an article file")]
        size = info.st_size
        if size > MAX_BYTES:
            return None, [SourceProblem(name, None, None,
                                        f"is {size / 1e6:.1f} MB; articles over "
                                        f"{MAX_BYTES / 1e6:.0f} MB are skipped")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [SourceProblem(name, None, None, f"cannot be read: {exc.strerror or exc}")]
    text = _decode(raw, name, problems)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [*problems, SourceProblem(name, None, None, "is empty")]
    text = _drop_long_lines(plain_text(text), name, problems)
    first, _, rest = text.partition("\n")
    published, url, date_from = None, "", ""
    header = HEADER.match(first)
    if header:
        published = _parse_date(header["date"])
        url = header["url"] or ""
        if published is None:
            problems.append(SourceProblem(
                name, 1, "date", f"bad date {header['date']!r} in the header (want YYYY-MM-DD, "
                "1900 to 2100); "
                "the publication date is unknown"))
        else:
            date_from = "header"
        text = (header["rest"] or "") + "\n" + rest
    meta = _sidecar(path, problems)
    if published is None and meta.get("date"):
        published = _parse_date(str(meta["date"]))
        if published is None:
            problems.append(SourceProblem(
                str(path.with_name(path.stem + SIDECAR_SUFFIX)), None, "date",
                f"bad date {meta['date']!r} (want YYYY-MM-DD, 1900 to 2100)"))
        else:
            date_from = "sidecar"
    if published is None and default_date is not None:
        published, date_from = default_date, "option"
    url = url or str(meta.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        problems.append(SourceProblem(name, None, "url", f"ignored non-http(s) URL {url!r}"))
        url = ""
    publisher = str(meta.get("publisher") or "")
    if not publisher:
        found = SOURCE_LINE.search(text)
        publisher = found["publisher"] if found else publisher_of(url)
    return Article(name, text.strip(), published, url, publisher, date_from, problems), problems
