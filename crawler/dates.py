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
    if value.tzinfo is not None:
        try:
            offset = value.utcoffset()
        except ValueError:  # a day or more ("+99:99", "UTC+30"): no zone can be read from it
            offset = None
        if offset is not None:
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
#: month name). Three shapes dateutil reads otherwise or not at all follow them: dotted dates
#: (day first), day-first dates with a month name in another language, and the CJK form.
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s*(\d{1,2}),?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_MONTH_NAMES = {name.lower(): number for number, names in enumerate(dateutil_parser.parserinfo().MONTHS, 1)
                for name in names}


#: Month names as dates in running text write them in the languages most news is written in, day
#: first ("5. November 2021", "5 novembre 2021", "5 de noviembre de 2021", "5 listopada 2021",
#: "5 ноября 2021"): full names (in the genitive where a day before them takes it), and the
#: abbreviations those languages print, lower case; English names too ("5. November 2021").
_WORLD_MONTHS: tuple[tuple[str, ...], ...] = tuple(
    tuple(names.split())
    for names in (
        "january januar jänner janvier janv enero ene gennaio gen janeiro jan januari stycznia ledna "
        "ocak ianuarie tammikuuta января січня",
        "february feb februar feber février fevrier févr fevr febrero febbraio fevereiro fev februari "
        "lutego února şubat februarie helmikuuta февраля лютого",
        "march mar märz maerz mär mars marzo março marco maart mrt marca března marts mart maret martie "
        "maaliskuuta марта березня",
        "april apr avril abril abr aprile kwietnia dubna nisan aprilie huhtikuuta апреля квітня",
        "may mai mayo maggio mag maio mei maja maj května mayıs toukokuuta мая травня",
        "june jun juni juin junio giugno giu junho czerwca června haziran iunie kesäkuuta июня червня",
        "july jul juli juillet juil julio luglio lug julho lipca července temmuz iulie heinäkuuta июля "
        "липня",
        "august aug augusti août aout agosto ago augustus sierpnia srpna ağustos agustus elokuuta августа серпня",
        "september sep sept septembre septiembre setiembre settembre set setembro września září eylül septembrie "
        "syyskuuta сентября вересня",
        "october oct oktober okt octobre octubre ottobre ott outubro out października října ekim "
        "octombrie lokakuuta октября жовтня",
        "november nov novembre noviembre novembro listopada listopadu kasım noiembrie marraskuuta ноября "
        "листопада",
        "december dec dezember dez décembre decembre déc dic diciembre dicembre dezembro grudnia "
        "prosince aralık desember decembrie joulukuuta декабря грудня",
    )
)
_WORLD_MONTH_NUMBERS = {name: number for number, names in enumerate(_WORLD_MONTHS, 1) for name in names}
_WORLD_MONTH = "|".join(sorted((re.escape(name) for name in _WORLD_MONTH_NUMBERS), key=len, reverse=True))
#: "5. November 2021", "1er novembre 2021", "5 de noviembre de 2021", "21. Jan. 2022", "5 listopada 2021".
_WORLD_DAY_FIRST = rf"(\d{{1,2}})(?:\.|er|º)?\s*(?:de\s+)?({_WORLD_MONTH})\.?,?\s+(?:de\s+|del\s+)?((?:19|20)\d{{2}})"
#: "2021年11月5日" (Chinese, Japanese), "2021년 11월 5일" (Korean).
_CJK = r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
#: "05.11.2021": a date written with dots gives the day first wherever it is written so.
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_WORLD = re.compile(_WORLD_DAY_FIRST, re.I)
_CJK_DATE = re.compile(_CJK)


def _uncaptured(pattern: str) -> str:
    """``pattern`` with its groups not capturing: ``_TEXT_DATE`` searched lines twice as slowly
    with the capturing groups of these alternatives in it."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


def _common_date(text: str) -> datetime | None:
    """``text`` as a datetime when it is one of the common shapes above, else None."""
    month: int | None
    if match := _DOTTED.fullmatch(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _WORLD.fullmatch(text):
        day, month, year = int(match[1]), _WORLD_MONTH_NUMBERS.get(match[2].lower()), int(match[3])
    elif match := _CJK_DATE.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _MONTH_FIRST.fullmatch(text):
        month, day, year = _MONTH_NAMES.get(match[1].lower()), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), _MONTH_NAMES.get(match[2].lower()), int(match[3])
    elif match := _NUMERIC.fullmatch(text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
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
    try:
        return dt.astimezone(UTC), True
    except OverflowError:  # year 1 or 9999 moved past the calendar's ends by its offset
        return None, False


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
#: month/day/year and month-day-year (as dateutil reads them: the day first when the first
#: number is over 12; one separator throughout), "March 3, 2008", "3 March 2008", and day-first
#: dates with a month name in other languages ("3. März 2008", "3 mars 2008", "3 de marzo de
#: 2008") or in Chinese, Japanese and Korean.
_TEXT_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d{2}(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}(?P<nsep>[./-])\d{1,2}(?P=nsep)(?:19|20)\d{2}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d{{2}}"
    rf"|{_uncaptured(_WORLD_DAY_FIRST)}|{_uncaptured(_CJK)})(?!\d)",
    re.I,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\D|$)"
    r"|[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)


#: A short line's characters at most, per word it may have: a byline is short in both, and a
#: "word" of 400 kB (``1.1.1.1...``) would take the date patterns most of a second to search.
LINE_CHARS_PER_WORD = 40


def _short(line: str, max_words: int) -> bool:
    return len(line) <= LINE_CHARS_PER_WORD * max_words and len(line.split()) <= max_words


def date_in_lines(lines: list[str], max_words: int = 16) -> tuple[str | None, str | None]:
    """``(ISO date, raw)`` of the first date written in short lines (bylines, datelines)."""
    for line in lines:
        if not _short(line, max_words):
            continue
        for match in _TEXT_DATE.finditer(line):
            found = normalize_date(match.group(0))
            if found:
                return found, match.group(0)
    return None, None


_ENGLISH_MONTH = "|".join(sorted({n for n in _MONTH_NAMES if len(n) >= 3}, key=len, reverse=True))
_LONG_WORLD_MONTH = "|".join(
    sorted((re.escape(n) for n in _WORLD_MONTH_NUMBERS if len(n) >= 4 or n in _MONTH_NAMES), key=len, reverse=True)
)
#: A date written without its year or with two digits of it: "Tuesday July 24", "Jul. 24 @ 9:04",
#: "24 July", "24. Juli", "17/10/12", "11.07.12", "08-20-12". Not a date for the record (the year,
#: or which number is the day, is unknown), but a page's statement that it is dated.
_PARTIAL_DATE = re.compile(
    rf"(?<!\w)(?:(?:{_ENGLISH_MONTH})\.?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d.,]?\d)"
    rf"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|\.|er|º)?\s*(?:de\s+)?(?:{_LONG_WORLD_MONTH})(?!\w)"
    r"|(?<![\d.])\d{1,2}(?P<psep>[./-])\d{1,2}(?P=psep)\d{2}(?![\d.]\d?))",
    re.I,
)


def dated_lines(lines: list[str], max_words: int = 16) -> bool:
    """True when short lines (bylines, datelines) write a date, whole or without its year."""
    for line in lines:
        if _short(line, max_words) and (_TEXT_DATE.search(line) or _PARTIAL_DATE.search(line)):
            return True
    return False


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
