"""The actor lexicon: groups and forces of the theatre, found by their aliases in text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geo.errors import UserError
from geo.extract.lowercase import same_offsets


@dataclass(frozen=True)
class Actor:
    name: str
    side: str  # militia, iran, us, israel, other


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    begin: int
    end: int


class ActorLexicon:
    """Aliases -> actors; the longest alias wins where aliases overlap."""

    def __init__(self, entries: Iterable[dict]):
        self.by_alias: dict[str, Actor] = {}
        acronyms, words = [], []
        for entry in entries:
            actor = Actor(entry["name"], entry.get("side", "other"))
            for alias in entry.get("aliases", []) + [entry["name"]]:
                is_acronym = alias.isupper() and len(alias) <= 5
                alias = " ".join(alias.split())
                key = alias if is_acronym else alias.casefold()
                self.by_alias.setdefault(key, actor)
                (acronyms if is_acronym else words).append(alias)

        # words are matched in lower-cased text (see geo.extract.lowercase)
        self._words = re.compile(rf"(?<![\w-])(?:{_trie({w.lower() for w in words})})(?![\w-])")
        self._words_any_case = re.compile(self._words.pattern, re.IGNORECASE)
        self._acronyms = re.compile(rf"(?<![\w-])(?:{_trie(set(acronyms))})(?![\w-])")

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorLexicon:
        entries = list(_shipped())
        if extra is not None:
            try:
                entries += json.loads(Path(extra).read_text(encoding="utf-8"))["actors"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise UserError(f"{extra}: not an actors file ({exc}); see geo/data/actors.json"
                                ) from None
        return cls(entries)

    def find(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        low = text.lower()
        if same_offsets(text, low):
            words = self._words.finditer(low)
        else:
            words = self._words_any_case.finditer(text)
        for matches, fold in ((words, True), (self._acronyms.finditer(text), False)):
            for m in matches:
                key = " ".join(text[m.start():m.end()].split())
                actor = self.by_alias[key.casefold() if fold else key]
                found.append(ActorMention(actor, m.start(), m.end()))
        found.sort(key=lambda a: (a.begin, -(a.end - a.begin)))
        out: list[ActorMention] = []
        for mention in found:
            if out and mention.begin < out[-1].end:
                continue
            out.append(mention)
        return out


def _trie(aliases: set[str]) -> str:
    """One regex alternation for ``aliases`` with shared prefixes factored out ("kata(?:eb|ib)"),
    so the regex engine tries each letter once instead of every alias in turn. At each branch
    the longer aliases are tried first, so the longest alias that matches wins; a space in an
    alias matches any run of white space."""
    tree: dict = {}
    for alias in aliases:
        node = tree
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = {}  # an alias ends here

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:  # an alias may stop here: try going on first
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return pattern(tree)


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict, ...]:
    path = resources.files("geo") / "data" / "actors.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["actors"])
