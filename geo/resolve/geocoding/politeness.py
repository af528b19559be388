"""Politeness towards a geocoding service: one request at a time, a minimum delay between
requests (retries included), and retries with exponential backoff that honour Retry-After.

geopy raises its own exceptions for HTTP errors, timeouts and refused connections;
:func:`classify` turns each into a :class:`Failure` saying whether a retry may help.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from geopy.adapters import AdapterHTTPError
from geopy.exc import (
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)

T = TypeVar("T")


@dataclass
class Throttle:
    """Lets one request through at a time, each starting at least ``min_delay_s`` after the
    previous one *finished* (stricter than start-to-start, so the server never sees two
    requests closer than the delay, whatever the network latency)."""

    min_delay_s: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _next_start: float = float("-inf")

    @contextmanager
    def slot(self):
        """Hold the slot for one request: waits for the delay, then blocks other requests."""
        with self._lock:
            wait = self._next_start - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                yield
            finally:
                self._next_start = self.clock() + self.min_delay_s


_THROTTLES: dict[tuple[str, str], Throttle] = {}
_THROTTLES_LOCK = threading.Lock()


def throttle_for(geocoder: str, base_url: str, min_delay_s: float) -> Throttle:
    """The process-wide throttle of one service, so every client of it shares the limit."""
    with _THROTTLES_LOCK:
        throttle = _THROTTLES.get((geocoder, base_url))
        if throttle is None:
            throttle = _THROTTLES[(geocoder, base_url)] = Throttle(min_delay_s)
        throttle.min_delay_s = min_delay_s
        return throttle


@dataclass(frozen=True)
class Failure:
    """Why one attempt failed, and whether trying again may help."""

    reason: str  # "HTTP 500", "timed out after 10 s", "connection refused", ...
    retryable: bool
    retry_after: float | None = None


def _status(exc: BaseException) -> int | None:
    cause = exc.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def classify(exc: Exception, timeout: float) -> Failure:
    """Map a geopy (or parsing) exception to a Failure."""
    status = _status(exc)
    if isinstance(exc, GeocoderRateLimited):
        return Failure("HTTP 429 (rate limited)", True, exc.retry_after)
    if status is not None and status >= 500:
        return Failure(f"HTTP {status}", True)
    if isinstance(exc, GeocoderTimedOut):
        if status is not None:
            return Failure(f"HTTP {status}", True)
        return Failure(f"timed out after {timeout:g} s", True)
    if isinstance(exc, GeocoderUnavailable):
        text = str(exc)
        if "refused" in text.casefold():
            return Failure("connection refused", False)
        return Failure(f"service unreachable ({text[:160]})", False)
    if isinstance(exc, GeocoderParseError):
        return Failure("malformed JSON from the server", False)
    if isinstance(exc, GeocoderAuthenticationFailure | GeocoderInsufficientPrivileges):
        code = f"HTTP {status}" if status else "access denied"
        return Failure(f"{code}: the service refused access; check user agent, username or key",
                       False)
    if isinstance(exc, GeocoderQueryError):
        code = f"HTTP {status}: " if status else ""
        return Failure(f"{code}the service rejected the query ({str(exc)[:160]})", False)
    if status is not None:
        return Failure(f"HTTP {status}", False)
    if isinstance(exc, GeopyError):
        return Failure(f"geocoder error ({str(exc)[:160]})", False)
    return Failure(f"unexpected answer from the server ({type(exc).__name__}: {exc})"[:200], False)


@dataclass(frozen=True)
class RetryPolicy:
    """Retries after retryable failures: waits ``backoff_s``, then twice that, and so on; a
    longer Retry-After wins; a Retry-After beyond ``max_wait_s`` ends the attempts."""

    max_retries: int = 3
    backoff_s: float = 1.0
    max_wait_s: float = 120.0

    def wait(self, retry: int, failure: Failure) -> float | None:
        """Seconds to wait before retry number ``retry`` (1-based), or None to give up."""
        if not failure.retryable or retry > self.max_retries:
            return None
        wait = self.backoff_s * 2 ** (retry - 1)
        if failure.retry_after is not None:
            if failure.retry_after > self.max_wait_s:
                return None
            wait = max(wait, failure.retry_after)
        return wait


@dataclass
class Outcome(Generic[T]):
    """What a polite call produced: a value, or the reason it failed; and how many requests."""

    value: T | None
    error: str | None
    attempts: int


def call_politely(
    request: Callable[[], T],
    throttle: Throttle,
    policy: RetryPolicy,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome[T]:
    """Run ``request`` inside the throttle, retrying retryable failures per ``policy``."""
    attempts = 0
    while True:
        attempts += 1
        try:
            with throttle.slot():
                value = request()
            return Outcome(value, None, attempts)
        except Exception as exc:  # geopy and parsing errors alike become a reason
            failure = classify(exc, timeout)
        wait = policy.wait(attempts, failure)
        if wait is None:
            retries = attempts - 1
            too_long = failure.retry_after is not None and retries < policy.max_retries
            if failure.retryable and too_long:
                reason = f"{failure.reason}; server asked to wait {failure.retry_after:g} s"
            elif retries:
                reason = f"{failure.reason} after {retries} retr{'y' if retries == 1 else 'ies'}"
            else:
                reason = failure.reason
            return Outcome(None, reason, attempts)
        sleep(wait)
