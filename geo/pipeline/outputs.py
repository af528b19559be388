"""A build's outputs, each redrawn only when what it is drawn from changed.

Every output is drawn from the store (its content), this code and gazetteer (the build's
fingerprint, and the drawing code's) and its own options (the maps' title, ``--cdn``). A
:class:`Ledger`, kept in the build's manifest, records for each output the key of those inputs
and the file as it was written (size and modification time); an output whose key is unchanged
and whose file is still the one written is left as it is, and the store is not even read for
it. report.md's inputs are the store and what it tells of the build beside it: the last build
that read or changed anything (``ReadFacts``), sources gone, problems, notes, files skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.atomic import write_text
from geo.store.location import is_database

if TYPE_CHECKING:
    from geo.pipeline.report import ReadFacts
    from geo.pipeline.result import BuildResult

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass
class Ledger:
    """What each output was last drawn from (``key``) and the file as written (``file``).

    ``basis`` is what every output depends on (the store's content and the code); None (a
    database store, whose content is not hashed) redraws everything."""

    basis: str | None
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, basis: str | None, recorded: object) -> Ledger:
        """The ledger of a build, starting from what the manifest ``recorded``."""
        entries = recorded if isinstance(recorded, dict) and basis is not None else {}
        return cls(basis, {k: v for k, v in entries.items() if isinstance(v, dict)})

    def key(self, name: str, options: str = "") -> str | None:
        if self.basis is None:
            return None
        return hashlib.sha256(f"{self.basis}\0{name}\0{options}".encode()).hexdigest()[:24]

    def current(self, path: Path, key: str | None) -> bool:
        """Whether ``path`` is still the file drawn from ``key``'s inputs."""
        entry = self.entries.get(path.name)
        return key is not None and entry is not None and entry.get("key") == key \
            and entry.get("file") == _stat(path)

    def record(self, path: Path, key: str | None) -> None:
        if key is None:
            self.entries.pop(path.name, None)
        else:
            self.entries[path.name] = {"key": key, "file": _stat(path)}


def write_outputs(result: BuildResult, *, title: str | None = None,
                  progress: Progress | None = None, cdn: bool = False,
                  ledger: Ledger | None = None, facts: ReadFacts | None = None) -> list[str]:
    """GeoJSON, CSV, the HTML and PNG maps, a QGIS project beside a GeoPackage store and
    report.md, from the whole store; with a ``ledger``, those whose inputs did not change are
    left as they are (listed in ``result.kept``). ``facts``: what report.md tells of the last
    build that read or changed anything (this one when not given)."""
    ledger = ledger or Ledger(None)
    out = result.out_dir
    drawn_title: list[str] = []

    def layers():  # the store, read only when an output is drawn
        return result.layers

    def map_title() -> str:  # the default follows from the store's content (in the key)
        if not drawn_title:
            from geo.incidents.counts import default_title
            drawn_title.append(title or default_title(layers().incidents))
        return drawn_title[0]

    def places():
        return layers().places if len(layers().places) else None

    def geojson(p: Path) -> None:
        from geo.export.files import export
        export(layers(), p)

    def html(p: Path) -> None:
        from maps.html.page import render_html
        render_html(layers().incidents, p, places=places(), title=map_title(), cdn=cdn)

    def png(p: Path) -> None:
        from maps.static.render import render_static
        render_static(layers().incidents, p, places(), title=map_title())

    def report(p: Path) -> None:
        _write_report(p, result, facts)

    steps: list[tuple[str, str, Callable[[Path], object]]] = [
        ("incidents.geojson", "", geojson),
        ("incidents.csv", "", geojson),
        ("map.html", f"{title or ''}\0{cdn}", html),
        ("map.png", title or "", png),
    ]
    if not is_database(result.store):  # QGIS 3.22 forgets a lone layer's time settings
        def project(p: Path) -> None:
            from geo.export.qgis_project import write_project
            write_project(result.store, p)

        store = os.path.relpath(Path(result.store).resolve(), out.resolve())  # as it holds it
        steps.append(("incidents.qgz", store, project))
    steps.append(("report.md", report_inputs(result, facts), report))
    written = []
    for n, (name, options, write) in enumerate(steps, 1):
        if progress:
            progress("write", n, len(steps))
        path, key = out / name, ledger.key(name, options)
        written.append(str(path))
        if ledger.current(path, key):
            result.kept.append(str(path))
            continue
        t = time.perf_counter()
        write(path)
        ledger.record(path, key)
        result.seconds[name] = time.perf_counter() - t
    return written


def report_inputs(result: BuildResult, facts: ReadFacts | None) -> str:
    """What report.md says besides the store's content (which is in every output's key)."""
    from geo.pipeline.report import ReadFacts

    return json.dumps({
        "store": str(result.store), "read": (facts or ReadFacts.of(result)).as_dict(),
        "removed": result.removed_files, "problems": [str(p) for p in result.problems],
        "notes": result.notes, "skipped": result.ingest.skipped,
    }, sort_keys=True)


def _write_report(path: Path, result: BuildResult, facts: ReadFacts | None) -> None:
    from geo.pipeline.report import render_report

    text = render_report(result, facts)
    try:
        same = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    if same:
        result.kept.append(str(path))
    else:
        write_text(path, text)
