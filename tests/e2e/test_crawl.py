"""The whole product against the sample web: discovery, output record, seed case, faults."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from crawler.health import MONITOR_FAILED_EXIT
from crawler.items import RECORD_FIELDS
from crawler.sampleweb import SampleWeb
from crawler.state import open_store
from crawler.syndication.config import DedupConfig
from crawler.syndication.prepared import sample_params, text_sample
from crawler.syndication.sketch import record_text
from tests.helpers import read_jsonl, scrapy_cmd
from tests.hostile_web import crawl_stats

BOILERPLATE = ["Thank you for signing up", "newsletters we think", "Oops. Something went wrong",
               "already registered", "Read More", "No comments", "Post a Comment", "Article source"]


def schema() -> dict[str, Any]:
    text = resources.files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def by_url(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in records}


@pytest.mark.parametrize("kind", ["news", "aggregator"])
def test_every_article_found_once_through_its_discovery_path(crawl_run: dict[str, Any], sample_web: SampleWeb,
                                                             kind: str) -> None:
    records = crawl_run[kind]
    counts = Counter(r["url"] for r in records)
    assert [u for u, n in counts.items() if n > 1] == []
    expected = {a["url"]: a for a in sample_web.manifest["articles"] if a["siteKind"] == kind}
    assert set(counts) == set(expected)
    for r in records:
        assert r["site"] == expected[r["url"]]["site"]
        assert r["siteKind"] == kind
        assert r["metadata"]["discoveredVia"] == expected[r["url"]]["discovered_via"], r["url"]


def test_non_articles_and_faults_are_not_emitted(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    emitted = {r["url"] for r in crawl_run["news"] + crawl_run["aggregator"]}
    assert emitted.isdisjoint(sample_web.manifest["not_articles"])
    assert emitted.isdisjoint(f["url"] for f in sample_web.manifest["faults"])
    log = crawl_run["logs"]["news"]
    assert "Traceback" not in log
    assert "'fetch/http_error/404':" in log and "'fetch/http_error/500':" in log


def test_records_validate_against_the_schema(crawl_run: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for record in crawl_run["news"] + crawl_run["aggregator"] + crawl_run["final"]:
        assert list(record) == list(RECORD_FIELDS)
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], (record["url"], errors)


def test_headlines_and_bodies(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    records = by_url(crawl_run["final"])
    for a in sample_web.manifest["articles"]:
        r = records[a["url"]]
        assert r["headline"], a["url"]
        body = r["articleBody"]
        assert r["datePublished"], a["url"]
        # the first and last expected paragraphs are there, and not much is lost or added
        paragraphs = [p for p in a["body"].split("\n") if len(p) > 40]
        assert paragraphs[0][:40] in body, a["url"]
        assert paragraphs[-1][:40] in body, a["url"]
        assert 0.8 * len(a["body"]) <= len(body) <= 1.25 * len(a["body"]) + 100, a["url"]


def test_videos_of_the_stories(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    """A story's player in its text is the record's video (its first source, made absolute); its
    fallback text is not in the body; a story without one, and every copy, has none."""
    records = by_url(crawl_run["final"])
    with_clip = [a for a in sample_web.manifest["articles"] if a["videos"]]
    assert len(with_clip) >= 5
    for a in sample_web.manifest["articles"]:
        r = records[a["url"]]
        assert r["videos"] == ([{"url": u} for u in a["videos"]] or None), a["url"]
        assert r["audios"] is None
        assert "does not support the video" not in r["articleBody"], a["url"]


def test_seed_post(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    seed = sample_web.manifest["seed"]
    records = by_url(crawl_run["final"])
    post, original = records[seed["post_url"]], records[seed["original_url"]]
    body = post["articleBody"]
    assert "Lieberman met with his Russian counterpart" in body
    assert "Prime Minister Benjamin Netanyahu told the Knesset" in body
    for junk in [*BOILERPLATE, "In Syria, Putin and Netanyahu Were on the Same Side"]:
        assert junk not in body, junk
    assert post["claimedSource"]["url"] == seed["claimed_url"]
    assert post["syndication"]["clusterId"] == original["syndication"]["clusterId"]
    assert post["syndication"]["role"] == "copy"
    assert post["syndication"]["duplicateOf"] == seed["original_url"]
    assert original["syndication"]["role"] == "original"
    assert post["sourceCheck"]["status"] == "mismatch"
    assert "slug_mismatch" in post["sourceCheck"]["reasons"]
    assert post["sourceCheck"]["originalUrl"] == seed["original_url"]


def test_copies_are_linked_to_their_originals(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    records = by_url(crawl_run["final"])
    for a in sample_web.manifest["articles"]:
        r = records[a["url"]]
        if a["role"] == "copy":
            assert r["syndication"]["role"] == "copy", a["url"]
            assert r["syndication"]["duplicateOf"] == a["duplicate_of"], a["url"]
            assert r["syndication"]["clusterId"] == records[a["duplicate_of"]]["syndication"]["clusterId"]
        else:
            assert r["syndication"]["role"] == a["role"], a["url"]


def test_claimed_sources(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    records = by_url(crawl_run["final"])
    for a in sample_web.manifest["articles"]:
        r = records[a["url"]]
        claimed = (r["claimedSource"] or {}).get("url")
        assert claimed == a["claimed_source"], a["url"]
        assert r["sourceCheck"]["status"] == a["expected_source_status"], (a["url"], r["sourceCheck"])


def test_news_crawl_stays_on_news_sites(crawl_run: dict[str, Any]) -> None:
    assert {r["siteKind"] for r in crawl_run["news"]} == {"news"}
    assert {r["siteKind"] for r in crawl_run["aggregator"]} == {"aggregator"}


def test_one_site_only(sample_web: SampleWeb, sites_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.jsonl"
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={sites_file}", "-a", "site=jpost", "-O", str(out),
                      "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = read_jsonl(out)
    expected = {a["url"] for a in sample_web.manifest["articles"] if a["site"] == "jpost"}
    assert {r["url"] for r in records} == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[site]]\nname = "x"\nkind = "blog"\nhosts = ["127.0.0.1:1"]\nfeeds = ["http://127.0.0.1:1/f"]\n',
         "unknown kind 'blog'"),
        ('[[site]]\nname = "x"\nkind = "news"\nhosts = ["127.0.0.1:1"]\nstart_urls = ["http://127.0.0.1:1/"]\n'
         'article_pattern = "[a-"\n', "bad regex"),
    ],
)
def test_bad_sites_file_stops_before_any_request(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={path}", "-O", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and problem in lines[0] and 'site #1 ("x")' in lines[0]
    assert not (tmp_path / "o.jsonl").exists()


def test_missing_sites_argument(tmp_path: Path) -> None:
    proc = scrapy_cmd("crawl", "aggregator", "-O", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 2
    assert "needs a sites file: -a sites=FILE" in proc.stderr


def test_unreachable_site_is_logged_and_counted(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "sites.toml"
    path.write_text(f'[[site]]\nname = "gone"\nkind = "news"\nhosts = ["127.0.0.1:{port}"]\n'
                    f'feeds = ["http://127.0.0.1:{port}/rss"]\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={path}", "-O", str(out), "-s", "RETRY_TIMES=0",
                      "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}", "-s", "ROBOTSTXT_OBEY=False")
    assert proc.returncode == MONITOR_FAILED_EXIT, proc.stderr[-2000:]
    assert "WARNING: Site gone: cannot fetch" in proc.stderr  # its feed: the site's discovery fails
    assert "'fetch/failed/DownloadConnectionRefusedError': 1" in proc.stderr
    assert proc.stderr.splitlines()[-1] == (
        "error: health monitors failed: gone: no articles (0 extracted, 0 unchanged since earlier runs; "
        "1 of 1 requests failed: DownloadConnectionRefusedError x1)")
    assert read_jsonl(out) == []


def test_the_extraction_workers_sample_the_text_the_syndication_stage_stores(crawl_run: dict[str, Any]) -> None:
    """The crawl's extraction workers sample every article's text (crawler/syndication/prepared.py);
    the syndication stage takes each sample and stores the sketch it would have made itself."""
    for spider in ("news", "aggregator"):
        stats = crawl_stats(crawl_run["logs"][spider])
        assert stats["dedup/samples_prepared"] == stats["item_scraped_count"] == len(crawl_run[spider])
    params = sample_params(DedupConfig.from_settings())
    store = open_store(crawl_run["state"])
    try:
        for record in crawl_run["news"] + crawl_run["aggregator"]:
            stored = store.get_article(record["url"])
            assert stored is not None
            assert stored.sketch == text_sample(record_text(record), params).to_json()
    finally:
        store.close()
