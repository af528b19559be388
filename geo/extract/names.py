"""People's and organisations' names, which are not places ("spokesman Yahya Saree",
"Saba news agency")."""

from __future__ import annotations

import re

from geo.extract.stopwords import STOP

#: Titles before a person's name ("spokesman Yahya Saree"), and words after an organisation's
#: name ("Saba news agency"): the names they go with are not places.
PERSON = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|commander|president|general|gen\.|chief|leader|"
    r"official|colonel|col\.|lt\.|major|captain|sheikh|governor|mayor|ambassador|envoy|"
    r"secretary|premier|king|prince|emir|imam|cleric|analyst|researcher|correspondent|Mr\.?|"
    r"Mrs\.?|Ms\.?|Dr\.?)\s+(?P<name>(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+)")
ORGANISATION_AFTER = re.compile(
    r"\s+(?:news|agency|TV|television|channel|newspaper|radio|media|network|daily|times|"
    r"post|institute|foundation|university|company|corporation|group)\b", re.IGNORECASE)

def person_spans(text: str) -> list[tuple[int, int]]:
    """Where people's names stand: after a title, and each of their words again elsewhere."""
    if not PERSON.search(text):
        return []
    words = {w for m in PERSON.finditer(text) for w in m["name"].split()
             if w.casefold() not in STOP}
    if not words:
        return []
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, sorted(words))) +
                         r")(?![\w’'-])")
    return [m.span() for m in pattern.finditer(text)]
