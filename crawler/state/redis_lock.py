"""The Redis store's cross-process lock: a key with a random token and a lease.

:meth:`LeaseLock.acquire` sets the key only when it is free (``SET NX PX``), retrying with
jittered backoff for at most ``wait`` seconds; the holder renews the lease while it works
(:meth:`LeaseLock.renew_if_due`, called on every use of the store's client), and releases it with
a compare-and-delete script, so a lease that ran out is never released from under its next
holder. A holder that finds its lease gone raises :class:`LockLost`.

No Scrapy imports here, and no module-level state.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from typing import Any

import redis

logger = logging.getLogger(__name__)


class LockLost(RuntimeError):
    """The exclusive lock expired while held (another process may have taken it)."""


class LeaseLock:
    """One store's lock (``key``), leased for ``lease`` seconds, waited for at most ``wait``.

    ``renew`` and ``unlock`` are the registered Lua scripts (:mod:`crawler.state.redis_scripts`);
    ``name`` names the store in messages (the URI without its password).
    """

    def __init__(self, key: str, lease: float, wait: float, name: str, renew: Any, unlock: Any) -> None:
        self.key = key
        self.lease = lease
        self.wait = wait
        self.name = name
        self._renew = renew
        self._unlock = unlock
        self.token: str | None = None
        self._renewed = 0.0

    @property
    def held(self) -> bool:
        return self.token is not None

    def acquire(self, client: redis.Redis) -> None:
        token = uuid.uuid4().hex
        lease_ms = max(1, int(self.lease * 1000))
        deadline = time.monotonic() + self.wait
        pause = 0.001
        while True:
            if client.set(self.key, token, nx=True, px=lease_ms):
                self.token = token
                self._renewed = time.monotonic()
                return
            now = time.monotonic()
            if now >= deadline:
                raise TimeoutError(
                    f"state store {self.name}: another process held the exclusive lock "
                    f"({self.key}) for more than lock_wait={self.wait:g}s"
                )
            time.sleep(min(pause * (0.5 + random.random()), deadline - now))
            pause = min(pause * 2, 0.05)

    def renew_if_due(self, client: redis.Redis) -> None:
        """Renew the lease when a third of it has passed (nothing when the lock is not held)."""
        if self.token is not None and time.monotonic() - self._renewed > self.lease / 3:
            self.renew(client)

    def renew(self, client: redis.Redis) -> None:
        token = self.token
        assert token is not None
        lease_ms = max(1, int(self.lease * 1000))
        if not self._renew(keys=[self.key], args=[token, lease_ms], client=client):
            self.token = None
            raise LockLost(
                f"state store {self.name}: the exclusive lock expired while held "
                f"(lock_timeout={self.lease:g}s); another process may have changed the store"
            )
        self._renewed = time.monotonic()

    def release(self, client: redis.Redis) -> None:
        """Release the lock; held still when Redis does not answer (a second call releases it)."""
        token = self.token
        if token is None:
            return
        released = self._unlock(keys=[self.key], args=[token], client=client)
        self.token = None
        if not released:
            logger.warning(
                "state store %s: the exclusive lock had expired before it was released "
                "(lock_timeout=%gs is too short for this step?)",
                self.name,
                self.lease,
            )
