"""Place mentions in text: the gazetteer's own names, and patterns for names it lacks.

Spans of capitalized words are looked up by their normalized key, longest first. A curated
name counts wherever it stands; a name known only to the GeoNames tier counts only after a
locative word ("in", "near", "the city of") or before a generic word ("base", "province"), so
that people and weekdays do not become villages. Names the gazetteer lacks but the text marks
as places ("the base in X", "X province") become unresolved mentions rather than vanishing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gazetteer.index import Gazetteer
from gazetteer.normalize import GENERIC_WORDS, name_key
from gazetteer.spacing import split_key
from geo.extract.name_context import (
    AREAS_AFTER,
    ATTACKED_AFTER,
    BEFORE_HINT,
    BEFORE_HINT_KIND,
    CELL_AFTER,
    CELL_BEFORE,
    FACILITY_NAMED,
    GENERIC_AFTER,
    HEADING_AFTER,
    LINE_LEAD,
    LINE_START,
    LISTED_KIND_AFTER,
    LOCATIVE,
)
from geo.extract.name_lists import listed_on
from geo.extract.name_words import (
    CONNECTORS,
    NAME_PART_TOKEN,
    continues,
    in_kin_name,
    inside_longer_name,
    is_name_word,
    names_no_place,
    sentence_start,
    startable,
)
from geo.extract.names import ORGANISATION_AFTER, person_spans
from geo.extract.relations import relation_before
from geo.extract.stopwords import STOP

MAX_TOKENS = 6
#: Words that say who holds a place ("RSF-controlled"), which no name ends with.
HELD_BY = ("-controlled", "-held", "-backed", "-led", "-run", "-aligned", "-occupied")
#: A hashtag or a handle ("#AlMayadeen", "@Gaza_Now"): a channel's name, never a place.
TAG = re.compile(r"[#@][\w’'-]+")
TOKEN = re.compile(r"[\w’']+(?:-[\w’']+)*")
#: A name a person's relative clause follows is a person's ("Muthanna, who served ...").
WHO_AFTER = re.compile(r",?\s+who\s")
#: How many words' near curated keys are remembered (a corpus repeats its names).
MEMO_SIZE = 50_000
#: A misspelt curated name must be this long to be matched (shorter ones are too many words).
MIN_MISSPELT = 7
#: A word run together from a place's words must be this long to be read as that place.
MIN_SPLIT_WORD = 8
_TIER_OF = {"curated": "curated", "geonames": "geonames", "geonames-major": "geonames"}
#: A GeoNames settlement this large is a place wherever it is named plainly ("Kharkiv was hit");
#: a country named plainly is mostly its government ("Russia said"): it needs a locative word.
MAJOR_POPULATION = 100_000
NAME = (r"(?:(?:al|el|ash|as|ad|ar|az|at|an|ez)[-\s])?[A-Z][\w’'-]+"
        r"(?:\s+(?:al-|el-)?[A-Z][\w’'-]+){0,3}")
#: The letters NAME can start with: put first, it lets the engine pass over other places fast.
_NAME_FIRST = r"(?=[A-Zae])"
UNKNOWN_PATTERNS = (
    re.compile(rf"\b(?:base|garrison|outpost|airbase|air\s+base|airfield|camp)\s+"
               rf"(?P<prep>in|at|of|near)\s+(?P<name>{NAME})"),
    re.compile(rf"{_NAME_FIRST}(?P<name>{NAME})\s+(?:province|governorate|air\s*base|airfield|"
               rf"oil\s+(?:and\s+gas\s+)?field|gas\s+field|airport|garrison|base)\b"),
    # a sea the gazetteer lacks ("in the Caspian Sea"): the event's own place, though unknown
    re.compile(r"\bthe\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+Sea)\b"),
    re.compile(rf"\bthe\s+(?P<name>{NAME})\s+(?:US\s+)?(?:military\s+)?base\b"),
)

#: A word each match of UNKNOWN_PATTERNS holds, as written ("air base", "airfield", "oil field")
_UNKNOWN_WORDS = ("base", "field", "garrison", "outpost", "camp", "province", "governorate",
                  "airport", " Sea")
#: A character no pattern of UNKNOWN_PATTERNS matches: each match lies between two of these.
_STRETCH_END = re.compile(r"[^\w’'\s-]")

NOT_A_NAME_SUFFIX = re.compile(r"-(?!(?:al|el|ez|es|ed|er|ad|as|ash|ar|az|at|an)\b)[a-z]")
LISTED_AFTER = re.compile(rf",?\s+(?:and|or)\s+(?P<name>{NAME})(?![\w-])")


@dataclass
class Mention:
    """A place named in the text, with what the words around it say."""

    text: str  # as written, with a generic word that follows it ("Harir airbase")
    begin: int
    end: int
    lookup: str  # what to look up
    kind_hint: str = ""
    tier: str = ""  # "curated", "geonames", or "pattern" (not in the gazetteer)
    relation: str = ""  # "", "distance", "direction", "near", "off", "part"
    relation_km: float | None = None
    direction: str = ""
    relation_begin: int | None = None  # where the relative phrase starts ("south of ...")

    def phrase(self, text: str, since: int = 0) -> str:
        """The mention with its relative phrase, as written (from ``since`` at the earliest)."""
        start = self.begin if self.relation_begin is None else max(since, self.relation_begin)
        return text[start:self.end]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens that can be part of a name (NAME_PART_TOKEN), with where they stand.

    The others would only break runs of name parts, and still do: the text between two
    tokens kept on either side of a dropped one is more than a space or a hyphen."""
    return [(m.group(), m.start(), m.end()) for m in NAME_PART_TOKEN.finditer(text)]


def _unmasked(toks: list[tuple[str, int, int]],
              masked: Sequence[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The tokens that start outside every masked span (one walk over both, in order)."""
    spans = sorted(masked)
    out, k = [], 0
    for tok in toks:
        while k < len(spans) and spans[k][1] <= tok[1]:
            k += 1
        if k < len(spans) and spans[k][0] <= tok[1]:
            continue
        out.append(tok)
    return out


def _stretches(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """The stretches of ``text`` without a _STRETCH_END character that hold one of ``words``
    (as written), in order: (begin, end), the end being such a character or the text's end."""
    spots = []
    for word in words:
        at = text.find(word)
        while at != -1:
            spots.append(at)
            at = text.find(word, at + len(word))
    if not spots:
        return []
    backwards = text[::-1]  # the regex engine only searches forwards
    out: list[tuple[int, int]] = []
    for spot in sorted(spots):
        if out and spot < out[-1][1]:
            continue  # in the stretch found last
        before = _STRETCH_END.search(backwards, len(text) - spot)
        after = _STRETCH_END.search(text, spot)
        out.append((len(text) - before.start() if before else 0,
                    after.start() if after else len(text)))
    return out


def _finditer_in(pattern: re.Pattern[str], text: str,
                 stretches: Sequence[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match lies within one of
    ``stretches`` (from _stretches). Each search sees the character that ends its stretch,
    as a search of the whole text would."""
    for begin, end in stretches:
        yield from pattern.finditer(text, begin, end + 1)


def _taken(text: str, known: list[Mention], masked: Sequence[tuple[int, int]]) -> bytearray:
    """A byte per character of ``text``: 1 where a mention or a masked name already stands."""
    taken = bytearray(len(text))
    for b, e in [(m.begin, m.end) for m in known] + list(masked):
        taken[b:e] = b"\x01" * (e - b)
    return taken


def _before_hint(window: str) -> re.Match[str] | None:
    """BEFORE_HINT's match at the end of ``window``, looked for only if "of" is one of its
    last two words and a space ends it (as in every match: "of", perhaps "the", a space)."""
    if not window[-1:].isspace():
        return None
    if "of" not in (word.lower() for word in window.rsplit(None, 8)[-8:]):
        return None
    return BEFORE_HINT.search(window)


class MentionFinder:
    """Finds place mentions using a gazetteer's curated and GeoNames keys."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._close: dict[str, list[str]] = {}  # a word's near curated keys, asked once
        self._tiers: dict[str, str] = {}  # a key's tier, asked once

    def _known(self, key: str) -> str:
        if (tier := self._tiers.get(key)) is None:
            self._tiers = self._tiers if len(self._tiers) < MEMO_SIZE else {}
            tier = self._tiers[key] = self._tier(key)
        return tier

    def _tier(self, key: str) -> str:
        if self.gazetteer.curated.index.exact(key):
            return "curated"
        geonames = self.gazetteer.geonames
        if geonames is not None and (rows := geonames.index.exact(key)):
            if any(geonames.population[r] >= MAJOR_POPULATION and geonames.kind[r] != "country"
                   or geonames.kind[r] == "admin1" for r in rows):
                return "geonames-major"
            return "geonames"
        return ""

    def find(self, text: str, masked: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        """Mentions in ``text``; spans in ``masked`` (actor names) are not places, nor are
        people's names (every word of "spokesman Yahya Saree", wherever it stands again)."""
        masked = [*masked, *person_spans(text)]
        if "#" in text or "@" in text:  # "#AlMayadeen's correspondent": a tag names no place
            masked += [m.span() for m in TAG.finditer(text)]
        toks = _unmasked(_tokens(text), masked)
        # per-token facts, computed once: can it be part of a name, does the next word follow
        # it with nothing but a space or hyphen between, and how far such a run reaches
        n = len(toks)
        name_like = [is_name_word(t[0]) and not t[0].lower().endswith(HELD_BY) for t in toks]
        part = [nl or t[0].lower() in CONNECTORS or t[0] == "of"  # ("Gulf of Aden")
                for nl, t in zip(name_like, toks, strict=True)]
        joined = [k + 1 < n and text[toks[k][2]:toks[k + 1][1]].strip() in ("", "-")
                  for k in range(n)]
        reach = [0] * n  # how many tokens from k form one unbroken run of name parts
        for k in range(n - 1, -1, -1):
            reach[k] = 0 if not part[k] else 1 + (reach[k + 1] if joined[k] else 0)
        found: list[Mention] = []
        i = 0
        while i < n:
            if not (name_like[i] and startable(toks[i][0])):
                i += 1
                continue
            hit = None
            for j in range(i + min(MAX_TOKENS, reach[i]), i, -1):
                if not name_like[j - 1] or (j - i > 1 and toks[i][0].endswith(("'s", "’s"))):
                    continue  # ("State's Maungdaw Township": a possessive ends a name)
                begin, end = toks[i][1], toks[j - 1][2]
                tier = self._known(name_key(text[begin:end]).key)
                if not tier:
                    continue
                after = GENERIC_AFTER.match(text, end)
                short = end - begin <= 3
                if (short or tier != "curated") and inside_longer_name(text, toks, i, name_like) \
                        or in_kin_name(text, toks, i) or WHO_AFTER.match(text, end) \
                        or names_no_place(text, begin, end):
                    continue  # "Am" of "Misgav Am", "Khaled bin Dowaid Muthanna": a longer name;
                    # "Muthanna, who served": a person; "a Toyota vehicle", "SANA said": none
                if tier.startswith("geonames"):
                    if end - begin <= 2:
                        continue  # two letters are an abbreviation, not a village
                    plain_ok = (tier == "geonames-major" and not sentence_start(text, begin)) \
                        or (bool(found) and listed_on(text, found[-1].end, begin, end)) \
                        or bool(LISTED_KIND_AFTER.match(text, end)) \
                        or (j - i > 1 and bool(GENERIC_AFTER.fullmatch(
                            text, toks[j - 1][1] - 1, end)))  # "Kupiansk Raion"
                    before = text[max(0, begin - 40):begin]
                    if not (plain_ok or after or LOCATIVE.search(before) or
                            LINE_LEAD.search(before) or ATTACKED_AFTER.match(text, end) or
                            (LINE_START.search(before) and HEADING_AFTER.match(text, end)) or
                            (CELL_BEFORE.search(before) and CELL_AFTER.match(text, end))):
                        continue  # "All were shot down": a capital that starts a sentence
                    if j < n and continues(text, end, toks[j]):
                        continue  # "Tal" of "Tal Baydar", "Palestine" of "Palestine Street"
                    tier = "geonames"
                hit = (j, tier, begin, end, after)
                break
            if hit is None:
                i += 1
                continue
            j, tier, begin, end, after = hit
            if ORGANISATION_AFTER.match(text, end) or FACILITY_NAMED.match(text, end):
                i = j
                continue  # "Saba news agency", "the Al-Faluja school in Jabalia camp"
            full_end = after.end() if after else end
            hint = GENERIC_WORDS[" ".join(after["g"].lower().split())] if after else (
                "admin1" if AREAS_AFTER.match(text, end) else "")
            hint = hint or name_key(text[begin:end]).kind_hint
            m_before = None if hint else _before_hint(text[max(0, begin - 90):begin])
            if m_before:
                hint = BEFORE_HINT_KIND[m_before["word"].lower()]
            relation, km, direction, rel_begin = relation_before(text, begin)
            found.append(Mention(text[begin:full_end], begin, full_end, text[begin:end], hint,
                                 tier, relation, km, direction, rel_begin))
            i = j
        found += self._misspelt(text, toks, name_like, found, masked)
        return found + self._unknown(text, found, masked) + self._listed(text, found, masked)

    def _misspelt(self, text: str, toks: list[tuple[str, int, int]], name_like: list[bool],
                  known: list[Mention], masked: Sequence[tuple[int, int]]) -> list[Mention]:
        """A capitalized name after a locative word that is a curated place misspelt or run
        together ("in Tinzaouatine" for Tin Zaouatine): one typo from a curated key."""
        out: list[Mention] = []
        taken = _taken(text, known, masked)
        index = self.gazetteer.curated.index
        for (word, begin, end), like in zip(toks, name_like, strict=True):
            if not like or len(word) < MIN_MISSPELT or not startable(word) or \
                    1 in taken[begin:end]:
                continue
            if not LOCATIVE.search(text[max(0, begin - 40):begin]):
                continue
            key = name_key(word).key
            if not key or self._known(key):
                continue
            close = self._close.get(key)
            if close is None:
                if len(self._close) > MEMO_SIZE:
                    self._close.clear()
                close = self._close[key] = [k for k, score in index.fuzzy(key, 90.0, limit=2)
                                            if score >= 90.0]
            if len(close) == 1:
                tier = "curated"
            elif len(word) >= MIN_SPLIT_WORD and (split := split_key(key, self._known)):
                tier = _TIER_OF[self._known(split)]  # "in Banibangou": Bani Bangou run together
            else:
                continue
            relation, km, direction, rel_begin = relation_before(text, begin)
            out.append(Mention(word, begin, end, word, "", tier, relation, km, direction,
                               rel_begin))
        return out

    def _listed(self, text: str, known: list[Mention],
                masked: Sequence[tuple[int, int]]) -> list[Mention]:
        """Names listed with a place after a locative word ("in Qaim and Akashat") that the
        gazetteer lacks: places the text names all the same."""
        out: list[Mention] = []
        taken = _taken(text, known, masked)
        for m in known:
            nxt = LISTED_AFTER.match(text, m.end)  # (the cheaper test first)
            if nxt is None or not LOCATIVE.search(text[max(0, m.begin - 40):m.begin]):
                continue
            b, e = nxt.span("name")
            words = nxt["name"].split()
            if 1 in taken[b:e] or words[0].casefold() in STOP:
                continue
            if NOT_A_NAME_SUFFIX.search(nxt["name"]):
                continue  # "Syria and Iraq-based militias"
            relation, km, direction, rel_begin = relation_before(text, b)
            out.append(Mention(nxt["name"], b, e, nxt["name"], "", "pattern", relation, km,
                               direction, rel_begin))
            taken[b:e] = b"\x01" * (e - b)
        return out

    def _unknown(self, text: str, known: list[Mention],
                 masked: Sequence[tuple[int, int]]) -> list[Mention]:
        out: list[Mention] = []
        # each match lies in one stretch without punctuation and holds a trigger word: the
        # search looks only there (a scan of the whole text took a fifth of find's time)
        stretches = _stretches(text, _UNKNOWN_WORDS)
        taken = _taken(text, known, masked)
        for pattern in UNKNOWN_PATTERNS:
            for m in _finditer_in(pattern, text, stretches):
                b, e = m.span("name")
                name = m["name"]
                words = name.split()
                if words[0].casefold() in STOP or 1 in taken[b:e] or all(
                        w.casefold().strip("'’") in STOP for w in words) or \
                        words[-1].lower().endswith(HELD_BY):
                    continue  # ("the RSF-controlled airbase": whose it is, not its name)
                hint = "" if m.groupdict().get("prep") in ("in", "near") else \
                    name_key(m.group()).kind_hint  # (a base in Mogok: Mogok is no base)
                relation, km, direction, rel_begin = relation_before(text, b)
                out.append(Mention(name, b, e, name, hint, "pattern", relation, km, direction,
                                   rel_begin))
                taken[b:e] = b"\x01" * (e - b)
        return out
