"""News-syndication crawler: crawls publishers and aggregators, finds copies, checks sources."""

from __future__ import annotations

__version__ = "0.1.0"
