"""State store connections shared by URI among the state stages of one worker thread.

:class:`crawler.pipelines.runner.StateStagesPipeline` owns one :class:`SharedStores` and gives it
to its stages (their ``stores`` attribute). The stages open their store with :func:`acquire` and
give it back with :func:`release`: stages on the same ``STATE_URI`` then share one connection, so
the runner can make the writes of several items one transaction (:meth:`SharedStores.held`).
Everything here runs in the runner's one worker thread (an SQLite connection belongs to the
thread that made it). A stage used on its own (``stores`` None) opens and closes its own store.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.state import StateStore, open_store


@dataclass
class _Entry:
    store: StateStore
    users: int = 0


class SharedStores:
    """The stores of one thread's stages, one per URI, counted by their users."""

    def __init__(self) -> None:
        self._stores: dict[str, _Entry] = {}

    def acquire(self, uri: str) -> StateStore:
        """The store of ``uri`` (opened by the first caller)."""
        entry = self._stores.get(uri)
        if entry is None:
            entry = self._stores[uri] = _Entry(open_store(uri))
        entry.users += 1
        return entry.store

    def release(self, store: StateStore) -> None:
        """Give back a store of :meth:`acquire`; the last one to give it back closes it."""
        for uri, entry in list(self._stores.items()):
            if entry.store is store:
                entry.users -= 1
                if entry.users <= 0:
                    del self._stores[uri]
                    store.close()
                return
        store.close()  # not one of the shared stores

    def held(self) -> list[StateStore]:
        """The stores held, in the order they were opened."""
        return [e.store for e in self._stores.values()]


def acquire(stores: SharedStores | None, uri: str) -> StateStore:
    """The shared store of ``uri`` when ``stores`` is given, else a store of its own."""
    return stores.acquire(uri) if stores is not None else open_store(uri)


def release(stores: SharedStores | None, store: StateStore) -> None:
    """Give back a store of :func:`acquire`."""
    if stores is not None:
        stores.release(store)
    else:
        store.close()
