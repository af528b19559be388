"""Sources whose places an online geocoder failed to answer: problems of those sources."""

from __future__ import annotations

from geo.incidents.draft import SourceProblem
from geo.incidents.merge import Row
from geo.resolve.chain import Resolver


def geocoder_faults(unresolved: list[Row], resolver: Resolver) -> list[SourceProblem]:
    """One problem per source whose names an online geocoder failed to answer (an outage, a
    timeout): those rows are not located for want of an answer, not for want of a place."""
    if not resolver.geocoders:
        return []
    failed: dict[str, dict[str, str]] = {}  # source file -> {mention: why}
    for row in unresolved:
        for geocoder in resolver.geocoders:
            why = geocoder.fault(row["mention"] or "")
            if why:
                failed.setdefault(row["source_file"], {})[row["mention"]] = \
                    f"{geocoder.name}: {why}"
                break
    out = []
    for path, names in failed.items():
        shown = "; ".join(f"{name!r} ({why})" for name, why in list(names.items())[:3])
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        out.append(SourceProblem(path, None, None, (
            f"{len(names)} place name(s) not located because the online geocoder failed: "
            f"{shown}{more}; the file is read again on the next build")))
    return out
