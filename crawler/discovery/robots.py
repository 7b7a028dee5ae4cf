"""robots.txt: the ``Sitemap:`` lines that point to a site's sitemaps."""

from __future__ import annotations

from crawler.urls import absolute_url


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt file, in order, without repeats."""
    text = body.decode("utf-8", "replace")
    out: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = absolute_url(base_url, value.split("#", 1)[0].strip())
            if url and url not in out:
                out.append(url)
    return out
