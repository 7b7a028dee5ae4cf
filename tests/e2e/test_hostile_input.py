"""Failed failures of ``scrapy crawl``: an output that cannot be written, a read-only or corrupt
state file, hostile sites files, a JOBDIR another crawl is using. Each ends in one line on stderr
and a non-zero exit, with no traceback and nothing lost: articles not written are not marked seen,
so the next run writes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, read_jsonl, scrapy_cmd
from tests.hostile_web import QUICK, HostileSite, Reply, article_page, rss, sites_toml

ROBOTS_ALLOW = Reply("User-agent: *\nDisallow:\n", ctype="text/plain")


@pytest.fixture
def news_site(tmp_path: Path) -> Iterator[tuple[HostileSite, Path]]:
    """A news site with a feed of three articles, and its sites file."""
    with HostileSite() as site:
        urls = [f"{site.base}/news/{i}.html" for i in range(3)]
        site.routes.update({"/robots.txt": ROBOTS_ALLOW, "/feed.xml": rss(urls),
                            "/news/*": lambda path: article_page(f"Story {path}")})
        yield site, sites_toml(tmp_path / "sites.toml", {"name": "news", "kind": "news", "hosts": [site.netloc],
                                                         "feeds": [f"{site.base}/feed.xml"]})


def crawl(sites: Path, output: str | Path, state: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return scrapy_cmd("crawl", "news", "-a", f"sites={sites}", "-O", str(output), "-s", f"STATE_URI=sqlite:///{state}",
                      *QUICK, *extra, timeout=120)


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr[-3000:]
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("kind", ["folder", "under_a_file"])
def test_unwritable_output_stops_before_any_request(news_site: tuple[HostileSite, Path], tmp_path: Path,
                                                    kind: str) -> None:
    site, sites = news_site
    if kind == "folder":
        output = tmp_path / "out.jsonl"
        output.mkdir()
        expected = "is a folder, not a file"
    else:
        (tmp_path / "afile").write_text("x")
        output = tmp_path / "afile" / "out.jsonl"
        expected = "is not a folder"
    proc = crawl(sites, output, tmp_path / "state.db")
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(output) in line and expected in line
    assert site.hits == []


def test_output_failing_mid_crawl_exits_1_and_marks_nothing_seen(news_site: tuple[HostileSite, Path],
                                                                 tmp_path: Path) -> None:
    """/dev/full: opening works, every write fails with ENOSPC (a full disk)."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    site, sites = news_site
    state = tmp_path / "state.db"
    proc = crawl(sites, "/dev/full:jsonlines", state)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if "Cannot write the output file /dev/full" in ln]
    assert len(errors) == 1 and "No space left on device" in errors[0]
    assert "Closing spider (output_error)" in proc.stderr
    # the next run, to a good file and with the same state, writes every article
    proc = crawl(sites, tmp_path / "out.jsonl", state)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(r["url"] for r in read_jsonl(tmp_path / "out.jsonl")) == [f"{site.base}/news/{i}.html"
                                                                            for i in range(3)]


@pytest.fixture
def read_only_state(tmp_path: Path) -> Iterator[Path]:
    """A state file this process cannot write: mode 0444 for a normal user; immutable for root
    (root ignores file modes), skipped where chattr cannot do that."""
    from crawler.state import open_store

    path = tmp_path / "ro-state.db"
    with open_store(f"sqlite:///{path}") as store:
        store.mark_seen_many(["http://example.invalid/a"])
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file read-only for root here (chattr +i)")
    try:
        yield path
    finally:
        subprocess.run([chattr, "-i", str(path)], check=False)


def test_read_only_state_file_stops_before_any_request(news_site: tuple[HostileSite, Path], tmp_path: Path,
                                                       read_only_state: Path) -> None:
    site, sites = news_site
    output = tmp_path / "out.jsonl"
    output.write_text('{"kept": true}\n')
    proc = crawl(sites, output, read_only_state)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(read_only_state) in line and "read-only" in line
    assert site.hits == []
    assert output.read_text() == '{"kept": true}\n'  # -O did not empty it


def test_corrupt_state_file_stops_before_any_request(news_site: tuple[HostileSite, Path], tmp_path: Path) -> None:
    site, sites = news_site
    state = tmp_path / "state.db"
    state.write_bytes(b"SQLite format 2\x00" + os.urandom(4000))
    proc = crawl(sites, tmp_path / "out.jsonl", state)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(state) in line and "not an SQLite database" in line
    assert site.hits == []


@pytest.mark.parametrize(("text", "problem"), [
    ('[[site]]\nname = "x"\nkind = "news"\nhosts = ["127.0.0.1:99999"]\nfeeds = ["http://127.0.0.1:99999/f"]\n',
     "'hosts' has '127.0.0.1:99999', which is not a host or host:port (port 1-65535)"),
    ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_hostile_sites_file_is_one_line_and_keeps_the_output(tmp_path: Path, text: str, problem: str) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(text, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text('{"kept": true}\n')
    proc = crawl(sites, output, tmp_path / "state.db")
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(sites) in line and problem in line
    assert output.read_text() == '{"kept": true}\n'


def test_a_second_crawl_on_a_busy_jobdir_is_one_line_and_the_first_loses_nothing(tmp_path: Path) -> None:
    """cron starts the next hour's crawl while the last one still runs, with the same JOBDIR: the
    second says so and does nothing; the first is left alone and writes every article."""
    with HostileSite() as site:
        urls = [f"{site.base}/news/{i}.html" for i in range(4)]
        slow = Reply(article_page("Story").body, delay=1.0)
        site.routes.update({"/robots.txt": ROBOTS_ALLOW, "/feed.xml": rss(urls), "/news/*": slow})
        sites = sites_toml(tmp_path / "sites.toml", {"name": "news", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        job, state = tmp_path / "job", tmp_path / "state.db"
        args = ["crawl", "news", "-a", f"sites={sites}", "-s", f"STATE_URI=sqlite:///{state}", "-s", f"JOBDIR={job}",
                *QUICK, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
        first = subprocess.Popen([sys.executable, "-m", "scrapy", *args, "-O", str(tmp_path / "first.jsonl")],
                                 cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not (job / "crawler-run.json").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            second = scrapy_cmd(*args, "-O", str(tmp_path / "second.jsonl"), timeout=120)
            running = first.poll() is None
            _, first_err = first.communicate(timeout=120)
        finally:
            if first.poll() is None:
                first.kill()
    assert second.returncode == 2, second.stderr[-3000:]
    line = one_error_line(second.stderr)
    assert f"JOBDIR {job} is in use by another crawl (pid {first.pid}, running since" in line
    assert running, "the first crawl ended before the second started"
    assert not (tmp_path / "second.jsonl").exists()
    assert first.returncode == 0, first_err[-3000:]
    assert "did not stop cleanly" not in first_err
    assert sorted(r["url"] for r in read_jsonl(tmp_path / "first.jsonl")) == sorted(urls)
