"""Country adjectives ("Iranian", "Sudanese"): which country a report's words point to.

"The Iranian city of Kerman" places Kerman in Iran as surely as a dateline would; a count
of attacks on "Syrian" soil is a count in Syria.
"""

from __future__ import annotations

import re

from geo.extract.lowercase import lowered

#: adjective (lower case) -> (country name as the gazetteer knows it, ISO 3166-1 alpha-2)
DEMONYMS: dict[str, tuple[str, str]] = {
    "iraqi": ("Iraq", "IQ"), "syrian": ("Syria", "SY"), "jordanian": ("Jordan", "JO"),
    "iranian": ("Iran", "IR"), "turkish": ("Turkey", "TR"), "israeli": ("Israel", "IL"),
    "palestinian": ("Palestine", "PS"), "lebanese": ("Lebanon", "LB"),
    "egyptian": ("Egypt", "EG"), "saudi": ("Saudi Arabia", "SA"), "yemeni": ("Yemen", "YE"),
    "ukrainian": ("Ukraine", "UA"), "russian": ("Russia", "RU"), "belarusian": ("Belarus", "BY"),
    "sudanese": ("Sudan", "SD"), "chadian": ("Chad", "TD"), "libyan": ("Libya", "LY"),
    "malian": ("Mali", "ML"), "burkinabe": ("Burkina Faso", "BF"), "nigerien": ("Niger", "NE"),
    "nigerian": ("Nigeria", "NG"), "somali": ("Somalia", "SO"), "ethiopian": ("Ethiopia", "ET"),
    "burmese": ("Myanmar", "MM"), "congolese": ("Democratic Republic of the Congo", "CD"),
    "afghan": ("Afghanistan", "AF"), "pakistani": ("Pakistan", "PK"),
}
#: ISO code -> country name as the gazetteer knows it
COUNTRY_NAMES: dict[str, str] = {code: name for name, code in DEMONYMS.values()}
#: "the Iranian city of Kerman", "the Sudanese town of Atbara": the place's own country.
_KIND_OF = lowered(r"(?=[ctvprgosd])"  # (first letters: a faster scan)
                   r"\b(?:city|town|village|port|capital|province|region|governorate|oblast|"
                   r"state|district)\s+of\b")
_ADJECTIVE_BEFORE = lowered(
    r"\b(?P<adj>" + "|".join(DEMONYMS) + r")\s+(?:(?:border|port|capital|coastal|frontline|"
    r"front-line|northern|southern|eastern|western|central)\s+)?$")


def countries_of_places(text: str) -> set[str]:
    """ISO codes of the countries ``text`` sets a place in by its adjective ("the Iranian city
    of Kerman")."""
    low = text.lower()
    found = set()
    for m in _KIND_OF.finditer(low):
        adjective = _ADJECTIVE_BEFORE.search(low, max(0, m.start() - 40), m.start())
        if adjective is not None:
            found.add(DEMONYMS[adjective["adj"]][1])
    return found


def country_named(text: str) -> list[str]:
    """The first country ``text`` names by its adjective, as a gazetteer name (or none)."""
    words = {w.lower() for w in re.findall(r"[A-Z][a-z]+", text)}
    return [name for word, (name, _) in DEMONYMS.items() if word in words][:1]
