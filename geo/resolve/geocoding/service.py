"""Online geocoders through geopy (Nominatim, Photon, GeoNames), each cached and polite.

``make_geocoders(settings)`` returns [] for the default (offline) settings; nothing here opens
a socket until ``geocode`` misses the cache of a geocoder the user opted into.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, ClassVar

from geopy.geocoders import GeoNames, Nominatim, Photon
from geopy.geocoders.base import Geocoder

from gazetteer.place import Candidate
from geo.resolve.geocoding import answers
from geo.resolve.geocoding.cache import CachedAnswer, GeocodeCache, QueryParams, normalize_query
from geo.resolve.geocoding.deadline import DeadlineAdapter
from geo.resolve.geocoding.politeness import RetryPolicy, Throttle, call_politely, throttle_for
from geo.resolve.geocoding.settings import GeocoderSettings, check_settings

Viewbox = tuple[float, float, float, float]  # minlon, minlat, maxlon, maxlat

#: Answers kept in memory per geocoder, on top of the SQLite cache (oldest dropped first).
MEMO_SIZE = 20_000


@dataclass
class GeocodeResult:
    """One question to one geocoder: its candidates (best first) or why there are none."""

    query: str
    candidates: list[Candidate] = field(default_factory=list)
    error: str | None = None
    from_cache: bool = False
    requests_sent: int = 0


class OnlineGeocoder:
    """A geopy geocoder behind the cache, the throttle and the retry policy."""

    name: ClassVar[str] = ""
    make_candidate: ClassVar[answers.CandidateMaker]

    def __init__(self, settings: GeocoderSettings, cache: GeocodeCache):
        self.settings = settings
        self.cache = cache
        self.service_url = settings.base_url(self.name)
        self.label = settings.url.rstrip("/") if settings.url else "public"
        self.throttle: Throttle = throttle_for(self.name, self.service_url, settings.min_delay_s)
        self.policy = RetryPolicy(settings.max_retries, settings.backoff_s)
        self._client: Geocoder | None = None
        self._client_lock = threading.Lock()
        self._memo: dict[tuple[str, QueryParams], list[Candidate]] = {}
        self._memo_lock = threading.Lock()
        # names the service failed to answer in this run (normalized query -> why): their
        # sources are reported and read again by the next build
        self._faults: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.service_url!r})"

    # --- geopy ---------------------------------------------------------------------------

    def _client_kwargs(self) -> dict[str, Any]:
        scheme, _, domain = self.service_url.partition("://")
        return {
            "scheme": scheme,
            "domain": domain,
            "user_agent": self.settings.user_agent,
            "timeout": self.settings.timeout,  # a total deadline per request (deadline.py)
            # geopy's requests adapter retries connections by itself unless told not to;
            # every retry must go through our throttle instead.
            "adapter_factory": partial(DeadlineAdapter, max_retries=0),
        }

    def client(self) -> Geocoder:
        with self._client_lock:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def _build_client(self) -> Geocoder:
        raise NotImplementedError

    def _ask(self, query: str, params: QueryParams) -> list[Any]:
        """One request; the raw results as a JSON-able list (empty for no result)."""
        raise NotImplementedError

    # --- the public call -----------------------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        country_codes: Sequence[str] | None = None,
        viewbox: Viewbox | None = None,
        bounded: bool = False,
        limit: int = 5,
    ) -> GeocodeResult:
        """Candidates for ``query``: from the cache, else from the service (then cached)."""
        if not query or not query.strip():
            return GeocodeResult(query, error="empty query")
        try:
            params = QueryParams.of(country_codes, viewbox, bounded, limit)
        except (TypeError, ValueError) as exc:
            return GeocodeResult(query, error=f"bad parameters: {exc}")
        memo_key = (normalize_query(query), params)
        known = self._memo.get(memo_key)
        if known is not None:
            return GeocodeResult(query, list(known), None, True, 0)
        hit = self.cache.get(self.name, self.service_url, query, params)
        if hit is not None:
            try:
                candidates = self._candidates(hit)
            except answers.BadAnswer:
                pass  # an entry we can no longer read: ask again
            else:
                self._remember(memo_key, candidates)
                return GeocodeResult(query, list(candidates), None, True, 0)
        if self.settings.offline_cache_only:
            return GeocodeResult(query, error="not in the geocoder cache (cache-only mode)")
        outcome = call_politely(
            lambda: self._ask(query, params), self.throttle, self.policy, self.settings.timeout
        )
        if outcome.error is not None:
            self._faults[normalize_query(query)] = outcome.error
            return GeocodeResult(query, error=outcome.error, requests_sent=outcome.attempts)
        raw = outcome.value or []
        now = datetime.now(UTC).timestamp()
        answer = CachedAnswer(self.name, self.service_url, query, params.as_json(), now, raw)
        try:
            candidates = self._candidates(answer)
        except answers.BadAnswer as exc:
            error = f"unexpected answer from the server: {exc}"
            self._faults[normalize_query(query)] = error
            return GeocodeResult(query, error=error, requests_sent=outcome.attempts)
        self._faults.pop(normalize_query(query), None)
        self.cache.put(self.name, self.service_url, query, params, raw, now)
        self._remember(memo_key, candidates)
        return GeocodeResult(query, list(candidates), None, False, outcome.attempts)

    def fault(self, query: str) -> str | None:
        """Why the service failed to answer ``query`` in this run (None if it did not fail)."""
        return self._faults.get(normalize_query(query))

    def _remember(self, key: tuple[str, QueryParams], candidates: list[Candidate]) -> None:
        with self._memo_lock:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = candidates

    def _candidates(self, answer: CachedAnswer) -> list[Candidate]:
        source = f"{self.name} {self.label} {answer.created_date}"
        return answers.to_candidates(answer.raw, type(self).make_candidate, self.name, source)


def _raws(locations: Any) -> list[Any]:
    if not locations:
        return []
    return [loc.raw for loc in locations if loc is not None]


class _NominatimJsonV2(Nominatim):
    """geopy's Nominatim asking for ``format=jsonv2`` (category, place_rank, addresstype, name)
    instead of the older ``json``; geopy parses both alike."""

    def _construct_url(self, base_api: str, params: dict[str, Any]) -> str:
        if base_api == self.api:
            params = {**params, "format": "jsonv2"}
        return super()._construct_url(base_api, params)


class NominatimGeocoder(OnlineGeocoder):
    """OpenStreetMap Nominatim (public, or self-hosted via ``url``)."""

    name = "nominatim"
    make_candidate = staticmethod(answers.nominatim_candidate)

    def _build_client(self) -> Geocoder:
        return _NominatimJsonV2(**self._client_kwargs())

    def _ask(self, query: str, params: QueryParams) -> list[Any]:
        kwargs: dict[str, Any] = {"exactly_one": False, "limit": params.limit,
                                  "addressdetails": True}
        if params.country_codes:
            kwargs["country_codes"] = list(params.country_codes)
        if params.viewbox is not None:
            minlon, minlat, maxlon, maxlat = params.viewbox
            kwargs["viewbox"] = [(minlat, minlon), (maxlat, maxlon)]
            kwargs["bounded"] = params.bounded
        return _raws(self.client().geocode(query, **kwargs))


def _inside(lat: float, lon: float, box: Viewbox) -> bool:
    minlon, minlat, maxlon, maxlat = box
    return minlat <= lat <= maxlat and minlon <= lon <= maxlon


class PhotonGeocoder(OnlineGeocoder):
    """Komoot's Photon (OSM data; public, or self-hosted via ``url``). Photon has no country
    filter, so ``country_codes`` filters its answers here; a viewbox is sent as ``bbox`` when
    bounded, else its centre as a location bias."""

    name = "photon"
    make_candidate = staticmethod(answers.photon_candidate)

    def _build_client(self) -> Geocoder:
        return Photon(**self._client_kwargs())

    def _ask(self, query: str, params: QueryParams) -> list[Any]:
        kwargs: dict[str, Any] = {"exactly_one": False, "limit": params.limit}
        if params.viewbox is not None:
            minlon, minlat, maxlon, maxlat = params.viewbox
            if params.bounded:
                kwargs["bbox"] = [(minlat, minlon), (maxlat, maxlon)]
            else:
                kwargs["location_bias"] = ((minlat + maxlat) / 2, (minlon + maxlon) / 2)
        raws = _raws(self.client().geocode(query, **kwargs))
        if params.country_codes:
            wanted = {c.upper() for c in params.country_codes}
            raws = [
                r for r in raws
                if str((r.get("properties") or {}).get("countrycode", "")).upper() in wanted
            ]
        return raws


class GeoNamesGeocoder(OnlineGeocoder):
    """The GeoNames web service (needs a free account name: ``username``). The viewbox, when
    bounded, filters its answers here (geopy does not send one)."""

    name = "geonames"
    make_candidate = staticmethod(answers.geonames_candidate)

    def _build_client(self) -> Geocoder:
        kwargs = self._client_kwargs()
        return GeoNames(self.settings.username, **kwargs)

    def _ask(self, query: str, params: QueryParams) -> list[Any]:
        kwargs: dict[str, Any] = {"exactly_one": False}
        if params.country_codes:
            kwargs["country"] = [c.upper() for c in params.country_codes]
        raws = _raws(self.client().geocode(query, **kwargs))
        if params.viewbox is not None and params.bounded:
            box = params.viewbox
            raws = [r for r in raws if _inside(float(r["lat"]), float(r["lng"]), box)]
        return raws[: params.limit]


GEOCODER_CLASSES: dict[str, type[OnlineGeocoder]] = {
    cls.name: cls for cls in (NominatimGeocoder, PhotonGeocoder, GeoNamesGeocoder)
}


def make_geocoders(
    settings: GeocoderSettings, cache: GeocodeCache | None = None
) -> list[OnlineGeocoder]:
    """The geocoders the settings opt into, in order, sharing one cache; [] when offline."""
    settings = check_settings(settings)
    if not settings.geocoders:
        return []
    cache = cache or GeocodeCache(settings.resolved_cache_path)
    return [GEOCODER_CLASSES[name](settings, cache) for name in settings.geocoders]
