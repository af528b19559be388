"""Split report text into paragraphs, sentences and clauses, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ABBREVIATIONS = (
    "u.s u.k u.n mr mrs ms dr gen lt col maj capt sgt st no vs jan feb mar apr jun jul aug sep "
    "sept oct nov dec approx est"
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# A sentence ends at . ! ? (and a closing quote), before a capital or an opening quote, even
# with no space after it ("in Syria.The attack"): scraped reports run sentences together.
_END = re.compile(r"[.!?][\"”’')\]]*(?=\s*[\"“‘(]?[A-Z])")
_LAST_WORD = re.compile(r"([\w.]+)$")
_PARAGRAPH = re.compile(r"\n\s*\n")
# Clauses that tell of another event: "..., a few hours after the wave of bombings by ...",
# "..., the first wave of retaliation for the drone attack that ..."
_CLAUSE = re.compile(  # (every match starts at its comma: the look-ahead speeds the scan)
    r"(?=,)(?:,\s+(?=[\"“‘']?(?:(?:a\s+few\s+|several\s+|two\s+|three\s+)?(?:hours?\s+|days?\s+|"
    r"shortly\s+)?(?:after|before|following|while|amid)\b|(?:(?:the|a|an|its|their)\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:retaliation|response|revenge|reprisal)\s+(?:for|to)\b))|"
    # "... the Hamas-Israel war, sparked by the Oct. 7 attack on ...": how a war began
    r"(?:(?<=war)|(?<=conflict)|(?<=crisis)|(?<=escalation)|(?<=hostilities)),\s+(?="
    r"(?:which\s+was\s+)?(?:sparked|triggered|ignited|started)\s+by\b))",
    re.IGNORECASE)
#: A clause that opens this way tells what came before or caused the sentence's event.
BACKGROUND = re.compile(
    r"^\W*(?:amid|since)\s+(?!(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"then|early|late|mid)\b)|"
    r"^\W*(?:(?:a\s+few|several|two|three)\s+)?(?:hours?\s+|days?\s+|shortly\s+)?"
    r"(?:after|before|following)\b(?=[^,;:]{0,90}?\b(?:(?:air)?strike|attack|raid|bomb|kill|shell|"
    r"assault|ambush|offensive|massacre|war\b|invasion|clash|fighting|incident|explosion|"
    r"blast|fire|hit|struck|storm|captur|seiz|took|fell|launch|claim|shot|down|intercept|"
    r"declar|announc|vow|threat|warn|ceasefire|truce|deal|talks|visit|meeting|election))|"
    r"^\W*(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:retaliation|response|revenge|reprisal)\s+(?:for|to)\b|"
    r"^\W*(?:which\s+was\s+)?(?:sparked|triggered|ignited|started)\s+by\b", re.IGNORECASE)

#: Every opening BACKGROUND matches holds one of these, within its first words.
_BACKGROUND_WORDS = ("amid", "since", "after", "before", "following", "retaliation",
                     "response", "revenge", "reprisal", "sparked", "triggered", "ignited",
                     "started")


@lru_cache(maxsize=4096)
def background(text: str) -> re.Match[str] | None:
    """BACKGROUND's match at the start of ``text``, tried only when its words are there."""
    head = text[:200].lower()
    if not any(word in head for word in _BACKGROUND_WORDS):
        return None
    return BACKGROUND.match(text)


#: Page furniture that tells no event of the report: links to other stories, photo captions
#: and credits, bylines and trailers ("Read more: Strike on Odesa kills five").
BOILERPLATE = re.compile(
    r"^\W*(?:read\s+more|related\s+(?:stories|articles|coverage|content|news)|see\s+also|"
    r"also\s+read|more\s+from|sign\s+up|subscribe\s+to|advertisement|share\s+this|"
    r"follow\s+us|file\s+photo|reporting\s+by|writing\s+by|editing\s+by|"
    r"additional\s+reporting|compiled\s+by|our\s+standards|copyright|©|last\s+updated?)\b|"
    r"^\W*(?:related|photo|image|picture|pictured|caption|watch|listen|recommended|more)\s*"
    r"[:|–—]|"
    r"(?:REUTERS|AFP|AP\s+Photo|Getty\s+Images|EPA(?:-EFE)?|Anadolu)\s*/[^.\n]{0,60}$|"
    r"\((?:AP\s+Photo|Photo|Reuters|AFP)[^)]{0,60}\)\s*$", re.IGNORECASE)
#: A caption's credit at the end of its line: "(Timothy VanDusen/U.S. Army)", ".— Reuters"
#: (on the story's last line, " - Reuters" signs the story off instead).
#: Agencies credited at the end of a caption ("... July 16, 2025.— Reuters").
_CREDITS = ("reuters", "afp", "ap", "getty images", "anadolu", "epa", "xinhua", "file")
CAPTION_CREDIT = re.compile(
    r"\([^()/\n]{2,50}/[^()/\n]{2,50}\)\s*$|[.\s][—–-]\s*(?:"
    + "|".join(c.replace(" ", r"\s+") for c in _CREDITS) + r")\s*$", re.IGNORECASE)




@dataclass(frozen=True)
class Span:
    text: str
    begin: int  # offset in the whole article text
    paragraph: int


def furniture(text: str, span: Span) -> bool:
    """Whether a sentence is page furniture, or part of a line that is (a caption whose
    credit "REUTERS/Name" stands at the end of its line)."""
    if _may_be_furniture(span.text) and BOILERPLATE.search(span.text):
        return True
    start = text.rfind("\n", 0, span.begin) + 1
    end = text.find("\n", span.begin + len(span.text))
    end = len(text) if end == -1 else end
    if end - start > LINE_CHARS:
        return False  # a caption or a credit is a short line, not a page of text
    if _LINK_HEADING.search(text, max(0, start - 40), start):
        return True  # the headline of a story linked to under "Read more"
    line = text[start:end]
    tail = line[-14:].rstrip()
    if (tail[-1:] == ")" or tail.lower().endswith(_CREDITS)) and CAPTION_CREDIT.search(line) \
            and text[end:].strip():
        return True
    return line != span.text and _may_be_furniture(line) and \
        BOILERPLATE.search(line) is not None


#: Words one of which every match of BOILERPLATE starts with (lower-cased), and what a credit
#: line holds: cheap tests that pass over plain prose without running the pattern.
_FURNITURE_STARTS = ("read", "related", "see", "also", "more", "sign", "subscribe", "advert",
                     "share", "follow", "file", "reporting", "writing", "editing", "additional",
                     "compiled", "our", "copyright", "©", "photo", "image", "picture", "caption",
                     "watch", "listen", "recommended", "last update")


#: A line that heads a link to another story, just before the line being read.
_LINK_HEADING = re.compile(r"(?:^|\n)[^\w\n]*(?:read\s+more|related(?:\s+(?:stories|articles|"
                           r"news|coverage))?|also\s+read|see\s+also|read\s+also|more\s+on\s+this|"
                           r"recommended|you\s+may\s+also\s+like)[^\w\n]*\n\s*$", re.IGNORECASE)


#: The longest line that may be page furniture (a caption with its credit).
LINE_CHARS = 2_000


def _may_be_furniture(text: str) -> bool:
    head = text[:LINE_CHARS].lstrip(" \t\"'“‘([*•–—-")[:20].lower()
    return head.startswith(_FURNITURE_STARTS) or "/" in text[-80:] or \
        text[-LINE_CHARS:].rstrip()[-1:] == ")"


#: A line that ends without punctuation before a capitalized line is a heading of its own
#: ("Statement of Sunday, 14 July 2024" above the statement).
_HEADING_END = re.compile(r"(?<=[^\s.!?:;,])[ \t]*\n(?=[ \t]*[\"“‘(]?[A-Z0-9])")


#: A line that opens a list item ("– Kharkiv: ...", "• 03:10 Odesa ...", "2. ...") starts a
#: sentence of its own, whatever the line before ended with.
_BULLET = re.compile(r"\n(?=[ \t]*(?:[–—•*·▪►]|-\s|\d{1,2}[.)]\s))")


def _sentence_ends(text: str) -> list[int]:
    ends = [m.end() for m in _HEADING_END.finditer(text)] if "\n" in text else []
    if "\n" in text:
        ends += [m.end() for m in _BULLET.finditer(text)]
    for m in _END.finditer(text):
        # the word before the full stop: a short look back (a slice of the whole text before
        # every full stop would make long paragraphs quadratic)
        word = _LAST_WORD.search(text[max(0, m.start() - 64): m.start()])
        if m.group()[0] == "." and word:
            token = word.group(1).lower().rstrip(".")
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        ends.append(m.end())
    return sorted(ends)


def sentences(text: str) -> list[Span]:
    out: list[Span] = []
    start = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for paragraph, (p_end, p_next) in enumerate(bounds):
        chunk = text[start:p_end]
        cut = 0
        for end in [*_sentence_ends(chunk), len(chunk)]:
            piece = chunk[cut:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Span(piece.strip(), start + cut + lead, paragraph))
            cut = end
        start = p_next
    return out


def clauses(sentence: Span) -> list[Span]:
    text = sentence.text
    if "," not in text and text == text.strip(" "):  # every cut is at a comma: nothing to do
        return [sentence] if text else []
    return cut(sentence, [m.start() for m in _CLAUSE.finditer(text)])


def cut(span: Span, at: list[int], strip: str = " ,;") -> list[Span]:
    """``span`` cut at the offsets ``at`` (into its text), each piece without the punctuation
    and spaces around it; empty pieces are dropped."""
    cuts = sorted({0, len(span.text), *at})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = span.text[a:b]
        if piece.strip(strip):
            lead = len(piece) - len(piece.lstrip(strip))
            out.append(Span(piece.strip(strip), span.begin + a + lead, span.paragraph))
    return out
