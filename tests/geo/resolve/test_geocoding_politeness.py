"""The throttle, the retry policy and how geopy's errors are classified (no network)."""

from __future__ import annotations

import pytest
from geopy.adapters import AdapterHTTPError
from geopy.exc import (
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

from geo.resolve.geocoding.politeness import (
    Failure,
    RetryPolicy,
    Throttle,
    call_politely,
    classify,
    throttle_for,
)


class FakeTime:
    """A clock that only moves when slept on (or when a request 'takes' time)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def http(status: int, exc_cls=GeocoderServiceError, **kw):
    try:
        raise AdapterHTTPError("scripted", status_code=status, headers={}, text="")
    except AdapterHTTPError as cause:
        try:
            raise exc_cls("scripted", **kw) from cause
        except exc_cls as exc:
            return exc


def test_throttle_spaces_request_starts_from_the_previous_end():
    t = FakeTime()
    throttle = Throttle(1.0, clock=t.clock, sleep=t.sleep)
    starts = []
    for duration in (0.3, 0.0, 2.5, 0.1):
        with throttle.slot():
            starts.append(t.now)
            t.now += duration
    ends = [s + d for s, d in zip(starts, (0.3, 0.0, 2.5, 0.1), strict=True)]
    assert all(nxt - end >= 1.0 for end, nxt in zip(ends, starts[1:], strict=False))


def test_one_throttle_per_service_in_the_process():
    a = throttle_for("nominatim", "http://h:1", 1.0)
    assert throttle_for("nominatim", "http://h:1", 2.0) is a and a.min_delay_s == 2.0
    assert throttle_for("photon", "http://h:1", 1.0) is not a


def test_backoff_doubles_and_retry_after_wins():
    policy = RetryPolicy(max_retries=3, backoff_s=0.5, max_wait_s=30)
    transient = Failure("HTTP 500", True)
    assert [policy.wait(n, transient) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, None]
    assert policy.wait(1, Failure("HTTP 429", True, retry_after=7)) == 7
    assert policy.wait(3, Failure("HTTP 429", True, retry_after=0.1)) == 2.0
    assert policy.wait(1, Failure("HTTP 429", True, retry_after=3600)) is None
    assert policy.wait(1, Failure("malformed JSON from the server", False)) is None


@pytest.mark.parametrize(
    ("exc", "reason", "retryable"),
    [
        (http(429, GeocoderRateLimited, retry_after=3), "HTTP 429 (rate limited)", True),
        (http(500), "HTTP 500", True),
        (http(503, GeocoderTimedOut), "HTTP 503", True),
        (GeocoderTimedOut("Service timed out"), "timed out after 4 s", True),
        (GeocoderUnavailable("[Errno 111] Connection refused"), "connection refused", False),
        (GeocoderParseError("bad bytes"), "malformed JSON from the server", False),
        (http(404), "HTTP 404", False),
    ],
)
def test_classify(exc, reason, retryable):
    failure = classify(exc, timeout=4)
    assert (failure.reason, failure.retryable) == (reason, retryable)


def test_query_errors_and_strangers_are_not_retried():
    assert not classify(GeocoderQueryError("bad viewbox"), 1).retryable
    assert "unexpected answer" in classify(KeyError("features"), 1).reason
    assert classify(http(429, GeocoderRateLimited, retry_after=3), 1).retry_after == 3


def test_call_politely_counts_attempts_and_waits():
    t = FakeTime()
    throttle = Throttle(0.0, clock=t.clock, sleep=t.sleep)
    replies = iter([http(500), http(500), "answer"])

    def request():
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply

    out = call_politely(request, throttle, RetryPolicy(3, 0.25), 10, sleep=t.sleep)
    assert (out.value, out.error, out.attempts) == ("answer", None, 3)
    assert t.slept == [0.25, 0.5]
    gone = call_politely(lambda: (_ for _ in ()).throw(http(500)), throttle,
                         RetryPolicy(1, 0.0), 10, sleep=t.sleep)
    assert (gone.error, gone.attempts) == ("HTTP 500 after 1 retry", 2)
    told = call_politely(lambda: (_ for _ in ()).throw(
        http(429, GeocoderRateLimited, retry_after=900)), throttle, RetryPolicy(3, 0.0, 60), 10,
        sleep=t.sleep)
    assert told.attempts == 1 and "asked to wait 900 s" in told.error
