"""Scrapy extensions of the crawler (resume after a kill, per-run summary)."""
