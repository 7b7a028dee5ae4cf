"""Serve a started :class:`SampleWeb` from one asyncio event loop (``serve --asyncio``).

``SampleWeb.start()`` answers with one ``ThreadingHTTPServer`` per site: simple and fine for
tests; it costs about 0.3 ms of CPU per 105 KB page (header parsing with ``email``, a thread
per connection), this about 0.1 ms (``benchmarks/crawl.py``, column ``server ms``). The crawl
benchmark runs its server on the same two cores as the crawl, so that cost is taken from the
crawl being measured. This serves the same sockets,
the same bodies and the same status line and headers (``Server``, ``Date``, ``Content-Type``,
``Content-Length``) with HTTP/1.1 keep-alive from one event loop, and reads the site's
``pages`` and ``fallback`` on every request, so faults set with ``set_fault`` still apply.
"""

from __future__ import annotations

import asyncio
import sys
import time
from email.utils import formatdate
from functools import partial
from http import HTTPStatus

from .server import SampleWeb, _Server, find_page

_SERVER = f"SampleWeb/1.0 Python/{sys.version.split()[0]}"
_MAX_HEAD = 64 * 1024


class _Dates:
    """The ``Date`` header value, formatted once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = ""

    def now(self) -> str:
        second = int(time.time())
        if second != self._second:
            self._second, self._value = second, formatdate(second, usegmt=True)
        return self._value


def response_head(status: int, ctype: str, length: int, date: str) -> bytes:
    """Status line and headers, as ``BaseHTTPRequestHandler`` writes them for the threaded server."""
    return (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nServer: {_SERVER}\r\n"
            f"Date: {date}\r\nContent-Type: {ctype}\r\nContent-Length: {length}\r\n\r\n").encode("latin-1")


async def _answer(srv: _Server, dates: _Dates, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer the requests of one connection until the client closes it or asks to."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, version = head[:head.index(b"\r\n")].decode("latin-1").split(" ", 2)
            if method not in ("GET", "HEAD"):
                writer.write(response_head(501, "text/plain", 0, dates.now()))
                break
            status, ctype, body = find_page(srv, target)
            writer.write(response_head(status, ctype, len(body), dates.now()))
            if method == "GET":
                writer.write(body)
            await writer.drain()
            lowered = head.lower()
            if b"connection: close" in lowered or (version == "HTTP/1.0" and b"keep-alive" not in lowered):
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def serve_asyncio(web: SampleWeb, stop: asyncio.Event) -> None:
    """Serve every site of ``web`` (started with ``threads=False``) until ``stop`` is set, then
    close the listening sockets and the open connections."""
    live: set[asyncio.Task[None]] = set()
    dates = _Dates()

    def connected(srv: _Server, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.ensure_future(_answer(srv, dates, reader, writer))
        live.add(task)
        task.add_done_callback(live.discard)

    servers = [await asyncio.start_server(partial(connected, srv), sock=srv.socket, limit=_MAX_HEAD, backlog=128)
               for srv in web.servers.values()]
    try:
        await stop.wait()
    finally:
        for server in servers:
            server.close()
        for task in list(live):
            task.cancel()
        await asyncio.gather(*live, return_exceptions=True)
