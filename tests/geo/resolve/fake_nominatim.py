"""A real HTTP server on 127.0.0.1 that answers like Nominatim (/search), Photon (/api) and the
GeoNames web service (/searchJSON) from a small fixture, records every request, and can be
scripted per query to misbehave (HTTP errors, Retry-After, slowness, malformed JSON)."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def _bbox(lat: float, lon: float, half_deg: float) -> list[str]:
    """Nominatim's order: minlat, maxlat, minlon, maxlon (as strings)."""
    return [f"{lat - half_deg:.7f}", f"{lat + half_deg:.7f}", f"{lon - half_deg:.7f}",
            f"{lon + half_deg:.7f}"]


def _place(pid: int, osm: tuple[str, int], name: str, where: tuple[str, str, str],
           lat: float, lon: float, tag: tuple[str, str], rank: int, importance: float,
           addresstype: str, half_deg: float, geonames: tuple[str, str, int]) -> dict[str, Any]:
    state, country, code = where
    return {
        "place_id": pid, "licence": "fixture", "osm_type": osm[0], "osm_id": osm[1],
        "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "category": tag[0], "type": tag[1],
        "place_rank": rank, "importance": importance, "addresstype": addresstype, "name": name,
        "display_name": ", ".join(dict.fromkeys(p for p in (name, state, country) if p)),
        "address": {addresstype: name, "state": state, "country": country,
                    "country_code": code},
        "boundingbox": _bbox(lat, lon, half_deg),
        "_geonames": geonames,  # fcl, fcode, population: for the GeoNames answer only
    }


#: Approximate places of the 2023-24 attacks (a fixture, not a gazetteer).
PLACES: list[dict[str, Any]] = [
    _place(101, ("relation", 9001), "Erbil", ("Erbil Governorate", "Iraq", "iq"), 36.1912,
           44.0092, ("place", "city"), 16, 0.62, "city", 0.15, ("P", "PPLA", 932800)),
    _place(102, ("way", 9002), "Erbil International Airport", ("Erbil Governorate", "Iraq", "iq"),
           36.2376, 43.9632, ("aeroway", "aerodrome"), 30, 0.41, "aeroway", 0.02,
           ("S", "AIRP", 0)),
    _place(103, ("way", 9003), "Al-Tanf Garrison", ("Homs Governorate", "Syria", "sy"), 33.4970,
           38.6460, ("military", "base"), 30, 0.3, "military", 0.01, ("S", "MILB", 0)),
    _place(104, ("way", 9004), "Ain al-Asad Air Base", ("Al Anbar Governorate", "Iraq", "iq"),
           33.7856, 42.4412, ("military", "airfield"), 30, 0.38, "military", 0.04,
           ("S", "AIRB", 0)),
    _place(105, ("relation", 9005), "Deir ez-Zor Governorate", ("", "Syria", "sy"), 35.0,
           40.5, ("boundary", "administrative"), 8, 0.55, "state", 1.2, ("A", "ADM1", 0)),
    _place(106, ("way", 9006), "Al-Omar Oil Field", ("Deir ez-Zor Governorate", "Syria", "sy"),
           35.0860, 40.5740, ("landuse", "industrial"), 30, 0.2, "landuse", 0.05,
           ("S", "OILF", 0)),
    _place(107, ("node", 9007), "Tower 22", ("Mafraq Governorate", "Jordan", "jo"), 33.3250,
           38.7000, ("military", "base"), 30, 0.25, "military", 0.0, ("S", "MILB", 0)),
]


@dataclass(frozen=True)
class Fault:
    """One scripted reply: an HTTP status (with headers and body), or a delay first."""

    status: int = 200
    body: bytes | None = None  # None: the normal answer
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    drip_s: float = 0.0  # send the reply (status line, headers, body) one byte at a time
    drip_headers: bool = False  # drip from the status line on, not only the body


def http_error(status: int, retry_after: str | None = None) -> Fault:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Fault(status, b'{"error": "scripted failure"}', headers)


MALFORMED = Fault(200, b'[{"place_id": 1, "lat": "36.1", ')


def slow(seconds: float) -> Fault:
    return Fault(delay_s=seconds)


def drip(every_s: float, headers: bool = False) -> Fault:
    """The normal answer, one byte every ``every_s`` seconds: each read is quick, the whole
    reply is not."""
    return Fault(drip_s=every_s, drip_headers=headers)


@dataclass(frozen=True)
class Recorded:
    time: float  # time.monotonic() on arrival
    path: str
    params: dict[str, str]
    headers: dict[str, str]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _public(place: dict[str, Any], addressdetails: bool, fmt: str) -> dict[str, Any]:
    out = {k: v for k, v in place.items() if not k.startswith("_")}
    if not addressdetails:
        out.pop("address")
    if fmt != "jsonv2":  # the older format names the OSM key "class" and lacks a few fields
        out["class"] = out.pop("category")
        for key in ("place_rank", "addresstype", "name"):
            out.pop(key)
    return out


def to_photon(place: dict[str, Any]) -> dict[str, Any]:
    minlat, maxlat, minlon, maxlon = (float(v) for v in place["boundingbox"])
    props = {
        "osm_id": place["osm_id"], "osm_type": place["osm_type"][0].upper(),
        "osm_key": place["category"], "osm_value": place["type"], "name": place["name"],
        "country": place["address"]["country"],
        "countrycode": place["address"]["country_code"].upper(),
        "state": place["address"]["state"], "type": "city" if place["type"] == "city" else "house",
    }
    if maxlat > minlat:
        props["extent"] = [minlon, maxlat, maxlon, minlat]
    point = [float(place["lon"]), float(place["lat"])]
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": point}}


def to_geonames(place: dict[str, Any]) -> dict[str, Any]:
    fcl, fcode, population = place["_geonames"]
    return {
        "geonameId": place["place_id"], "name": place["name"], "toponymName": place["name"],
        "lat": place["lat"], "lng": place["lon"],
        "countryCode": place["address"]["country_code"].upper(),
        "countryName": place["address"]["country"], "adminName1": place["address"]["state"],
        "fcl": fcl, "fcode": fcode, "population": population,
    }


@dataclass
class FakeGeoServer:
    """Use as a context manager; ``url`` is its base URL; ``script[query]`` lists the faults to
    serve, in order, to that (normalized) query before answering normally."""

    places: list[dict[str, Any]] = field(default_factory=lambda: list(PLACES))
    script: dict[str, list[Fault]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FakeGeoServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail(self, query: str, *faults: Fault) -> None:
        self.script.setdefault(_norm(query), []).extend(faults)

    def requests_to(self, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # --- called from the handler threads ---------------------------------------------------

    def _record(self, rec: Recorded) -> Fault | None:
        with self._lock:
            self.requests.append(rec)
            queue = self.script.get(_norm(rec.params.get("q", "")))
            return queue.pop(0) if queue else None

    def matches(self, params: dict[str, str]) -> list[dict[str, Any]]:
        q = _norm(params.get("q", ""))
        found = [p for p in self.places if q and q in _norm(p["display_name"])]
        codes = {c for c in params.get("countrycodes", "").casefold().split(",") if c}
        if codes:
            found = [p for p in found if p["address"]["country_code"] in codes]
        box = params.get("viewbox") or params.get("bbox")
        if box and (params.get("bounded") == "1" or "bbox" in params):
            x1, y1, x2, y2 = (float(v) for v in box.split(","))
            found = [p for p in found
                     if min(y1, y2) <= float(p["lat"]) <= max(y1, y2)
                     and min(x1, x2) <= float(p["lon"]) <= max(x1, x2)]
        found.sort(key=lambda p: -p["importance"])
        return found[: int(params.get("limit") or params.get("maxRows") or 10)]

    def answer(self, path: str, params: dict[str, str]) -> bytes | None:
        if path == "/search":
            found = self.matches(params)
            body = [_public(p, params.get("addressdetails") == "1", params.get("format", ""))
                    for p in found]
        elif path == "/api":
            body = {"type": "FeatureCollection",
                    "features": [to_photon(p) for p in self.matches(params)]}
        elif path == "/searchJSON":
            geo_params = dict(params)
            if "country" in params:
                geo_params["countrycodes"] = params["country"]
            found = self.matches(geo_params)
            body = {"totalResultsCount": len(found), "geonames": [to_geonames(p) for p in found]}
        else:
            return None
        return json.dumps(body).encode()


def _handler_for(fake: FakeGeoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            rec = Recorded(time.monotonic(), parts.path, params, dict(self.headers.items()))
            fault = fake._record(rec)
            if fault is not None and fault.delay_s:
                time.sleep(fault.delay_s)
            status, headers = 200, ()
            body = fake.answer(parts.path, params)
            if fault is not None and fault.body is not None:
                status, body, headers = fault.status, fault.body, fault.headers
            if body is None:
                status, body = 404, b'{"error": "no such endpoint"}'
            try:
                if fault is not None and fault.drip_s:
                    self._drip(fault, status, body)
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def _drip(self, fault: Fault, status: int, body: bytes) -> None:
            head = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            if not fault.drip_headers:
                self.wfile.write(head)
                self.wfile.flush()
                head = b""
            for byte in head + body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(fault.drip_s)
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


#: Sockets bound and never listened on, held for the whole run: their ports refuse every
#: connection, and no server started later can be given them (a port closed at once could be).
_HELD: list[socket.socket] = []


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD.append(sock)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def fake_settings(url: str, cache_path: Any, geocoders: tuple[str, ...] = ("nominatim",),
                  **overrides: Any) -> Any:
    """Settings pointing every geocoder at ``url``, fast enough for tests (0.2 s delay)."""
    from geo.resolve.geocoding import GeocoderSettings

    values: dict[str, Any] = {
        "geocoders": list(geocoders), "url": url, "user_agent": "geo-incidents-tests/1.0 (t@x.org)",
        "username": "tester", "timeout": 2.0, "min_delay_s": 0.2, "max_retries": 2,
        "cache_path": cache_path, "backoff_s": 0.05,
    }
    values.update(overrides)
    return GeocoderSettings(**values)
