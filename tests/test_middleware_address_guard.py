"""AddressGuardMiddleware: claimed sources on private, loopback and metadata addresses are refused.

The unit tables cover ``forbidden_address`` (addresses) and ``refused_host`` (odd spellings of
hosts, resolved by the system resolver as the download would be); the end-to-end test runs the real ``scrapy crawl``
against a local aggregator site whose post claims a ``http://localhost:PORT/...`` page of a host
that is not in the sites file, with ``SOURCE_CHECK_FETCH_OUTSIDE=True``.

Decision: a claimed source the guard refuses is not fetched, and the refusal is our own policy, not
a fact about the source, so it gives no evidence: the post comes out ``unverified`` (unless other
evidence decides), never ``source_unreachable``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from crawler.middlewares.address_guard import forbidden_address, refused_host


@pytest.mark.parametrize(
    ("addr", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:10.1.2.3", "private"),
        ("::ffff:169.254.169.254", "metadata"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("169.254.1.1", "link_local"),
        ("fe80::1", "link_local"),
        ("fe80::1%eth0", "link_local"),
        ("10.0.0.1", "private"),
        ("10.255.255.254", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("100.127.255.254", "private"),
        ("fc00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "private"),  # "this network": private in ipaddress (also unspecified)
        ("::", "private"),  # unspecified, listed among the private ranges by ipaddress
        ("not-an-ip", "unparsable"),
        ("8.8.8.8", None),
        ("1.1.1.1", None),
        ("172.32.0.1", None),  # just outside 172.16.0.0/12
        ("100.128.0.1", None),  # just outside 100.64.0.0/10
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_forbidden_address(addr: str, why: str | None) -> None:
    assert forbidden_address(addr) == why




@pytest.mark.parametrize(
    ("url", "whys"),
    [
        ("http://127.1:8080/a", {"loopback"}),  # short dotted form
        ("http://0x7f.0.0.1:8080/a", {"loopback"}),  # hexadecimal part
        ("http://0177.0.0.1:8080/a", {"loopback"}),  # octal part
        ("http://2130706433:8080/a", {"loopback"}),  # one decimal number
        ("http://017700000001:8080/a", {"loopback"}),  # one octal number
        ("http://0x7f000001:8080/a", {"loopback"}),  # one hexadecimal number
        ("http://[::ffff:127.0.0.1]:8080/a", {"loopback"}),  # IPv4-mapped IPv6
        ("http://[::1]:8080/a", {"loopback"}),
        ("http://0.0.0.0:8080/a", {"private"}),  # reaches the local host on Linux
        ("http://0:8080/a", {"private"}),
        ("http://169.254.169.254/latest/meta-data/", {"metadata"}),
        ("http://LOCALHOST:8080/a", {"loopback"}),
        ("http://LocalHost/a", {"loopback"}),
        # a trailing dot: the resolver either knows it (loopback) or not (unresolvable): refused
        ("http://localhost.:8080/a", {"loopback", "unresolvable"}),
        ("http://127.0.0.1.:8080/a", {"loopback", "unresolvable"}),
        ("http://10.1.2.3/a", {"private"}),
        ("http://8.8.8.8/a", None),  # public, parsed and not resolved over the network
    ],
)
@deferred_f_from_coro_f
async def test_every_spelling_is_judged_by_the_address_it_reaches(url: str, whys: set[str] | None) -> None:
    """The guard resolves the host as the download would (the system resolver, no network needed
    for these), so odd spellings of loopback, private and metadata addresses are refused."""
    parsed = urlparse(url)
    refusal = await refused_host(parsed.hostname or "", parsed.port or 80)
    if whys is None:
        assert refusal is None
    else:
        assert refusal is not None and refusal[0] in whys, refusal
