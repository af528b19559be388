"""A total deadline for each request to a geocoder, however slowly the server answers.

A socket timeout bounds each read, not the whole answer: a server that sends one byte every
half second never trips it. :class:`DeadlineAdapter` is geopy's requests adapter where the
``timeout`` bounds the request from its start to its last byte. The request runs in a worker
thread that the caller waits for at most ``timeout`` seconds; the worker reads the body in small
pieces and stops at the deadline too, so a dripping server does not keep it reading.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from geopy.adapters import RequestsAdapter
from geopy.exc import GeocoderTimedOut

CHUNK = 16_384


class _DeadlineSession(requests.Session):
    """A session whose ``get`` reads the body piece by piece and gives up at the deadline."""

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        budget = float(kwargs.get("timeout") or 10.0)
        deadline = time.monotonic() + budget
        kwargs["stream"] = True
        response = super().get(url, **kwargs)
        pieces = []
        try:
            while piece := response.raw.read1(CHUNK, decode_content=True):
                pieces.append(piece)
                if time.monotonic() > deadline:
                    raise requests.Timeout(f"no complete answer within {budget:g} s")
        except requests.Timeout:
            response.close()
            raise
        except Exception as exc:  # the connection broke mid-answer
            response.close()
            raise requests.ConnectionError(str(exc)) from exc
        response._content = b"".join(pieces)  # noqa: SLF001 (what requests itself sets)
        response._content_consumed = True  # noqa: SLF001
        response.close()
        return response


class DeadlineAdapter(RequestsAdapter):
    """geopy's :class:`RequestsAdapter` with ``timeout`` as a total deadline per request."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        plain, self.session = self.session, _DeadlineSession()
        self.session.trust_env = plain.trust_env
        self.session.proxies = plain.proxies
        for prefix, adapter in plain.adapters.items():
            self.session.mount(prefix, adapter)

    def _request(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["value"] = RequestsAdapter._request(self, url, timeout=timeout,
                                                            headers=headers)
            except BaseException as exc:  # handed to the caller below
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="geocoder-request", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():  # still waiting for the status line or headers
            raise GeocoderTimedOut(f"no complete answer within {timeout:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]
