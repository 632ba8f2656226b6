"""Sign-in throttling: failed sign-ins counted per account and per client address.

OWASP ASVS 4.0 V2.2.1 asks for controls against guessing passwords; NIST SP 800-63B
§5.2.2 allows at most 100 consecutive failures per account. We refuse a sixth failure on
one account, or a twenty-first from one address, within a moving window of 15 minutes,
before the password is hashed (hashing is the slow, memory-hungry step). A refusal says
when to try again. The counts are kept in memory with the ``limits`` library (ADR 7): each
server process counts on its own, and a restart forgets them.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from spinepath.contract.errors import TooManyRequests

PER_ACCOUNT = "5/15 minutes"
PER_ADDRESS = "20/15 minutes"


class SignInThrottle:
    def __init__(self, per_account: str = PER_ACCOUNT, per_address: str = PER_ADDRESS) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._account: RateLimitItem = parse(per_account)
        self._address: RateLimitItem = parse(per_address)

    def check(self, account: str, address: str) -> None:
        """Raises TooManyRequests if either count is used up; counts nothing."""
        for item, key in ((self._account, _key(account)), (self._address, address)):
            if not self._limiter.test(item, "sign-in", key):
                reset = self._limiter.get_window_stats(item, "sign-in", key).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise TooManyRequests(
                    "too many failed sign-ins: wait before trying again", retry_after=wait
                )

    def failed(self, account: str, address: str) -> None:
        self._limiter.hit(self._account, "sign-in", _key(account))
        self._limiter.hit(self._address, "sign-in", address)

    def succeeded(self, account: str) -> None:
        """A right password ends the account's count (not the address's)."""
        self._limiter.clear(self._account, "sign-in", _key(account))


def _key(account: str) -> str:
    return account.strip().lower()
