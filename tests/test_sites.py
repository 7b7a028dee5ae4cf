"""The sites file loader: good files load, bad ones give one clear line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.sites import HasSiteIndex, SiteIndex, SitesFileError, load_sites, select_sites, site_index_of

GOOD = """
[[site]]
name = "haaretz"
kind = "news"
hosts = ["www.haaretz.com", "127.0.0.1:8001"]
sitemaps = ["https://www.haaretz.com/robots.txt"]
article_pattern = "/\\\\d{4}-\\\\d{2}-\\\\d{2}/"

[[site]]
name = "blog"
kind = "aggregator"
hosts = ["127.0.0.1:8002"]
feeds = ["http://127.0.0.1:8002/feeds/posts/default"]
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sites.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_file_loads(tmp_path: Path) -> None:
    sites = load_sites(write(tmp_path, GOOD))
    assert [s.name for s in sites] == ["haaretz", "blog"]
    assert sites[0].hosts == ("www.haaretz.com", "127.0.0.1:8001")
    assert sites[0].is_article_url("https://www.haaretz.com/israel/2018-05-31/x")
    assert not sites[0].is_article_url("https://www.haaretz.com/israel")
    assert sites[1].is_article_url("http://127.0.0.1:8002/anything")
    assert [s.name for s in select_sites(sites, "aggregator")] == ["blog"]
    with pytest.raises(SitesFileError, match="of kind news, not aggregator"):
        select_sites(sites, "aggregator", "haaretz")
    with pytest.raises(SitesFileError, match="no site named 'nope'"):
        select_sites(sites, "news", "nope")


BASE = 'name = "a"\nkind = "news"\nhosts = ["a.example"]\nfeeds = ["https://a.example/rss"]\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[site]]\nkind = \"news\"\nhosts = [\"a.example\"]\nfeeds = [\"https://a.example/rss\"]\n",
         "site #1: missing field 'name'"),
        ("[[site]]\n" + BASE.replace('"news"', '"blog"'), "site #1 (\"a\"): unknown kind 'blog'"),
        ("[[site]]\n" + BASE.replace('kind = "news"\n', ""), "missing field 'kind'"),
        ("[[site]]\n" + BASE.replace('hosts = ["a.example"]\n', ""), "missing field 'hosts'"),
        ("[[site]]\n" + BASE + "[[site]]\n" + BASE.replace("a.example", "b.example"),
         "site #2 (\"a\"): duplicate name (also site #1)"),
        ("[[site]]\n" + BASE + "[[site]]\n" + BASE.replace('"a"', '"b"'),
         "site #2 (\"b\"): duplicate host 'a.example' (also in site \"a\")"),
        ("[[site]]\n" + BASE + 'article_pattern = "(unclosed"\n', "bad regex in 'article_pattern'"),
        ("[[site]]\n" + BASE.replace('feeds = ["https://a.example/rss"]\n', ""), "no way to discover articles"),
        ("[[site]]\n" + BASE.replace("https://a.example/rss", "ftp://a.example/rss"), "not an http(s) URL"),
        ("[[site]]\n" + BASE.replace("https://a.example/rss", "https://other.example/rss"),
         "is not on the site's hosts"),
        ("[[site]]\n" + BASE + 'colour = "red"\n', "unknown field 'colour'"),
        ("[[site]\nname=", "not valid TOML"),
        ("", "no [[site]] entries"),
        ("[[site]]\n" + BASE.replace('hosts = ["a.example"]', 'hosts = ["http://a.example/"]'),
         "which is not a host or host:port"),
        ("[[site]]\n" + BASE.replace('hosts = ["a.example"]', 'hosts = ["a.example", "a.example:99999"]'),
         "'hosts' has 'a.example:99999', which is not a host or host:port (port 1-65535)"),
        # ports out of range, in hosts and in URLs; a broken IPv6 address
        ("[[site]]\n" + BASE.replace("a.example", "127.0.0.1:99999"), "'hosts' has '127.0.0.1:99999', which is not"),
        ("[[site]]\n" + BASE.replace("a.example", "127.0.0.1:0"), "'hosts' has '127.0.0.1:0', which is not"),
        ("[[site]]\n" + BASE.replace("https://a.example/rss", "https://a.example:99999/rss"),
         "'feeds' has 'https://a.example:99999/rss', which is not an http(s) URL (with a port 1-65535)"),
        ("[[site]]\n" + BASE.replace("https://a.example/rss", "http://[::1/rss"), "which is not an http(s) URL"),
        # tomllib recurses into nested arrays and inline tables
        ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("[[site]]\n" + BASE + "x = " + "{b = " * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    ],
)
def test_bad_file_one_clear_line(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SitesFileError) as info:
        load_sites(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SitesFileError, match="cannot read the sites file"):
        load_sites(tmp_path / "absent.toml")




def test_site_index_of_a_spider() -> None:
    """What the middlewares read on every request: the spider's SiteIndex, None for a spider
    without one (as ``isinstance(spider, HasSiteIndex)`` said, in an attribute read)."""
    index = SiteIndex([])
    with_index, without = SimpleNamespace(site_index=index), SimpleNamespace(name="other")
    assert site_index_of(with_index) is index and isinstance(with_index, HasSiteIndex)
    assert site_index_of(without) is None and not isinstance(without, HasSiteIndex)
    assert site_index_of(SimpleNamespace(site_index="not an index")) is None
    assert site_index_of(None) is None
