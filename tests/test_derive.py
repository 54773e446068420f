"""Derived facts (generator.derive): AFI statuses, due dates, follow-up statuses; no MkDocs, no clock."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from generator.content.settings import Settings
from generator.content.validate import load_content
from generator.site.derive import derive_site
from generator.site.export import export_data

TODAY = dt.date(2025, 1, 15)
AREA = "---\nname: North\n---\nNorth.\n"


def report(report_type: str, published: str, extra: str = "", body: str = "Text.\n") -> str:
    """A report file: its type, date and any further front matter (YAML, already indented at 0)."""
    front = f"title: A {report_type}\ntype: {report_type}\npublished: {published}\n{textwrap.dedent(extra).strip()}"
    return f"---\n{front}\n---\n{body}"


@pytest.fixture(name="derive")
def _derive(tmp_path, write_tree):
    def derive(reports: dict[str, str], today: dt.date = TODAY, areas: tuple[str, ...] = ("north",)):
        files = {f"content/areas/{area}.md": AREA for area in areas}
        files |= {f"content/reports/{rid}.md": text for rid, text in reports.items()}
        write_tree(tmp_path, files)
        content, errors = load_content(tmp_path / "content", Settings())
        assert [] == [str(e) for e in errors]
        return derive_site(content, today)

    return derive


INSPECTION = report(
    "joint-inspection",
    "2017-02-16",
    """
    areas_for_improvement:
      - id: leadership
        text: Strengthen leadership.
      - id: planning
        text: Plan together.
    """,
)


def test_afi_status_is_the_latest_rating(derive):
    """An AFI's status is the rating of the latest publication by date, not by file name."""
    site = derive(
        {
            "north/2017-02-joint-inspection": INSPECTION,
            # Named so that file order and date order disagree.
            "north/a-second-review": report(
                "progress-review",
                "2019",
                "follows: north/z-first-review\nprogress:\n  - {afi: leadership, rating: substantial}",
            ),
            "north/z-first-review": report(
                "progress-review",
                "2018-06",
                "follows: north/2017-02-joint-inspection\nprogress:\n  - {afi: leadership, rating: limited}",
            ),
        }
    )
    state = site.improvements["north/2017-02-joint-inspection#leadership"]

    assert ("substantial", ["north/z-first-review", "north/a-second-review"]) == (
        state.status,
        [f.report for f in state.history],
    )


def test_afi_without_finding_is_not_yet_reviewed(derive):
    """An AFI that no publication reports progress on has the status not-yet-reviewed."""
    site = derive({"north/2017-02-joint-inspection": INSPECTION})

    assert {
        "north/2017-02-joint-inspection#leadership": "not-yet-reviewed",
        "north/2017-02-joint-inspection#planning": "not-yet-reviewed",
    } == {afi_id: state.status for afi_id, state in site.improvements.items()}


def test_afi_status_in_open_data(derive):
    """areas-for-improvement.json carries status and the history oldest first, with dates as written."""
    site = derive(
        {
            "north/2017-02-joint-inspection": INSPECTION,
            "north/2017-12-progress-review": report(
                "progress-review",
                "2017-12",
                "follows: north/2017-02-joint-inspection\nprogress:\n  - {afi: leadership, rating: early}",
            ),
        }
    )
    items = {item["id"]: item for item in export_data(site)["areas-for-improvement.json"]["items"]}

    assert [
        ("early", [{"report": "north/2017-12-progress-review", "published": "2017-12", "rating": "early"}]),
        ("not-yet-reviewed", []),
    ] == [
        (items[i]["status"], items[i]["history"])
        for i in ("north/2017-02-joint-inspection#leadership", "north/2017-02-joint-inspection#planning")
    ]


@pytest.mark.parametrize(
    ("published", "due", "expected"),
    [
        ("2017-12", "12 months", "2018-12"),
        ("2017-02-16", "6 months", "2017-08-16"),
        ("2016-02-29", "1 year", "2017-02-28"),
        ("2019", "2 years", "2021"),
        ("2017-12", "2018-06-30", "2018-06-30"),
        ("2017-12", "2019", "2019"),
    ],
)
def test_commitment_due_is_kept_at_its_precision(derive, published, due, expected):
    """A duration is added at the precision of published; an explicit due date is kept as written."""
    site = derive(
        {
            "north/review": report(
                "progress-review",
                published,
                f"commitments:\n  - {{id: next, text: Next review., type: progress-review, due: {due}}}",
            )
        }
    )

    assert expected == site.follow_ups["north/review#next"].commitment.due.isoformat()


def _committed(published: str, due: str, report_type: str = "progress-review") -> str:
    return report(
        "progress-review",
        published,
        f"commitments:\n  - {{id: next, text: Next review., type: {report_type}, due: {due}}}",
    )


def _follower(report_type: str, published: str, follows: str, extra: str = "") -> str:
    return report(report_type, published, f"follows: {follows}\n{extra}")


def _status(site) -> tuple[str, str | None]:
    follow_up = site.follow_ups["north/first#next"]
    return follow_up.status.value, follow_up.resolved_by


@pytest.mark.parametrize(
    ("first", "due", "second", "expected"),
    [
        ("2017-12", "12 months", "2018-11", "met"),
        ("2017-12", "12 months", "2018-12", "met"),
        ("2017-12", "12 months", "2018-12-31", "met"),
        ("2017-12", "12 months", "2019-01", "met-late"),
        # Mixed precision compares whole periods.
        ("2017-12", "12 months", "2019", "met-late"),
        ("2017-12", "2018-12-15", "2018-12", "met"),
        ("2017-12", "2018-12-15", "2018-12-16", "met-late"),
        ("2017", "1 year", "2018-12-31", "met"),
    ],
)
def test_commitment_met_or_met_late(derive, first, due, second, expected):
    """A later publication of the promised type that follows meets it; late only when surely after the due date."""
    site = derive(
        {"north/first": _committed(first, due), "north/second": _follower("progress-review", second, "north/first")}
    )

    assert (expected, "north/second") == _status(site)


FIRST = {"north/first": _committed("2017-12", "12 months")}  # commits to a progress review within 12 months
UNDATED_REVIEW = {"north/second": _follower("progress-review", "unknown", "north/first")}

# Each case: the publications laid over FIRST, and the commitment's (status, publication that resolved it).
LATER_CASES = [
    pytest.param(
        {
            "north/news": _follower("news-release", "2018-03", "north/first"),
            "north/second": _follower("progress-review", "2018-09", "north/news"),
        },
        ("met", "north/second"),
        id="met_through_transitive_follows",
    ),  # A publication of the promised type that follows the committing one through another publication meets it.
    pytest.param(
        {
            "north/a-later": _follower("progress-review", "2019-06", "north/first"),
            "north/z-earlier": _follower("progress-review", "2019-02", "north/first"),
        },
        ("met-late", "north/z-earlier"),
        id="met_by_the_earliest_qualifying_publication",
    ),  # Of several publications that qualify, the earliest meets the commitment.
    pytest.param(
        {
            "north/news": _follower("news-release", "2018-03", "north/first"),
            "south/review": _follower("progress-review", "2018-06", "north/first"),
        },
        ("overdue", None),
        id="not_met_by_another_type_or_another_area",
    ),  # A publication of another type, or about another area, does not meet the commitment.
    pytest.param(
        {"north/second": report("progress-review", "2018-06")},
        ("overdue", None),
        id="not_met_by_a_publication_that_does_not_follow",
    ),  # A publication of the right type that does not follow the committing one does not meet it.
    pytest.param(
        {"north/letter": report("news-release", "2018-03", "closes: [north/first#next]")},
        ("withdrawn", "north/letter"),
        id="withdrawn_by_closes",
    ),  # A later publication that closes the commitment withdraws it.
    pytest.param(
        {
            "north/second": _follower("progress-review", "2018-06", "north/first"),
            "north/letter": report("news-release", "2018-09", "closes: north/first#next"),
        },
        ("met", "north/second"),
        id="met_before_closed_counts_as_met",
    ),  # When a meeting publication comes before the closing one, the commitment is met.
    pytest.param(
        {
            "north/letter": report("news-release", "2018-03", "closes: north/first#next"),
            "north/second": _follower("progress-review", "2018-06", "north/first"),
        },
        ("withdrawn", "north/letter"),
        id="closed_before_met_counts_as_withdrawn",
    ),  # When the closing publication comes before the meeting one, the commitment is withdrawn.
    pytest.param(
        UNDATED_REVIEW,
        ("met", "north/second"),
        id="met_by_an_undated_publication",
    ),  # An undated publication of the promised type that follows meets the commitment (not provably late).
]


@pytest.mark.parametrize(("later", "expected"), LATER_CASES)
def test_commitment_status_after_later_publications(derive, later, expected):
    """Each case of LATER_CASES: the commitment's status and the publication that resolved it, if any."""
    reports = FIRST | later
    areas = tuple(sorted({rid.split("/")[0] for rid in reports}))  # the areas the reports are filed under

    assert expected == _status(derive(reports, areas=areas))


@pytest.mark.parametrize(("closed", "met"), [("2018", "2018-06-15"), ("2018-06", "2018-06-15"), ("2018-06-15", "2018")])
def test_commitment_closed_and_met_in_overlapping_periods_counts_as_met(derive, closed, met):
    """A closer that is not surely earlier than the meeting publication (whole periods) does not withdraw it."""
    site = derive(
        FIRST
        | {
            "north/letter": report("news-release", closed, "closes: north/first#next"),
            "north/second": _follower("progress-review", met, "north/first"),
        }
    )

    assert ("met", "north/second") == _status(site)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2018, 12, 31), "due"),
        (dt.date(2019, 1, 1), "overdue"),
        (dt.date(2018, 6, 1), "due"),
    ],
)
def test_commitment_overdue_or_due_against_the_reference_date(derive, today, expected):
    """An unmet commitment is overdue once the whole due period is before the reference date, else due."""
    site = derive(FIRST, today=today)

    assert (expected, None) == _status(site)


def test_commitment_without_due_date_stays_due(derive):
    """A commitment with no due date is never overdue."""
    site = derive(
        {
            "north/first": report(
                "progress-review", "2017-12", "commitments:\n  - {id: next, text: Later., type: progress-review}"
            )
        },
        today=dt.date(2099, 1, 1),
    )

    assert (("due", None), None) == (_status(site), site.follow_ups["north/first#next"].commitment.due)


def test_follow_ups_in_open_data(derive):
    """follow-ups.json items carry the contract's keys, the due date at its precision and the report's url."""
    site = derive(FIRST | {"north/second": _follower("progress-review", "2019", "north/first")})

    assert [
        {
            "id": "north/first#next",
            "area": "north",
            "report": "north/first",
            "text": "Next review.",
            "type": "progress-review",
            "due": "2018-12",
            "status": "met-late",
            "resolved_by": "north/second",
            "url": "areas/north/first/",
        }
    ] == export_data(site)["follow-ups.json"]["items"]


def test_undated_publication_is_ordered_after_what_it_follows(derive):
    """A publication dated `unknown` comes after the publication it follows, even one dated the same day."""
    site = derive(
        {
            "north/2017-02-joint-inspection": INSPECTION,
            "north/a-undated-review": report(
                "progress-review",
                "unknown",
                "follows: north/2017-02-joint-inspection\nprogress:\n  - {afi: planning, rating: none}",
            ),
            "north/b-later": report("news-release", "2016"),
        }
    )

    assert (["north/b-later", "north/2017-02-joint-inspection", "north/a-undated-review"], "none") == (
        list(site.order),
        site.improvements["north/2017-02-joint-inspection#planning"].status,
    )


def test_undated_publication_in_open_data(derive):
    """reports.json gives an undated publication's published as written: unknown."""
    site = derive(FIRST | UNDATED_REVIEW)

    assert [("north/first", "2017-12"), ("north/second", "unknown")] == [
        (item["id"], item["published"]) for item in export_data(site)["reports.json"]["items"]
    ]


def test_followed_by_is_the_reverse_of_follows(derive):
    """Each report lists the reports that follow it directly, oldest first."""
    site = derive(
        {
            "north/first": report("joint-inspection", "2017-02"),
            "north/b-review": _follower("progress-review", "2018-01", "north/first"),
            "north/a-review": _follower("progress-review", "2019-01", "[north/first, north/b-review]"),
        }
    )

    assert {
        "north/first": ("north/b-review", "north/a-review"),
        "north/b-review": ("north/a-review",),
        "north/a-review": (),
    } == site.followed_by


def test_same_date_publications_are_ordered_by_id(derive):
    """Publications of the same period are ordered by report id."""
    site = derive(
        {
            "north/b": report("news-release", "2018-03"),
            "north/a": report("news-release", "2018-03"),
            "north/c": report("news-release", "2018"),
        }
    )

    assert ("north/c", "north/a", "north/b") == site.order


def test_unquoted_and_quoted_dates_are_kept_as_written(derive):
    """published 2019 (a YAML number), "2019", 2017-02-16 (a YAML date) and "2017-12" are all kept as written."""
    site = derive(
        {
            "north/a": report("news-release", "2019"),
            "north/b": report("news-release", '"2019"'),
            "north/c": report("news-release", "2017-02-16"),
            "north/d": report("news-release", '"2017-12"'),
        }
    )

    assert {"north/a": "2019", "north/b": "2019", "north/c": "2017-02-16", "north/d": "2017-12"} == {
        rid: r.published_written for rid, r in site.reports.items()
    }
