"""Dates as contracts write them, and the date a period after another.

``14th day of December, 1997``, ``December 14, 1997``, ``12/14/97``; months are calendar
months (Jan 31 + 1 month = Feb 28).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from contractkit.terms.normalize import Duration, Found

__all__ = ["add_duration", "find_dates"]


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for m in names.split()
}
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: Ordinals as typed and as OCR splits them: "1st", "1s t", "20t h".
_ORDINAL = r"(?:s\s?t|n\s?d|r\s?d|t\s?h)?"
_DAY = rf"(?P<day>[0-3]?\d){_ORDINAL}"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE = re.compile(
    # May 8, 2014 · December 14th, 1997 · Sept. 1 2000
    rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b"
    # 8 May 2014 · the 8th day of May, 2014 · 14th day of December 1997
    # (a weekday may stand between: "the 20th day of Friday, March 2020")
    # (and "the first (1st) day of": the figure in brackets after the word)
    rf"|(?:\(|\b)(?P<day2>[0-3]?\d){_ORDINAL}\)?\s+(?:day\s+of\s+)?(?:{_WEEKDAY},?\s+)?(?P<month2>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?\s*,?\s+(?:in\s+the\s+year\s+)?(?P<year2>(?:19|20)\d\d)\b"
    # 12/14/1997 (US order, as EDGAR filings write) · 2014-05-08
    r"|\b(?P<m3>[0-3]?\d)/(?P<d3>[0-3]?\d)/(?P<y3>(?:19|20)\d\d)\b"
    r"|\b(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b",
    re.IGNORECASE,
)


def find_dates(text: str) -> Iterator[Found[dt.date]]:
    """Yield every calendar date ``text`` writes in full (day, month and year).

    Dates with a blank (``____ day of May, 2014``) are not dates yet and are skipped.

    >>> [f.value.isoformat() for f in find_dates("the 14th day of December, 1997 or 5/8/14")]
    ['1997-12-14']
    """
    for m in _DATE.finditer(text):
        if m["month"]:
            day, month, year = int(m["day"]), _MONTHS[m["month"].lower()], int(m["year"])
        elif m["month2"]:
            day, month, year = int(m["day2"]), _MONTHS[m["month2"].lower()], int(m["year2"])
        elif m["m3"]:
            day, month, year = int(m["d3"]), int(m["m3"]), int(m["y3"])
            if month > 12 >= day:  # 18/9/2008: day first, as outside the US
                day, month = month, day
        else:
            day, month, year = int(m["d4"]), int(m["m4"]), int(m["y4"])
        try:
            yield Found(dt.date(year, month, day), m.start(), m.end())
        except ValueError:
            continue


def add_duration(day: dt.date, period: Duration) -> dt.date:
    """The date ``period`` after ``day``: months as calendar months (Jan 31 + 1 month = Feb 28).

    Raises:
        ValueError: The period is in business days, which need a calendar of holidays.
    """
    if period.unit == "months":
        months = day.month - 1 + int(period.amount)
        year, month = day.year + months // 12, months % 12 + 1
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day.day, last))
    if period.unit == "business_days":
        raise ValueError("business days need a calendar of holidays")
    return day + dt.timedelta(days=float(period.amount))
