"""Lists of names: "the provinces of Hodeidah, Taiz, Hajjah and Saada", "in Niono, Molodo,
Sandaré and Kayes". Where a list goes on, and whether a name stands in one."""

from __future__ import annotations

import re

_SEPARATOR = r"\s*(?:,|\band\b|\bor\b)\s*"
_NAME = r"(?:al-|el-|ad-|ash-|as-|ar-)?[A-Z][\w’'-]*"
#: What may stand between two items of a list of places: separators, and names the gazetteer
#: lacks ("in Niono, Molodo, Sandaré and Kayes").
_GAP = re.compile(rf"(?:{_SEPARATOR}(?:[A-Z][\w’'-]*(?:\s+(?:du|de|al|el)?\s*"
                  rf"[A-Z][\w’'-]*)*)?)+?{_SEPARATOR}")
GAP_CHARS = 60
#: (or one opening a list: "settlements near Gaza, including Sderot, Netiv HaAsara")
_ONE_COMMA = re.compile(r"\s*,\s*(?:including\s+|such\s+as\s+|notably\s+|among\s+them\s+)?")
#: A separator and the next name: the list goes on.
_NEXT_ITEM = re.compile(rf"{_SEPARATOR}{_NAME}")
#: At a comma, a name and another separator: the comma is inside a list.
_ITEM_AT_COMMA = re.compile(rf",\s*{_NAME}(?:\s+[A-Z][\w’'-]*){{0,5}}{_SEPARATOR}")


def listed_on(text: str, last_end: int, begin: int, end: int) -> bool:
    """Whether a name (``begin``-``end``) goes on a list whose last found place ends at
    ``last_end``: two separators back, or one when the list goes on after the name ("the
    provinces of Hodeidah, Taiz, Hajjah and Saada")."""
    if not 0 < begin - last_end <= GAP_CHARS:
        return False
    return _GAP.fullmatch(text, last_end, begin) is not None or (
        _ONE_COMMA.fullmatch(text, last_end, begin) is not None and
        _NEXT_ITEM.match(text, end) is not None)


def comma_in_list(text: str, comma: int) -> bool:
    """Whether the comma at ``comma`` sits inside a list of names ("after the strikes on Deir
    ez-Zor, al-Mayadin and Albu Kamal, ...") rather than ending a clause."""
    return _ITEM_AT_COMMA.match(text, comma) is not None
