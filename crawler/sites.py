"""The sites file: a TOML list of ``[[site]]`` entries, loaded and validated before any request.

A bad file raises :class:`SitesFileError` whose message is one line naming the file, the entry
and the problem, e.g. ``sites.toml: site #2 ("jpost"): unknown kind 'blog' (use news or aggregator)``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from crawler.urls import netloc_key

KINDS = ("news", "aggregator")
_KNOWN_KEYS = {"name", "kind", "hosts", "sitemaps", "feeds", "start_urls", "article_pattern"}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_HOST_RE = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?$")


class SitesFileError(ValueError):
    """The sites file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Site:
    """One ``[[site]]`` entry."""

    name: str
    kind: str
    hosts: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: re.Pattern[str] | None = field(default=None, compare=False)

    def is_article_url(self, url: str) -> bool:
        """True when ``url`` looks like an article of this site (always, with no pattern)."""
        return self.article_pattern is None or self.article_pattern.search(url) is not None


def _fail(path: Path, where: str, problem: str) -> SitesFileError:
    return SitesFileError(f"{path}: {where}: {problem}")


def _str_list(path: Path, where: str, entry: dict[str, Any], key: str, *, urls: bool) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, where, f"'{key}' must be a list of non-empty strings")
    out = tuple(v.strip() for v in value)
    if urls:
        for v in out:
            if not _is_http_url(v):
                raise _fail(path, where, f"'{key}' has {v!r}, which is not an http(s) URL (with a port 1-65535)")
    return out


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        port = parts.port  # ValueError when out of range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


def _name_and_kind(path: Path, where: str, entry: dict[str, Any]) -> tuple[str, str]:
    name = entry.get("name")
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise _fail(path, where, f"unknown field {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_KEYS))})")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, where, "missing field 'name'")
    if not _NAME_RE.match(name):
        raise _fail(path, where, "'name' may hold only letters, digits, '.', '_' and '-'")
    kind = entry.get("kind")
    if kind is None:
        raise _fail(path, where, "missing field 'kind'")
    if kind not in KINDS:
        raise _fail(path, where, f"unknown kind {kind!r} (use news or aggregator)")
    return name, kind


def _host_keys(path: Path, where: str, entry: dict[str, Any]) -> tuple[str, ...]:
    if "hosts" not in entry:
        raise _fail(path, where, "missing field 'hosts'")
    hosts = _str_list(path, where, entry, "hosts", urls=False)
    if not hosts:
        raise _fail(path, where, "'hosts' is empty")
    for h in hosts:
        if "/" in h or not _HOST_RE.match(h) or not netloc_key(h) or netloc_key(h).endswith(":0"):
            raise _fail(path, where, f"'hosts' has {h!r}, which is not a host or host:port (port 1-65535)")
    return tuple(netloc_key(h) for h in hosts)


def _pattern(path: Path, where: str, entry: dict[str, Any]) -> re.Pattern[str] | None:
    pattern = entry.get("article_pattern")
    if pattern is None:
        return None
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, where, "'article_pattern' must be a non-empty string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise _fail(path, where, f"bad regex in 'article_pattern' {pattern!r}: {exc}") from None


def _load_site(path: Path, index: int, entry: Any) -> Site:
    where = f"site #{index}"
    if not isinstance(entry, dict):
        raise _fail(path, where, "each [[site]] must be a table")
    if isinstance(entry.get("name"), str):
        where = f'site #{index} ("{entry["name"]}")'
    name, kind = _name_and_kind(path, where, entry)
    host_keys = _host_keys(path, where, entry)
    sitemaps = _str_list(path, where, entry, "sitemaps", urls=True)
    feeds = _str_list(path, where, entry, "feeds", urls=True)
    start_urls = _str_list(path, where, entry, "start_urls", urls=True)
    if not (sitemaps or feeds or start_urls):
        raise _fail(path, where, "no way to discover articles: give sitemaps, feeds or start_urls")
    for u in sitemaps + feeds + start_urls:
        if netloc_key(u) not in host_keys:
            raise _fail(path, where, f"{u!r} is not on the site's hosts ({', '.join(entry['hosts'])})")
    return Site(name=name, kind=kind, hosts=host_keys, sitemaps=sitemaps, feeds=feeds, start_urls=start_urls,
                article_pattern=_pattern(path, where, entry))


def load_sites(path: str | Path) -> list[Site]:
    """Read and validate a sites file; raise :class:`SitesFileError` on the first problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SitesFileError(f"{path}: cannot read the sites file: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SitesFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise SitesFileError(f"{path}: not a sites file: arrays or tables nested too deeply") from None
    extra = sorted(set(data) - {"site"})
    if extra:
        raise SitesFileError(f"{path}: unknown top-level key {extra[0]!r} (entries go in [[site]] tables)")
    entries = data.get("site")
    if not isinstance(entries, list) or not entries:
        raise SitesFileError(f"{path}: no [[site]] entries")
    sites: list[Site] = []
    names: dict[str, int] = {}
    owners: dict[str, str] = {}
    for i, entry in enumerate(entries, start=1):
        site = _load_site(path, i, entry)
        where = f'site #{i} ("{site.name}")'
        if site.name in names:
            raise _fail(path, where, f"duplicate name (also site #{names[site.name]})")
        names[site.name] = i
        for h in site.hosts:
            if h in owners:
                raise _fail(path, where, f"duplicate host {h!r} (also in site \"{owners[h]}\")")
            owners[h] = site.name
        sites.append(site)
    return sites


def select_sites(sites: list[Site], kind: str, name: str | None = None) -> list[Site]:
    """The sites of ``kind``, or only the one called ``name`` (which must be of that kind)."""
    chosen = [s for s in sites if s.kind == kind]
    if name is not None:
        match = [s for s in sites if s.name == name]
        if not match:
            known = ", ".join(s.name for s in chosen) or "none"
            raise SitesFileError(f"no site named {name!r} (sites of kind {kind}: {known})")
        if match[0].kind != kind:
            raise SitesFileError(f"site {name!r} is of kind {match[0].kind}, not {kind}")
        chosen = match
    return chosen


class SiteIndex:
    """The sites of one crawl, looked up by name and by ``host:port``.

    ``sites`` are the crawled ones (of the spider's kind, or the one chosen with ``-a site=``);
    ``known`` is every site of the file, so links and claims to other sites are told apart.
    """

    def __init__(self, sites: list[Site], known: list[Site] | None = None) -> None:
        self.sites = sites
        self.by_name = {s.name: s for s in sites}
        everything = known if known is not None else sites
        self.by_netloc: dict[str, Site] = {h: s for s in everything for h in s.hosts}
        #: host:port values the crawl may request (the crawled sites')
        self.allowed_netlocs: frozenset[str] = frozenset(h for s in sites for h in s.hosts)
        #: host:port values of every site of the file (trusted: the user chose them)
        self.known_netlocs: frozenset[str] = frozenset(self.by_netloc)

    def site_of(self, url: str) -> Site | None:
        """The site (of the whole file) that ``url`` belongs to, or None."""
        return self.by_netloc.get(netloc_key(url))

    def site_name_of(self, url: str) -> str | None:
        """The name of the site ``url`` belongs to, or None (the source check's ``site_of``)."""
        site = self.site_of(url)
        return site.name if site is not None else None


@runtime_checkable
class HasSiteIndex(Protocol):
    """What components read from a spider of this project: the sites of its crawl."""

    site_index: SiteIndex


def site_index_of(spider: object) -> SiteIndex | None:
    """The sites of a spider's crawl (``spider.site_index``, :class:`HasSiteIndex`), or None for
    another spider. One attribute read: ``isinstance(spider, HasSiteIndex)`` walks the protocol's
    members on every call (about 8 µs), too slow for a middleware that sees every request."""
    index = getattr(spider, "site_index", None)
    return index if isinstance(index, SiteIndex) else None
