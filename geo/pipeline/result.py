"""What one build did: the files it read, the store update, the outputs it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from geo.incidents.counts import Counts, reviewed_counts, summary
from geo.incidents.draft import SourceProblem
from geo.incidents.schema import IncidentSet
from geo.pipeline.ingest import IngestReport
from geo.store.update import StoreUpdate


@dataclass
class BuildResult:
    out_dir: Path
    store: Path | str  # a GeoPackage, or a database as display() names it (no password)
    ingest: IngestReport
    update: StoreUpdate
    layers: IncidentSet  # the whole store after this build
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

    @property
    def problems(self) -> list[SourceProblem]:
        return self.ingest.problems

    def as_dict(self) -> dict:
        counts = Counts.of(self.layers.incidents)
        return {
            "out_dir": str(self.out_dir), "store": str(self.store),
            **counts.as_dict(),
            "summary": summary(counts),
            "sites": int(len(self.layers.places)),
            "unresolved": int(len(self.layers.unresolved)),
            "reviewed": reviewed_counts(self.layers.incidents),
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
