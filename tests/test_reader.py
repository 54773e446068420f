"""What a new reader needs to trust a page: where it is, how old a status is and what it means, who publishes
it and under which licence, and each thing said once."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import PUBLISHER, REFERENCE_DAY
from mkdocs.exceptions import Abort, PluginError
from pages import article, page, resolve, text_of

from generator.site.pages import Kind
from generator.site.reading import Crumb, breadcrumb_json, status_note

AFI = "areas/moray/2017-02-joint-inspection/collective-vision/"
DEEP_PAGES = {
    "area": ("areas/moray/", ["Home", "Areas"]),
    "report": ("areas/moray/2017-12-progress-review/", ["Home", "Areas", "Moray"]),
    "area for improvement": (
        AFI,
        ["Home", "Areas", "Moray", "Joint inspection of services for children and young people in Moray"],
    ),
    "publications of a year": ("reports/2017/", ["Home", "Publications"]),
    "status": ("improvements/encouraging/", ["Home", "Areas for improvement"]),
    "theme": ("themes/leadership/", ["Home", "Themes"]),
    "follow-ups of a year": ("timeline/2017/", ["Home", "Follow-ups"]),
    "notice": ("notices/ar/", ["Home", "Notices"]),
}
TABS = {
    "": "Home",
    "areas/": "Areas",
    "areas/moray/": "Areas",
    "areas/moray/2017-12-progress-review/": "Areas",
    AFI: "Areas",
    "reports/": "Publications",
    "reports/2017/": "Publications",
    "improvements/": "Areas for improvement",
    "improvements/encouraging/": "Areas for improvement",
    "themes/": "Themes",
    "themes/leadership/": "Themes",
    "grades/": "Grades",
    "timeline/": "Follow-ups",
    "timeline/2017/": "Follow-ups",
    "notices/": "Notices",
    "notices/ar/": "Notices",
    "how-to-read/": "About",
    "accessibility/": "About",
    "open-data/": "About",
}


# --- a sense of place ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DEEP_PAGES)
def test_deep_page_has_breadcrumbs_and_structured_data(seeds_site, name):
    """A breadcrumb nav (labelled) leads from the home page to the page; BreadcrumbList JSON-LD says the same."""
    url, ancestors = DEEP_PAGES[name]
    root = page(seeds_site, url)
    (nav,) = root.xpath("//nav[@aria-label='Breadcrumb']")
    links = [(text_of(a), resolve(url, a.get("href"))) for a in nav.xpath(".//a")]
    (script,) = root.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    names = [item["name"] for item in data["itemListElement"]]

    assert ([n for n, _ in links], links[0][1], nav.xpath(".//*[@aria-current='page']") != []) == (
        ancestors,
        "",
        True,
    )
    assert (data["@type"], names[:-1], data["itemListElement"][-1]["item"]) == (
        "BreadcrumbList",
        ancestors,
        f"https://example.org/{url}",
    )


def test_breadcrumb_json_cannot_close_its_script_element():
    """A title with </script> or <!-- stays data: no <, > or & is left in the JSON-LD."""
    trail = [Crumb("Home", "", Kind.HOME), Crumb("</script><!-- a & b", "areas/x/", Kind.AREA, "x")]
    text = breadcrumb_json(trail, "https://example.org")

    assert ([], "</script><!-- a & b") == (
        [c for c in "<>&" if c in text],
        json.loads(text)["itemListElement"][1]["name"],
    )


@pytest.mark.parametrize("url", TABS)
def test_the_right_tab_is_current_on_every_page_kind(seeds_site, url):
    """The navigation tab of the section a page belongs to is the active one."""
    active = page(seeds_site, url).xpath(
        "//nav[contains(@class, 'md-tabs')]//li[contains(@class, 'md-tabs__item--active')]"
    )

    assert [TABS[url]] == [text_of(li) for li in active]


# --- dated, explained statuses ------------------------------------------------------------------------


def test_afi_status_says_when_and_by_which_publication_and_that_it_is_old(seeds_site):
    """ "Encouraging progress — progress review, December 2017", said to be over 3 years old on 24 November 2026."""
    (status,) = article(seeds_site, AFI).xpath(".//dt[.='Current status']/following-sibling::dd[1]")
    (source,) = status.xpath(".//a[.='progress review']")

    assert (True, True, "areas/moray/2017-12-progress-review/") == (
        "Encouraging progress — progress review, December 2017" in text_of(status),
        "Over 3 years old" in text_of(status),
        resolve(AFI, source.get("href")),
    )


def test_age_of_an_old_finding_is_configurable():
    """status_note calls a finding old only past the configured number of years."""
    site = _site_of_seeds()
    state = site.improvements["moray/2017-02-joint-inspection#collective-vision"]

    assert (True, False) == (status_note(site, state, 3).stale, status_note(site, state, 10).stale)


def test_every_badge_links_to_its_definition(seeds_site):
    """Ratings, grades and follow-up statuses link to "How to read this site", to an id that exists there."""
    ids = set(page(seeds_site, "how-to-read/").xpath("//@id"))
    missing, seen = [], set()
    for url in ("areas/moray/", "areas/midlothian/2020-09-joint-inspection/", "timeline/", AFI):
        for badge in article(seeds_site, url).xpath(
            ".//*[contains(@class, 'insp-badge') or contains(@class, 'insp-grade')][self::a or self::span]"
        ):
            if "__" in (badge.get("class") or "") or badge.getparent().tag == "dt":
                continue
            target = resolve(url, badge.get("href") or "")
            seen.add((target or "").split("#")[-1].split("-")[0])
            if not target or not target.startswith("how-to-read/#") or target.split("#")[1] not in ids:
                missing.append((url, text_of(badge), badge.get("href")))

    assert ([], {"rating", "grade", "status"}) == (missing, seen)


def test_how_to_read_explains_ratings_grades_statuses_and_themes(seeds_site):
    """Each scale's values are defined, with the words and meanings mkdocs.yml gives them."""
    root = article(seeds_site, "how-to-read/")
    definitions = {div.get("id"): text_of(div) for div in root.xpath(".//dl/div")}

    assert (True, True, True, True) == (
        "Important strengths, with some areas for improvement" in definitions["grade-good"],
        "Encouraging progress" in definitions["rating-encouraging"],
        {f"status-{s}" for s in ("met", "met-late", "withdrawn", "overdue", "due")} <= set(definitions),
        "Leadership and direction" in text_of(root.xpath(".//section[@aria-labelledby='themes']")[0]),
    )


def test_rating_and_grade_words_come_from_mkdocs_yml(make_project, build_project, minimal_content, tmp_path):
    """Another inspectorate's words for the scales need no change of code."""
    root = make_project(tmp_path, minimal_content)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  reading:\n    stale_after_years: 20\n    ratings:\n      encouraging:\n"
        + "        label: Good headway\n        meaning: Headway was good.\n",
        encoding="utf-8",
    )
    site = build_project(root)
    afi = "areas/north/2017-02-joint-inspection/leadership/"

    assert (True, False, True) == (
        "Good headway" in text_of(article(site, afi)),
        "years old" in text_of(article(site, afi)),
        "Headway was good." in text_of(article(site, "how-to-read/")),
    )


# --- said once ----------------------------------------------------------------------------------------


def test_afi_page_heading_is_its_first_sentence_whole_and_text_and_badge_once(seeds_site):
    root = article(seeds_site, AFI)
    (h1,) = root.xpath(".//h1")
    text = text_of(root)

    assert (
        "Strengthen collective vision and collaborative leadership to direct the delivery of integrated "
        "children's services",
        1,
        1,
    ) == (
        text_of(h1),
        text.count("This should be underpinned"),
        len(root.xpath(".//dl//*[contains(@class, 'insp-rating')]")),
    )
    assert "…" not in text_of(h1)


def test_afi_short_title_is_its_heading(make_project, build_project, minimal_content, tmp_path):
    content = dict(minimal_content)
    content["content/reports/north/2017-02-joint-inspection.md"] = content[
        "content/reports/north/2017-02-joint-inspection.md"
    ].replace("text: Strengthen leadership.", "text: Strengthen leadership.\n            title: Leadership")
    site = build_project(make_project(tmp_path, content))
    root = article(site, "areas/north/2017-02-joint-inspection/leadership/")

    assert ("Leadership", 1) == (text_of(root.xpath(".//h1")[0]), text_of(root).count("Strengthen leadership."))


def test_report_shows_each_section_once_with_the_editors_note_apart(seeds_site):
    """The contents name each section once; the editors' note is labelled and outside the publication's text."""
    url = "areas/moray/2017-02-joint-inspection/"
    root = page(seeds_site, url)
    contents = [text_of(a) for a in root.xpath("//nav[contains(@class, 'md-nav--secondary')]//a")]
    (note,) = root.xpath("//aside[contains(@class, 'insp-editor-note')]")

    assert ([], "Note from this site’s editors", [], True) == (
        [c for c in set(contents) if contents.count(c) > 1],
        text_of(note.xpath(".//h2")[0]),
        note.xpath("ancestor::section[contains(@class, 'insp-body')]"),
        "not reproduced on this site" in text_of(note),
    )


def test_original_publication_is_linked_prominently(seeds_site):
    url = "areas/moray/2019-progress-review/"
    (link,) = article(seeds_site, url).xpath(".//a[starts-with(normalize-space(.), 'Read the original publication')]")

    assert ("http://bit.ly/progressreview-moray", []) == (
        link.get("href"),
        [a for a in article(seeds_site, url).xpath(".//a") if text_of(a).startswith(("http://", "https://"))],
    )


def test_home_title_names_the_site_once(seeds_site):
    assert ["Inspections and progress reviews"] == [text_of(t) for t in page(seeds_site, "").xpath("//title")]


# --- publisher, contact, licence ----------------------------------------------------------------------


def test_footer_names_publisher_contact_and_licence(seeds_site):
    footer = text_of(page(seeds_site, "areas/moray/").xpath("//footer")[0])
    licence = page(seeds_site, "").xpath("//footer//a[@rel='license external']/@href")

    assert (True, True, ["https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"]) == (
        "Published by" in footer,
        "Open Government Licence v3.0" in footer,
        [str(h) for h in licence],
    )


def test_every_data_file_carries_the_licence(seeds_site):
    files = sorted((seeds_site / "data").glob("*.json"))
    data = [json.loads(f.read_text(encoding="utf-8")) for f in files]

    assert (3, [True] * 3) == (
        len(data),
        [d["licence"]["name"] == "Open Government Licence v3.0" and "items" in d and "generated" in d for d in data],
    )


@pytest.mark.parametrize("tag", ["en", "ar", "pl"])
def test_notice_page_says_how_to_ask_for_a_format(seeds_site, tag):
    (section,) = article(seeds_site, f"notices/{tag}/").xpath(".//section[contains(@class, 'insp-request')]")

    assert ("en", ["mailto:contact@example.org"]) == (
        section.get("lang"),
        [str(h) for h in section.xpath(".//a/@href")],
    )


def test_strict_build_for_a_real_address_fails_while_the_contact_is_a_placeholder(
    make_project, build_project, minimal_content, tmp_path, caplog
):
    root = make_project(tmp_path, minimal_content)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://inspections.gov.uk/"))

    caplog.set_level(logging.ERROR)
    with pytest.raises(Abort) as caught:
        build_project(root)
    message = " ".join(r.getMessage() for r in caplog.records)

    assert PluginError is type(caught.value.__context__)
    assert ("https://inspections.gov.uk/", "extra.publisher.email", "extra.publisher.phone") == tuple(
        part
        for part in ("https://inspections.gov.uk/", "extra.publisher.email", "extra.publisher.phone")
        if part in message
    )


def test_strict_build_for_a_real_address_passes_with_a_real_contact(
    make_project, build_project, minimal_content, tmp_path, caplog
):
    root = make_project(tmp_path, minimal_content)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://inspections.gov.uk/"))
    site = build_project(root, extra={"publisher": PUBLISHER})

    assert PUBLISHER["phone"] in text_of(page(site, "").xpath("//footer")[0])


def test_editor_guide_is_not_in_the_public_site(seeds_site):
    repo = Path(__file__).resolve().parent.parent
    assert (False, True) == ((seeds_site / "editor-guide").exists(), (repo / "guide" / "editor-guide.md").is_file())


def _site_of_seeds():
    from conftest import SEEDS_CONTENT

    from generator.content.settings import DEFAULT_REPORT_TYPES, Settings
    from generator.site import read_site

    return read_site(SEEDS_CONTENT, Settings(report_types=(*DEFAULT_REPORT_TYPES, "action-plan")), REFERENCE_DAY)
