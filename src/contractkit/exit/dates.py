"""When a notice period ends: calendar days, business days and months.

A notice given on day D for N days ends on D + N. N business days end on the N-th working day
after D, skipping weekends and the public holidays of a country (and subdivision: ``GB`` +
``SCT`` for Scotland, ``US`` + ``NY``) from the ``holidays`` package. N months end on the same
day N months later, or on the last day of that month when it is shorter (31 January + 1 month
is 28 February, or 29 February in a leap year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Container

from contractkit.errors import InvalidOptionError
from contractkit.terms.normalize import Duration

__all__ = [
    "add_business_days",
    "add_months",
    "effective_date",
    "is_business_day",
    "notice_period",
    "public_holidays",
]

#: Saturday and Sunday (``date.weekday()`` numbers).
WEEKEND = frozenset({5, 6})


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus ``months`` calendar months, clamped to the end of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, _month_days(year, month)))


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@functools.cache
def _holidays(country: str, subdivision: str | None) -> Container[dt.date]:
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        where = f"{country}-{subdivision}" if subdivision else country
        raise InvalidOptionError(
            f"no public holiday calendar for {where!r}",
            hint="use an ISO 3166 code such as GB, US, IE, DE (subdivisions: GB-SCT, US-NY)",
        ) from exc


def public_holidays(country: str, subdivision: str | None = None) -> Container[dt.date]:
    """The public holidays of ``country`` (ISO 3166 code), any year, ``date in`` checks them.

    Raises:
        InvalidOptionError: The ``holidays`` package knows no such country or subdivision.
    """
    return _holidays(country.upper(), subdivision.upper() if subdivision else None)


def is_business_day(
    day: dt.date, *, country: str | None = "GB", subdivision: str | None = None
) -> bool:
    """Whether ``day`` is neither a weekend day nor a public holiday (``country=None``: none)."""
    if day.weekday() in WEEKEND:
        return False
    return country is None or day not in public_holidays(country, subdivision)


def add_business_days(
    start: dt.date, days: int, *, country: str | None = "GB", subdivision: str | None = None
) -> dt.date:
    """The ``days``-th business day after ``start`` (``start`` itself does not count)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day, country=country, subdivision=subdivision):
            left -= 1
    return day


def effective_date(
    given: dt.date,
    period: Duration,
    *,
    country: str | None = "GB",
    subdivision: str | None = None,
) -> dt.date:
    """The day a notice given on ``given`` for ``period`` takes effect.

    Args:
        given: The day the notice is given (received, when the notices clause says notices
            are effective on receipt).
        period: The notice period, as the contract states it.
        country: Whose public holidays business days skip (``None``: weekends only).
        subdivision: A state or nation within ``country`` (``SCT``, ``NY``), if it matters.

    Raises:
        InvalidOptionError: The period is negative or not a whole number of its unit, or the
            country is unknown.
    """
    amount = period.amount
    if amount < 0 or not float(amount).is_integer():
        raise InvalidOptionError(
            f"a notice period of {period} is not a whole number of "
            + period.unit.replace("_", " "),
            hint="give a whole number of days, business days or months",
        )
    count = int(amount)
    if period.unit == "months":
        return add_months(given, count)
    if period.unit == "business_days":
        return add_business_days(given, count, country=country, subdivision=subdivision)
    return given + dt.timedelta(days=count)


def notice_period(
    days: int | None = None, *, business: bool = False, words: str | None = None
) -> Duration | None:
    """The notice period a user gave: a number of days, or words such as ``"30 days"``.

    ``None`` when neither is given (the contract's own period is used then).

    Raises:
        InvalidOptionError: Both given, ``business`` without ``days``, or words that are
            not exactly one period.
    """
    from contractkit.terms.normalize import find_durations

    if days is not None and words is not None:
        raise InvalidOptionError("give --notice-days or --notice, not both")
    if business and days is None:
        raise InvalidOptionError("--business-days goes with --notice-days")
    if days is not None:
        return Duration(days, "business_days" if business else "days")
    if words is None:
        return None
    found = list(find_durations(words))
    if len(found) != 1:
        raise InvalidOptionError(f"--notice must be one period like '30 days', not {words!r}")
    value: Duration = found[0].value
    return value
