"""SQLite connections whose errors name the state file: :class:`StateStoreError`, one line;
the lock that one process's connections to one file take before writing (:func:`write_lock`).

A file the store cannot use (read-only, not an SQLite database, corrupt, on a full disk) raises
:class:`crawler.state.StateStoreError` with one line naming the file and the problem, at the first
statement that meets the problem, never a bare ``sqlite3`` error.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

from crawler.state.base import StateStoreError


def sqlite_path(uri: str) -> str:
    """The file path of a ``sqlite:///`` URI (``:memory:`` is allowed for throw-away stores)."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix):
        raise ValueError(f"not a sqlite URI: {uri!r} (use sqlite:///relative/path or sqlite:////abs/path)")
    path = uri[len(prefix) :].split("?", 1)[0]
    if not path:
        raise ValueError(f"no file path in {uri!r} (use sqlite:///relative/path or sqlite:////abs/path)")
    return path


_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def write_lock(path: str) -> threading.RLock | None:
    """The lock the connections of this process to the file at ``path`` take before writing
    (one per file; None for ``:memory:``, a database of its own per connection). Reentrant:
    a thread holding it and writing through a second connection to the file meets SQLite's
    own lock, as it would without this one."""
    if path == ":memory:":
        return None
    key = os.path.realpath(path)
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(key)
        if lock is None:
            lock = _WRITE_LOCKS[key] = threading.RLock()
        return lock


_PROBLEMS = (
    ("readonly", "the state file is read-only"),
    ("not a database", "not an SQLite database (a corrupt file, or another kind of file)"),
    ("malformed", "the SQLite database is corrupt"),
    ("unable to open", "cannot open the state file"),
    ("disk i/o", "a disk I/O error"),
    ("full", "the disk is full"),
    ("locked", "the state file is locked by another process"),
)


def store_error(path: str, exc: sqlite3.Error) -> StateStoreError:
    """A one-line :class:`StateStoreError` for an ``sqlite3`` error on the file at ``path``."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    problem = next((p for key, p in _PROBLEMS if key in text.lower()), "")
    return StateStoreError(f"state file {path}: {problem + ' (' + text + ')' if problem else text}")


class Cursor(sqlite3.Cursor):
    """A cursor whose database errors are :class:`StateStoreError`."""

    path = ""

    def execute(self, *args: Any) -> Cursor:  # type: ignore[override]
        try:
            return super().execute(*args)
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise
            raise store_error(self.path, exc) from None

    def executemany(self, *args: Any) -> Cursor:  # type: ignore[override]
        try:
            return super().executemany(*args)
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise
            raise store_error(self.path, exc) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None


class Connection(sqlite3.Connection):
    """A connection whose statements run on :class:`Cursor`."""

    path = ""

    def cursor(self, factory: Any = None) -> Any:  # type: ignore[override]
        cur = super().cursor(factory or Cursor)
        cur.path = self.path
        return cur

    def execute(self, *args: Any) -> Any:  # type: ignore[override]
        return self.cursor().execute(*args)

    def executemany(self, *args: Any) -> Any:  # type: ignore[override]
        return self.cursor().executemany(*args)
