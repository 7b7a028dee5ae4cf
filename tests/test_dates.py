"""crawler.dates: reading dates as pages and listings write them, and comparing them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from dateutil import parser as dateutil_parser

from crawler import dates
from crawler.dates import epoch_seconds, normalize_date, now_iso, parse_date, to_epoch


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-05-31", "2018-05-31"),
        ("20180531", "2018-05-31"),
        ("2018-05-31T10:12:00+03:00", "2018-05-31T10:12:00+03:00"),
        ("2018-05-31T07:12:00Z", "2018-05-31T07:12:00+00:00"),
        ("Thu, 31 May 2018 09:00:00 GMT", "2018-05-31T09:00:00+00:00"),
        ("May 31, 2018", "2018-05-31"),
        ("05.11.2021", "2021-11-05"),  # dotted: the day first
        ("5. März 2021", "2021-03-05"),
        ("5 de noviembre de 2021", "2021-11-05"),
        ("2021年11月5日", "2021-11-05"),
        ("1527757920", "2018-05-31T09:12:00+00:00"),
        ("2018-02-30", None),
        ("1890-01-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("x" * 100, None),
        # an offset of a day or more is no zone: the local time the page wrote, without it
        ("2025-01-01T10:00:00+99:99", "2025-01-01T10:00:00"),
        ("Mon, 01 Jan 2025 10:00:00 +9999", "2025-01-01T10:00:00"),
        ("2025-01-01 10:00 UTC+30", "2025-01-01T10:00:00"),
        ("2025-01-01T10:00:00 -2400", "2025-01-01T10:00:00"),
        ("2025-01-01T10:00:00 +0530", "2025-01-01T10:00:00+05:30"),
    ],
)
def test_normalize_date(raw: object, expected: str | None) -> None:
    got = normalize_date(raw)
    if expected is not None and raw == "1527757920":  # epoch seconds come back in the local zone
        assert got is not None and parse_date(got)[0] == parse_date(expected)[0]
    else:
        assert got == expected


def _by_dateutil(text: str) -> str | None:
    """What ``dates._free_text`` gave before its common shapes were read without dateutil."""
    try:
        return dates._format(dateutil_parser.parse(text, fuzzy=False), False)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None


def _common_shapes() -> list[str]:
    # and three words that are no month's name in any language
    names = [n for names in dateutil_parser.parserinfo().MONTHS for n in names] + ["Augu", "Mayx", "Sep_"]
    texts = []
    for day in range(33):
        for name in names:
            for dot in ("", "."):
                texts += [f"{name}{dot} {day}, 2008", f"{name}{dot} {day} 2008", f"{day} {name}{dot} 2008",
                          f"{day} {name}{dot}, 2008"]
        texts += [f"{day:02d} aug. 2024", f"SEPT {day}, 1989", f"March\t{day},  2010", f"Oct.{day}, 2008"]
        texts += [f"{day}/{second}/2008" for second in range(33)]
        texts += [f"{day}-{second}-2008" for second in range(33)]
        texts += [f"{day:02d}/{second:02d}/1995" for second in (1, 9, 12, 13, 31)]
    return texts


def test_common_date_shapes_read_as_dateutil_reads_them() -> None:
    texts = _common_shapes()
    assert len(texts) > 5000
    read = 0
    for text in texts:
        assert dates._free_text(text, False) == _by_dateutil(text), text
        read += dates._common_date(text) is not None
    assert read > 3000  # the shapes are read without dateutil, not all left to it
    assert dates._free_text("August 23rd, 2008", False) == "2008-08-23"  # others still go to dateutil


@pytest.mark.parametrize(
    ("value", "expected", "has_time"),
    [
        ("2018-05-31", datetime(2018, 5, 31, tzinfo=UTC), False),
        ("2018-05-31T10:12:00+03:00", datetime(2018, 5, 31, 7, 12, tzinfo=UTC), True),
        ("2018-05-31T10:12:00", datetime(2018, 5, 31, 10, 12, tzinfo=UTC), True),  # naive is UTC
        ("2018-05-31T10:12:00Z", datetime(2018, 5, 31, 10, 12, tzinfo=UTC), True),
        ("not a date", None, False),
        (None, None, False),
        # the calendar's ends moved past by their offset (a record read from a file)
        ("0001-01-01T00:00:00+05:00", None, False),
        ("9999-12-31T23:59:59-05:00", None, False),
    ],
)
def test_parse_date(value: str | None, expected: datetime | None, has_time: bool) -> None:
    assert parse_date(value) == (expected, has_time)


def test_epochs() -> None:
    assert to_epoch("1970-01-02") == 86400.0
    assert to_epoch("garbage") is None
    assert epoch_seconds(datetime(1970, 1, 1, 0, 1)) == 60.0
    assert epoch_seconds(5) == 5.0
    assert abs(epoch_seconds(None) - datetime.now(UTC).timestamp()) < 5


def test_now_iso_is_the_zyte_form() -> None:
    value = now_iso()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value)
    assert parse_date(value)[1]
