"""Relative place phrases before a mention: "10 km north of", "south of", "near", "eastern"."""

from __future__ import annotations

import re

_DIRS = (r"(?:north|south)-?(?:north|south)?-?(?:east|west)|(?:east|west)-?(?:north|south)-?"
         r"(?:east|west)|north|south|east|west|(?-i:[NS]{1,2}[EW]|[EW][NS][EW]|[NSEW])")
#: What may stand between the phrase and the name: "of the Niger capital Niamey", "near the
#: town of Boni", "outside the regional capital, Gao".
_WHAT = (r"(?:(?:[A-Z][\w'’-]+\s+|provincial\s+|regional\s+|district\s+|state\s+|border\s+|"
         r"coastal\s+|northern\s+|southern\s+|eastern\s+|western\s+|central\s+)?(?:capital|city|"
         r"town|village|port|commune|hamlet|locality)(?:\s+of)?,?\s+)?")
#: Compass abbreviations, as words ("WSW" -> "westsouthwest").
_ABBREVIATED = {"N": "north", "S": "south", "E": "east", "W": "west"}
RELATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("distance", re.compile(
        rf"(?P<n>\d+(?:\.\d+)?|several|a\s+few|few|some|a\s+couple\s+of)\s*-?\s*"
        rf"(?P<u>km|kms|kilomet(?:er|re)s?|nautical\s+miles?|nm|miles?)\s+"
        rf"(?:\([\d.,]+\s*(?:km|kms|kilomet(?:er|re)s?|miles?|nm)\)\s+)?"  # "70 km (45 miles)"
        rf"(?:(?P<dir>{_DIRS})\s+)?"
        rf"(?:of|from|away\s+from|outside(?:\s+of)?)\s+(?:the\s+)?{_WHAT}$", re.IGNORECASE)),
    ("direction", re.compile(
        rf"\b(?P<dir>{_DIRS})(?:ern)?\s+of\s+(?:the\s+(?:city|town|village|province)\s+of\s+)?"
        rf"(?:the\s+)?$", re.IGNORECASE)),
    # "off Hodeidah", "off the coast of Mocha": at sea, near a coastal place
    ("off", re.compile(
        r"\boff\s+(?:the\s+)?(?:(?:coast|shores?)\s+of\s+|(?:coastal|port)\s+(?:city|town)\s+of\s+|"
        r"port\s+of\s+)?(?:the\s+)?(?:\w+['’]s\s+)?$", re.IGNORECASE)),
    ("near", re.compile(
        r"\b(?:near|close\s+to|outside(?:\s+of)?|on\s+the\s+outskirts\s+of|outskirts\s+of|"
        r"in\s+the\s+vicinity\s+of|around|nearby)\s+(?:the\s+)?(?:\w+['’]s\s+)?" + _WHAT + "$",
        re.IGNORECASE)),
    ("part", re.compile(
        r"\b(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest|north-?east|"
        r"north-?west|south-?east|south-?west|central)(?:ern)?\s+$", re.IGNORECASE)),
)
#: How the last word of each phrase of RELATIONS ends ("of", "near", "eastern", ...)
_RELATION_WORD_ENDS = ("of", "from", "outside", "near", "nearby", "to", "around", "north",
                       "south", "east", "west", "central", "ern", "off", "capital", "city",
                       "town", "village", "port", "commune", "hamlet", "locality")
WORD_KM = {"several": 10.0, "a few": 5.0, "few": 5.0, "some": 10.0, "a couple of": 3.0}


def _may_relate(window: str) -> bool:
    """Whether a phrase of RELATIONS can end ``window``, cheaply: each ends in a space, its
    last word among the window's last three words (after it may come "the" and a possessive)."""
    if not window[-1:].isspace():
        return False
    return any(word.casefold().endswith(_RELATION_WORD_ENDS)
               for word in window.rsplit(None, 3)[-3:])


def relation_before(text: str, begin: int) -> tuple[str, float | None, str, int | None]:
    """The relative phrase just before a mention: (kind, km, direction, where it starts)."""
    offset = max(0, begin - 60)
    window = text[offset:begin]
    if not _may_relate(window):
        return "", None, "", None  # most mentions follow "in" or "and"
    for kind, pattern in RELATIONS:
        m = pattern.search(window)
        if m is None:
            continue
        groups = m.groupdict()
        km = None
        if kind == "distance":
            n = " ".join(groups["n"].lower().split())
            km = WORD_KM.get(n) or float(n)
            unit = groups["u"].lower()
            if unit.startswith("mile"):
                km *= 1.609
            elif unit.startswith(("nautical", "nm")):
                km *= 1.852
        raw = groups.get("dir") or ""
        if len(raw) <= 3 and raw.isupper():  # "WSW"; a word in capitals ("NORTH") is a word
            raw = "".join(_ABBREVIATED[c] for c in raw)
        direction = raw.lower().replace("-", "")
        return kind, km, direction, offset + m.start() + (len(m.group()) - len(m.group().lstrip()))
    return "", None, "", None
