"""report.md: what a build found, what it could not place, and where each place came from."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from geo.incidents.counts import Counts, dates_text, plural, summary

if TYPE_CHECKING:
    from geo.pipeline.result import BuildResult


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def render_report(result: BuildResult) -> str:
    inc = result.layers.incidents
    counts = Counts.of(inc)
    dated = inc["event_date"].dropna() if len(inc) else inc.get("event_date", [])
    lines = [
        "# Incident build report", "",
        f"- Store: `{result.store}`",
        f"- Counts: {summary(counts)}; {dates_text(counts.first, counts.last)}; "
        f"{plural(counts.places, 'place')}",
        f"- This build: {result.update.added} added, {result.update.updated} updated, "
        f"{result.update.unchanged} unchanged",
        f"- Sources: {len(result.new_files)} new, {len(result.changed_files)} changed, "
        f"{len(result.unchanged_files)} unchanged (not re-read), "
        f"{len(result.reread_files)} unchanged but re-read (new code or gazetteer, or earlier "
        f"problems), {len(result.removed_files)} removed",
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
            rows.append([name or "(not located)", pid, resolver, len(group),
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
    empty = [s.path for s in result.ingest.sources if s.drafts == 0]
    lines += ["", "## Sources that yielded no incident", ""]
    lines += [f"- `{path}`" for path in empty] or ["None."]
    if result.removed_files:
        lines += ["", "## Sources gone since the last build", "",
                  "Their incidents stay in the store; remove the store to rebuild without them.",
                  ""]
        lines += [f"- `{path}`" for path in result.removed_files]
    if result.problems or result.ingest.skipped:
        lines += ["", "## Problems", ""]
        lines += [f"- {_cell(p)}" for p in result.problems]
        lines += [f"- skipped (not an article or table): `{p}`" for p in result.ingest.skipped]
    return "\n".join(lines) + "\n"
