"""Scaling out: crawl pages/s with 1, 2 and 4 distributed workers, and Redis vs SQLite lookups/s.

Serves ``SampleWeb(scale=N, heavy=True)`` (every HTML page weighs ~110 KB, as a real news page)
from a separate process (``python -m crawler.sampleweb serve --scale N --heavy``), starts a
throw-away ``redis-server`` (or uses ``--redis URI``), then for each mode seeds the ``news``
frontier (``scrapy seed``) and runs W worker processes (``scrapy crawl news -s DISTRIBUTED=True``),
each with fresh state (its own key prefix in Redis, STATE_URI on the same Redis), and times them
from launch until the last worker exits (``DISTRIBUTED_IDLE_TIMEOUT=0``: a worker exits as soon
as the shared frontier is drained). Extraction, syndication and source check all run.

Modes (``--modes``): ``single`` (a plain ``scrapy crawl``, no Redis frontier, default settings: the
anchor), ``1x1``, ``2x1``, ``4x1`` (1, 2, 4 workers with ``EXTRACTION_WORKERS=1``: one extraction
process each), ``1xdef`` and ``2xdef`` (1 and 2 workers with default settings: an extraction pool
per CPU each). Politeness is off (loopback, no delay, 64 requests per site).

For each mode it also prints where the CPU went, per page: the whole machine (``/proc/stat``), the
crawler processes and their extraction workers (``/proc`` sampled every 0.25 s), Redis (``INFO
cpu``) and the sample web, how busy the machine was, and the Redis commands per page (commands run
inside scripts count). From the ``1x1`` figures it prints the ceiling any number of workers can
reach on this machine (1 / the busy fraction of one worker), and the CPU per page of 2 workers
against 1 (the cost of coordination).

Then the syndication-index lookup rate, Redis against SQLite, with ``benchmarks/store_lookups.py``'s
data and queries (``--articles``, ``--lookups``).

    python benchmarks/scale.py [--scale 5000] [--modes single,1x1,2x1,4x1,1xdef,2xdef]
                               [--sites SITES_FILE_OF_A_RUNNING_SAMPLE_WEB] [--redis URI]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "RETRY_TIMES": 0,
    "LOG_LEVEL": "INFO",
    "DISTRIBUTED_IDLE_TIMEOUT": 0,
}
MODES: dict[str, tuple[int, dict[str, object]]] = {
    "single": (0, {}),
    "1x1": (1, {"EXTRACTION_WORKERS": 1}),
    "2x1": (2, {"EXTRACTION_WORKERS": 1}),
    "4x1": (4, {"EXTRACTION_WORKERS": 1}),
    "1xdef": (1, {}),
    "2xdef": (2, {}),
}


def stat(log: str, name: str) -> int:
    marker = f"'{name}': "
    if marker not in log:
        return 0
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


def proc_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a live process has used so far; 0.0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hz, sum(ticks) / hz


class TreeCPU:
    """Samples /proc every ``interval`` s: CPU seconds of each root process and of its descendants
    (the extraction workers), kept per pid as last seen, so short-lived children count too."""

    def __init__(self, interval: float = 0.25) -> None:
        import threading

        self.roots: set[int] = set()
        self.seen: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def start(self, roots: list[int]) -> None:
        self.roots = set(roots)
        self._thread.start()

    def _sample(self) -> None:
        parent: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry.name)
            parent[pid] = int(fields[1])
            cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for pid, sec in cpu.items():
            p, depth = pid, 0
            while p in parent and p not in self.roots and depth < 10:
                p, depth = parent[p], depth + 1
            if p in self.roots:
                self.seen[pid] = ("crawler" if pid in self.roots else "extraction", sec)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self._sample()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        out = {"crawler": 0.0, "extraction": 0.0}
        for kind, sec in self.seen.values():
            out[kind] += sec
        return out


def redis_counters(uri: str, reset: bool) -> tuple[int, float]:
    """(commands run, CPU seconds used) by the Redis server: commands since the last reset (INFO
    commandstats; commands inside scripts count), CPU since it started (INFO cpu)."""
    import redis

    client = redis.Redis.from_url(uri)
    try:
        if reset:
            client.config_resetstat()
        commands = sum(int(v.get("calls", 0)) for v in client.info("commandstats").values())
        cpu = client.info("cpu")
        return commands, float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"])
    finally:
        client.close()


def scrapy(*args: str, env: dict[str, str], cwd: Path, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]


def run_mode(mode: str, sites: Path, redis_uri: str, tmp: Path, env: dict[str, str],
             others: dict[str, int | None]) -> dict[str, float]:
    workers, extra = MODES[mode]
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    settings = {**FAST, **extra, "STATE_URI": f"{redis_uri}?prefix={prefix}", "REDIS_URL": redis_uri,
                "DISTRIBUTED_KEY_PREFIX": f"{prefix}:"}
    flags = [a for k, v in settings.items() for a in ("-s", f"{k}={v}")]
    out = tmp / mode
    out.mkdir()
    if workers == 0:
        cmds = [["crawl", "news", "-a", f"sites={sites}", "-o", str(out / "single.jsonl"), *flags]]
    else:
        seed = scrapy("seed", "news", "-a", f"sites={sites}", *flags, env=env, cwd=REPO)
        _, err = seed.communicate(timeout=120)
        if seed.returncode != 0:
            raise RuntimeError(f"{mode}: seed failed\n{err[-2000:]}")
        cmds = [["crawl", "news", "-a", f"sites={sites}", "-o", str(out / f"w{i}.jsonl"), "-s", "DISTRIBUTED=True",
                 *flags] for i in range(workers)]
    cpu0 = {name: proc_cpu(pid) for name, pid in others.items()}
    busy0, total0 = machine_busy()
    _, redis_cpu0 = redis_counters(redis_uri, reset=True)
    tree = TreeCPU()
    started = time.perf_counter()
    procs = [scrapy(*cmd, env=env, cwd=REPO) for cmd in cmds]
    tree.start([p.pid for p in procs])
    logs = [p.communicate(timeout=3600)[1] for p in procs]
    elapsed = time.perf_counter() - started
    tree_cpu = tree.stop()
    commands, redis_cpu1 = redis_counters(redis_uri, reset=False)
    busy1, total1 = machine_busy()
    cpu = {"machine": busy1 - busy0, **tree_cpu, "redis": redis_cpu1 - redis_cpu0,
           **{name: proc_cpu(pid) - cpu0[name] for name, pid in others.items()}}
    for p, log in zip(procs, logs, strict=True):
        if p.returncode != 0 or "Traceback" in log:
            raise RuntimeError(f"{mode}: a worker failed\n{log[-3000:]}")
    responses = sum(stat(log, "response_received_count") for log in logs)
    items = sum(stat(log, "item_scraped_count") for log in logs)
    shares = [stat(log, "item_scraped_count") for log in logs]
    return {"workers": workers, "responses": responses, "items": items, "seconds": elapsed,
            "pages_per_s": responses / elapsed, "shares": shares, "cpu": cpu,
            "busy": (busy1 - busy0) / max(total1 - total0, 1e-9), "redis_commands": commands}  # type: ignore[dict-item]


def lookups(redis_uri: str, articles: int, calls: int) -> dict[str, tuple[float, float, int]]:
    import store_lookups as sl  # benchmarks/store_lookups.py

    from crawler.state import open_store

    arts = sl.make_data(articles, 125, 7)
    queries = sl.make_queries(arts, calls, 400, 7)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}") as store:
            results["sqlite"] = sl.run(store, arts, queries)
        with open_store(f"{redis_uri}?prefix=lookups{uuid.uuid4().hex[:8]}") as store:
            results["redis"] = sl.run(store, arts, queries)
    return results


def main() -> int:  # noqa: PLR0915  (a benchmark run, one step after another)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5000, help="extra synthetic news articles (default 5000)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--sites", help="sites file of a sample web already served "
                        "(python -m crawler.sampleweb serve --heavy --sites-file F); default: start one")
    parser.add_argument("--redis", help="redis:// URI of an existing server (default: start redis-server)")
    parser.add_argument("--articles", type=int, default=5000, help="articles indexed for the lookup benchmark")
    parser.add_argument("--lookups", type=int, default=1000, help="lookup_hashes calls")
    args = parser.parse_args()
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONPATH=str(REPO))
    sys.path.insert(0, str(HERE))  # store_lookups
    # store_lookups first: importing crawl (benchmarks/crawl.py) drops this folder from sys.path
    from store_lookups import redis_or_start  # noqa: I001

    from crawl import serve_heavy_web

    redis_uri, server = redis_or_start(args.redis)
    if redis_uri is None:
        return 2
    try:
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            sites = Path(args.sites) if args.sites else tmp / "sites.toml"
            web = None if args.sites else serve_heavy_web(args.scale, sites, env)
            if web is None and not args.sites:
                return 1
            try:
                what = f"served at {args.sites}" if args.sites else f"scale={args.scale} --heavy"
                print(f"sample web: {what}; cpus={os.cpu_count()}; news spider; "
                      f"Redis {redis_uri}")
                print(f"{'mode':<8}{'workers':>8}{'responses':>10}{'items':>7}{'seconds':>9}{'pages/s':>9}"
                      "  items/worker")
                results = {}
                others = {"web": web.pid} if web is not None else {}
                for mode in args.modes.split(","):
                    r = run_mode(mode, sites, redis_uri, tmp, env, others)
                    results[mode] = r
                    print(f"{mode:<8}{r['workers']:>8}{r['responses']:>10}{r['items']:>7}{r['seconds']:>9.1f}"
                          f"{r['pages_per_s']:>9.1f}  {r['shares']}", flush=True)
                    per_page = "  ".join(f"{name} {1000 * sec / max(r['responses'], 1):.2f}"
                                         for name, sec in r["cpu"].items())  # type: ignore[attr-defined]
                    print(f"{'':<8}machine busy {100 * r['busy']:.0f}%; CPU ms/page: {per_page}; "
                          f"Redis commands/page {r['redis_commands'] / max(r['responses'], 1):.1f}", flush=True)
            finally:
                if web is not None:
                    web.send_signal(signal.SIGTERM)
                    web.wait(timeout=30)

        def ratio(a: str, b: str) -> str:
            if a in results and b in results:
                return f"{results[a]['pages_per_s'] / results[b]['pages_per_s']:.2f}x"
            return "n/a"

        print(f"EXTRACTION_WORKERS=1: 2 workers vs 1: {ratio('2x1', '1x1')} (target >= 1.70x); "
              f"4 workers vs 1: {ratio('4x1', '1x1')}")
        if "1x1" in results:
            # one worker already keeps part of both cores busy (its crawler process runs beside its
            # extraction process, and the sample web and Redis share the machine): N workers can
            # at most fill the machine, at the CPU per page one worker spends
            one = results["1x1"]
            cpu = one["cpu"]["machine"] / one["responses"]  # type: ignore[index]
            print(f"  ceiling on this machine: 1 worker keeps {100 * one['busy']:.0f}% of the {os.cpu_count()} "
                  f"cores busy ({1000 * cpu:.1f} ms CPU/page, of which extraction "
                  f"{1000 * one['cpu']['extraction'] / one['responses']:.1f}), so "  # type: ignore[index]
                  f"more workers can reach at most {1 / one['busy']:.2f}x")
            if "2x1" in results:
                two = results["2x1"]
                print(f"  coordination cost: CPU/page 2 workers vs 1: "
                      f"{two['cpu']['machine'] / two['responses'] / cpu:.2f}x")  # type: ignore[index]
        print(f"default settings: 2 workers vs 1 worker using both cores: {ratio('2xdef', '1xdef')} "
              f"(target >= 0.90x); 1 worker vs plain scrapy crawl: {ratio('1xdef', 'single')}")
        res = lookups(redis_uri, args.articles, args.lookups)
        print(f"syndication index: {args.articles} articles x 125 hashes, "
              f"{args.lookups} lookup_hashes calls x 400 hashes")
        for name, (puts, rate, hits) in res.items():
            print(f"  {name:6s} lookup_hashes: {rate:8.1f} calls/s   put_article: {puts:8.1f} /s   (hits {hits})")
        print(f"  redis/sqlite lookup rate: {res['redis'][1] / res['sqlite'][1]:.2f}x")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
