"""``python -m crawler.sampleweb serve [--scale N] [--sites-file PATH] [--fault SITE=FAULT] [--asyncio]``.

Serves the sample web: prints one line per site (``name kind base_url``) once serving, then runs until SIGINT/SIGTERM.
``--asyncio`` answers from one event loop instead of a thread per site (see ``aserve``): the same
responses for a fraction of the CPU, for benchmarks that share the machine with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
from types import FrameType

from . import SampleWeb
from .aserve import serve_asyncio
from .server import FAULTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sampleweb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the sample web until interrupted")
    serve.add_argument("--scale", type=int, default=0, help="extra synthetic news articles (default 0)")
    serve.add_argument("--sites-file", help="write the sites file (TOML) here")
    serve.add_argument("--manifest", help="write the manifest (JSON) here")
    serve.add_argument("--heavy", action="store_true",
                       help="give every HTML page the weight of a real news page (~110 KB), for benchmarks")
    serve.add_argument("--asyncio", action="store_true",
                       help="answer from one asyncio event loop (less CPU per request) instead of threads")
    serve.add_argument("--fault", action="append", default=[], metavar="SITE=FAULT",
                       help="break a site: " + "; ".join(f"{k}: {v}" for k, v in FAULTS.items()))
    args = parser.parse_args(argv)
    faults = dict(f.split("=", 1) for f in args.fault if "=" in f)
    if len(faults) != len(args.fault):
        parser.error("--fault takes SITE=FAULT")
    try:
        web = SampleWeb(scale=args.scale, heavy=args.heavy, faults=faults).start(threads=not args.asyncio)
    except ValueError as exc:
        parser.error(str(exc))
    try:
        _announce(web, args.sites_file, args.manifest)
        if args.asyncio:
            asyncio.run(_serve_until_signal(web))
        else:
            _wait_for_signal()
    finally:
        web.stop()
    return 0


def _announce(web: SampleWeb, sites_file: str | None, manifest: str | None) -> None:
    """Write the sites file and manifest asked for and print one line per site."""
    if sites_file:
        web.write_sites_file(sites_file)
    if manifest:
        with open(manifest, "w", encoding="utf-8") as fh:
            json.dump(web.manifest, fh, ensure_ascii=False, indent=1)
    for name, kind in web.sites.items():
        print(f"{name} {kind} {web.base_url(name)}")
    sys.stdout.flush()


def _wait_for_signal() -> None:
    """Block until SIGINT or SIGTERM (the threads serve meanwhile)."""
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    while not stop.wait(0.5):
        pass


async def _serve_until_signal(web: SampleWeb) -> None:
    """Serve ``web`` from this event loop until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve_asyncio(web, stop)


if __name__ == "__main__":
    sys.exit(main())
