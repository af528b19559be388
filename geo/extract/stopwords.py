"""Capitalized words that start sentences or name things other than places."""

from __future__ import annotations

#: Capitalized words that start sentences or name things other than places.
_STOP_WORDS = """
the a an on in at of and or but for with from by to as it its this that these those there
however separately meanwhile earlier later last next some several many most among amid after
before since while when where who which what president prime minister mr mrs ms dr gen general
spokesman spokesperson white house pentagon state department monday tuesday wednesday thursday
friday saturday sunday january february march april may june july august september october
november december us u.s uk un nato islamic resistance source sources minister foreign ministry
supreme leader ayatollah american americans iraqi syrian jordanian iranian israeli turkish
kurdish russian arab arabic shiite sunni zionist western eastern northern southern central
north south east west middle
note update updated breaking editor editor's editors correction background advisory
i i'm i’m i've i’ve i'd i’d i'll i’ll we we're we’re we've we’ve it's it’s that's that’s
there's there’s let's let’s q a:
wali emir amir sheikh shaykh mullah imam commander governor deputy
"""
STOP = frozenset(_STOP_WORDS.split())
