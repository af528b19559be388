"""A night's interception tally for a whole country ("38 of 54 drones were shot down over the
east, north, south and centre of the country"): one interception event at country level, in
the country whose air defence fought, when the clause names no place of its own."""

from __future__ import annotations

import re
from collections import Counter

from geo.extract.cue import Cue
from geo.extract.demonyms import DEMONYMS
from geo.extract.event_places import Located

#: "25 of 38 missiles", "shot down 563 drones", "38 ... UAVs are confirmed shot down",
#: "destroyed all 12", "neutralised 40 drones".
TALLY = Cue(
    r"\b\d+(?:,\d{3})*\s+(?:out\s+)?of\s+(?:the\s+)?\d+(?:,\d{3})*\b|"
    r"\b(?:shot\s+down|shooting\s+down|downed|destroyed|intercepted|neutrali[sz]ed|"
    r"suppressed|brought\s+down)\s+(?:all\s+|at\s+least\s+|a\s+total\s+of\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?\d+(?:,\d{3})*\b|"
    r"\b\d+(?:,\d{3})*\s+(?:[\w-]+\s+){0,5}?(?:drones?|uavs|missiles|shaheds?)\b[^.;]{0,60}?"
    r"(?:shot\s+down|downed|destroyed|intercepted|neutrali[sz]ed|suppressed)\b",
    ("shot", "down", "destroyed", "intercepted", "neutrali", "suppressed", " of "))
_COUNTRY_OF = {name.lower(): code for name, code in DEMONYMS.values()}
_WHOSE = "|".join((*DEMONYMS, *(rf"{name}['’]s" for name in _COUNTRY_OF)))
#: "Ukrainian air defences", "the Russian MoD", "Russia's defence ministry": whose air defence
#: fought.
_DEFENDER = Cue(
    r"\b(?P<whose>" + _WHOSE + r")\s+(?:air[- ]defen[cs]es?|air\s+force|military|army|"
    r"forces|mod|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e)\b",
    tuple(DEMONYMS) + tuple(_COUNTRY_OF))
#: "Ukrainian drones were downed": the drones' side is the attacker, not the defender.
_ATTACKER = Cue(
    r"\b(?:" + _WHOSE + r")\s+(?:[\w-]+\s+){0,2}?(?:drones|uavs|missiles|rockets|aircraft)\b",
    tuple(DEMONYMS) + tuple(_COUNTRY_OF))


def tally_country(text: str, focus: frozenset[str], places: list[Located]) -> str:
    """The ISO code of the country whose air defence a tally clause speaks for: the one it
    names ("Ukrainian air defences", "Russia's defence ministry"), or else, unless it names
    the attacker's weapons ("Ukrainian drones"), the report's one focus country or the country
    most of its located towns lie in. "" when the clause is no tally."""
    low = text.lower()
    if not TALLY.search_lowered(low):
        return ""
    named = _DEFENDER.search_lowered(low)
    if named is not None:
        whose = named["whose"].rstrip("s").rstrip("'’")
        return DEMONYMS[whose][1] if whose in DEMONYMS else _COUNTRY_OF[whose]
    if _ATTACKER.search_lowered(low):
        return ""  # "40 Ukrainian drones were downed": by whom, the clause does not say
    if len(focus) == 1:
        return next(iter(focus))
    counts = Counter(loc.resolution.place.country for loc in places
                     if loc.resolution.resolved and loc.resolution.place.kind != "country")
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return ""


#: How many events a sentence speaks of, when it speaks of several.
COUNT_CUE = Cue(
    r"\b(?:(?P<n>\d+)\s+(?:times|attacks|separate\s+attacks|strikes|incidents|targets)|"
    # "struck 20 suspected PKK targets", "airstrikes against 36 Houthi rebel sites"
    r"(?<![:\d])(?P<sites>(?!(?:19|20)\d\d\b)[1-9]\d{1,2}(?!\d)|[3-9](?!\d))\s+"
    r"(?:(?!(?:against|on|in|at|of|and|the|from|to|by)\b)[\w-]+\s+){1,3}?"
    r"(?:targets|sites|positions|locations)|"
    r"(?:some|about|around|at\s+least|more\s+than)\s+(?P<word>two|three|four|five|six|seven|"
    r"eight|nine|ten|dozen|\d+)\s+(?:separate\s+)?(?:attacks|strikes|times|targets)|"
    r"(?P<vague>dozens\s+of|hundreds\s+of|scores\s+of|multiple|several|numerous|repeated|"
    r"a\s+series\s+of|a\s+string\s+of|a\s+spate\s+of|a\s+(?:growing\s+|large\s+)?number\s+of|"
    r"wave\s+of|more\s+than\s+\d+(?:,\d{3})*|over\s+\d+(?:,\d{3})*)\s+"
    r"(?:\w+\s+){0,3}?(?:attacks?|strikes|bombings|raids|assaults|times))\b",
    ("time", "attack", "strike", "incident", "target", "bombing", "raid", "assault", "site",
     "position", "location"))
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$")
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "dozen": 12}


def count_of(text: str) -> int | None:
    """The number of events ``text`` speaks of when several (2 for an unstated 'multiple')."""
    m = COUNT_CUE.search(text)
    if m is None:
        return None
    if m["n"]:
        if _MONTH_BEFORE.search(text.lower(), 0, m.start()):
            return None  # "the October 7 attacks": a date, not a count
        return int(m["n"])
    if m["sites"]:
        return int(m["sites"])
    if m["word"]:
        word = m["word"].lower()
        return int(word) if word.isdigit() else WORD_NUMBERS[word]
    digits = re.search(r"\d+", m["vague"].replace(",", ""))
    return int(digits.group()) if digits else 2  # "more than 300 air strikes": 300
