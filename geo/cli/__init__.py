"""`geo` command line: a thin layer over the library; see `geo --help`."""

from __future__ import annotations

import sys

from gazetteer.errors import GazetteerDataError
from geo.cli.app import app
from geo.errors import UserError

# Each module attaches its commands to `app` when imported.
from geo.cli import (  # noqa: F401  isort: skip
    build,
    cache,
    eval,
    export,
    gazetteer,
    ingest,
    map,
    qgis,
    resolve,
)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn known errors into one line and exit code 2."""
    try:
        app(args=argv, prog_name="geo", standalone_mode=True)
    except (UserError, GazetteerDataError, FileNotFoundError) as exc:
        print(f"geo: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("geo: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
