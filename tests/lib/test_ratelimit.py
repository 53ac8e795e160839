"""Rate limits: a sliding window of attempts, counted in Django's cache."""

from datetime import UTC, datetime, timedelta

import pytest

from kpiplan.lib import ratelimit
from kpiplan.lib.ratelimit import Rate

T0 = datetime(2021, 4, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, rate",
    [("5/h", Rate(5, 3600)), ("10/15m", Rate(10, 900)), ("3/d", Rate(3, 86400)), (" 20 / s ", Rate(20, 1))],
)
def test_rates_are_read_as_count_per_period(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["5", "5/x", "h/5", "-1/h", ""])
def test_a_rate_that_is_not_count_per_period_is_an_error(text):
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_three_an_hour_is_a_sliding_hour(settings, db):  # db: the cache is a table (settings.CACHES)
    settings.RATE_LIMITS = {"test": "3/h"}
    # Attempts at 9:00, 9:20, 9:40 pass; 9:50 waits until the 9:00 one leaves the hour, at 10:00 (600 s).
    for minutes in (0, 20, 40):
        assert ratelimit.hit("test", "a", now=T0 + timedelta(minutes=minutes)).allowed
    refused = ratelimit.hit("test", "a", now=T0 + timedelta(minutes=50))
    assert (refused.allowed, refused.retry_after, refused.retry_minutes) == (False, 600, 10)
    assert ratelimit.hit("test", "b", now=T0 + timedelta(minutes=50)).allowed  # another ident: its own count
    # The refused attempt was not counted: at 10:00:01 one slot is free again, and only one.
    assert ratelimit.hit("test", "a", now=T0 + timedelta(minutes=60, seconds=1)).allowed
    assert not ratelimit.hit("test", "a", now=T0 + timedelta(minutes=60, seconds=2)).allowed


def test_peek_counts_nothing_and_record_counts(settings, db):
    settings.RATE_LIMITS = {"test": "1/m"}
    assert ratelimit.peek("test", "a", now=T0).allowed and ratelimit.peek("test", "a", now=T0).allowed
    ratelimit.record("test", "a", now=T0)
    assert not ratelimit.peek("test", "a", now=T0 + timedelta(seconds=30)).allowed
    assert ratelimit.peek("test", "a", now=T0 + timedelta(seconds=61)).allowed
