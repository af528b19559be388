"""Name normalization: fold scripts, diacritics and romanization variants into one key.

``name_key("Ain Al-Asad Air Base")`` gives ``NameKey(key="ain asad", kind_hint="airbase")``:
the generic words ("air base", "oil field", "province"...) are kept as a hint of the kind, not
as part of the key, so "Harir airbase", "Harir Air Base" and "Harir" share the key "harir".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Arabic: harakat, superscript alef, tatweel are dropped; alef forms, taa marbuta and alef
# maqsura are unified.
_ARABIC_DROP = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x06D6, 0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC]
)
_ARABIC_MAP = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
# Apostrophes, ayn/hamza marks and quotes vanish; dashes and other punctuation split words.
_MARKS = str.maketrans(dict.fromkeys("'’‘`´ʿʾʼʻ\"“”", ""))
_SPLIT = re.compile(r"[^\w]+|_")

#: Arabic article and its assimilated forms, as separate tokens after splitting on hyphens.
ARTICLES = frozenset(
    {"al", "el", "ul", "il", "as", "ash", "ad", "adh", "ar", "az", "at", "ath", "an", "es",
     "esh", "ed", "er", "ez", "et", "en", "ال", "d", "l"}
)
_AIN = frozenset({"ain", "ayn", "ein", "ayin", "3ayn"})

#: Generic words -> the kind they hint at. Longest phrases are tried first.
GENERIC_WORDS: dict[str, str] = {
    "international airport": "airport",
    "airport": "airport",
    "air base": "airbase",
    "airbase": "airbase",
    "air field": "airbase",
    "airfield": "airbase",
    "airstrip": "airbase",
    "landing zone": "airbase",
    "military base": "military_base",
    "base": "military_base",
    "garrison": "military_base",
    "outpost": "military_base",
    "oil field": "oil_field",
    "oilfield": "oil_field",
    "oil fields": "oil_field",
    "gas field": "gas_field",
    "gasfield": "gas_field",
    "border crossing": "border_crossing",
    "crossing": "border_crossing",
    "border post": "border_crossing",
    "province": "admin1",
    "governorate": "admin1",
    "muhafazat": "admin1",
    "wilayat": "admin1",
    "oblast": "admin1",
    "city of": "city",
    "town of": "town",
    "village of": "village",
    "city": "city",
    "town": "town",
    "village": "village",
    "district": "",
    "subdistrict": "",
    "raion": "",
    "rayon": "",
    "hromada": "",
    "governate": "admin1",
    "prov": "admin1",
    "province of": "admin1",
    "governorate of": "admin1",
    "countryside": "",
    "rural": "",
    "intl": "",
    "international": "",
    "air station": "airbase",
    "ab": "airbase",
    "military airport": "airbase",
    "military airfield": "airbase",
    "military airbase": "airbase",
    "military air base": "airbase",
    "air force base": "airbase",
    "afb": "airbase",
    "military outpost": "military_base",
    "natural gas field": "gas_field",
    "border gate": "border_crossing",
    "checkpoint": "border_crossing",
    "area": "",
    "gov": "admin1",
    "oil town": "town",
    "aeroport de": "airport",
    "aeroport d": "airport",
    "aeroport": "airport",
    "base aerienne de": "airbase",
    "base aerienne d": "airbase",
    "province de": "admin1",
    "province d": "admin1",
    "gouvernorat de": "admin1",
    "gouvernorat d": "admin1",
    "poste frontiere de": "border_crossing",
    "poste frontiere d": "border_crossing",
    "township": "",
    "refugee camp": "",
    "camp": "",
    "region": "admin1",
    "state": "admin1",
    "محافظة": "admin1",
    "مطار": "airport",
    "قاعدة": "military_base",
    "حقل": "oil_field",
    # more generic words analysts meet: English, French, Turkish and Arabic
    "border town": "town",
    "border city": "city",
    "border point": "border_crossing",
    "border checkpoint": "border_crossing",
    "logistics base": "military_base",
    "support base": "military_base",
    "forward operating base": "military_base",
    "fob": "military_base",
    "military installation": "military_base",
    "installation": "military_base",
    "gas plant": "gas_field",
    "military camp": "military_base",
    "military garrison": "military_base",
    "oil wells": "oil_field",
    "oil facility": "oil_field",
    "oil facilities": "oil_field",
    "petroleum field": "oil_field",
    "frontier crossing": "border_crossing",
    "helipad": "airbase",
    "heliport": "airbase",
    "idp camp": "",
    "displacement camp": "",
    "kibbutz": "village",
    "moshav": "village",
    "holy city of": "city",
    "ville": "city",
    "ville de": "city",
    "ville d": "city",
    "base militaire de": "military_base",
    "base militaire d": "military_base",
    "champ petrolier de": "oil_field",
    "champ petrolier d": "oil_field",
    "sinir kapisi": "border_crossing",
    "havalimani": "airport",
    "الجوية": "airbase",
    "الجوي": "airbase",
    "العسكري": "military_base",
    "العسكرية": "military_base",
    "الدولي": "airport",
    "مدينة": "city",
    "بلدة": "town",
    "قرية": "village",
    "قضاء": "",
    "ناحية": "",
    "منطقة": "",
    "معبر": "border_crossing",
    "منفذ": "border_crossing",
    "ميناء": "",
    "ريف": "",
}

#: Words that name a kind of place but no place. Alone ("Zone", "the capital") they are no
#: place name; a name that is only generic words and one of these ("International Zone")
#: keeps all its words in its key, so that "Zone" does not match it.
BARE_GENERIC = frozenset({
    "zone", "sector", "front", "frontline", "capital", "county", "territory", "municipality",
    "neighbourhood", "neighborhood", "quarter", "port", "harbour", "harbor", "border",
    "settlement", "suburb", "suburbs", "outskirts", "site", "facility", "compound", "enclave",
    "headquarters", "locality", "hamlet", "station", "checkpoints", "bases", "camps",
})

_ONE_WORD_GENERIC = tuple((p, k) for p, k in GENERIC_WORDS.items()
                          if " " not in p and p.isascii() and len(p) >= 4)
#: Every word of a generic phrase long enough to be told from a name when misspelled.
_GENERIC_VOCABULARY = frozenset(
    [*(w for p in GENERIC_WORDS for w in p.split() if w.isascii() and len(w) >= 5),
     *(p for p, _ in _ONE_WORD_GENERIC)])

# Romanization folds applied inside each Latin token, in order (see _fold_latin).
_SKY = re.compile(r"(?<=[sc]k|ts)(?:iy|yi|yy|ii|ij|y)$")  # -skyi/-sky/-skiy/-ski
_IYA = re.compile(r"(?<=..)(?:iia|iya|ija|ya)$")
_EI_AY = re.compile(r"ei|ay")
_DOUBLE = re.compile(r"(.)\1+")
_VOWEL_END = re.compile(r"(?<=...)(?:ah|eh|e)$")
_GLUED_ARTICLE = re.compile(r"^e([zdrstn])(?=\1.)")
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True)
class NameKey:
    key: str
    kind_hint: str = ""


@lru_cache(maxsize=1 << 17)
def fold_text(text: str) -> str:
    """Unicode NFKC, casefold, no diacritics, Arabic letters unified; punctuation kept."""
    if text.isascii():  # the same, without the Unicode passes ASCII needs none of
        return _POSSESSIVE.sub("", text.lower()).translate(_MARKS)
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    text = text.translate(_ARABIC_DROP).translate(_ARABIC_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return text.translate(_MARKS)


#: First folded word -> the generic phrases it starts (folded as names are), longest first.
_GENERIC_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _kind in sorted(GENERIC_WORDS.items(), key=lambda item: -len(item[0].split())):
    _words = tuple(fold_text(_phrase).split())
    _GENERIC_BY_FIRST.setdefault(_words[0], []).append((_words, _kind))

#: An article or word glued to the next capitalized one ("AlNajaf", "CampArifjan").
_GLUED_CAPITAL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


#: French elision ("d'Alep", "l'Euphrate"): the article is a word of its own.
_ELISION = re.compile(r"(?=[dlDL])(?<![^\W\d_])([dlDL])['’](?=[^\W\d_])")


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text`` (hyphens, punctuation and glued capitals split words)."""
    text = _ELISION.sub(r"\1 ", _GLUED_CAPITAL.sub(" ", text))
    return [t for t in _SPLIT.split(fold_text(text)) if t]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


#: A one-letter deletion of a generic word -> the generic words it comes from (a misspelling
#: one edit away shares the word itself or one of these with it).
_GENERIC_DELETIONS: dict[str, set[str]] = {}
for _word in _GENERIC_VOCABULARY:
    for _deleted in _deletions(_word):
        _GENERIC_DELETIONS.setdefault(_deleted, set()).add(_word)
_ONE_WORD = frozenset(p for p, _ in _ONE_WORD_GENERIC)
_LONGEST_GENERIC = max(map(len, _GENERIC_VOCABULARY))  # one edit longer is the most to check


@lru_cache(maxsize=1 << 14)
def _generic_spelling(word: str, first: bool, last: bool) -> str:
    """``word`` as the generic word it misspells ("Aiport", "Internatonal", "Bsae" in "Air
    Bsae"), else as it is. Never the first word; a letter added or dropped only in words of
    six letters or more; four-letter words only last (a swapped or wrong letter)."""
    from rapidfuzz.distance import OSA

    n = len(word)
    if first or n < 4 or n > _LONGEST_GENERIC + 1 or (n == 4 and not last) or \
            word in _GENERIC_VOCABULARY or not word.isascii():
        return word
    near = set(_GENERIC_DELETIONS.get(word, ()))  # a letter dropped from a generic word
    for deleted in _deletions(word):  # a letter added, changed or swapped
        if deleted in _GENERIC_VOCABULARY:
            near.add(deleted)
        near.update(_GENERIC_DELETIONS.get(deleted, ()))
    for generic in sorted(near, key=lambda g: (g not in _ONE_WORD, g)):
        if abs(len(generic) - n) > (1 if min(n, len(generic)) >= 6 else 0):
            continue
        if OSA.distance(word, generic, score_cutoff=1) == 1:
            return generic
    return word


def _fold_token(token: str) -> str:
    if token in _AIN:
        return "ain"
    if token.startswith("ال") and len(token) > 3:  # Arabic article written joined
        token = token[2:]
    return _fold_latin(token) if token.isascii() else token


def _fold_latin(t: str) -> str:
    """kh/h, gh/g, dj/j, tz/ts, -sky/-skyi, -iya/-ia, q/k, ou/u, ee/i, ei/ay/ai, zhzh/zh,
    -aing/-ai, -th/-t, -iw/-iv, doubled letters, -ah/-eh/-e endings; each tested cheaply
    before it is applied."""
    if "kh" in t:
        t = t.replace("kh", "h")
    if "gh" in t:
        t = t.replace("gh", "g")
    if t.startswith("dj"):
        t = "j" + t[2:]
    if "tz" in t:
        t = t.replace("tz", "ts")
    if t.endswith(("y", "i", "j")):
        t = _SKY.sub("i", t)
    if t.endswith("a"):
        t = _IYA.sub("ia", t)
    if "q" in t:
        t = t.replace("q", "k")
    if "ou" in t:
        t = t.replace("ou", "u")
    if "ee" in t:
        t = t.replace("ee", "i")
    if "ei" in t or "ay" in t:
        t = _EI_AY.sub("ai", t)
    if "zhzh" in t:  # Zaporizhzhia/Zaporizhia: a doubled digraph
        t = t.replace("zhzh", "zh")
    if t.endswith("aing") and len(t) > 5:  # Laukkaing/Laukkai: Burmese -aing, written -ai
        t = t[:-2]
    if t.endswith(("th", "iw")):  # Sderoth/Sderot (Hebrew tav); Kharkiw/Kharkiv (Polish w)
        t = t[:-1] if t.endswith("th") else t[:-1] + "v"
    t = _DOUBLE.sub(r"\1", t)
    if t.endswith(("ah", "eh", "e")):
        t = _VOWEL_END.sub("a", t)
        if t.endswith("a"):  # "Kabkabiyah" ends as "Kabkabiya" does
            t = _IYA.sub("ia", t)
    return t


def strip_generic(words: list[str]) -> tuple[list[str], str]:
    """Remove generic phrases (anywhere, misspelled or not); return the rest and the first kind
    they hint."""
    spelled = [_generic_spelling(w, i == 0, i == len(words) - 1) for i, w in enumerate(words)]
    hint = ""
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, kind in _GENERIC_BY_FIRST.get(spelled[i], ()):
            n = len(phrase)
            if tuple(spelled[i : i + n]) == phrase:
                if i + n < len(words) and words[i + n] in BARE_GENERIC:
                    continue  # "International Zone": a name of its own, kept whole
                hint = hint or kind
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out, hint


#: Generic phrases as folded word tuples (to tell a name that is only one of them).
_GENERIC_PHRASES = frozenset(tuple(fold_text(p).split()) for p in GENERIC_WORDS)


@lru_cache(maxsize=1 << 14)
def generic_only(name: str) -> bool:
    """Whether ``name`` is only a generic word or phrase ("Zone", "Base", "the Airport",
    "Province", "air base"): no place name on its own, never looked up."""
    words = tuple(w for w in tokens(name) if w not in ARTICLES and w != "the")
    return bool(words) and (words in _GENERIC_PHRASES or
                            (len(words) == 1 and words[0] in BARE_GENERIC))


def generic_key(key: str) -> bool:
    """Whether a name key (as ``key_of`` gives) is only a generic word: a shorter reading of a
    longer name that is no place name ("Zone" of "Kokang Self-Administered Zone")."""
    return bool(key) and " " not in key and key in _GENERIC_KEYS


@lru_cache(maxsize=65536)
def name_key(name: str) -> NameKey:
    """The normalized key of a place name and the kind its generic words hint at."""
    words = tokens(name)
    rest, hint = strip_generic(words)
    if not rest or (len(rest) == 1 and rest[0] in BARE_GENERIC):
        rest = words  # only generic words ("Base", "International Zone"): keep them all
    if len(rest) > 1 and rest[0] == "the":
        rest = rest[1:]
    # "Deir Ezzor": an assimilated article written onto its (non-first) word
    rest = [rest[0], *(_GLUED_ARTICLE.sub(r"\1", w) for w in rest[1:])] if rest else rest
    core = [w for w in rest if w not in ARTICLES] or rest
    key = " ".join(_fold_token(w) for w in core)
    return NameKey(key, hint)


def key_of(name: str) -> str:
    return name_key(name).key


_GENERIC_KEYS = frozenset(
    _fold_token(w) for w in (*BARE_GENERIC, *(p[0] for p in _GENERIC_PHRASES if len(p) == 1)))


#: Arabic articles written as words ("El-Hodeidah", "al Qaim").
_ARTICLE_WORDS = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az",
                            "ed", "er", "es", "et", "ez"})


def spelled_alike(a: str, b: str) -> bool:
    """The same letters in order, case, marks, hyphens and Arabic articles aside ("Hodeidah"
    and "El-Hodeidah"), unlike a folded key ("Toulin" and "Tulin" share one)."""
    def letters(name: str) -> str:
        return "".join(t for t in tokens(name) if t not in _ARTICLE_WORDS)
    return letters(a) == letters(b)
