"""Helpers shared by the command modules: loading the gazetteer with progress, JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any

from gazetteer.index import Gazetteer


def open_gazetteer(geonames: bool = True, quiet: bool = False) -> Gazetteer:
    """Load the gazetteer; while the GeoNames index is first built, show progress on stderr."""
    if quiet or not sys.stderr.isatty():
        return Gazetteer.load(geonames=geonames)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("Building the GeoNames index (once)", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return Gazetteer.load(geonames=geonames, progress=advance)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
