"""What a word of a place name is, and where a name starts and ends: capitals, Arabic articles
and connectors ("al-", "bin"), words that open a sentence, and the tails of longer names (a
family's "Abu Nasr", the "Am" of "Misgav Am") that are no place of their own."""

from __future__ import annotations

import re

from geo.extract.stopwords import STOP

#: Words that open an Arabic family or person's name ("Abu Nasr", "Umm Malik").
KIN_WORDS = frozenset({"abu", "abou", "umm", "ibn", "bin", "bint"})
_ARTICLES = ("al", "el", "ul", "as", "ash", "ad", "adh", "ar", "az", "at", "ath", "an", "es", "ed",
             "er", "ez", "et")
ARTICLE_PREFIX = re.compile(rf"^(?:{'|'.join(_ARTICLES)})-", re.I)
CONNECTORS = frozenset({"al", "el", "ez", "es", "ed", "er", "ash", "as", "ad", "ar", "az", "at",
                        "an", "bin", "ibn", "abu", "umm", "bani", "de", "du", "des"})
#: (and "of", inside a name only when the whole is a known one: "Gulf of Aden")
_LOWER_PARTS = sorted(CONNECTORS | set(_ARTICLES) | {"of"}, key=len, reverse=True)
#: The tokens of TOKEN that can be part of a name, without visiting the others: those that do
#: not start with a lowercase ASCII letter, and the connectors and articles that do ("al",
#: "bin", "al-Asad"). A superset (is_name_word and CONNECTORS decide), that drops only tokens
#: that are no name part and start with no capital. The look-ahead first lets the engine
#: skip to plausible first letters; the look-behinds keep TOKEN's boundaries (no token starts
#: inside a word, nor after a hyphen that joins it to one).
NAME_PART_TOKEN = re.compile(
    rf"(?=[A-Z0-9{''.join(sorted({w[0] for w in _LOWER_PARTS}))}\u0080-\U0010ffff])"
    r"(?<![\w’'])(?<![\w’']-)"
    rf"(?:[^\W_a-z]|(?i:{'|'.join(_LOWER_PARTS)})(?![\w’']))"
    r"[\w’']*(?:-[\w’']+)*")

def is_name_word(token: str) -> bool:
    """Whether ``token`` can be a word of a name: starting with a capital or a digit, in Arabic
    script, or a capitalized word with an article written onto it ("al-Asad")."""
    first = token[0]
    if "\u0600" <= first <= "\u06ff":
        return True
    if "-" in token[2:4] and ARTICLE_PREFIX.match(token):  # (the cheap test first)
        rest = token.split("-", 1)[1]
        return bool(rest) and rest[0].isupper()
    return first.isupper() or first.isdigit()


def startable(token: str) -> bool:
    """Whether a name-like token can begin a name: no stop word, no bare number."""
    return token.casefold().strip("'’") not in STOP and not token.isdigit()


def continues(text: str, end: int, token: tuple[str, int, int]) -> bool:
    """The name goes on with a capitalized word ("Tal Baydar", "Bab al-Mandab"): only part."""
    word, begin, _ = token
    if text[end:begin] != " ":
        return False
    if ARTICLE_PREFIX.match(word) and "-" in word:
        rest = word.split("-", 1)[1]
        return bool(rest) and rest[0].isupper()
    return word[0].isupper() and word.casefold() not in STOP and word.casefold() not in CONNECTORS


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“‘(]\s*)$")


def sentence_start(text: str, begin: int) -> bool:
    """The word at ``begin`` opens a sentence, a line or a quote (its capital says nothing)."""
    return bool(_SENTENCE_START.search(text, max(0, begin - 4), begin))


def inside_longer_name(text: str, toks: list[tuple[str, int, int]], i: int,
                        name_like: list[bool]) -> bool:
    """The token run starting at ``i`` follows another capitalized word with only a space
    between: it is the tail of a longer name the gazetteer does not hold. A possessive ends
    a name ("Yemen's Aden")."""
    if i == 0 or not name_like[i - 1]:
        return False
    word, _, prev_end = toks[i - 1]
    if word.casefold() in KIN_WORDS and text[prev_end:toks[i][1]] == " ":
        return True  # "Umm Malik Abu Nasr", "the Abu Nasr building": a family's name
    return (not word.endswith(("'s", "’s")) and text[prev_end:toks[i][1]] == " " and
            startable(word) and word.casefold() not in CONNECTORS and not word[0].isdigit())


def in_kin_name(text: str, toks: list[tuple[str, int, int]], i: int) -> bool:
    """The token at ``i`` ends a person's name joined by "bin", "ibn", "Abu" ... a word or two
    before it ("Khaled bin Dowaid Muthanna")."""
    for j in range(i - 1, max(-1, i - 3), -1):
        if text[toks[j][2]:toks[j + 1][1]] != " ":
            return False
        if toks[j][0].casefold() in KIN_WORDS:
            return True
    return False


#: A name before a vehicle is its maker ("a Toyota vehicle", "a Kia pickup"), no place.
VEHICLE_AFTER = re.compile(r"\s+(?:vehicles?|cars?(?!\s+bomb)|pick-?ups?|trucks?|SUVs?|jeeps?|"
                           r"sedans?|vans?|minibus(?:es)?|Land\s+Cruisers?|Hilux)\b", re.I)
#: An acronym that speaks is a news agency ("SANA reported", "IRNA said"), no place.
SPEAKS_AFTER = re.compile(r"\s+(?:reported|reports|said|says|quoted|cited|added|stated|"
                          r"announced|published)\b")
#: ... or that an outlet names ("Syria's state-run news agency, SANA").
OUTLET_BEFORE = re.compile(r"\b(?:agency|outlet|broadcaster|channel|newspaper|daily|radio|tv)"
                           r"\W{0,3}$", re.I)


def names_no_place(text: str, begin: int, end: int) -> bool:
    """Whether the words around a name make it a maker of vehicles or a news agency."""
    return bool(VEHICLE_AFTER.match(text, end) or (
        end - begin <= 6 and text[begin:end].isupper() and (
            SPEAKS_AFTER.match(text, end) or OUTLET_BEFORE.search(text, max(0, begin - 16),
                                                                  begin))))
