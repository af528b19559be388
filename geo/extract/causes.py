"""Places told as the cause of an event ("in response to attacks on Kharkiv"), not where it
happened."""

from __future__ import annotations

import re

from geo.extract.parties import ATTACK_VERB

#: "in response to ... Gaza": the cause of an event, told in passing.
CAUSE_BEFORE = re.compile(
    r"(?:in\s+response\s+to|in\s+retaliation\s+for|in\s+solidarity\s+with|in\s+support\s+of|"
    r"to\s+avenge|revenge\s+for|response\s+to|because\s+of|due\s+to|to\s+answer|"
    r"in\s+answer\s+to|in\s+defen[cs]e\s+of|crimes?\s+(?:[\w'’-]+\s+){0,6}?against)\b"
    r"[^.;:]{0,85}$",
    re.IGNORECASE)

#: "The U.S. strike was in response to a spate of rocket attacks, including one that killed a
#: contractor outside the airport in Irbil": what the sentence goes on to tell is the cause.
PREDICATE_CAUSE = re.compile(r"\b(?:was|were|is|are|came|comes)\s+(?:a\s+|partly\s+)?(?:in\s+)?"
                             r"(?:response|retaliation|reprisal|revenge)\s+(?:to|for)\b",
                             re.IGNORECASE)


def predicate_cause(text: str, begin: int) -> bool:
    """The place at ``begin`` comes after "was in response to" in its sentence."""
    start = max(text.rfind(". ", 0, begin), text.rfind("\n", 0, begin)) + 1
    head = text[start:begin].lower()
    return any(w in head for w in ("respons", "retaliat", "repris", "reveng")) and \
        PREDICATE_CAUSE.search(text, start, begin) is not None


def caused_by(window: str) -> bool:
    """The place is in the cause ("in response to attacks on Kharkiv"), not in a main clause
    told after it ("In response to the Hamas attack, Israeli jets struck Gaza City")."""
    m = CAUSE_BEFORE.search(window)
    if m is None:
        return False
    comma = window.find(",", m.start())
    return comma == -1 or not ATTACK_VERB.search(window, comma)


#: The opening words of a cause told after its event ("..., in response to the massacres").
_CAUSE_OPENS = re.compile(r"\b(?:in\s+response\s+to|in\s+retaliation\s+for|to\s+avenge|"
                          r"in\s+revenge\s+for|in\s+solidarity\s+with|in\s+support\s+of)\b",
                          re.IGNORECASE)


def without_cause(text: str) -> str:
    """``text`` up to the cause it gives after its event ("launched drones at Haifa in
    response to the massacres in Rafah": the massacres name no type of this event)."""
    if "respon" not in text and "retali" not in text and "aveng" not in text and \
            "reveng" not in text and "solidar" not in text and "support" not in text:
        return text
    m = _CAUSE_OPENS.search(text)
    if m is None or not ATTACK_VERB.search(text, 0, m.start()):
        return text
    return text[:m.start()]
