"""What one build did: the files it read, the store update, the outputs it wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.incidents.draft import SourceProblem
    from geo.incidents.schema import IncidentSet
    from geo.pipeline.ingest import IngestReport
    from geo.store.update import StoreUpdate

#: What ``BuildResult.store_facts`` holds: the store's counts, as the summary states them.
FACT_KEYS = ("incidents", "mapped", "not_located", "events", "places", "first", "last",
             "summary", "sites", "unresolved", "reviewed")


@dataclass
class BuildResult:
    out_dir: Path
    store: Path | str  # a GeoPackage, or a database as display() names it (no password)
    ingest: IngestReport
    update: StoreUpdate
    # the whole store after this build, or what reads it when something needs it (a build
    # that changed nothing reads it only to redraw an output)
    store_layers: IncidentSet | Callable[[], IncidentSet]
    new_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    # unchanged files read again: the code or gazetteer changed, or they had problems
    reread_files: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # outputs left as they were: inputs unchanged
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the user should know, not problems
    #: the store's counts (``FACT_KEYS``) as an earlier build recorded them for this store
    recorded_facts: dict | None = None

    @property
    def layers(self) -> IncidentSet:
        """The whole store after this build (read now if it was not)."""
        if callable(self.store_layers):
            self.store_layers = self.store_layers()
        return self.store_layers

    @property
    def store_read(self) -> bool:
        return not callable(self.store_layers)

    @property
    def problems(self) -> list[SourceProblem]:
        return self.ingest.problems

    def store_facts(self) -> dict:
        """The store's counts: as recorded when the store was not read, else counted."""
        if not self.store_read and self.recorded_facts is not None:
            return dict(self.recorded_facts)
        from geo.incidents.counts import Counts, reviewed_counts, summary

        counts = Counts.of(self.layers.incidents)
        return {**counts.as_dict(), "summary": summary(counts),
                "sites": int(len(self.layers.places)),
                "unresolved": int(len(self.layers.unresolved)),
                "reviewed": reviewed_counts(self.layers.incidents)}

    def as_dict(self) -> dict:
        return {
            "out_dir": str(self.out_dir), "store": str(self.store),
            **self.store_facts(),
            "added": self.update.added, "updated": self.update.updated,
            "unchanged": self.update.unchanged,
            "files": {"new": self.new_files, "changed": self.changed_files,
                      "unchanged": len(self.unchanged_files), "reread": self.reread_files,
                      "removed": self.removed_files},
            "problems": [str(p) for p in self.problems],
            "skipped": self.ingest.skipped,
            "outputs": self.outputs,
            "kept": self.kept,
            "notes": self.notes,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }
