"""What the custom commands share: examples in ``-h``, and checking the settings and the stores
before any work.

A setting whose value is not of its kind (``-s DEDUP_RELINK_BATCH=many``), or an unreachable or
misconfigured ``STATE_URI`` or ``REDIS_URL``, stops a command before it starts, with one line on
stderr (``error: state store redis://...: cannot reach Redis (...)``) and exit code 2, the code of
bad input, instead of a crawl that fails in its signal handlers.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands import ScrapyHelpFormatter

from crawler.state import open_store

#: exit code of a command given bad input (a bad sites file, a missing file, an unusable store)
BAD_INPUT_EXIT = 2


class ExamplesHelpFormatter(ScrapyHelpFormatter):
    """Scrapy's help layout, with the description and the examples printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "".join(indent + line for line in text.splitlines(keepends=True))


def add_examples(parser: argparse.ArgumentParser, *examples: str) -> None:
    """Show ``examples`` (command lines, with ``#`` comments) at the end of the command's ``-h``."""
    parser.formatter_class = ExamplesHelpFormatter
    parser.epilog = "Examples:\n" + "\n".join(f"  {line}" for line in examples)


def settings_error(settings: Any) -> str | None:
    """The first of the project's own settings (those :mod:`crawler.settings` adds to Scrapy's)
    whose value is not of the kind of its default: a whole number, a number, or true/false (one
    line), or None. ``-s DEDUP_RETENTION_DAYS=a-year`` stops the command before it starts instead
    of ending the crawl in a traceback. (Each default has the type its setting is read as; a test
    holds them to it.)"""
    from scrapy.settings import default_settings

    from crawler.config import project_defaults

    kinds = ((bool, settings.getbool, "true or false"), (int, settings.getint, "a whole number"),
             (float, settings.getfloat, "a number"))
    for name, default in sorted(project_defaults().items()):
        if hasattr(default_settings, name):  # Scrapy's own: Scrapy reads it
            continue
        value = settings.get(name)
        if value is None or value == default:
            continue
        for kind, get, what in kinds:
            if isinstance(default, kind):  # bool before int: True is an int too
                try:
                    get(name)
                except (TypeError, ValueError):
                    return f"error: setting {name}={value!r} is not {what} (default {default!r})"
                break
    return None


def state_store_error(settings: Any) -> str | None:
    """Why the store of ``STATE_URI`` cannot be used (one line), or None when it opens."""
    try:
        open_store(settings.get("STATE_URI")).close()
    except (ValueError, OSError) as exc:  # RedisUnavailable is a ValueError; sqlite3 errors below
        return f"error: {exc}"
    except Exception as exc:
        return f"error: state store {settings.get('STATE_URI')}: {exc}"
    return None


def redis_error(settings: Any) -> str | None:
    """Why the frontier's Redis (``REDIS_URL``) cannot be used (one line), or None."""
    import redis

    from crawler.distributed import redis_url, safe_url, server_from_settings

    try:
        server = server_from_settings(settings)
    except (ValueError, TypeError) as exc:
        return f"error: REDIS_URL {safe_url(redis_url(settings))}: {exc}"
    try:
        server.ping()
    except redis.RedisError as exc:
        return f"error: cannot reach Redis at {safe_url(redis_url(settings))}: {exc}"
    finally:
        server.close()
    return None
