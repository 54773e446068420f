"""Dates at the precision an editor wrote them: a year, a month or a day.

A publication dated ``2017-12`` means "some day in December 2017". Every
comparison here treats such a date as the whole period it names, so nothing
ever invents a day that the source did not state.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DURATION = re.compile(r"^([1-9]\d*)\s+(month|months|year|years)$")
MONTH_NAMES = tuple(calendar.month_name)


class Precision(IntEnum):
    """How much of a date was stated."""

    YEAR = 1
    MONTH = 2
    DAY = 3


class DateFormatError(ValueError):
    """A date or duration that cannot be read; the message says how to write it."""


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A year, a month of a year, or a day.

    Attributes:
        year: the year.
        month: 1-12, or None at year precision.
        day: 1-31, or None at year or month precision.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise DateFormatError otherwise."""
        match = _DATE.match(text.strip())
        if not match:
            msg = (
                f"expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got {text!r} "
                "— write it like 2017, 2017-12 or 2017-12-01"
            )
            raise DateFormatError(msg)
        year = int(match.group(1))
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if month is not None and not 1 <= month <= 12:
            msg = f"{text!r} has no month {month}: months run from 01 to 12 — correct the month"
            raise DateFormatError(msg)
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                msg = f"{text!r} is not a real day: {MONTH_NAMES[month]} {year} has {last} days — correct the day"
                raise DateFormatError(msg)
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """Year, month or day."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The first day of the period this date names."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period this date names."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def is_later_than(self, other: PartialDate | dt.date) -> bool:
        """Whether this whole period comes after the whole of ``other``.

        ``2019`` is later than ``2018-12``; ``2018-12`` is not later than ``2018-12-15``.
        """
        other_last = other if isinstance(other, dt.date) else other.last_day
        return self.first_day > other_last

    def is_before(self, day: dt.date) -> bool:
        """Whether the whole period ends before ``day``."""
        return self.last_day < day

    def plus(self, duration: Duration) -> PartialDate:
        """This date moved on by ``duration``, kept at this date's precision.

        A day that does not exist in the target month becomes that month's last day.
        """
        if self.month is None:
            if duration.months % 12:
                msg = (
                    f"{duration} cannot be added to the year {self.year}: give `published` "
                    "as YYYY-MM (or YYYY-MM-DD), or write the due date itself"
                )
                raise DateFormatError(msg)
            return PartialDate(self.year + duration.months // 12)
        index = self.year * 12 + (self.month - 1) + duration.months
        year, month = divmod(index, 12)
        month += 1
        if self.day is None:
            return PartialDate(year, month)
        return PartialDate(year, month, min(self.day, calendar.monthrange(year, month)[1]))

    def isoformat(self) -> str:
        """``2017``, ``2017-12`` or ``2017-12-01``: the form editors write."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """As people write it: ``2017``, ``December 2017``, ``1 September 2020``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True, slots=True)
class Duration:
    """A whole number of months (``1 year`` is 12 months)."""

    months: int
    written: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read ``N months`` or ``N years``; raise DateFormatError otherwise."""
        match = _DURATION.match(text.strip().lower())
        if not match:
            msg = (
                f"expected a date (YYYY, YYYY-MM, YYYY-MM-DD) or a duration such as '6 months' or '1 year', "
                f"got {text!r} — write one of those"
            )
            raise DateFormatError(msg)
        count = int(match.group(1))
        return cls(count * 12 if match.group(2).startswith("year") else count, text.strip())

    def __str__(self) -> str:
        return self.written


def reference_date(environ: dict[str, str] | None = None, today: dt.date | None = None) -> dt.date:
    """The build's "today": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = (environ or {}).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except ValueError as error:
            msg = f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}"
            raise DateFormatError(msg) from error
    return today or dt.datetime.now(tz=dt.UTC).date()
