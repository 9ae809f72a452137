"""Parse the many date formats of article dumps into ISO 8601."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime

from dateutil import parser as dateparser
from dateutil.parser import UnknownTimezoneWarning

_TIME_RE = re.compile(r"\d{1,2}:\d{2}")


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


def parse_published(value: object) -> str | None:
    """An ISO date, or an ISO datetime when the value has a time of day; None if unparseable.

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
            parsed = dateparser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    return parsed.isoformat() if _TIME_RE.search(text) else parsed.date().isoformat()
