"""report.md: what a build found, what it could not place, and where each place came from.

It tells the store and the last build that read a source or changed the store (its
``ReadFacts``): a build that did neither leaves report.md as it was (geo.pipeline.outputs).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from geo.incidents.counts import Counts, dates_text, plural, reviewed_text, summary

if TYPE_CHECKING:
    from geo.pipeline.result import BuildResult

# Markdown's inline syntax: emphasis, code, links and images, strikethrough, table cells
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
# what starts a block at the start of a line: a heading, a quote, a list item, a rule
_BLOCK_START = re.compile(r"^([#>+=-]|\d+[.)])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _cell(value: object) -> str:
    """Data as plain text in Markdown: on one line, with HTML (``&``, ``<``, ``>``) as
    entities and Markdown's syntax characters escaped, so that no renderer makes a tag, a
    link, an image or emphasis of it. Safe inside a table cell and after a list bullet."""
    text = " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0) if len(m.group(0)) == 1
                            else m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def _code(value: object) -> str:
    """Data as a code span that its own backticks cannot close (the fence is longer than any
    run of backticks inside), on one line, control characters shown as ``\\xNN``."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(value))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _skip_reason(path: str) -> str:
    return "hidden" if path.rsplit("/", 1)[-1].startswith(".") else "not an article or table"


@dataclass(frozen=True)
class ReadFacts:
    """What the last build that read a source or changed the store did (kept in the build's
    manifest, so that a build that did neither tells it again, word for word)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    new: int = 0
    changed: int = 0
    not_reread: int = 0
    reread: int = 0
    empty: list[list[str]] = field(default_factory=list)  # [path, why] of sources with nothing

    @classmethod
    def of(cls, result: BuildResult) -> ReadFacts:
        return cls(result.update.added, result.update.updated, result.update.unchanged,
                   len(result.new_files), len(result.changed_files),
                   len(result.unchanged_files), len(result.reread_files),
                   [[s.path, s.why_nothing or ""] for s in result.ingest.sources
                    if s.drafts == 0])

    @classmethod
    def recorded(cls, data: object) -> ReadFacts | None:
        """The facts a manifest holds, or None when it holds none (or not these)."""
        try:
            facts = cls(**data) if isinstance(data, dict) else None
        except TypeError:
            return None
        ok = facts is not None and all(isinstance(v, int) for v in asdict(facts).values()
                                       if not isinstance(v, list))
        return facts if ok else None

    def as_dict(self) -> dict:
        return asdict(self)


def render_report(result: BuildResult, facts: ReadFacts | None = None) -> str:
    """report.md of ``result``; ``facts``: the last build that read or changed anything
    (``result`` itself when not given)."""
    facts = facts or ReadFacts.of(result)
    inc = result.layers.incidents
    counts = Counts.of(inc)
    dated = inc["event_date"].dropna() if len(inc) else inc.get("event_date", [])
    lines = [
        "# Incident build report", "",
        f"- Store: {_code(result.store)}",
        f"- Counts: {summary(counts)}; {dates_text(counts.first, counts.last)}; "
        f"{plural(counts.places, 'place')}",
        f"- Reviewed: {reviewed_text(inc)}",
        f"- Last build that read or changed anything: {facts.added} added, {facts.updated} "
        f"updated, {facts.unchanged} unchanged",
        f"- Its sources: {facts.new} new, {facts.changed} changed, {facts.not_reread} "
        f"unchanged (not re-read), {facts.reread} unchanged but re-read (new code or "
        f"gazetteer, or earlier problems); {len(result.removed_files)} removed",
        "",
    ]
    if len(inc):
        lines += ["## By type", ""]
        lines += _table(["event type", "incidents", "mapped", "events"],
                        [[t.event_type or "(unknown)", t.incidents, t.mapped, t.events]
                         for t in counts.types])
        lines += ["", "## By month", ""]
        months = Counter(f"{d:%Y-%m}" for d in dated)
        months["date unknown"] = int(inc["event_date"].isna().sum())
        lines += _table(["month", "incidents"], [[k, v] for k, v in sorted(months.items()) if v])
        lines += ["", "## By place", ""]
        rows = []
        for (name, pid, resolver), group in inc.groupby(
                ["resolved_name", "place_id", "resolver"], dropna=False):
            located_here = group.geometry.notna().any()
            shown = name or ("(coordinates from the source)" if located_here
                             else "(not located)")
            rows.append([shown, pid, resolver, len(group),
                         ", ".join(sorted(set(group["place_name"])))[:120]])
        rows.sort(key=lambda r: -r[3])
        lines += _table(["place", "id", "resolved by", "incidents", "as written"], rows)
    places = result.layers.places
    if len(places):
        lines += ["", "## Where each place's coordinates come from", ""]
        lines += _table(["place", "kind", "uncertainty (m)", "source"],
                        [[n, k, f"{u:.0f}", s] for n, k, u, s in zip(
                            places["name"], places["kind"], places["uncertainty_m"],
                            places["source"], strict=True)])
    unresolved = result.layers.unresolved
    lines += ["", "## Unresolved and ambiguous mentions", ""]
    if len(unresolved):
        rows = []
        for mention, reason, candidates, source in zip(
                unresolved["mention"], unresolved["reason"], unresolved["candidates"],
                unresolved["source_file"], strict=True):
            found = json.loads(candidates or "[]")[:3]
            names = "; ".join(f"{c['name']} ({c['country']}, {c['tier']}, {c['score']})"
                              for c in found)
            rows.append([mention, reason, names or "none", source])
        lines += _table(["mention", "why", "candidates", "source"], rows)
    else:
        lines.append("None.")
    lines += ["", "## Sources that yielded no incident", ""]
    lines += [f"- {_code(path)}" + (f": {_cell(why)}" if why else "")
              for path, why in facts.empty] or ["None."]
    if result.removed_files:
        lines += ["", "## Sources gone since the last build", "",
                  "Their incidents stay in the store; remove the store to rebuild without them.",
                  ""]
        lines += [f"- {_code(path)}" for path in result.removed_files]
    if result.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {_cell(note)}" for note in result.notes]
    if result.problems or result.ingest.skipped:
        lines += ["", "## Problems", ""]
        lines += [f"- {_cell(p)}" for p in result.problems]
        lines += [f"- skipped ({_skip_reason(p)}): {_code(p)}" for p in result.ingest.skipped]
    return "\n".join(lines) + "\n"
