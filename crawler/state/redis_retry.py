"""The Redis store's calls through a restart or a failover of Redis: retried, then one clear error.

A Redis that restarts (an upgrade, a managed service's failover) refuses connections, answers
``LOADING`` while it reads its data back, or ``READONLY`` from a replica on its way to primary: for
seconds, a minute at most. :class:`Reconnect` runs each call of the store again through such an
outage, pausing 0.1 s, then twice as long each time up to 2 s, for at most ``wait`` seconds from its
first failure (the store's ``reconnect_wait`` option), and says so in the log: a warning when the
outage starts and one when Redis answers again. Re-running a call is safe: each write of the store
is one atomic command or script, and writing the same again gives the same state.

When the outage outlasts ``wait``, or Redis answers with an error no wait can cure (out of memory,
a refused password, a bug), the call raises :class:`crawler.state.StateStoreError`, one line that
names the store: what a full disk is to the SQLite store (the crawl stops with exit code 1, and the
articles not written are not marked seen, so the next run writes them). After an outage that
outlasted ``wait``, later calls try once and fail at once until one succeeds: a stopping crawl does
not wait again for each of its remaining items.

No Scrapy imports here, and no module-level state.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from redis.exceptions import (
    AuthenticationError,
    AuthorizationError,
    ConnectionError,
    ExternalAuthProviderError,
    ReadOnlyError,
    RedisError,
    TimeoutError,
    TryAgainError,
)

from crawler.state.base import StateStoreError

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

#: Errors of a Redis that is restarting, loading its data or failing over (``BusyLoadingError`` and
#: ``MaxClientsReachedError`` are ``ConnectionError``s)...
TRANSIENT: tuple[type[RedisError], ...] = (ConnectionError, TimeoutError, ReadOnlyError, TryAgainError)
#: ...but not a refused password or user, which no wait cures.
NEVER_TRANSIENT: tuple[type[RedisError], ...] = (AuthenticationError, AuthorizationError, ExternalAuthProviderError)
#: The first pause after a failure (seconds), doubled after each failure up to :data:`MAX_PAUSE`.
FIRST_PAUSE = 0.1
MAX_PAUSE = 2.0


def transient(exc: BaseException) -> bool:
    """True for an error a Redis on its way back gives (:data:`TRANSIENT`)."""
    return isinstance(exc, TRANSIENT) and not isinstance(exc, NEVER_TRANSIENT)


class Reconnect:
    """Runs one store's calls through Redis outages of up to ``wait`` seconds (``name``: the
    store's URI without its password, ``what`` the store and ``setting`` the option that sets
    ``wait``, for messages). ``retries`` counts the calls run again and ``outages`` the outages
    seen (a failure after a success)."""

    def __init__(self, name: str, wait: float, what: str = "State store", setting: str = "reconnect_wait") -> None:
        self.name = name
        self.what = what
        self.setting = setting
        self.wait = wait
        self.retries = 0
        self.outages = 0
        #: When the outage in course began (None: Redis answered the last call), and whether it
        #: has outlasted ``wait`` (calls then try once).
        self._down_since: float | None = None
        self._gave_up = False

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)``, run again through an outage; :class:`StateStoreError` when it
        cannot be done."""
        pause = FIRST_PAUSE
        while True:
            try:
                result = fn(*args, **kwargs)
            except RedisError as exc:
                if not transient(exc):
                    raise StateStoreError(
                        f"{self.what.lower()} {self.name}: {type(exc).__name__}: {_line(exc)}"
                    ) from exc
                now = time.monotonic()
                if self._down_since is None:
                    self._down_since = now
                    self.outages += 1
                    if self.wait > 0:
                        logger.warning("%s %s: Redis does not answer (%s); waiting for it up to %gs (%s)",
                                       self.what, self.name, _line(exc), self.wait, self.setting)
                left = self._down_since + self.wait - now
                if self._gave_up or left <= 0:
                    self._gave_up = True
                    raise StateStoreError(
                        f"{self.what.lower()} {self.name}: Redis did not answer for {self.wait:g}s ({self.setting}): "
                        f"{_line(exc)}"
                    ) from exc
                self.retries += 1
                time.sleep(min(pause, left))
                pause = min(pause * 2, MAX_PAUSE)
                continue
            if self._down_since is not None:
                logger.warning("%s %s: Redis answers again after %.1fs", self.what, self.name,
                               time.monotonic() - self._down_since)
                self._down_since = None
                self._gave_up = False
            return result


class Reconnecting:
    """A redis-py client whose commands run through ``reconnect`` (:class:`Reconnect`): the
    distributed frontier's, whose callers (scrapy-redis's queue, the scheduler) call the client
    itself. Pipelines are the client's own (not run again)."""

    def __init__(self, client: Any, reconnect: Reconnect) -> None:
        self.client = client
        self.reconnect = reconnect

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if name == "pipeline" or not callable(attr):
            return attr
        return functools.partial(self.reconnect.call, attr)


def _line(exc: BaseException) -> str:
    """The error's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__
