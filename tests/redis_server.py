"""A throw-away redis-server on a free loopback port (tests and benchmarks).

``RedisServer()`` starts ``redis-server --port N --bind 127.0.0.1 --save '' --appendonly no`` in a
temporary directory, waits until it answers PING, and is stopped by :meth:`RedisServer.stop` (or
by leaving its ``with`` block). No state survives it. ``RedisServer(persist=True)`` keeps its data
in an append-only file instead, so :meth:`RedisServer.shutdown` then :meth:`RedisServer.start` (on
the same port) is a restart that keeps it, as a production Redis's is.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

INSTALL_HINT = "apt-get install redis-server (.ci/run installs it)"


def redis_server_path() -> str | None:
    """The ``redis-server`` executable, or None when it is not installed."""
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server process on 127.0.0.1; ``uri`` is ``redis://127.0.0.1:PORT/0``."""

    def __init__(self, startup_timeout: float = 15.0, persist: bool = False) -> None:
        exe = redis_server_path()
        if exe is None:
            raise FileNotFoundError(f"redis-server is not installed ({INSTALL_HINT})")
        self._exe = exe
        self.persist = persist
        self.startup_timeout = startup_timeout
        self._dir = tempfile.TemporaryDirectory(prefix="redis-test-")
        self.proc: subprocess.Popen[bytes] | None = None
        last = ""
        for _attempt in range(5):  # the free port may be taken between bind() and redis-server
            self.port = _free_port()
            last = self._spawn()
            if not last:
                return
        self._dir.cleanup()
        raise RuntimeError(f"redis-server did not answer PING on 127.0.0.1:\n{last}")

    def _spawn(self) -> str:
        """Start redis-server on ``self.port``: "" once it answers, else the end of its log."""
        log = Path(self._dir.name) / f"redis-{self.port}.log"
        self.proc = subprocess.Popen(
            [
                self._exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.persist else "no",
                "--dir",
                self._dir.name,
                "--logfile",
                str(log),
                "--daemonize",
                "no",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if self._wait(self.startup_timeout):
            return ""
        last = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        self._kill()
        return last or "(empty log)"

    def shutdown(self) -> None:
        """Stop the server as an operator would (SIGTERM: it writes its append-only file and
        exits); :meth:`start` starts it again on the same port."""
        self._kill()

    def start(self) -> None:
        """Start the server again after :meth:`shutdown`, on the same port, with the same data
        (``persist=True``)."""
        problem = self._spawn()
        if problem:
            raise RuntimeError(f"redis-server did not start again on 127.0.0.1:{self.port}:\n{problem}")

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)

    def _wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, socket_timeout=1)
        try:
            while time.monotonic() < deadline:
                if self.proc is None or self.proc.poll() is not None:
                    return False
                try:
                    if client.ping():
                        return True
                except redis.RedisError:
                    time.sleep(0.05)
            return False
        finally:
            client.close()

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def stop(self) -> None:
        self._kill()
        self._dir.cleanup()

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
