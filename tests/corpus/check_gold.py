"""Check the corpus gold files: run ``python tests/corpus/check_gold.py [corpus folder]``.

Every gold entry names a report that exists and has a date, coordinates, an event type of the
schema and a sourced basis; every report has at least one gold entry or is named in the
folder's ``_about`` as having none. Exits 1 and lists the problems otherwise.
"""

from __future__ import annotations

import datetime
import json
import pathlib
import re
import sys

TYPES = {
    "drone attack", "rocket attack", "missile attack", "indirect fire", "airstrike",
    "interception", "shelling", "IED", "suicide bombing", "grenade attack", "armed clash",
    "attack on civilians", "abduction", "other attack",
}
STATUSES = {"claimed", "reported", "confirmed", "disputed", "denied"}
NONE_LISTED = r"[^.;]*(no incidents|NO incidents|has none|zero incidents)"


def entry_problems(entry: dict, files: set[str]) -> list[str]:
    """What is wrong with one gold incident (empty when nothing)."""
    found = [f"source {s.strip()} missing" for s in str(entry.get("source", "")).split(";")
             if s.strip() not in files]
    try:
        start = datetime.date.fromisoformat(entry["event_date"])
        if entry.get("date_end") and datetime.date.fromisoformat(entry["date_end"]) < start:
            found.append("date_end before event_date")
    except (KeyError, TypeError, ValueError) as exc:
        found.append(f"bad date ({exc})")
    if entry.get("time_precision") not in (1, 2, 3):
        found.append("time_precision")
    lat, lon = entry.get("lat"), entry.get("lon")
    if not all(isinstance(v, (int, float)) for v in (lat, lon)) \
            or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        found.append("coordinates")
    if not entry.get("event_type") or set(entry["event_type"]) - TYPES:
        found.append(f"event_type {entry.get('event_type')}")
    if entry.get("status") not in STATUSES:
        found.append(f"status {entry.get('status')}")
    found += [f"missing {k}" for k in ("within_km", "coord_source", "basis", "place", "what")
              if not entry.get(k)]
    if not str(entry.get("basis", "")).startswith("http"):
        found.append("basis is not a URL")
    if entry.get("fatalities") is not None and not isinstance(entry["fatalities"], int):
        found.append("fatalities")
    return found


def folder_problems(gold: pathlib.Path) -> list[str]:
    """Problems of one conflict folder's gold.json against the reports beside it."""
    data = json.loads(gold.read_text(encoding="utf-8"))
    files = {p.name for p in gold.parent.glob("*.txt")}
    found, used = [], set()
    for n, entry in enumerate(data["incidents"]):
        used.update(s.strip() for s in str(entry.get("source", "")).split(";"))
        found += [f"#{n} {entry.get('source')}: {p}" for p in entry_problems(entry, files)]
    found += [f"aggregate source {a['source']} missing" for a in data.get("aggregates", [])
              if a["source"] not in files]
    for name in sorted(files - used):
        if not re.search(re.escape(name.split("_")[0]) + NONE_LISTED, data["_about"]):
            found.append(f"{name}: no gold entry and not listed in _about as having none")
    return found


def main(root: pathlib.Path) -> int:
    total = 0
    for gold in sorted(root.glob("*/*/gold.json")):
        where = gold.parent.relative_to(root)
        problems = folder_problems(gold)
        data = json.loads(gold.read_text(encoding="utf-8"))
        reports = len(list(gold.parent.glob("*.txt")))
        print(f"{where}: {reports} reports, {len(data['incidents'])} incidents, "
              f"{len(data.get('aggregates', []))} aggregates")
        for problem in problems:
            print(f"  PROBLEM {where} {problem}")
        total += len(problems)
    print("problems:", total)
    return 1 if total else 0


if __name__ == "__main__":
    here = pathlib.Path(__file__).resolve().parent
    sys.exit(main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here))
