"""Refuses requests whose host resolves into networks the crawler must not reach.

Claimed sources are URLs chosen by the pages being crawled, so a hostile page could steer the
crawler at ``http://169.254.169.254/`` (cloud metadata), ``http://localhost:6379/`` or a
router on the local network. For every request marked ``meta["claim_fetch"]`` whose host is not
in the sites file, this downloader middleware resolves the host and refuses it (``IgnoreRequest``,
stat ``address_guard/refused``) when any address is loopback, private, link-local, multicast,
reserved, unspecified or a known metadata address. Hosts listed in the sites file are trusted:
the user chose them (the bundled sample web lives on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.sites import HasSiteIndex
from crawler.urls import netloc_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}


def forbidden_address(addr: str) -> str | None:
    """Why ``addr`` must not be reached (a short word), or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA:
        return "metadata"
    for name in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{name}"):
            return name
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "private"  # carrier-grade NAT
    return None


class AddressGuardMiddleware:
    """Downloader middleware guarding claimed-source fetches (see the module docstring)."""

    def __init__(self, crawler: Crawler, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        if not crawler.settings.getbool("ADDRESS_GUARD_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler, crawler.stats)

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("claim_fetch"):
            return
        spider = self.crawler.spider
        trusted: frozenset[str] = spider.site_index.known_netlocs if isinstance(spider, HasSiteIndex) else frozenset()
        if netloc_key(request.url) in trusted:
            return
        parsed = urlparse_cached(request)
        refusal = await refused_host(parsed.hostname or "", parsed.port or (443 if parsed.scheme == "https" else 80))
        if refusal is None:
            return
        why, addr = refusal
        if why == "unresolvable":
            self.stats.inc_value("address_guard/unresolvable")
            raise IgnoreRequest(f"cannot resolve {parsed.hostname!r}: {addr}")
        self.stats.inc_value("address_guard/refused")
        self.stats.inc_value(f"address_guard/refused/{why}")
        logger.warning("Refused %s: %s resolves to a %s address (%s)", request.url, parsed.hostname, why, addr)
        raise IgnoreRequest(f"refused: {parsed.hostname} resolves to a {why} address")


async def refused_host(host: str, port: int) -> tuple[str, str] | None:
    """``(why, address)`` when ``host`` must not be reached, else None. The host is resolved by the
    system resolver, as the download will be, so every spelling of an address (``127.1``,
    ``0x7f.0.0.1``, ``2130706433``, ``[::ffff:127.0.0.1]``, ``LOCALHOST``, a DNS name pointing at
    10.0.0.1) is judged by the address it reaches, never by its text; any forbidden address among
    several refuses the host. ``why`` is ``unresolvable`` (``address``: the error) when the
    resolver has no address for it. The download looks the name up again (Scrapy's resolver and
    DNS cache): a DNS server that answers differently the second time (DNS rebinding) is not
    caught here."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return "unresolvable", str(exc)
    for info in infos:
        why = forbidden_address(str(info[4][0]))
        if why:
            return why, str(info[4][0])
    return None
