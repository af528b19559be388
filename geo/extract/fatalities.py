"""How many people an event killed, when the text states a number."""

from __future__ import annotations

import re

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "a dozen": 12, "half a dozen": 6, "dozens": 24, "a": 1, "an": 1}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# (a year is no toll: "5 October 2022 - Twenty-seven soldiers were killed")
_N = (r"(?P<n{i}>(?!(?:19|20)\d\d\b)\d+(?:,\d{{3}})*|(?:" + _UNITS + r"|ten)\s+dozen|(?:" +
      "|".join(TENS) +
      r")(?:[- ](?:" + _UNITS + r"))?|" +
      "|".join(sorted(WORDS, key=len, reverse=True)) + r")")
_HEDGE = (r"(?:at\s+least\s+|some\s+|about\s+|around\s+|nearly\s+|more\s+than\s+|over\s+|"
          r"up\s+to\s+)?")
_WHO = (r"(?:[\w.’'-]+\s+){0,3}?(?:people|persons|civilians|soldiers|troops|fighters|militants|"
        r"members|servicemen|service\s+members|children|women|men|residents|others|policemen|"
        r"officers|workers|patients|passengers|crew|sailors|guards|attackers|insurgents|"
        r"personnel|Palestinians|Israelis|Ukrainians|villagers|worshippers|students|aid\s+workers)")
PATTERNS = [
    re.compile(r"\b(?:killing|killed|kills|left|leaving)\s+" + _HEDGE + _N.format(i=1) +
               r"(?:\s+" + _WHO + r")?(?!\s*(?:%|km|wounded|injured))\b", re.IGNORECASE),
    re.compile(r"\b" + _HEDGE + _N.format(i=2) + r"\s+(?:" + _WHO + r"\s+)?(?:were\s+|was\s+|"
               r"have\s+been\s+|had\s+been\s+|are\s+|being\s+)?(?:killed|dead|died|"
               r"lost\s+their\s+lives|(?:were\s+)?found\s+dead)\b",
               re.IGNORECASE),
    re.compile(r"\b(?:death\s+toll|toll)\s+(?:\w+\s+){0,3}?(?:to|of|at|reached|stood\s+at)\s+" +
               _HEDGE + _N.format(i=3) + r"\b", re.IGNORECASE),
]


def fatalities_in(text: str) -> int | None:
    """The first number of dead the text states ("killing at least 3", "five soldiers were
    killed", "the death toll rose to 20"), or None."""
    low = text.lower()
    if not any(w in low for w in ("kill", "dead", "died", "toll", "left", "leaving", "lives")):
        return None
    best: tuple[int, int] | None = None
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            raw = next(v for k, v in m.groupdict().items() if k.startswith("n") and v)
            word = raw.lower()
            if word in ("a", "an") and "killed" not in m.group().lower():
                continue
            value = number_of(word)
            if value is None or value > 100000:  # a figure, not a toll
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), value)
            break
    return best[1] if best else None


def number_of(word: str) -> int | None:
    """The value of a number as written ("12", "1,200", "twelve", "twenty-one", "dozens")."""
    if word[0].isdigit():
        return int(word.replace(",", ""))
    if word in WORDS:
        return WORDS[word]
    if word.endswith(" dozen"):  # "two dozen"
        return 12 * WORDS[word.split()[0]]
    tens, _, unit = word.replace(" ", "-").partition("-")
    return TENS[tens] + (WORDS[unit] if unit else 0) if tens in TENS else None
