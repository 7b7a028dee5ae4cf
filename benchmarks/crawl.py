"""End-to-end crawl throughput on a generated sample web served on loopback.

Serves ``SampleWeb(scale=N, heavy=True)`` (N extra synthetic news articles plus aggregator
copies, every page with the weight of a real news page, ~105 KB) from a separate process,
then crawls it with the ``news`` and ``aggregator`` spiders, each mode in a fresh process with
fresh state:

- ``full``: the whole product (extraction workers + syndication + source check pipelines);
- ``no-pipelines``: the same crawl with ``ITEM_PIPELINES = {}``;
- ``inline-extraction``: the full product with ``EXTRACTION_WORKERS=0`` (extraction in the
  reactor thread), the anchor for the worker pool;
- ``no-pipelines-inline``: no item pipelines and inline extraction (the pool's effect alone);
- ``full-no-final-verdicts``: the full product without the final verdicts pass at the end of a run;
- ``full-python-gc``: the full product with Python's own collector thresholds (``GC_THRESHOLD = ()``).

Politeness is switched off for the measurement (loopback, no delay, 64 requests per site).
Besides pages/s (wall time from the spiders' creation to the end of the run, sensitive to whatever
else the machine runs), the CPU time per page is printed: the crawl process with its extraction
workers (``CPU ms/page``; the workers are children of the multiprocessing forkserver, which is
stopped and reaped before the count so their time is in it), the crawl process alone (``crawl
ms``: reactor, state stages, seen marks, final verdicts; the rest is the workers') and the
sample-web server's (``server ms``, same cores, not the crawl's).

The server comes from this tree and answers from one asyncio loop (``serve --asyncio``: ~0.1 ms
CPU a page, the threaded one ~0.3 ms, taken from the crawl on a 2-core machine; ``--server
threads`` for the old one). ``--against DIR`` runs every mode a second time with the ``crawler``
package of another checkout (e.g. an anchor commit) against the same server, alternating,
``--rounds`` times, so both trees are measured with the same server, settings and moment. At
the end, per mode: each pair's pages/s ratio and the ratio of the sums (the figure to quote: a
pair alone moves by ±15% on a shared machine), CPU per page of both (means), and the cores each
kept busy (pages/s x CPU per page; below the other's, a tree leaves CPU idle somewhere).

    python benchmarks/crawl.py [--scale 2000] [--modes full,no-pipelines,inline-extraction]
    python benchmarks/crawl.py --modes full --against /tmp/anchor --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "LOG_LEVEL": "WARNING",
    "RETRY_TIMES": 0,
}
MODES = {
    "full": {},
    "no-pipelines": {"ITEM_PIPELINES": {}},
    "inline-extraction": {"EXTRACTION_WORKERS": 0},
    "no-pipelines-inline": {"ITEM_PIPELINES": {}, "EXTRACTION_WORKERS": 0},
    "full-not-incremental": {"INCREMENTAL_ENABLED": False},
    "full-no-final-verdicts": {"FINAL_VERDICTS_ENABLED": False},
    "full-python-gc": {"GC_THRESHOLD": ()},
}


def serve_heavy_web(scale: int, sites: Path, env: dict[str, str], timeout: float = 300,
                    engine: str = "threads") -> subprocess.Popen[str] | None:
    """Start ``python -m crawler.sampleweb serve --scale N --heavy`` (with ``--asyncio`` when
    ``engine`` is "asyncio") in a process of its own and return it once it has written
    ``sites``; None (process stopped, message printed) when it did not start within ``timeout``
    seconds."""
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.sampleweb", "serve", "--scale", str(scale), "--heavy",
         "--sites-file", str(sites), *(["--asyncio"] if engine == "asyncio" else [])],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, text=True,
    )
    deadline = time.monotonic() + timeout
    while not sites.exists() and time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.2)
    if not sites.exists():
        print("the sample web did not start", file=sys.stderr)
        server.kill()
        server.wait(timeout=10)
        return None
    time.sleep(0.5)
    return server


def child(mode: str, sites_file: str, state: str) -> None:
    """Run both spiders in this process and print their stats as one JSON line."""
    import resource
    from multiprocessing import forkserver

    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    import crawler

    settings = get_project_settings()
    settings.setdict({**FAST, **MODES[mode], "STATE_URI": f"sqlite:///{state}"}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    # from the spiders' creation (what they start then, e.g. the extraction's fork server, is the
    # run's work) to the end of the run
    started = time.perf_counter()
    for name in ("news", "aggregator"):
        c = process.create_crawler(name)
        crawlers.append(c)
        process.crawl(c, sites=sites_file)
    process.start()
    elapsed = time.perf_counter() - started
    # the extraction workers are the forkserver's children: stop it, so that it reaps them and
    # is reaped here, and their CPU time is in RUSAGE_CHILDREN
    time.sleep(0.3)
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    own = sum(getattr(resource.getrusage(resource.RUSAGE_SELF), f) for f in ("ru_utime", "ru_stime"))
    cpu = own + sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) for f in ("ru_utime", "ru_stime"))
    totals = {"seconds": elapsed, "responses": 0, "items": 0, "cpu_seconds": cpu, "crawl_cpu_seconds": own,
              "crawler": str(Path(crawler.__file__).resolve().parents[1])}
    for c in crawlers:
        stats = c.stats.get_stats()
        if stats.get("finish_reason") != "finished":  # e.g. it failed to open: a half crawl is no figure
            print(f"{c.spidercls.name}: the crawl did not finish (finish_reason "
                  f"{stats.get('finish_reason')!r}); see the log above", file=sys.stderr)
            sys.exit(1)
        totals["responses"] += stats.get("response_received_count", 0)
        totals["items"] += stats.get("item_scraped_count", 0)
    print(json.dumps(totals))


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far; 0.0 without ``/proc``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_mode(mode: str, tree: Path, sites: Path, state: Path, env: dict[str, str], server_pid: int) -> dict | None:
    """One mode in a fresh process with the ``crawler`` package of ``tree``; its figures or None."""
    env = dict(env, PYTHONPATH=os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])]))
    server_before = process_cpu(server_pid)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(sites), str(state)],
        cwd=tree, env=env, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        print(f"{mode}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(r["crawler"]) != tree.resolve():
        print(f"{mode}: crawler imported from {r['crawler']}, not {tree}", file=sys.stderr)
        return None
    r["server_cpu_seconds"] = process_cpu(server_pid) - server_before
    r["pages_per_s"] = r["responses"] / r["seconds"]
    return r


def print_ratios(results: dict[str, dict]) -> None:
    if "full" in results and "inline-extraction" in results:
        ratio = results["full"]["pages_per_s"] / results["inline-extraction"]["pages_per_s"]
        print(f"worker pool vs inline extraction (full pipeline): {ratio:.2f}x")
    if "no-pipelines" in results and "no-pipelines-inline" in results:
        ratio = results["no-pipelines"]["pages_per_s"] / results["no-pipelines-inline"]["pages_per_s"]
        print(f"worker pool vs inline extraction (no item pipelines): {ratio:.2f}x")
    if "full" in results and "no-pipelines" in results:
        ratio = results["full"]["pages_per_s"] / results["no-pipelines"]["pages_per_s"]
        print(f"full pipeline vs no item pipelines: {ratio:.2f}x")


def against_summary(this: list[dict], other: list[dict]) -> list[str]:
    """The same-run comparison of one mode's rounds, this tree against the other: each pair's
    pages/s ratio, the ratio of the sums, CPU per page (means) and the cores each kept busy
    (pages/s x CPU per page: a tree that leaves a core idle shows it here)."""
    pairs = list(zip(this, other, strict=False))
    if not pairs:
        return []

    def cpu_ms(r: dict) -> float:
        return 1000 * r["cpu_seconds"] / max(1, r["responses"])

    ratios = " ".join(f"{a['pages_per_s'] / b['pages_per_s']:.2f}x" for a, b in pairs)
    mine, theirs = sum(a["pages_per_s"] for a, _ in pairs), sum(b["pages_per_s"] for _, b in pairs)
    cpu_a = sum(cpu_ms(a) for a, _ in pairs) / len(pairs)
    cpu_b = sum(cpu_ms(b) for _, b in pairs) / len(pairs)
    busy_a = [a["pages_per_s"] * cpu_ms(a) / 1000 for a, _ in pairs]
    busy_b = [b["pages_per_s"] * cpu_ms(b) / 1000 for _, b in pairs]
    return [
        f"  pages/s, each pair: {ratios}; on the sums {mine / theirs:.2f}x ({mine:.1f} vs {theirs:.1f})",
        f"  CPU ms/page, means: {cpu_a:.1f} vs {cpu_b:.1f} ({cpu_a / cpu_b:.2f} of the other's)",
        f"  cores busy, means: {sum(busy_a) / len(busy_a):.2f} vs {sum(busy_b) / len(busy_b):.2f}",
    ]


def print_against(rounds: dict[str, dict[str, list[dict]]]) -> None:
    """Every mode's :func:`against_summary` (``rounds``: tree label -> mode -> its runs)."""
    for mode, runs in rounds["this"].items():
        print(f"this vs against, {mode} ({len(runs)} round{'s' * (len(runs) > 1)}):")
        for line in against_summary(runs, rounds["against"].get(mode, [])):
            print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=2000, help="extra synthetic news articles (default 2000)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--server", choices=("asyncio", "threads"), default="asyncio",
                        help="how the sample-web server answers (default asyncio: least CPU)")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also run every mode with the crawler package of checkout DIR, same server")
    parser.add_argument("--rounds", type=int, default=1, help="times each tree runs each mode (alternating)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SITES", "STATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    env.pop("PYTHONPATH", None)
    trees = [("this", REPO)] + ([("against", args.against.resolve())] if args.against else [])
    with tempfile.TemporaryDirectory() as tmp:
        sites = Path(tmp) / "sites.toml"
        server = serve_heavy_web(args.scale, sites, dict(env, PYTHONPATH=str(REPO)), timeout=120, engine=args.server)
        if server is None:
            return 1
        try:
            print(f"sample web: scale={args.scale}, {args.server} server from {REPO}, pid {server.pid}; "
                  f"cpus={os.cpu_count()}")
            for label, tree in trees:
                print(f"{label}: {tree}")
            print(f"{'tree':<8}{'mode':<24}{'responses':>10}{'items':>8}{'seconds':>9}{'pages/s':>9}"
                  f"{'CPU ms/page':>12}{'crawl ms':>9}{'server ms':>10}{'load1':>7}")
            results: dict[str, dict[str, dict]] = {label: {} for label, _ in trees}
            rounds: dict[str, dict[str, list[dict]]] = {label: {} for label, _ in trees}
            for n in range(args.rounds):
                for mode in args.modes.split(","):
                    for label, tree in trees:
                        state = Path(tmp) / f"state-{label}-{mode}-{n}.sqlite3"
                        r = run_mode(mode, tree, sites, state, env, server.pid)
                        if r is None:
                            return 1
                        results[label][mode] = r
                        rounds[label].setdefault(mode, []).append(r)
                        pages = max(1, r["responses"])
                        print(f"{label:<8}{mode:<24}{r['responses']:>10}{r['items']:>8}{r['seconds']:>9.1f}"
                              f"{r['pages_per_s']:>9.1f}{1000 * r['cpu_seconds'] / pages:>12.1f}"
                              f"{1000 * r['crawl_cpu_seconds'] / pages:>9.1f}"
                              f"{1000 * r['server_cpu_seconds'] / pages:>10.1f}{os.getloadavg()[0]:>7.2f}",
                              flush=True)
            for label, _ in trees:
                if len(trees) > 1:
                    print(f"{label} (last round):")
                print_ratios(results[label])
            if len(trees) > 1:
                print_against(rounds)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
