"""Per-site rules, declaratively: host -> selectors. Kept (nearly) empty on purpose.

The generic path covers most sites; add an entry only for a layout the generic rules cannot
handle, with the evidence in a comment. ``drop`` XPaths are pruned before text extraction;
``body`` (if set) scopes the main-text extraction to that element.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.urls import netloc_key


@dataclass(frozen=True)
class SiteRules:
    """Extraction overrides for one host."""

    drop: tuple[str, ...] = ()
    body: str | None = None


#: host (lower case, ``www.`` stripped, ``:port`` when not default) -> rules.
SITE_RULES: dict[str, SiteRules] = {}


def rules_for(url: str) -> SiteRules | None:
    """The rules registered for ``url``'s host, if any."""
    key = netloc_key(url).removeprefix("www.")
    return SITE_RULES.get(key)
