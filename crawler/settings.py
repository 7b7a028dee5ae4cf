"""All settings of the crawler, with their defaults and what each one does.

Override any of them with ``-s NAME=VALUE`` on the command line. Component settings carry the
component's prefix (``DEDUP_``, ``SOURCE_CHECK_``, ``EXTRACTION_``, ``DISCOVERY_``).
"""

from __future__ import annotations

from crawler.items import RECORD_FIELDS

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Politeness ------------------------------------------------------------------------------
# Identify the crawler honestly; site owners can reach whoever runs it through this string.
USER_AGENT = "news-syndication-crawler/0.1 (+https://example.invalid/crawler)"
# Obey robots.txt on every site (also used to discover sitemaps).
ROBOTSTXT_OBEY = True
# Read at most this many bytes of a robots.txt (cut at the last whole line; RFC 9309 asks for at
# least 500 KiB): a robots.txt of megabytes costs the parser hundreds of MB (stat robotstxt/truncated).
ROBOTSTXT_MAX_BYTES = 500 * 1024
# Requests in flight per site (per host:port); keep small for third-party publishers.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
# AutoThrottle adapts the delay to each site's response times.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Give up on a slow server after this many seconds; retry transient failures twice.
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# A page that still fails after its retries is logged at INFO, not ERROR: it is counted per site,
# and the health monitors (MONITOR_ below) judge whether the site as a whole is failing.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# A 429 or 503 with a Retry-After header is retried after the time it asks for when that is at
# most this many seconds (no longer than a slow download may take), else given up at once (stat
# fetch/retry_after/gave_up): a server asking for an hour's pause is not asked again seconds later.
RETRY_AFTER_MAX = 30.0
# Refuse responses over 10 MiB (warn over 2 MiB): articles are never that large.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Redirects followed for one request (Scrapy's default is 20, as browsers). A real article needs
# at most three or four (http -> https, bare host -> www, old slug -> new slug, trailing slash);
# 10 leaves room for those and halves what an endless chain (A1 -> A2 -> ...) costs per link.
# Past it the request is skipped (stat fetch/redirect/too_many); a loop back into the chain
# (A -> B -> A) ends at the duplicate filter (stat fetch/redirect/loop).
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- Engine ----------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Scrapy's in-memory stats, without the attribute hook Scrapy 2.19 runs on every read of the
# collector (about 3 µs an inc_value, dozens a page, most on the reactor thread; crawler/stats.py).
STATS_CLASS = "crawler.stats.MemoryStatsCollector"
# Items (and requests) of one callback processed in parallel. Scrapy starts this many asyncio
# tasks for every callback, and ours yield one item or a few requests: 100 (the default) costs
# more reactor time than the work itself.
CONCURRENT_ITEMS = 8
# Breadth-first order: discovery pages (feeds, sitemaps, indexes) are fetched before articles.
DEPTH_PRIORITY = 0

# Scrapy's offsite filter ignores ports; ours keeps sites on one host apart by host:port.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.offsite.HostPortOffsiteMiddleware": 50,
    # what one site may cost a run (SITE_MAX_PAGES, SITE_MAX_BYTES, SITE_MAX_SECONDS)
    "crawler.middlewares.site_budget.SiteBudgetMiddleware": 55,
    # Retry-After of 429 and 503 responses, before Scrapy's RetryMiddleware (550) sees them
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Scrapy 2.19's lets requests through unchecked when several wait for one robots.txt
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robotstxt.RobotsTxtMiddleware": 100,
    # claimed sources are chosen by the pages: refuse private, loopback and metadata addresses
    "crawler.middlewares.address_guard.AddressGuardMiddleware": 60,
    # next to the engine, so it sees final outcomes: site/<site>/requests for the health monitors
    "crawler.middlewares.sitestats.SiteRequestStats": 10,
    # Scrapy's meta-refresh redirects, with a page that declares none ruled out in its bytes
    # rather than by decoding it whole on the reactor thread
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.meta_refresh.MetaRefreshMiddleware": 580,
}

# The stages that use the state store run, in this order, in one thread of their own (see
# crawler/pipelines/runner.py), so store queries never block the reactor thread.
ITEM_PIPELINES = {
    "crawler.pipelines.runner.StateStagesPipeline": 300,
}
STATE_STAGES = [
    "crawler.pipelines.syndication.SyndicationPipeline",
    "crawler.pipelines.source_check.SourceCheckPipeline",
]
# Items the state stages process in one store transaction (group commit): those waiting when
# the stages' thread gets to them, at most this many (see STATE_STAGES_LINGER). Other writers of
# the store (the other crawls of a Redis store, the seen marks) wait at most one batch.
STATE_STAGES_BATCH = 32
# Seconds the first of fewer than STATE_STAGES_BATCH waiting items may wait for more before its
# batch is written anyway (0: never wait). Larger batches write far fewer index pages per item;
# no item leaves (is exported) before its batch is committed, and the spider's close writes at once.
STATE_STAGES_LINGER = 0.25

# Output: the record's keys, in this order, present in every line (crawler/items.py).
FEED_EXPORT_FIELDS = list(RECORD_FIELDS)
# JSON lines written by Scrapy's exporter with the record converted in one pass: the same bytes
# in about half its time (crawler/exporters.py).
FEED_EXPORTERS = {fmt: "crawler.exporters.RecordJsonLinesItemExporter" for fmt in ("jsonlines", "jsonl", "jl")}

# --- State -----------------------------------------------------------------------------------
# Where state that outlives a run is kept (seen URLs, fingerprints, clusters, verdicts).
# sqlite:///PATH (relative to the working directory; sqlite:////abs/path for absolute paths)
# or redis://HOST:PORT/DB for several crawler processes.
STATE_URI = "sqlite:///.scrapy/crawler-state.sqlite3"

# --- Discovery -------------------------------------------------------------------------------
# Index pages read per site before pagination stops being followed (0 = no limit).
DISCOVERY_MAX_INDEX_PAGES = 200
# How many link hops from a start URL non-article, same-site pages are followed.
DISCOVERY_INDEX_DEPTH = 2
# Sitemaps and feeds larger than this (after gunzip) are skipped with a stat counter; their
# downloads may be this large too (DOWNLOAD_MAXSIZE is for pages).
DISCOVERY_MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# Sitemap indexes followed this many levels below the first listing (robots.txt -> index ->
# index -> ... -> URL set); deeper ones are skipped (stat discovery/limit/sitemap_depth).
DISCOVERY_MAX_SITEMAP_DEPTH = 4
# Pages of one feed followed through rel="next" (stat discovery/limit/feed_pages).
DISCOVERY_MAX_FEED_PAGES = 50
# Links one listing or index page may add to the crawl (the sitemap protocol's 50,000 URLs per
# file); the rest are left out (stat discovery/limit/page_links).
DISCOVERY_MAX_PAGE_LINKS = 50_000
# Query parameters dropped from article URLs (so one article is requested once) besides the
# tracking parameters every URL loses (crawler.urls.TRACKING_PARAMS: utm_*, fbclid, gclid, ...).
DISCOVERY_STRIP_PARAMS: list[str] = []

# --- What one site may cost a run (SITE_) ----------------------------------------------------
# A site that reaches a budget is stopped: its queued requests are dropped (stat
# site/<site>/dropped) and one line says which budget stopped it (stats site/<site>/stopped/<budget>,
# site_budget/stopped/<budget>). Per-site use is in the stats: site/<site>/pages, site/<site>/bytes.
# 0 = no limit.
# Responses (pages, listings, robots.txt, claimed sources) from one site's hosts per run.
SITE_MAX_PAGES = 20_000
# Bytes of response bodies from one site per run.
SITE_MAX_BYTES = 2 * 1024 ** 3
# Seconds from a site's first request after which its remaining requests are dropped.
SITE_MAX_SECONDS = 4 * 3600.0
# Requests of one site waiting in the scheduler at once; the links found beyond that wait in a
# compact backlog (a URL, not a request object) until the site's queue drains, so a page of
# 100,000 links costs megabytes, not gigabytes (stat site_queue/held). Not used by distributed
# workers, whose queue is in Redis, nor with JOBDIR, whose queue is on disk.
SITE_MAX_QUEUED = 2_000

# --- Extraction ------------------------------------------------------------------------------
# Pages reached without a hint (no sitemap or feed entry, no article_pattern match) whose
# extracted body has fewer words than this are treated as non-articles. 20 is the least the
# article decision reads an article in (crawler/extraction/decision.py MIN_WORDS; a lower value
# changes nothing); raise it to leave out news briefs and short posts. At 40, 5 of 990 pages of
# trafilatura's evaluation corpus were refused for it, four of them short news and blog posts
# (benchmarks/JOURNAL.md, "A third source").
EXTRACTION_MIN_WORDS = 20
# The article decision for pages reached without a hint, made stricter: fewer pages of other kinds
# (service, documentation, listing pages) taken for articles, more articles refused. On the
# development data's held-out pages: 3.4% of articles refused instead of 0.4%, 18.8% of the other
# pages accepted instead of 31.4% (crawler/extraction/decision.py STRICT_THRESHOLD). Pages a sitemap
# or feed lists, or that match the site's article_pattern, are decided as before.
EXTRACTION_STRICT_DECISION = False

# --- Syndication (DEDUP_) --------------------------------------------------------------------
# Containment of a post's text in a candidate original above which the post is a copy.
DEDUP_CONTAINMENT_THRESHOLD = 0.6
# The same for two articles of one site (shared text within a site is mostly boilerplate).
DEDUP_SAME_SITE_THRESHOLD = 0.9
# Words per shingle.
DEDUP_SHINGLE_SIZE = 5
# Write only originals and unique articles (copies are still counted in the stats).
DEDUP_DROP_COPIES = False
# Stored sketch of each text: every shingle hash divisible by this (1 = keep all hashes)...
DEDUP_SAMPLE_MOD = 4
# ...plus this many smallest hashes, so short texts still have a sample.
DEDUP_SAMPLE_FLOOR = 32
# A shingle found in at least this many articles of one site is that site's template (widgets,
# footers) and ignored everywhere (0: no boilerplate rule).
DEDUP_BOILERPLATE_SITE_ARTICLES = 6
# Texts with fewer words than this are never linked to others (too little evidence).
DEDUP_MIN_WORDS = 20
# When a shingle becomes (or stops being) a site's boilerplate, the articles holding it are linked
# again. Up to this many such shingles wait (kept in the state store) and their articles are
# linked again once, together; at the latest when the stage closes and before any recheck or
# final verdict reads the state, so no record depends on it. 0: link them again at once.
DEDUP_RELINK_BATCH = 10000
# Retention: when the syndication stage opens, articles a crawl last indexed (changed or not) more
# than this many days ago leave the state store with their index entries, links, cluster memberships and
# verdicts, and the stories they were in are derived again as if they had never been stored (a
# story whose original leaves elects another); verdicts (claimed-source fetch evidence too) older
# than that are forgotten as well. A copy that appears later than this after its original was last
# crawled is then not recognised. Stats: dedup/pruned, dedup/pruned_verdicts. 0: keep everything for ever (the
# store grows by some 13 KiB per article in SQLite, 26 KiB in Redis).
DEDUP_RETENTION_DAYS = 365.0
# At most this many articles leave per run; the rest wait for the next runs (logged).
DEDUP_RETENTION_MAX_PER_RUN = 10000

# --- Source check (SOURCE_CHECK_) ------------------------------------------------------------
# Turn the source check stage on or off.
SOURCE_CHECK_ENABLED = True
# The aggregator spider fetches each claimed source the crawl has not seen, as evidence.
SOURCE_CHECK_FETCH_CLAIMS = True
# At most this many claimed-source fetches per run.
SOURCE_CHECK_FETCH_BUDGET = 500
# Fetch claimed sources on hosts outside the sites file too (addresses that resolve to
# loopback, private, link-local or metadata ranges are refused all the same).
SOURCE_CHECK_FETCH_OUTSIDE = False
# The address guard for claimed-source fetches (see crawler/middlewares/address_guard.py).
ADDRESS_GUARD_ENABLED = True
# A claimed URL's slug needs at least this many content words to count as evidence.
SOURCE_CHECK_SLUG_MIN_WORDS = 3
# Share of the slug's (or the fetched claimed page's title's) content words that must appear
# in the post; less is a slug_mismatch.
SOURCE_CHECK_SLUG_MIN_OVERLAP = 0.5
# A crawled or fetched claimed page whose text and the post's hold less than this of each other
# (containment both ways) is a content_mismatch; at DEDUP_CONTAINMENT_THRESHOLD or more, a match.
SOURCE_CHECK_CONTENT_MISMATCH_BELOW = 0.2
# A claimed source the address guard refuses (or robots.txt forbids) is not fetched and gives no
# evidence: without other evidence the post is "unverified", not "source_unreachable".

# --- Extraction workers ----------------------------------------------------------------------
# Worker processes that run the extraction off the reactor thread: -1 = one per CPU,
# 0 = run it inline in the reactor thread (for debugging).
EXTRACTION_WORKERS = -1
# Seconds one page may take in a worker before the worker is replaced and the page skipped.
EXTRACTION_TIMEOUT = 30.0
# The extraction function (dotted path): HTML bytes, URL, headers in, article fields out.
EXTRACTION_FUNCTION = "crawler.extraction.extract_article"

# --- Sites -----------------------------------------------------------------------------------
# The sites file used when no `-a sites=FILE` is given (handy for Scrapyd).
SITES_FILE = None

# --- Incremental crawling (INCREMENTAL_) -----------------------------------------------------
# Skip articles fetched in an earlier run (same STATE_URI) unless their sitemap lastmod or feed
# date is later than that fetch; discovery pages (feeds, sitemaps, indexes) are fetched again,
# but see the three settings below it.
INCREMENTAL_ENABLED = True
# Do not request a child sitemap of a sitemap index that an earlier finished run read whole
# (every article it listed fetched, or answered for good) while the index gives it the same
# <lastmod> (stat incremental/sitemaps_unchanged). Feeds, sitemaps without a lastmod and the
# index's newest child are always requested (crawler/spiders/listing_marks.py).
INCREMENTAL_SKIP_UNCHANGED_SITEMAPS = True
# ... but read such a child again once this many hours have passed since it was read (0: never), in
# case its site adds articles to it without moving its lastmod: they wait at most this long. The
# same bound holds for the conditional requests and the index pages' pagination below.
INCREMENTAL_SITEMAP_RECHECK_HOURS = 24.0
# Ask for a sitemap or feed of articles that an earlier finished run read whole with the ETag and
# Last-Modified its server gave (If-None-Match, If-Modified-Since); a 304 Not Modified answer is
# not read again (stat incremental/listings_not_modified). Sitemap indexes are always fetched.
INCREMENTAL_CONDITIONAL_LISTINGS = True
# On a site with an article_pattern, do not follow the pagination of an index page whose article
# links earlier runs all fetched, when a finished run walked that pagination to its end within
# INCREMENTAL_SITEMAP_RECHECK_HOURS (stat incremental/pagination_stopped).
INCREMENTAL_STOP_AT_SEEN_PAGES = True
# Fetch an unchanged article again once this many days have passed since its last fetch (0: never).
INCREMENTAL_RECHECK_DAYS = 7.0
# Forget seen URLs not fetched for this many days, so the state does not grow forever (0: never).
INCREMENTAL_SEEN_EXPIRY_DAYS = 90.0
# Seen marks are written in batches of this many URLs (and every 2 s), one transaction each.
INCREMENTAL_MARK_BATCH = 50

# --- Output and runs -------------------------------------------------------------------------
# One JSON lines file per run when no -o/-O is given: output/<spider>/<UTC time>.jsonl.
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
# When the run ends, evaluate its records again against the state as it is then (the verdicts
# `scrapy recheck` would give) and replace each of its local JSON lines files atomically. Off for
# very large runs (reading and rewriting the output costs about as much as a recheck).
FINAL_VERDICTS_ENABLED = True
# Local feed files are written unbuffered, one write per record: every record written is on disk
# before its URL is marked seen; a kill -9 can cut short only the line being written (the last).
FEED_STORAGES = {
    "": "crawler.feedstorage.LineAtomicFileFeedStorage",
    "file": "crawler.feedstorage.LineAtomicFileFeedStorage",
}
#: ``gc.freeze()`` when the engine starts (``crawler.extensions.gc_freeze``; stat ``gc/frozen``).
GC_FREEZE_ENABLED = True
#: ``gc.set_threshold(*GC_THRESHOLD)`` when the engine starts, right after the freeze: the young
#: generation collected every 50,000 objects allocated and not freed instead of Python's 700 (a
#: page's garbage is freed by reference counts; the collections only walk what is in flight).
#: ``()`` leaves Python's thresholds.
GC_THRESHOLD = (50000, 10, 10)

EXTENSIONS = {
    # when the engine starts, what the process holds for its whole life (modules, Scrapy, the
    # spiders) leaves the cyclic garbage collector's reach: page garbage's collections skip it
    "crawler.extensions.gc_freeze.GcFreeze": 50,
    # with JOBDIR: resume after SIGINT, SIGTERM or kill -9 without losing or repeating records
    "crawler.extensions.resume.JobResume": 100,
    # at the end of a run, its JSON lines files get the verdicts of the state at that moment
    "crawler.extensions.final_verdicts.FinalVerdicts": 200,
    # per-site health figures at spider close, checked against the site's earlier runs (kept
    # in the state store); runs before Spidermon, whose monitors read them
    "crawler.extensions.health.SiteHealthExtension": 500,
    # Spidermon runs the health monitors (SPIDERMON_SPIDER_CLOSE_MONITORS) at spider close
    "spidermon.contrib.scrapy.extensions.Spidermon": 510,
    # one summary line per run at the end of the log (and the sites that failed their checks)
    "crawler.extensions.summary.RunSummary": 900,
}

# --- Health monitors (MONITOR_, run by Spidermon) --------------------------------------------
# At the end of every crawl, each site of the run is checked (crawler/health.py,
# crawler/monitors.py). A failed check makes `scrapy crawl` exit with code 3 and the run summary
# names the site and the reason. Set SPIDERMON_ENABLED = False to turn the monitors off.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.monitors.SiteHealthMonitorSuite"]
# Spidermon actions (dotted paths of spidermon Action classes) run when a health check failed,
# e.g. ["spidermon.contrib.actions.slack.notifiers.SendSlackMessageSpiderFinished"] with the
# SPIDERMON_SLACK_* settings, or spidermon.contrib.actions.email.smtp.SendSmtpEmail with
# SPIDERMON_SMTP_* and SPIDERMON_EMAIL_* (see README "Health monitors").
MONITOR_FAILED_ACTIONS: list[str] = []
# A site must give at least this many articles per run (extracted, or listed and unchanged since
# an earlier run); 0 turns the check off.
MONITOR_MIN_ARTICLES = 1
# Largest share of a site's requests that may fail (HTTP errors after retries, timeouts, refused
# connections; 404/410 of links followed from index pages are dead links, not failures).
MONITOR_MAX_FETCH_ERROR_RATE = 0.25
# Largest share of a site's expected article pages (listed in feeds or sitemaps, or matching
# article_pattern) from which no article could be extracted: a changed template shows here.
MONITOR_MAX_SKIP_RATE = 0.5
# Largest share of the claimed-source fetches of a site's posts that may fail.
MONITOR_MAX_CLAIM_FAILURE_RATE = 0.5
# The three rates above are judged only from this many pages (requests, article pages, claim
# fetches) of a site on: a rate over a handful of pages is noise (e.g. small incremental runs).
MONITOR_MIN_SAMPLE = 10
# A site's article count may fall at most this share below the median of its previous runs
# (0.5: a fall of more than half fails). Runs are compared by articles found: extracted plus
# unchanged since an earlier run, so incremental runs compare fairly.
MONITOR_MAX_ARTICLE_DROP = 0.5
# How many previous runs of a site the median is taken over.
MONITOR_BASELINE_RUNS = 5
# Runs kept per site in the state store (for the monitors and `scrapy report`'s charts).
MONITOR_HISTORY_KEEP = 100

# --- Distributed crawling (REDIS_ / DISTRIBUTED_) --------------------------------------------
# Several crawler processes (one or many machines) share one frontier in Redis through
# scrapy-redis (see crawler/distributed.py and README "Scaling out"). True turns a `scrapy crawl`
# into a worker: its scheduler, dupefilter and start URLs are scrapy-redis's (seeded by
# `scrapy seed`), and it writes its own output file (`scrapy merge` joins them).
DISTRIBUTED = False
# The Redis server of the shared frontier; None: the server of a redis:// STATE_URI, else
# redis://127.0.0.1:6379/0.
REDIS_URL = None
# Prefix of the frontier's keys (<prefix><spider>:requests, :dupefilter, :start_urls, ...), so
# several projects (or test runs) can share one Redis database.
DISTRIBUTED_KEY_PREFIX = ""
# Requests a worker holds at most (popped from the shared queue and not finished): small enough
# that several workers split the queue, large enough to keep downloads and extraction busy.
DISTRIBUTED_PREFETCH = 16
# Seconds a worker's lease lasts (it renews it every third of that): when a worker dies, its
# unfinished requests go back to the shared queue this long after its last renewal.
DISTRIBUTED_LEASE = 60.0
# A worker exits once the whole frontier (queue, start URLs, other workers' requests) has been
# empty this many seconds.
DISTRIBUTED_IDLE_TIMEOUT = 5.0
# Seconds between looks at the shared queue while this worker has nothing to do.
DISTRIBUTED_POLL_INTERVAL = 0.5
# Seconds a worker waits for the frontier's Redis when it stops answering (a restart, a
# failover); longer, the worker stops (exit code 1) and its requests go back to the queue when
# its lease runs out. The state store's own wait is STATE_URI's reconnect_wait option.
DISTRIBUTED_RECONNECT_WAIT = 60.0
