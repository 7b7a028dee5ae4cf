"""One state store connection per URI for the state stages of one thread.

The stages that :class:`crawler.pipelines.runner.StateStagesPipeline` runs in its worker thread
open their store with :func:`acquire` and give it back with :func:`release`: stages on the same
``STATE_URI`` then share one connection, so the runner can make the writes of several items one
transaction (:func:`held`: the stores this thread holds). Each thread has its own stores (an SQLite
connection belongs to the thread that made it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from crawler.state import StateStore, open_store

_local = threading.local()


@dataclass
class _Entry:
    store: StateStore
    users: int = 0


def _stores() -> dict[str, _Entry]:
    stores: dict[str, _Entry] | None = getattr(_local, "stores", None)
    if stores is None:
        stores = _local.stores = {}
    return stores


def acquire(uri: str) -> StateStore:
    """The store of ``uri`` for this thread (opened by the first caller)."""
    stores = _stores()
    entry = stores.get(uri)
    if entry is None:
        entry = stores[uri] = _Entry(open_store(uri))
    entry.users += 1
    return entry.store


def release(store: StateStore) -> None:
    """Give back a store of :func:`acquire`; the last one to give it back closes it."""
    stores = _stores()
    for uri, entry in list(stores.items()):
        if entry.store is store:
            entry.users -= 1
            if entry.users <= 0:
                del stores[uri]
                store.close()
            return
    store.close()  # not one of this thread's shared stores


def held() -> list[StateStore]:
    """The stores this thread holds, in the order they were opened."""
    return [e.store for e in _stores().values()]
