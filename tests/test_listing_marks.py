"""ListingMarks on a real SQLite file and a real Redis: when a child sitemap is skipped, what a run records."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.discovery.sitemaps import read_sitemap_index
from crawler.spiders.listing_marks import KEY, PAGES, PRIORITY_STEPS, ListingMarks, newest, newest_first
from crawler.state import StateStore, open_store

DAY = 86400.0
HOUR = 3600.0
CHILD = "http://127.0.0.1:8001/sm/2024-01.xml"
NEWEST = "2024-06-01T00:00:00Z"


@pytest.fixture(params=["sqlite", "redis"])
def store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StateStore]:
    if request.param == "sqlite":
        uri = f"sqlite:///{tmp_path / 'state.db'}"
    else:
        uri = f"{request.getfixturevalue('redis_server').uri}?prefix=lm{random.random()}"
    with open_store(uri) as opened:
        yield opened


def marks(store: StateStore, recheck: float = DAY, expiry: float = 90 * DAY) -> ListingMarks:
    return ListingMarks(store, recheck, expiry, MemoryStatsCollector(get_crawler()))


def record(store: StateStore, lastmod: str, read_ago: float, listed: int = 4, site: str = "paper") -> None:
    store.set_meta(KEY + site, json.dumps({CHILD: [lastmod, time.time() - read_ago, listed]}))


@pytest.mark.parametrize(("recorded", "given", "read_ago", "skipped"), [
    ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00Z", HOUR, True),  # the same lastmod
    ("2024-01-31T10:00:00Z", "2024-01-31T12:00:00+02:00", HOUR, True),  # the same instant, another zone
    ("2024-01-31T10:00:00Z", "2024-01-31T09:00:00Z", HOUR, False),  # earlier: it changed too (shrank, restored)
    ("2024-01-31T10:00:00Z", "2024-01-31T10:00:01Z", HOUR, False),  # later: the child changed
    ("2024-01-31T10:00:00Z", None, HOUR, False),  # no lastmod given
    ("2024-01-31T10:00:00Z", "not a date", HOUR, False),
    ("2024-01-31T10:00:00Z", NEWEST, HOUR, False),  # the index's newest child is always read
    ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00Z", 23 * HOUR, True),
    ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00Z", 25 * HOUR, False),  # read more than a day ago
    ("2024-01-31", "2024-01-31", HOUR, True),  # a date alone, read long after it
])
def test_skip_rules(store: StateStore, recorded: str, given: str | None, read_ago: float, skipped: bool) -> None:
    record(store, recorded, read_ago)
    found = marks(store)
    assert found.unchanged("paper", CHILD, given, newest([NEWEST, *([given] if given else [])])) is skipped
    assert found.stats.get_value("site/paper/unchanged") == (4 if skipped else None)


@pytest.mark.parametrize(("recheck", "expiry", "read_ago", "skipped"), [
    (0.0, 90 * DAY, 30 * DAY, True),  # no re-read on age
    (0.0, 90 * DAY, 91 * DAY, False),  # but forgotten with its articles' seen marks
    (0.0, 0.0, 400 * DAY, True),  # neither
    (7 * DAY, 90 * DAY, 6 * DAY, True),
])
def test_age_settings(store: StateStore, recheck: float, expiry: float, read_ago: float, skipped: bool) -> None:
    record(store, "2024-01-31T10:00:00Z", read_ago)
    found = marks(store, recheck, expiry)
    assert found.unchanged("paper", CHILD, "2024-01-31T10:00:00Z", newest([NEWEST])) is skipped


def test_a_date_alone_is_skipped_only_once_that_day_is_over(store: StateStore) -> None:
    today = time.strftime("%Y-%m-%d", time.gmtime())
    record(store, today, 60.0)  # read a minute ago: the site may change it again today
    assert not marks(store).unchanged("paper", CHILD, today, newest([NEWEST]) + 10 * 365 * DAY)


def test_no_record_no_skip_and_records_are_per_site(store: StateStore) -> None:
    record(store, "2024-01-31T10:00:00Z", DAY, site="other")
    assert not marks(store).unchanged("paper", CHILD, "2024-01-31T10:00:00Z", newest([NEWEST]))


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", json.dumps({CHILD: ["2024-01-31", "yesterday", 3]})])
def test_a_record_that_does_not_parse_is_ignored(store: StateStore, raw: str) -> None:
    store.set_meta(KEY + "paper", raw)
    found = marks(store)
    assert not found.unchanged("paper", CHILD, "2024-01-31", newest([NEWEST]))


def test_corrupt_records_are_counted(store: StateStore) -> None:
    store.set_meta(KEY + "paper", "{not json")
    found = marks(store)
    found.unchanged("paper", CHILD, "2024-01-31", newest([NEWEST]))
    assert found.stats.get_value("incremental/sitemap_records_unreadable") == 1


def _records(store: StateStore, site: str = "paper") -> dict[str, Any]:
    raw = store.get_meta(KEY + site)
    return json.loads(raw) if raw else {}


def test_close_records_children_read_whole_and_forgets_the_others(store: StateStore) -> None:
    old = "http://127.0.0.1:8001/sm/old.xml"
    store.set_meta(KEY + "paper", json.dumps({CHILD: ["2024-01-31", time.time() - DAY, 2],
                                              old: ["2020-01-01", time.time() - 100 * DAY, 1]}))
    found = marks(store)
    whole, failed, waiting = (f"http://127.0.0.1:8001/sm/{n}.xml" for n in ("whole", "failed", "waiting"))
    found.opened("paper", whole, "2024-02-01T00:00:00Z")
    found.opened("paper", failed, "2024-03-01T00:00:00Z")
    found.opened("paper", waiting, "2024-04-01T00:00:00Z")
    found.opened("paper", CHILD, "2024-02-02")  # read again: its article failed
    for url in (whole, whole, failed, failed, waiting, CHILD):
        found.issued(url)
    found.unchanged_article(whole)  # written by an earlier run
    found.ended(whole, ok=True, article=True)
    found.ended(whole, ok=True)  # a 404, or no article
    found.ended(failed, ok=True)
    found.ended(failed, ok=False)
    found.ended(CHILD, ok=False)
    found.close(finished=False)  # a run cut short writes nothing
    assert set(_records(store)) == {CHILD, old}
    found.close(finished=True)
    records = _records(store)
    assert set(records) == {whole}  # the old record is past the 90 days; three children unfinished
    assert records[whole][0] == "2024-02-01T00:00:00Z" and records[whole][2] == 2
    assert found.stats.get_value("incremental/sitemaps_recorded") == 1
    assert found.stats.get_value("incremental/sitemaps_unfinished") == 3


FEED = "http://127.0.0.1:8001/feed.xml"
DATE = "Sat, 05 Dec 2026 10:00:00 GMT"


@pytest.mark.parametrize(("etag", "modified", "sent"), [
    ('"v1"', None, {"If-None-Match": '"v1"'}),
    ('W/"5-abc"', DATE, {"If-None-Match": 'W/"5-abc"', "If-Modified-Since": DATE}),
    (None, DATE, {"If-Modified-Since": DATE}),
    (None, None, {}),  # nothing to ask with
    ('"a"\r\nSet-Cookie: x=1', None, {}),  # not a header value to send back
    ('"' + "x" * 300 + '"', DATE, {"If-Modified-Since": DATE}),  # too long to keep
])
def test_validators_recorded_and_sent_back(store: StateStore, etag: str | None, modified: str | None,
                                           sent: dict[str, str]) -> None:
    first = marks(store)
    first.opened("paper", FEED, None, etag, modified)
    first.issued(FEED)
    first.ended(FEED, ok=True, article=True)
    first.close(finished=True)
    later = marks(store)
    assert later.validators("paper", FEED) == sent
    assert later.validators("other", FEED) == {}  # records are per site
    assert later.validators("paper", CHILD) == {}
    # a 304 stands for the listing: its article counts as unchanged
    assert later.not_modified("paper", FEED)
    assert later.stats.get_value("site/paper/unchanged") == 1


@pytest.mark.parametrize(("read_ago", "conditional", "sent"), [
    (HOUR, True, True),
    (25 * HOUR, True, False),  # read more than INCREMENTAL_SITEMAP_RECHECK_HOURS ago: read whole
    (HOUR, False, False),  # INCREMENTAL_CONDITIONAL_LISTINGS off
])
def test_validators_only_while_the_record_is_fresh(store: StateStore, read_ago: float, conditional: bool,
                                                   sent: bool) -> None:
    store.set_meta(KEY + "paper", json.dumps({FEED: ["", time.time() - read_ago, 3, '"v1"', None]}))
    found = ListingMarks(store, DAY, 90 * DAY, MemoryStatsCollector(get_crawler()), conditional=conditional)
    assert bool(found.validators("paper", FEED)) is sent


def test_records_of_both_shapes_parse_and_a_bad_validator_does_not(store: StateStore) -> None:
    store.set_meta(KEY + "paper", json.dumps({CHILD: ["2024-01-31T10:00:00Z", time.time() - HOUR, 2],
                                              FEED: ["", time.time() - HOUR, 3, 7, None]}))
    found = marks(store)
    assert found.unchanged("paper", CHILD, "2024-01-31T10:00:00Z", newest([NEWEST]))
    assert found.validators("paper", FEED) == {}
    assert not found.not_modified("paper", FEED)  # no record is left to stand for it
    assert found.stats.get_value("incremental/listings_not_modified_unrecorded") == 1


SECTION = "http://127.0.0.1:8001/news/"


@pytest.mark.parametrize(("read_ago", "enabled", "stopped"), [
    (HOUR, True, True),
    (25 * HOUR, True, False),  # walked whole more than INCREMENTAL_SITEMAP_RECHECK_HOURS ago
    (None, True, False),  # never walked whole
    (HOUR, False, False),  # INCREMENTAL_STOP_AT_SEEN_PAGES off
])
def test_pagination_stops_only_after_a_recent_whole_walk(store: StateStore, read_ago: float | None, enabled: bool,
                                                         stopped: bool) -> None:
    if read_ago is not None:
        store.set_meta(KEY + "paper", json.dumps({PAGES + SECTION: ["", time.time() - read_ago, 30]}))
    found = ListingMarks(store, DAY, 90 * DAY, MemoryStatsCollector(get_crawler()), stop_pages=enabled)
    found.index_page("paper", SECTION, 5, 5)
    assert found.stop_pages("paper", SECTION) is stopped
    found.index_page("paper", SECTION, 5, 5)  # a page already asked for (numbered pagination)
    assert found.stop_pages("paper", SECTION) is stopped
    # the earlier articles of the pages not read count once
    assert found.stats.get_value("site/paper/unchanged") == (25 if stopped else None)
    assert found.stats.get_value("incremental/pagination_recheck_due") == (1 if read_ago == 25 * HOUR else None)


def test_close_records_whole_walks_of_more_than_one_page(store: StateStore) -> None:
    stopped, other = "http://127.0.0.1:8001/sport/", "http://127.0.0.1:8001/about/"
    store.set_meta(KEY + "paper", json.dumps({PAGES + stopped: ["", time.time() - HOUR, 12]}))
    found = marks(store)
    for _ in range(3):
        found.index_page("paper", SECTION, 5, 2)
    found.index_page("paper", stopped, 4, 4)
    assert found.stop_pages("paper", stopped)
    found.index_page("paper", other, 3, 0)  # one page, no pagination: nothing to record
    found.close(finished=True)
    records = _records(store)
    assert records[PAGES + SECTION][2] == 15
    assert records[PAGES + stopped][2] == 12  # not walked whole: the record stands
    assert PAGES + other not in records


def test_a_walk_with_new_articles_takes_its_record_out_until_the_run_ends_well(store: StateStore) -> None:
    failed, stopped, cut = "http://127.0.0.1:8001/a/", "http://127.0.0.1:8001/b/", "http://127.0.0.1:8001/c/"
    store.set_meta(KEY + "paper", json.dumps({PAGES + first: ["", time.time() - HOUR, 10]
                                              for first in (failed, stopped, cut)}))
    found = marks(store)
    for first in (failed, stopped, cut):
        found.index_page("paper", first, 5, 3)  # new articles on the first page
    # at once: a run cut short from here on leaves no record that would stop the next one
    assert set(_records(store)) == set()
    found.page_failed("paper", failed)
    found.index_page("paper", stopped, 5, 5)
    assert found.stop_pages("paper", stopped)
    found.close(finished=True)
    # the walk that stopped at a page of nothing new keeps its record; a failed one loses it, and
    # so does one that read its first page only (its next page was never read)
    assert set(_records(store)) == {PAGES + stopped}
    found = marks(store)
    found.index_page("paper", stopped, 5, 4)
    found.index_page("paper", stopped, 5, 3)
    found.site_stopped("paper")  # a budget stopped the site: the walk is not whole
    found.close(finished=True)
    assert set(_records(store)) == set()


def test_sitemap_index_lastmods() -> None:
    root = etree.fromstring(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/a.xml</loc><lastmod>2024-01-31T10:00:00+01:00</lastmod></sitemap>"
        b"<sitemap><loc>/b.xml</loc></sitemap><sitemap><loc>/c.xml</loc><lastmod>junk</lastmod></sitemap>"
        b"<sitemap><loc>/d.xml</loc><lastmod> 2024-02-01 </lastmod></sitemap></sitemapindex>")
    listing = read_sitemap_index(root, "http://127.0.0.1:8001/index.xml")
    assert listing.sitemaps == [f"http://127.0.0.1:8001/{n}.xml" for n in "abcd"]
    assert listing.lastmods == {"http://127.0.0.1:8001/a.xml": "2024-01-31T10:00:00+01:00",
                                "http://127.0.0.1:8001/d.xml": "2024-02-01"}
    assert newest(listing.lastmods.values()) == 1706745600.0
    assert newest([]) is None


def test_newest_first() -> None:
    lastmods = {"/2023.xml": "2023-12-31", "/2024.xml": "2024-06-01T00:00:00+02:00", "/bad.xml": "soon",
                "/2022.xml": "2022-01-01T00:00:00Z"}
    urls = ["/2022.xml", "/undated.xml", "/2023.xml", "/bad.xml", "/2024.xml", "/next-page.xml"]
    assert newest_first(urls, lastmods) == [("/undated.xml", 0), ("/bad.xml", 0), ("/next-page.xml", 0),
                                            ("/2024.xml", 0), ("/2023.xml", -1), ("/2022.xml", -2)]
    assert newest_first([], {}) == []
    # one scheduler queue per priority (an open file each with JOBDIR): few levels for many children
    months = {f"/{2000 + n // 12}-{n % 12 + 1:02d}.xml": f"{2000 + n // 12}-{n % 12 + 1:02d}-28" for n in range(300)}
    ordered = newest_first(list(months), months)
    assert [url for url, _ in ordered[:3]] == ["/2024-12.xml", "/2024-11.xml", "/2024-10.xml"]
    assert sorted({priority for _, priority in ordered}) == list(range(-PRIORITY_STEPS, 1))
