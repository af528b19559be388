"""`geo` command line: a thin layer over the library; see `geo --help`."""

from __future__ import annotations

import sys
import warnings

from gazetteer.errors import GazetteerDataError
from geo.cli.app import app
from geo.cli.text import one_line, os_error_line
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
    review,
)


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Library warnings (GDAL's, through pyogrio) as one `geo: warning:` line, no source path."""
    print(f"geo: warning: {one_line(message)}", file=sys.stderr)


def _output_of(argv: list[str]) -> str | None:
    """The output a command was given (-o, --output, --out), if any."""
    for i, arg in enumerate(argv):
        for flag in ("-o", "--output", "--out"):
            if arg == flag and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(f"{flag}=") and flag != "-o":
                return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn known errors into one line and exit code 2."""
    warnings.showwarning = _one_line_warning
    try:
        app(args=argv, prog_name="geo", standalone_mode=True)
    except (UserError, GazetteerDataError) as exc:
        print(f"geo: error: {one_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    except OSError as exc:  # the system refused a read or write: say which file and why
        if not exc.filename:  # a write that failed half-way (a full disk) names no file
            exc.filename = _output_of(sys.argv[1:] if argv is None else argv)
        print(f"geo: error: {os_error_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    except RecursionError:  # a reader met data nested deeper than Python recurses
        print("geo: error: the input is nested too deeply to read", file=sys.stderr)
        raise SystemExit(2) from None
    except MemoryError:
        print("geo: error: out of memory (is an input far larger than expected?)",
              file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("geo: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
