"""Where a clause turns to a second event ("... and US forces struck back at ...") or runs on
into background ("... amid ...", "... since ..."): the cuts that make each its own clause."""

from __future__ import annotations

from geo.extract.cue import Words
from geo.extract.lowercase import lower_keeping_offsets, lowered
from geo.extract.name_lists import comma_in_list
from geo.extract.parties import ATTACK_VERB
from geo.extract.sentences import Span, background, cut

#: Where a sentence turns to a second event: "... and US forces struck back at ...". A verb
#: followed by "by" is a participle inside the first ("a barbaric attack carried out by ..."),
#: and "... stormed a wedding and killed 21" tells one event's toll.
SECOND_EVENT = lowered(  # (the look-ahead of the first characters speeds the scan)
    r"(?=[,;\s])(?:(?:,\s*|(?<!\s)\s+|;\s*)(?:and|while|as|whereas|but|before)\s+(?!killed\b)"
    r"(?=(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,4}?(?:struck|hit|fired|launched|shelled|bombed|attacked|retaliated|"
    r"responded|targeted|killed|shot|intercepted|downed|carried\s+out|conducted|raided|"
    r"clashed|stormed|claim(?:ed|ing)|hitting)\b(?!\s+by\b))|;\s+|,\s+with\s+(?=(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:claim\w*|hitting|striking|targeting)\b))")
#: Words each match of SECOND_EVENT holds.
_SECOND_EVENT_WORDS = Words((
    "struck", "hit", "fired", "launched", "shelled", "bombed", "attacked", "retaliated",
    "responded", "targeted", "killed", "shot", "intercepted", "downed", "carried", "conducted",
    "raided", "clashed", "stormed", "claim", "striking", "targeting", ";"))
#: A clause that runs on into what has gone on since an earlier event: background.
SINCE = lowered(r"(?<!\s)\s+(?:amid|since)\s+(?!(?:last\s+)?(?:monday|tuesday|wednesday|thursday|"
                r"friday|saturday|sunday|then|early|late|mid)\b)")


#: A clause that runs on into the event that came before it, without a comma: background
#: ("The killing came ten days after a drone attack on Tower 22 killed ...": an event dated
#: from the sentence's, told with it, is not cut off.)
AFTER_EVENT = lowered(
    r"(?<!\s)(?<!days)(?<!hours)(?<!weeks)(?<!months)(?<!shortly)(?<!came)(?<!comes)"
    r"(?<!\bday)(?<!week)\s+after\s+"
    r"(?=(?:[\w'’.-]+\s+){0,5}?(?:killed|killing|attack\w*|strikes?|struck|raids?|stormed|"
    r"bombings?|shelling|ambush\w*)\b)")


def split_turns(spans: list[Span]) -> list[Span]:
    """Clauses cut again where a sentence turns to a second event."""
    out: list[Span] = []
    for span in spans:
        low = lower_keeping_offsets(span.text)
        # a turn to a second event needs a first: an attack word before the cut
        turns = [m.start() for m in SECOND_EVENT.finditer(low)
                 if ATTACK_VERB.search(span.text, 0, m.start())] \
            if _SECOND_EVENT_WORDS.any_in(low) else []
        if "amid" in low or "since" in low:
            turns += [m.start() for m in SINCE.finditer(low)]
        if " after " in low:  # "US jets hit Kataib Hezbollah after contractor killed near X"
            # (only after an event told first: "Rescuers pulled bodies from the ruins on
            # Tuesday after an Israeli strike flattened it" is one event, dated and placed)
            turns += [m.start() for m in AFTER_EVENT.finditer(low)
                      if ATTACK_VERB.search(span.text, 0, m.start())]
        colon = span.text.find(": ")
        if colon >= COLON_LEAD and ATTACK_VERB.search(span.text, 0, colon) and \
                ATTACK_VERB.search(span.text, colon):
            turns.append(colon)  # "It was the second attack this week: rockets struck ..."
        head = background(span.text)
        if head is not None:  # "Shortly after the Ain al-Asad attack, a gunship struck ...":
            turns += _end_of_opening(span.text, head.end())  # the main clause stands alone
        if turns or not span.text or span.text != span.text.strip(" ,;"):
            out += cut(span, sorted(turns))
        else:
            out.append(span)  # no turn and nothing to strip: cut would copy it as it is
    return out


#: How long what comes before a colon must be for the colon to turn to a second event (a
#: place heading, "Kharkiv: missiles hit ...", is shorter and heads its event).
COLON_LEAD = 40

#: How far an opening may run before its main clause (it is a phrase, not a paragraph).
OPENING_CHARS = 300


def _end_of_opening(text: str, start: int) -> list[int]:
    """Where a clause that opens with background ("after ...", "in response to ...") gives
    way to its main clause: the first comma after the opening that does not go on with a list."""
    at = text.find(",", start)
    while at != -1 and at - start <= OPENING_CHARS:
        if not comma_in_list(text, at):
            return [at]
        at = text.find(",", at + 1)
    return []
