"""Dates at the precision editors write them (generator.dates); no MkDocs involved."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content.dates import DateFormatError, Duration, PartialDate, Precision, reference_date


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2019", PartialDate(2019), Precision.YEAR),
        ("2017-12", PartialDate(2017, 12), Precision.MONTH),
        ("2020-09-01", PartialDate(2020, 9, 1), Precision.DAY),
    ],
)
def test_parse_keeps_the_precision_written(text, expected, precision):
    """YYYY, YYYY-MM and YYYY-MM-DD parse to a date of that precision that prints back as written."""
    parsed = PartialDate.parse(text)

    assert (expected, precision, text) == (parsed, parsed.precision, parsed.isoformat())


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("2017-02-30", "is not a real day"),
        ("2017-13", "has no month 13"),
        ("2017-00", "has no month 0"),
        ("2019-04-31", "is not a real day"),
        ("17-12", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("December 2017", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2017-1-5", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_refuses_impossible_and_malformed_dates(text, phrase):
    """Dates that do not exist or are not written YYYY[-MM[-DD]] raise DateFormatError saying why."""
    with pytest.raises(DateFormatError) as error:
        PartialDate.parse(text)

    assert phrase in str(error.value)


def test_parse_accepts_29_february_of_a_leap_year():
    """2016-02-29 exists (2016 is a leap year)."""
    assert PartialDate(2016, 2, 29) == PartialDate.parse("2016-02-29")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2017-12", "December 2017"), ("2020-09-01", "1 September 2020"), ("2019", "2019")],
)
def test_human_reads_as_people_write_it(text, expected):
    """human() never invents a day: a month reads "December 2017", a day "1 September 2020"."""
    assert expected == PartialDate.parse(text).human()


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2017-12", "12 months", "2018-12"),
        ("2017-02-16", "6 months", "2017-08-16"),
        ("2016-02-29", "12 months", "2017-02-28"),
        ("2017-08-31", "1 month", "2017-09-30"),
        ("2017-11", "3 months", "2018-02"),
        ("2019", "1 year", "2020"),
        ("2019", "24 months", "2021"),
        ("2017-12", "1 year", "2018-12"),
    ],
)
def test_plus_adds_a_duration_at_the_dates_precision(start, duration, expected):
    """Adding a duration keeps the precision; a missing day becomes the month's last day."""
    assert expected == PartialDate.parse(start).plus(Duration.parse(duration)).isoformat()


def test_plus_refuses_months_after_a_year():
    """6 months after 2019 has no answer: the error asks for a month-precision date or an explicit due."""
    with pytest.raises(DateFormatError) as error:
        PartialDate.parse("2019").plus(Duration.parse("6 months"))

    assert "give `published` as YYYY-MM" in str(error.value)


@pytest.mark.parametrize(("text", "months"), [("6 months", 6), ("1 month", 1), ("1 year", 12), ("2 years", 24)])
def test_duration_parse_counts_months(text, months):
    """Durations are N months or N years, a year being 12 months."""
    assert months == Duration.parse(text).months


@pytest.mark.parametrize("text", ["six months", "0 months", "12 weeks", "-1 year", "months"])
def test_duration_parse_refuses_other_forms(text):
    """Anything but a positive N months / N years is an error."""
    with pytest.raises(DateFormatError):
        Duration.parse(text)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019", "2018-12", True),
        ("2018-12", "2018-12-15", False),
        ("2018-12-15", "2018-12", False),
        ("2019-01", "2018", True),
        ("2018-06", "2018", False),
        ("2018", "2018-06", False),
        ("2018-12-16", "2018-12-15", True),
        ("2018-12-15", "2018-12-15", False),
        ("2018-12", "2018-11-30", True),
    ],
)
def test_is_later_than_compares_whole_periods(a, b, expected):
    """A date is later only when its whole period starts after the other's whole period ends."""
    assert expected == PartialDate.parse(a).is_later_than(PartialDate.parse(b))


@pytest.mark.parametrize(
    ("date", "day", "expected"),
    [
        ("2018-12", dt.date(2019, 1, 1), True),
        ("2018-12", dt.date(2018, 12, 31), False),
        ("2018", dt.date(2018, 12, 31), False),
    ],
)
def test_is_before_needs_the_whole_period_to_be_over(date, day, expected):
    """A month is before a day only once its last day has passed."""
    assert expected == PartialDate.parse(date).is_before(day)


def test_reference_date_reads_source_date_epoch():
    """SOURCE_DATE_EPOCH (seconds, UTC) fixes the build's today, whatever the clock says."""
    assert dt.date(2026, 11, 24) == reference_date({"SOURCE_DATE_EPOCH": "1795478400"}, today=dt.date(2000, 1, 1))


def test_reference_date_without_epoch_is_today():
    """Without SOURCE_DATE_EPOCH the reference date is the given today."""
    assert dt.date(2025, 1, 15) == reference_date({}, today=dt.date(2025, 1, 15))


def test_reference_date_refuses_a_malformed_epoch():
    """A SOURCE_DATE_EPOCH that is not a whole number of seconds is an error, not a silent clock."""
    with pytest.raises(DateFormatError) as error:
        reference_date({"SOURCE_DATE_EPOCH": "2026-11-24"})

    assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in str(error.value)
