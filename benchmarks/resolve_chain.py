"""Benchmark: 10k mentions through the resolution chain, 90% gazetteer hits and 10% sent to a
loopback fake Nominatim, then the same mentions again over the warm geocoder cache.

The baseline is run 1 (empty cache) of the same process; run 2 must send 0 requests, and run 1
exactly one per distinct miss. The server is our own on 127.0.0.1, so the politeness delay is
0 here (min_delay_s=0, no retries); against the public Nominatim it is 1 s per request.

    .venv/bin/python benchmarks/resolve_chain.py [--mentions 10000] [--distinct-misses 400]
    .venv/bin/python benchmarks/resolve_chain.py --stand-in   # a dict instead of the chain
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.resolve.geocoding import GeocodeResult, OnlineGeocoder, make_geocoders  # noqa: E402
from tests.geo.resolve.fake_nominatim import FakeGeoServer, _place, fake_settings  # noqa: E402


@dataclass
class TimedGeocoder:
    """Delegates to a geocoder and adds up the time spent in it."""

    inner: OnlineGeocoder
    seconds: float = 0.0
    calls: int = 0

    @property
    def name(self) -> str:
        return self.inner.name

    def geocode(self, query: str, **kwargs) -> GeocodeResult:
        start = time.perf_counter()
        try:
            return self.inner.geocode(query, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def miss_places(count: int) -> list[dict]:
    """Synthetic places only the fake server knows (fixed-width numbers: no name contains
    another)."""
    rng = random.Random(7)
    return [
        _place(500_000 + i, ("node", 800_000 + i), f"Tell Benchmark {i:04d}",
               ("Al Anbar Governorate", "Iraq", "iq"), 33 + rng.random() * 3,
               40 + rng.random() * 4, ("place", "village"), 19, 0.7, "village", 0.01,
               ("P", "PPL", 500))
        for i in range(count)
    ]


def make_chain(stand_in: bool, geocoder: TimedGeocoder):
    """A function name -> resolved?; the lead's Resolver over the curated gazetteer, or a dict."""
    if not stand_in:
        try:
            from gazetteer.index import Gazetteer
            from geo.resolve.chain import Resolver

            gazetteer = Gazetteer.load(geonames=False)
            names = [p.name for p in gazetteer._by_id.values()]
            resolver = Resolver(gazetteer, [geocoder])  # type: ignore[list-item]
            return "geo.resolve.chain.Resolver (curated tier; GeoNames tier off)", names, (
                lambda name: resolver.resolve(name).resolved
            )
        except ImportError as exc:
            print(f"(no resolution chain: {exc}; using a dict stand-in)")
    hits = {f"Known Place {i:03d}": (33.0, 40.0) for i in range(155)}

    def lookup(name: str) -> bool:
        return name in hits or bool(geocoder.geocode(name).candidates)

    return "a dict standing in for the gazetteer", list(hits), lookup


def run(chain, mentions: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    resolved = sum(1 for m in mentions if chain(m))
    return time.perf_counter() - start, resolved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=10_000)
    ap.add_argument("--miss-share", type=float, default=0.10)
    ap.add_argument("--distinct-misses", type=int, default=400)
    ap.add_argument("--stand-in", action="store_true", help="a dict instead of the chain")
    args = ap.parse_args()

    n_miss = int(args.mentions * args.miss_share)
    places = miss_places(args.distinct_misses)
    miss_names = [p["name"] for p in places]
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp, FakeGeoServer(places=places) as server:
        settings = fake_settings(server.url, Path(tmp) / "cache.sqlite", min_delay_s=0.0,
                                 max_retries=0)
        first = TimedGeocoder(make_geocoders(settings)[0])
        label, hit_names, chain = make_chain(args.stand_in, first)
        misses = miss_names + [rng.choice(miss_names) for _ in range(n_miss - len(miss_names))]
        hits = [rng.choice(hit_names) for _ in range(args.mentions - n_miss)]
        mentions = misses + hits
        rng.shuffle(mentions)
        print(f"chain: {label}")
        print(f"mentions: {len(mentions)} = {len(hits)} gazetteer hits ({len(set(hits))} "
              f"distinct) + {len(misses)} misses ({len(set(misses))} distinct) to "
              f"{server.url} (min_delay_s=0: our own loopback server)")

        t1, ok1 = run(chain, mentions)
        sent1 = len(server.requests)

        second = TimedGeocoder(make_geocoders(settings)[0])  # a new run over the same cache file
        _, _, chain2 = make_chain(args.stand_in, second)
        t2, ok2 = run(chain2, mentions)
        sent2 = len(server.requests) - sent1

        # the geocoder + cache layer alone, on a fresh cache file: the misses only
        alone = fake_settings(server.url, Path(tmp) / "alone.sqlite", min_delay_s=0.0,
                              max_retries=0)
        layer = []
        for _ in range(2):
            geocoder = make_geocoders(alone)[0]
            before = len(server.requests)
            start = time.perf_counter()
            for name in misses:
                geocoder.geocode(name)
            layer.append((time.perf_counter() - start, len(server.requests) - before))

    print(f"run 1, empty cache: total {t1:7.3f} s; geocoder layer {first.seconds:7.3f} s "
          f"({first.calls} calls); requests {sent1} (distinct misses {len(set(misses))}: "
          f"{'equal' if sent1 == len(set(misses)) else 'NOT EQUAL'}); resolved {ok1}")
    print(f"run 2, warm cache:  total {t2:7.3f} s; geocoder layer {second.seconds:7.3f} s "
          f"({second.calls} calls); requests {sent2}; resolved {ok2}")
    print(f"speed-up run 1 / run 2: whole chain {t1 / t2:6.1f}x; geocoder layer "
          f"{first.seconds / max(second.seconds, 1e-9):6.1f}x (target >= 50x, 0 requests)")
    (a1, r1), (a2, r2) = layer
    print(f"geocoder layer alone, {len(misses)} misses: empty cache {a1:.3f} s ({r1} requests); "
          f"warm cache {a2:.4f} s ({r2} requests); speed-up {a1 / a2:.0f}x")
    print(f"per cached look-up: {second.seconds / max(second.calls, 1) * 1e6:.0f} us; per "
          f"request on loopback: {first.seconds / max(sent1, 1) * 1e3:.2f} ms")
    print(f"at the public Nominatim's 1 request/s, run 1 would wait >= {sent1} s more "
          "(computed from the policy, not measured)")


if __name__ == "__main__":
    main()
