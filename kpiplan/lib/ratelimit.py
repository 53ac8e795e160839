"""Rate limits of the pages anyone can use (password-reset mails, registration, help inquiries).

A few lines of our own rather than django-ratelimit: that library counts with cache.incr, which Django's
database cache (our shared cache) implements as get-then-set with the default timeout, so its windows would
end five minutes after the last attempt instead of after the window; and its checks warn about caches it does
not know. Here each key keeps the times of its recent attempts (a sliding window, a short list) and is written
with its own timeout, through Django's cache API only: any backend works, and a shared one makes the limit
hold across workers and servers. Two requests at the same instant may both pass the last slot; the limits are
against floods, not exact quotas.

A rate is "count/period": "5/h", "10/15m", "3/d", "20/s". The limits are named in settings.RATE_LIMITS.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = RATE.match(text)
        if not match:
            raise ValueError(f"a rate is count/period, e.g. 5/h or 10/15m, not {text!r}")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * UNITS[unit])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the next attempt would be allowed

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _key(name: str, ident: str) -> str:
    # Hashed: an e-mail address or an IPv6 address may hold characters some cache backends refuse in keys.
    return f"ratelimit:{name}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}"


def _recent(key: str, rate: Rate, stamp: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > stamp - rate.seconds]


def _verdict(name: str, ident: str, now: datetime) -> tuple[Verdict, str, list[float], Rate]:
    rate = Rate.parse(settings.RATE_LIMITS[name])
    key, stamp = _key(name, ident), now.timestamp()
    recent = _recent(key, rate, stamp)
    if len(recent) >= rate.count:
        return Verdict(False, math.ceil(min(recent) + rate.seconds - stamp)), key, recent, rate
    return Verdict(True), key, recent, rate


def peek(name: str, ident: str, *, now: datetime) -> Verdict:
    """Whether one more attempt of `ident` under the limit `name` would be allowed; nothing is counted."""
    return _verdict(name, ident, now)[0]


def hit(name: str, ident: str, *, now: datetime) -> Verdict:
    """Whether one more attempt is allowed, counting it when it is. A refused attempt is not counted: whoever
    waits out the window may try again."""
    verdict, key, recent, rate = _verdict(name, ident, now)
    if verdict.allowed:
        cache.set(key, [*recent, now.timestamp()], timeout=rate.seconds)
    return verdict


def record(name: str, ident: str, *, now: datetime) -> None:
    """Count an attempt that was let through by peek() and turned out to count (a failed registration)."""
    _ignored, key, recent, rate = _verdict(name, ident, now)
    cache.set(key, [*recent, now.timestamp()], timeout=rate.seconds)
