"""What the words around a capitalized name say of it: a locative word before it ("in",
"the city of"), a generic word after it ("base", "Raion"), a list line it opens, a passive
attack it is the subject of, a kind named before a list ("the provinces of ...")."""

from __future__ import annotations

import re

from gazetteer.normalize import GENERIC_WORDS

LOCATIVE = re.compile(
    r"(?=[abcfinothsrdkgwpl])"  # first letters below: lets the engine pass over other places fast
    r"(?:\b(?:in|at|near|from|outside|around|into|across|toward|towards|to|of|on|over|off|"
    r"inside|between|and|hit|hitting|struck|striking|shelled|shelling|bombed|bombing|targeted|"
    r"targeting|attacked|attacking|raided|stormed|pounded|killed\s+in|downed\s+over|"
    r"liberated|captured|took|seized|retook|besieged|the\s+(?:city|town|village|province|"
    r"governorate|region|area|oblast|state|district)\s+of|base\s+of|capital\s+is)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|"
    r"south-?western|central|neighbou?ring|frontline|front-line|besieged)\s+)?)$"
    r"|\(\s*$",
    re.IGNORECASE,
)
#: A place that is the subject of an attack told in the passive ("Kidal was the target of",
#: "Banibangou came under fire"): named as a place without a locative word before it.
ATTACKED_AFTER = re.compile(
    r"\s+(?:was|were|has\s+been|had\s+been|came|again\s+came)\s+(?:again\s+|also\s+|once\s+"
    r"more\s+)?(?:the\s+target\s+of|targeted|attacked|hit|struck|shelled|bombed|raided|"
    r"stormed|overrun|under\s+(?:attack|fire|shelling|bombardment|assault))\b")
#: A name followed by a building and the place it stands in names the building ("the
#: Al-Faluja school in Jabalia camp", "the Kafr Qasim school in al-Shati camp"): not a town.
FACILITY_NAMED = re.compile(
    r"\s+(?:school|hospital|mosque|church|clinic|university|college|stadium|market|bakery|"
    r"medical\s+(?:complex|centre|center)|complex)(?:\s+compound)?\s+(?:in|at|near)\s+"
    r"(?:the\s+)?(?![\w'’-]+\s+(?i:oblast|province|governorate|region|state|raion)\b)[A-Z]")
#: A list line or a dated heading opens with its place: "– Kharkiv:", "20 March — Gao (".
LINE_LEAD = re.compile(r"(?:^|\n)[ \t]*[•*·▪►–—-][ \t•*·▪►–—-]*$|\s[–—]\s*$")
#: A line that opens with a name and no bullet makes it a place only as a heading does:
#: "Kharkiv: ...", "Kharkiv (Kharkiv oblast).", "GAZA CITY, Jan 5" (not "Loud explosions ...").
LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
HEADING_AFTER = re.compile(r"[ \t]*(?:[:(,.]|[–—-][ \t]|$|\n)")
#: A cell of a pipe-separated coding log ("14 Dec 2025 | South Kordofan | Dilling | ...").
CELL_BEFORE = re.compile(r"\|[ \t]*$")
CELL_AFTER = re.compile(r"[ \t]*(?:\||$|\n)")
BEFORE_HINT = re.compile(
    r"(?=[ctvpgbaCTVPGBA])"  # (first letters: a faster scan)
    r"\b(?P<word>(?i:city|town|village|province|governorate|base|garrison|airbase|airport))"
    r"(?i:s)?\s+(?i:of)\s+"
    r"(?:the\s+)?(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s+|[A-Z][\w'’-]+\s+and\s+){0,4}$")
#: (matched case-sensitively after "of": "the provinces of Hodeidah, Taiz, Hajjah and Saada")
BEFORE_HINT_KIND = {"city": "city", "town": "city", "village": "village", "province": "admin1",
                    "governorate": "admin1", "base": "military_base",
                    "garrison": "military_base", "airbase": "airbase", "airport": "airport"}
#: "Dnipropetrovsk and Donetsk oblasts": each name of the list is a province.
AREAS_AFTER = re.compile(r"(?:\s*(?:,|\band\b)\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?){0,9}\s+"
                          r"(?:oblasts|provinces|regions|governorates|states)\b")
#: "The Khotin, Yunakivka and Esman hromadas came under fire": names listed before their kind.
LISTED_KIND_AFTER = re.compile(r"(?:\s*(?:,|\band\b)\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)"
                               r"{0,9}\s+(?:oblasts|provinces|regions|governorates|states|"
                               r"hromadas|raions|districts|townships|villages|towns|cities)\b")
GENERIC_AFTER = re.compile(  # (a name's other form may stand between: "Rakhine (Arakan) state")
    r"(?:\s+\([^()\n]{1,30}\))?"
    r"\s+(?:(?:US|U\.S\.|American|occupation|military|Iraqi|Syrian|coalition)\s+){0,3}"
    r"(?P<g>" + "|".join(sorted((re.escape(g) for g in GENERIC_WORDS if g.isascii()
                                     and not g.endswith((" of", " de", " d"))),
                                    key=len, reverse=True)) + r")\b", re.IGNORECASE)
