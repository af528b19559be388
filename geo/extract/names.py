"""People's and organisations' names, which are not places ("spokesman Yahya Saree",
"Saba news agency")."""

from __future__ import annotations

import re

from geo.extract.stopwords import STOP

#: Titles before a person's name ("spokesman Yahya Saree"), and words after an organisation's
#: name ("Saba news agency"): the names they go with are not places.
PERSON = re.compile(
    r"(?=[scmpgloaekirMD])"  # the titles' first letters: the engine skips to them fast
    r"\b(?:spokes(?:man|woman|person)|minister|commander|president|general|gen\.|chief|leader|"
    r"official|colonel|col\.|lt\.|major|captain|sheikh|governor|mayor|ambassador|envoy|"
    r"secretary|premier|king|prince|emir|imam|cleric|analyst|researcher|correspondent|Mr\.?|"
    r"Mrs\.?|Ms\.?|Dr\.?)\s+(?P<name>(?:[A-Z][\w'’-]+[ \t]+){0,3}[A-Z][\w'’-]+)")
#: A name followed by a role ("Yassin Rabia, commander of ...") is a person's too. A name
#: stays on one line ("... hit Uman" above "Ihor Taburets, head of ..." is no name).
PERSON_BEFORE_ROLE = re.compile(
    r"(?=[A-Z])(?<![\w'’-])(?P<name>(?:[A-Z][\w'’-]+[ \t]+){1,3}[A-Z][\w'’-]+),\s+(?:a\s+|the\s+)?"
    r"(?:senior\s+|top\s+|"
    r"deputy\s+|former\s+|local\s+)?(?:commander|leader|official|spokes(?:man|woman|person)|"
    r"member|chief|head|founder|minister|deputy|operative|militant|fighter)\b")
#: A ship's name after its prefix ("M/V HUANG PU", "the tanker Marlin Luanda"): not a place,
#: here or where it stands again.
VESSEL = re.compile(r"(?=[MUHtfbvs])"  # (first letters: a faster scan)
                    r"\b(?:M/V|MV|M/T|MT|USS|HMS|tanker|freighter|bulk\s+carrier|vessel|ship)\s+"
                    r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})")
#: Broadcasters whose names read as places ("a cameraman for Al Jazeera" is not al-Jazira).
MEDIA = re.compile(r"(?=A)\b(?P<name>Al[- ](?:Jazeera|Arabiya|Mayadeen|Manar|Masirah|Hadath))\b"
                   r"(?!\s+(?:area|town|city|district|countryside|region|desert|outskirts)\b)")
#: Words after a place's name that make it a body's name ("Saba news agency") or a clock's
#: ("at 8:30 p.m. (Sanaa time)"), not where anything happened.
ORGANISATION_AFTER = re.compile(
    r"\s+(?:(?:regional|military|local|state|city|oblast|provincial|district|interim|islamic|"
    r"national|central|teaching|general)\s+){0,3}"
    r"(?:news|agency|TV|television|channel|newspaper|radio|media|network|daily|times?|"
    r"post|institute|foundation|university|company|corporation|group|ministry|health\s+"
    r"ministry|authorities|officials|police|civil\s+defen[cs]e|government|council|governor|"
    r"administration|municipality|emergency\s+services?|emergencies|services?)\b", re.IGNORECASE)



#: Parts of names that places share ("Al" of Mohammed Shia Al Sudani and of Ain Al Asad): a
#: person's name does not mask them elsewhere.
NAME_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn",
                            "bint", "abu", "abd", "abdul", "bou", "ould", "ag", "de", "di", "van",
                            "von", "der", "la", "le"})


#: A run of the characters a name's word is made of.
_RUN = re.compile(r"(?<![\w’'-])[\w’'-]+")


def person_spans(text: str) -> list[tuple[int, int]]:
    """Where people's names stand: after a title, and each of their words again elsewhere."""
    found = [*PERSON.finditer(text), *PERSON_BEFORE_ROLE.finditer(text)]
    if "Al" in text:
        found += MEDIA.finditer(text)
    found += VESSEL.finditer(text)
    if not found:
        return []
    words = {w for m in found for w in m["name"].split()
             if w.casefold() not in STOP and w.casefold() not in NAME_PARTICLES}
    if not words:
        return []
    # a name's words are runs of _RUN's characters: a run that is one of them is where it
    # stands again (one scan, no pattern compiled per text)
    return [m.span() for m in _RUN.finditer(text) if m.group() in words]
