"""The analyst's decisions file (``corrections.csv``): its format, reader and checks.

One decision a line, keyed to what it is about (a source file and a quote from it, or an
incident id; a place name for a pin), never to a row number, so that it still applies when the
extractor improves. Bad cells are one-line :class:`UserError`\\ s naming the file and line;
two decisions that disagree are refused the same way (docs/review.md).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo.errors import UserError
from geo.incidents.cells import restore
from geo.incidents.schema import DATE_RANGE, EVENT_TYPES, STATUSES

#: The decisions file a folder of sources may hold (never read as a table of incidents).
DECISIONS_NAME = "corrections.csv"
COLUMNS: tuple[str, ...] = ("action", "source", "quote", "incident", "field", "value", "place",
                            "was", "note")
ACTIONS: tuple[str, ...] = ("accept", "reject", "change", "pin", "merge", "split")
#: Fields a ``change`` may set; "place" takes a gazetteer id or "lat,lon[,km]".
FIELDS: tuple[str, ...] = ("event_type", "event_date", "status", "actor", "target",
                           "fatalities", "uncertainty_km", "place")
_ID = re.compile(r"^[0-9a-f]{16}$")
_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)"
                     r"(?:\s*[, ]\s*(\d+(?:\.\d+)?))?\s*$")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Text as compared: whitespace runs as one space, case folded."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float
    km: float | None = None


@dataclass(frozen=True)
class Decision:
    """One line of a decisions file."""

    action: str
    file: str  # the decisions file
    line: int
    source: str = ""
    quote: str = ""
    incident: str = ""
    field: str = ""
    value: str = ""
    place: str = ""
    was: str = ""
    note: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def key(self) -> tuple[str, ...]:
        """What the decision is about, as compared with another decision's."""
        if self.action == "pin":
            return ("pin", fold(self.source), fold(self.place))
        return (fold(self.source), fold(self.quote), self.incident, fold(self.place))

    @property
    def signature(self) -> str:
        """The decision's content (not its line), to recognise it from build to build."""
        text = "\x1f".join((self.action, *self.key, self.field, self.value))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def about(self) -> str:
        """What it is about, for a message."""
        if self.action == "pin":
            scope = f" in {self.source}" if self.source else " (every report)"
            return f"place name {self.place!r}{scope}"
        at = f" at {self.place!r}" if self.place else ""
        if self.quote:
            quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."
            return f"quote {quote!r}" + (f" of {self.source}" if self.source else "") + at
        return f"incident {self.incident}{at}"


def disagreement(a: Decision, b: Decision) -> str | None:
    """Why two decisions about one incident (or one place name) cannot both hold."""
    if a.action == "pin" or b.action == "pin":
        if a.action == b.action == "pin" and a.value.strip() != b.value.strip():
            return f"pins {a.place!r} to {b.value!r} and to {a.value!r}"
        return None
    acts = {a.action, b.action}
    if "reject" in acts and acts != {"reject"}:
        other = (a if b.action == "reject" else b).action
        return f"one rejects the incident, the other would {other} it"
    if a.action == b.action == "change" and a.field == b.field and \
            fold(a.value) != fold(b.value):
        return f"{a.field} {b.value!r} against {a.value!r}"
    if acts == {"merge", "split"}:
        return "one merges the incident, the other splits it"
    return None


@dataclass
class Decisions:
    """The decisions of one or more files, in file and line order."""

    items: list[Decision] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)

    def digest(self) -> str:
        """Changes whenever any decision does (line moves included)."""
        return hashlib.sha256("\n".join(d.where + d.signature for d in self.items)
                              .encode()).hexdigest()[:16]


def parse_date_value(text: str) -> tuple[date, date | None, int]:
    """(start, end, ACLED time precision) of "2024-01-28", "2024-01-28/2024-01-30" or
    "2024-01"; ValueError otherwise."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        start, end, precision = date.fromisoformat(text + "-01"), None, 3
    elif "/" in text:
        first, last = text.split("/", 1)
        start, end, precision = date.fromisoformat(first.strip()), \
            date.fromisoformat(last.strip()), 1
        if end < start:
            raise ValueError("the range ends before it starts")
    else:
        start, end, precision = date.fromisoformat(text), None, 1
    if not DATE_RANGE[0] <= start <= DATE_RANGE[1]:
        raise ValueError(f"outside {DATE_RANGE[0].year}-{DATE_RANGE[1].year}")
    return start, end, precision


def parse_coordinates(text: str) -> Coordinates | None:
    """"lat,lon" or "lat,lon,km" (None when ``text`` is not coordinates)."""
    m = _COORDS.match(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{text!r}: latitude must be within ±90 and longitude within ±180")
    return Coordinates(lat, lon, float(m.group(3)) if m.group(3) else None)


def _check_value(d: Decision) -> None:
    """ValueError naming what is wrong with a change's (or pin's) value."""
    if d.action in ("pin",) or d.field == "place":
        if not d.value.strip():
            raise ValueError("give a gazetteer id or coordinates (lat,lon)")
        parse_coordinates(d.value)
    elif d.field == "event_type" and d.value not in EVENT_TYPES:
        raise ValueError(f"{d.value!r} is not an event type ({', '.join(EVENT_TYPES)})")
    elif d.field == "status" and d.value not in STATUSES:
        raise ValueError(f"{d.value!r} is not a status ({', '.join(STATUSES)})")
    elif d.field == "event_date":
        try:
            parse_date_value(d.value)
        except ValueError as exc:
            raise ValueError(f"{d.value!r} is not a date (YYYY-MM-DD, YYYY-MM-DD/YYYY-MM-DD "
                             f"or YYYY-MM): {exc}") from None
    elif d.field in ("fatalities", "uncertainty_km"):
        try:
            number = float(d.value) if d.field == "uncertainty_km" else int(d.value)
        except ValueError:
            raise ValueError(f"{d.value!r} is not a number") from None
        if number < 0:
            raise ValueError(f"{d.value!r} is negative")


def check(d: Decision) -> None:
    """Raise the one-line UserError for the first bad cell of ``d``."""

    def bad(column: str, message: str) -> UserError:
        return UserError(f"{d.where}: field '{column}': {message}")

    if d.action not in ACTIONS:
        raise bad("action", f"{d.action!r} is not one of {', '.join(ACTIONS)}")
    if d.incident and not _ID.match(d.incident):
        raise bad("incident", f"{d.incident!r} is not an incident id (16 hex digits)")
    if d.action == "pin":
        if not d.place.strip():
            raise bad("place", "a pin names the place as the reports write it")
        if d.quote or d.incident:
            raise bad("quote" if d.quote else "incident",
                      "a pin is keyed by place name (and source), not by incident")
    elif not (d.quote.strip() or d.incident):
        raise bad("quote", f"a {d.action} needs a quote (with its source) or an incident id")
    if d.action == "change":
        if d.field not in FIELDS:
            raise bad("field", f"{d.field!r} is not one of {', '.join(FIELDS)}")
    elif d.field:
        raise bad("field", f"only a change names a field (this is a {d.action})")
    if d.action == "merge" and not d.value.strip():
        raise bad("value", "a merge names the other incident: its id or a quote of it")
    if d.action in ("change", "pin"):
        try:
            _check_value(d)
        except ValueError as exc:
            raise bad("value", str(exc)) from None


def read_decisions(paths: Iterable[str | Path]) -> Decisions:
    """Read and check decisions files; refuse bad cells and disagreeing decisions."""
    found = Decisions()
    for path in map(Path, paths):
        found.files.append(str(path))
        found.items += _read_file(path)
    refuse_disagreements(found.items)
    return found


def _read_file(path: Path) -> list[Decision]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    if "action" not in header:
        raise UserError(f"{path}:1: no 'action' column; the header is "
                        f"{','.join(COLUMNS)} (docs/review.md)")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise UserError(f"{path}:1: unknown column '{unknown[0]}'; the columns are "
                        f"{', '.join(COLUMNS)}")
    out = []
    for line, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue  # blank lines and comments
        if len(cells) > len(header):
            raise UserError(f"{path}:{line}: {len(cells)} cells for {len(header)} columns "
                            "(quote a cell that holds a comma)")
        row = {h: restore(c).strip() for h, c in zip(header, cells, strict=False)}
        decision = Decision(action=row.pop("action").lower(), file=str(path), line=line,
                            **{k: v for k, v in row.items()})
        check(decision)
        out.append(decision)
    return out


def refuse_disagreements(items: list[Decision]) -> None:
    """Two decisions with the same key that disagree: the later line is refused."""
    seen: dict[tuple[str, ...], list[Decision]] = {}
    for d in items:
        for earlier in seen.get(d.key, []):
            why = disagreement(earlier, d)
            if why:
                raise refusal(earlier, d, why)
        seen.setdefault(d.key, []).append(d)


def refusal(a: Decision, b: Decision, why: str) -> UserError:
    """The one-line refusal of two decisions that disagree."""
    other = f"line {a.line}" if a.file == b.file else a.where
    return UserError(f"{b.where}: disagrees with {other} about {b.about()}: {why}; "
                     "keep one of them")
