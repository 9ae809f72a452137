"""Parse the many date formats of article dumps into ISO 8601.

A numeric date such as ``04/03/2024`` is the 3rd of April in an American export and the
4th of March in a European one. A dump keeps one convention, so a run settles it once
(:func:`date_order_of`, over a sample of the dump's dates: ``13/03/2024`` can only be
day-first, ``03/13/2024`` only month-first; three such dates at least) and reads every
ambiguous date that way; with fewer telling dates, month first (dateutil's default).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Literal

from dateutil import parser as dateparser
from dateutil.parser import UnknownTimezoneWarning

_TIME_RE = re.compile(r"\d{1,2}:\d{2}")
# Day and month as numbers first, then the year: the dates whose order is a convention.
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?!\d)")
# The telling dates, and the share of them that must agree, before a dump's order is
# settled: one mistyped "13/03/2024" is no convention.
MIN_ORDER_DATES = 3
MIN_ORDER_SHARE = 0.9

DateOrder = Literal["auto", "day-first", "month-first"]


def shown_order(value: object) -> Literal["day-first", "month-first"] | None:
    """The order a numeric date shows beyond doubt; None for any other value.

    >>> shown_order("13/03/2024"), shown_order("03/13/2024 10:15"), shown_order("4.3.2024")
    ('day-first', 'month-first', None)
    >>> shown_order("2024-03-13"), shown_order("March 13, 2024"), shown_order(None)
    (None, None, None)
    """
    found = _NUMERIC_DATE.match(value) if isinstance(value, str) else None
    if found is None:
        return None
    first, second = int(found.group(1)), int(found.group(2))
    if first > 12 >= second:
        return "day-first"
    if second > 12 >= first:
        return "month-first"
    return None


def date_order_of(values: Iterable[object]) -> Literal["day-first", "month-first"] | None:
    """The order the telling dates among ``values`` agree on (at least
    :data:`MIN_ORDER_DATES` of them, and :data:`MIN_ORDER_SHARE`); None if too few tell,
    or they disagree.

    >>> date_order_of(["04/03/2024", "13/03/2024", "14/03/2024", "25/12/2023", "2024-01-02"])
    'day-first'
    >>> date_order_of(["13/03/2024", "14/03/2024", "03/15/2024"]) is None
    True
    >>> date_order_of(["04/03/2024", "13/03/2024"]) is None  # one telling date
    True
    """
    shown = [order for order in map(shown_order, values) if order]
    if len(shown) < MIN_ORDER_DATES:
        return None
    for order in ("day-first", "month-first"):
        if shown.count(order) >= MIN_ORDER_SHARE * len(shown):
            return order
    return None


# Unix time as exports write it: seconds (10 digits) or milliseconds (13), 1990 to 2100.
_EPOCH_SECONDS = (631_152_000, 4_102_444_800)


def _epoch(value: object) -> str | None:
    """A Unix timestamp's UTC datetime, ISO; None for anything else.

    >>> _epoch(1709287200), _epoch("1709287200000"), _epoch(20240301), _epoch("2024")
    ('2024-03-01T10:00:00+00:00', '2024-03-01T10:00:00+00:00', None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str):
        digits = value.strip()
        if not (digits.isdigit() and len(digits) in (10, 13)):
            return None
        value = int(digits)
    low, high = _EPOCH_SECONDS
    for seconds in (value, value / 1000):
        if low <= seconds < high:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
    return None


def parse_published(value: object, day_first: bool = False) -> str | None:
    """An ISO date, or an ISO datetime when the value has a time of day; None if unparseable.
    ``day_first``: a numeric date's first number is the day (``04/03/2024``: 4 March).

    >>> parse_published("October 21, 2024")
    '2024-10-21'
    >>> parse_published("26-FEB-1987 15:01:01.79")
    '1987-02-26T15:01:01.790000'
    >>> parse_published("Mon, 21 Oct 2024 09:30:00 +0000")
    '2024-10-21T09:30:00+00:00'
    >>> parse_published("17-MAR-1987 11:23:30.95 RM")
    '1987-03-17T11:23:30.950000'
    >>> parse_published("soon") is None
    True
    >>> parse_published("04/03/2024"), parse_published("04/03/2024", day_first=True)
    ('2024-04-03', '2024-03-04')
    >>> parse_published("2024-03-04", day_first=True)
    '2024-03-04'
    """
    if value is None:
        return None
    epoch = _epoch(value)
    if epoch is not None:
        return epoch
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # date, pandas Timestamp
        return value.isoformat()
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        with warnings.catch_warnings():
            # Wire dates end in letters dateutil takes for a time zone it does not know
            # ("15:01:01.79 RM"); the date is still right, and a batch must not print a
            # warning per article.
            warnings.simplefilter("ignore", UnknownTimezoneWarning)
            day_first = day_first and _NUMERIC_DATE.match(text) is not None  # never ISO
            parsed = dateparser.parse(text, fuzzy=False, dayfirst=day_first)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    return parsed.isoformat() if _TIME_RE.search(text) else parsed.date().isoformat()
