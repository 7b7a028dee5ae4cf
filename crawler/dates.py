"""Dates, the one date module: reading what pages, sitemaps and feeds write, and comparing.

* :func:`normalize_date`: any date a page or listing writes (ISO 8601, RFC 822, epoch seconds,
  free text) as ISO 8601, or None;
* :func:`date_in_lines`, :func:`date_in_url`: a date written in a byline, or in the URL path;
* :func:`parse_date`: an ISO 8601 value of a record as ``(UTC datetime, has_time)``;
* :func:`to_epoch`: an ISO 8601 value as epoch seconds; :func:`epoch_seconds`: a number or a
  datetime as epoch seconds.

Pure functions, no Scrapy imports.
"""

from __future__ import annotations

import re
import time
import warnings
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})\s*$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1990, 2100


def _plausible(value: date) -> bool:
    return _MIN_YEAR <= value.year <= _MAX_YEAR


def _format(value: datetime, has_time: bool) -> str | None:
    if not _plausible(value):
        return None
    if not has_time:
        return value.date().isoformat()
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.isoformat()
    return value.replace(tzinfo=None).isoformat()


def _date_only(text: str) -> str | None:
    match = _DATE_ONLY.match(text)
    if not match:
        return None
    try:
        value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return ""
    return value.isoformat() if _plausible(value) else ""


def _epoch(text: str) -> str | None:
    try:
        stamp = datetime.fromtimestamp(int(text[:10]), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _format(stamp, True)


#: The free-text shapes bylines write most ("August 23, 2008", "Aug. 23, 2008", "23 August 2008",
#: "8/23/2008"), read as dateutil reads them (a number above 12 first is the day), without its
#: general parser (9 us a date instead of 30-50); anything else, and any such date that does not
#: exist, is left to dateutil (``tests/test_dates.py`` compares the two on every day of every
#: month name).
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s*(\d{1,2}),?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_NAMES = {name.lower(): number for number, names in enumerate(dateutil_parser.parserinfo().MONTHS, 1)
                for name in names}


def _common_date(text: str) -> datetime | None:
    """``text`` as a datetime when it is one of the common shapes above, else None."""
    if match := _MONTH_FIRST.fullmatch(text):
        month, day, year = _MONTH_NAMES.get(match[1].lower()), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), _MONTH_NAMES.get(match[2].lower()), int(match[3])
    elif match := _NUMERIC.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        month, day = (second, first) if first > 12 else (first, second)
    else:
        return None
    if month is None:
        return None
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _free_text(text: str, has_time: bool) -> str | None:
    if not _YEAR.search(text):
        return None
    common = _common_date(text)
    if common is not None:
        return _format(common, has_time)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None
    return _format(parsed, has_time)


def normalize_date(raw: object) -> str | None:
    """``raw`` as ISO 8601, or None when it does not look like a date.

    A datetime without a time zone stays a local datetime (``2024-03-05T09:30:00``): its time
    is kept, an offset is never invented. Epoch seconds are UTC.
    """
    if raw is None:
        return None
    text = str(raw).strip()
    if not text or len(text) > 80:
        return None
    day = _date_only(text)
    if day is not None:
        return day or None
    if _EPOCH.match(text):
        return _epoch(text)
    has_time = bool(_HAS_TIME.search(text))
    try:
        return _format(datetime.fromisoformat(text.replace("Z", "+00:00")), has_time)
    except ValueError:
        pass
    try:
        return _format(parsedate_to_datetime(text), has_time)
    except (TypeError, ValueError, IndexError):
        pass
    return _free_text(text, has_time)


def parse_date(value: str | None) -> tuple[datetime | None, bool]:
    """``(UTC datetime, has_time)`` of an ISO 8601 value (a naive one is read as UTC);
    ``(None, False)`` when absent or unparsable."""
    if not value or not isinstance(value, str):
        return None, False
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC), False
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None, False
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC), True


def to_epoch(value: str | None) -> float | None:
    """An ISO 8601 date or datetime (naive = UTC) as epoch seconds, or None."""
    dt, _ = parse_date(value)
    return dt.timestamp() if dt is not None else None


def epoch_seconds(when: float | datetime | None) -> float:
    """Seconds since the epoch of a number or a datetime (naive = UTC); now for None."""
    if when is None:
        return time.time()
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.timestamp()
    return float(when)


def now_iso() -> str:
    """The current UTC time, to the second, in the Zyte form: ``2026-12-01T06:26:42Z``."""
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: Dates as bylines write them: ISO (or year/month/day, year.month.day), day.month.year,
#: "March 3, 2008", "3 March 2008".
_TEXT_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d{2}(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d{{2}})(?!\d)",
    re.I,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\D|$)"
    r"|[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)


def date_in_lines(lines: list[str], max_words: int = 16) -> tuple[str | None, str | None]:
    """``(ISO date, raw)`` of the first date written in short lines (bylines, datelines)."""
    for line in lines:
        if len(line.split()) > max_words:
            continue
        for match in _TEXT_DATE.finditer(line):
            found = normalize_date(match.group(0))
            if found:
                return found, match.group(0)
    return None, None


def date_in_url(url: str) -> str | None:
    """A ``/2008/03/05/`` or ``-20080305`` date in the URL path, as ``YYYY-MM-DD``."""
    path = url.split("?", 1)[0]
    match = _URL_DATE.search(path)
    if not match:
        return None
    parts = [g for g in match.groups() if g]
    try:
        value = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return value.isoformat() if _plausible(value) else None
