"""A persistent SQLite cache of geocoder answers (positive and negative), safe for concurrent
readers (WAL). Keys: geocoder + normalized query + parameters + service URL.

Only answers are stored; transient failures (timeouts, 5xx, refused connections) never are.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from gazetteer.atomic import atomic_path
from geo.errors import UserError
from geo.incidents.cells import neutralize

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    geocoder TEXT NOT NULL,
    service_url TEXT NOT NULL,
    query TEXT NOT NULL,
    params TEXT NOT NULL,
    created_at REAL NOT NULL,
    result_count INTEGER NOT NULL,
    raw TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_geocoder ON answers (geocoder, created_at);
"""

EXPORT_FIELDS = (
    "geocoder", "service_url", "query", "params", "created_at", "result_count", "raw",
)


def normalize_query(query: str) -> str:
    """Casefolded, whitespace collapsed: "  Al  Tanf " and "al tanf" share an entry."""
    return " ".join(query.casefold().split())


@dataclass(frozen=True)
class QueryParams:
    """The parameters that change a geocoder's answer (they are part of the cache key)."""

    country_codes: tuple[str, ...] = ()
    viewbox: tuple[float, float, float, float] | None = None  # minlon, minlat, maxlon, maxlat
    bounded: bool = False
    limit: int = 5

    @classmethod
    def of(
        cls,
        country_codes: Sequence[str] | None,
        viewbox: Sequence[float] | None,
        bounded: bool,
        limit: int,
    ) -> QueryParams:
        codes = tuple(sorted({c.strip().casefold() for c in country_codes or () if c.strip()}))
        box = tuple(round(float(v), 6) for v in viewbox) if viewbox is not None else None
        if box is not None and len(box) != 4:
            raise ValueError("viewbox must be (minlon, minlat, maxlon, maxlat)")
        return cls(codes, box, bool(bounded and box is not None), int(limit))  # type: ignore[arg-type]

    def as_json(self) -> str:
        return self._json

    @cached_property
    def _json(self) -> str:
        return json.dumps(
            {
                "country_codes": list(self.country_codes),
                "viewbox": list(self.viewbox) if self.viewbox else None,
                "bounded": self.bounded,
                "limit": self.limit,
            },
            sort_keys=True,
        )


def cache_key(geocoder: str, service_url: str, query: str, params: QueryParams) -> str:
    text = "\x1f".join((geocoder, service_url, normalize_query(query), params.as_json()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """One stored answer: the raw results (a JSON list; empty for a negative answer)."""

    geocoder: str
    service_url: str
    query: str
    params: str
    created_at: float  # Unix time
    raw: list[Any]

    @property
    def created_date(self) -> str:
        return datetime.fromtimestamp(self.created_at, UTC).strftime("%Y-%m-%d")


@dataclass(frozen=True)
class CacheStats:
    path: Path
    size_bytes: int
    entries: dict[str, int]  # per geocoder
    negatives: dict[str, int]  # per geocoder

    @property
    def total(self) -> int:
        return sum(self.entries.values())


class GeocodeCache:
    """The answers table in one SQLite file; one connection per instance, guarded by a lock."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"{self.path}: cannot open the geocoder cache ({exc}); "
                "remove the file or pass another --cache path"
            ) from None
        except OSError as exc:
            raise UserError(f"{self.path}: cannot create the geocoder cache ({exc})") from None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> GeocodeCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, geocoder: str, service_url: str, query: str,
            params: QueryParams) -> CachedAnswer | None:
        key = cache_key(geocoder, service_url, query, params)
        with self._lock:
            row = self._db.execute(
                "SELECT geocoder, service_url, query, params, created_at, raw "
                "FROM answers WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        return CachedAnswer(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))

    def put(self, geocoder: str, service_url: str, query: str, params: QueryParams,
            raw: list[Any], created_at: float | None = None) -> CachedAnswer:
        """Store (or replace) an answer; an empty ``raw`` is a negative answer."""
        answer = CachedAnswer(
            geocoder, service_url, normalize_query(query), params.as_json(),
            time.time() if created_at is None else created_at, list(raw),
        )
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cache_key(geocoder, service_url, query, params), answer.geocoder,
                    answer.service_url, answer.query, answer.params, answer.created_at,
                    len(answer.raw), json.dumps(answer.raw, ensure_ascii=False),
                ),
            )
        return answer

    def stats(self) -> CacheStats:
        with self._lock:
            rows = self._db.execute(
                "SELECT geocoder, COUNT(*), SUM(result_count = 0) FROM answers GROUP BY geocoder"
            ).fetchall()
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        return CacheStats(
            self.path, size, {r[0]: r[1] for r in rows}, {r[0]: int(r[2] or 0) for r in rows}
        )

    def clear(self, geocoder: str | None = None, older_than_days: float | None = None) -> int:
        """Delete entries (of one geocoder, older than some days, or all); return how many."""
        where, args = [], []
        if geocoder:
            where.append("geocoder = ?")
            args.append(geocoder)
        if older_than_days is not None:
            where.append("created_at < ?")
            args.append(time.time() - older_than_days * 86400)
        sql = "DELETE FROM answers" + (" WHERE " + " AND ".join(where) if where else "")
        with self._lock, self._db:
            deleted = self._db.execute(sql, args).rowcount
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every entry as a dict of EXPORT_FIELDS, oldest first (``raw`` parsed)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(EXPORT_FIELDS)} FROM answers ORDER BY created_at, key"
            ).fetchall()
        for row in rows:
            item = dict(zip(EXPORT_FIELDS, row, strict=True))
            item["params"] = json.loads(item["params"])
            item["raw"] = json.loads(item["raw"])
            item["created_at"] = datetime.fromtimestamp(item["created_at"], UTC).isoformat()
            yield item

    def export(self, out: Path) -> int:
        """Write every entry to ``out`` (.jsonl or .csv) atomically; return the count."""
        out = Path(out)
        suffix = out.suffix.casefold()
        if suffix not in (".jsonl", ".csv"):
            raise UserError(f"{out}: export format must be .jsonl or .csv (by the file name)")
        count = 0
        with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, EXPORT_FIELDS) if suffix == ".csv" else None
            if writer:
                writer.writeheader()
            for item in self.rows():
                count += 1
                if writer:
                    flat = dict(item)
                    flat["params"] = json.dumps(item["params"], sort_keys=True)
                    flat["raw"] = json.dumps(item["raw"], ensure_ascii=False)
                    writer.writerow({k: neutralize(v) if isinstance(v, str) else v
                                     for k, v in flat.items()})
                else:
                    fh.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        return count
