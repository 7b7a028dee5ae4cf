"""``python -m crawler.sampleweb serve [--scale N] [--sites-file PATH] [--fault SITE=FAULT]``: serve the sample web.

Prints one line per site (``name kind base_url``) once serving, then runs until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType

from . import SampleWeb
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
    serve.add_argument("--fault", action="append", default=[], metavar="SITE=FAULT",
                       help="break a site: " + "; ".join(f"{k}: {v}" for k, v in FAULTS.items()))
    args = parser.parse_args(argv)
    faults = dict(f.split("=", 1) for f in args.fault if "=" in f)
    if len(faults) != len(args.fault):
        parser.error("--fault takes SITE=FAULT")
    try:
        web = SampleWeb(scale=args.scale, heavy=args.heavy, faults=faults).start()
    except ValueError as exc:
        parser.error(str(exc))
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        if args.sites_file:
            web.write_sites_file(args.sites_file)
        if args.manifest:
            with open(args.manifest, "w", encoding="utf-8") as fh:
                json.dump(web.manifest, fh, ensure_ascii=False, indent=1)
        for name, kind in web.sites.items():
            print(f"{name} {kind} {web.base_url(name)}")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        web.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
