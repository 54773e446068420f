"""The search page in Chromium: phrases, facets, notice languages, the URL, the header's box, a subfolder, axe.

The index is Pagefind's, made from the finished site by the build (generator/plugin/search.py); these tests
read it only through the search page, as readers do, on the frozen seed content (``seeds_site``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import serve, served_chromium
from conftest import REFERENCE_EPOCH, SEEDS_CONTENT, build_site, repo_project
from test_accessibility import describe, run_axe

AFI = "areas/moray/2017-02-joint-inspection/corporate-parenting/"
AFI_PHRASE = "corporate parenting, participation and children's rights"


@pytest.fixture(name="browser", scope="module")
def _browser(seeds_site: Path) -> Iterator[tuple[Any, str]]:
    with served_chromium(seeds_site) as served:
        yield served


def open_search(browser: tuple[Any, str], query: str = "", width: int = 1280) -> Any:
    """The search page with ``query`` (URL parameters), its results shown."""
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base}search/{query}")
    # The results are counted, or with nothing asked yet, the facets are filled in.
    ready = "document.getElementById('finder-count').textContent !== ''" if query else "finder-area.length > 1"
    page.wait_for_function(ready.replace("finder-area", "document.getElementById('finder-area')"), timeout=10_000)
    return page


def results(page: Any, base: str) -> list[str]:
    """The results' URLs, relative to the site, in order."""
    hrefs = page.eval_on_selector_all("#finder-results a", "links => links.map(link => link.href)")
    return [href.removeprefix(base) for href in hrefs]


def count(page: Any) -> int:
    text = page.inner_text("#finder-count")
    match = re.match(r"(\d+) results?\b", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.browser
def test_a_phrase_of_one_area_for_improvement_finds_it_first(browser):
    """A phrase only one AFI says (its page, and the pages that list it) brings that AFI's page first."""
    page = open_search(browser)
    page.fill("#finder-q", AFI_PHRASE)
    page.press("#finder-q", "Enter")
    page.wait_for_function(f"document.getElementById('finder-count').textContent.includes({AFI_PHRASE!r})")
    found = results(page, browser[1])
    assert found[:1] == [AFI], found
    assert "Area for improvement · Moray · 16 February 2017" in page.inner_text("#finder-results li")


@pytest.mark.browser
def test_a_status_facet_narrows_the_results_to_that_status(browser, seeds_site):
    """Choosing a status keeps only results with that status (as their pages say), and fewer of them."""
    page = open_search(browser, "?q=progress")
    everything = count(page)
    page.select_option("#finder-status", "Encouraging progress")
    page.wait_for_function("document.getElementById('finder-count').textContent.includes('Encouraging')")
    narrowed = count(page)
    while page.is_visible("#finder-more"):
        page.click("#finder-more")
    found = results(page, browser[1])
    assert 0 < narrowed < everything
    assert len(found) == narrowed
    marker = 'data-pagefind-filter="status:Encouraging progress"'
    assert [url for url in found if marker not in (seeds_site / url / "index.html").read_text("utf-8")] == []
    assert parse_qs(urlsplit(page.url).query) == {"q": ["progress"], "status": ["Encouraging progress"]}


NOTICE_WORDS = {
    "ur": "درخواست",
    "ar": "الطلب",
    "pl": "życzenie",
    "gd": "foillseachadh",
    "zh-Hant": "格式",
}


@pytest.mark.browser
@pytest.mark.parametrize(("tag", "word"), NOTICE_WORDS.items(), ids=NOTICE_WORDS.keys())
def test_a_word_of_a_notice_finds_that_notice(browser, tag, word):
    """A word taken from the notice in each language finds that language's notice page."""
    page = open_search(browser, f"?q={word}")
    assert f"notices/{tag}/" in results(page, browser[1])[:3]


@pytest.mark.browser
def test_english_words_are_stemmed(browser):
    """English keeps its stemming: "strengthening" finds the AFIs that say "Strengthen"."""
    page = open_search(browser, "?q=strengthening&kind=Area+for+improvement")
    assert count(page) > 1


@pytest.mark.browser
def test_the_url_restores_the_same_results_after_a_reload(browser):
    """A query and a facet chosen on the page are in its URL; reloading it shows the same results."""
    page = open_search(browser)
    page.fill("#finder-q", "leadership")
    page.press("#finder-q", "Enter")
    page.wait_for_function("document.getElementById('finder-count').textContent.includes('leadership')")
    page.select_option("#finder-area", "Moray")
    page.wait_for_function("document.getElementById('finder-count').textContent.includes('Moray')")
    before = (results(page, browser[1]), page.inner_text("#finder-count"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["leadership"], "area": ["Moray"]}
    page.reload()
    page.wait_for_function("document.getElementById('finder-count').textContent.includes('Moray')")
    assert (results(page, browser[1]), page.inner_text("#finder-count")) == before
    assert page.input_value("#finder-q") == "leadership"
    assert page.input_value("#finder-area") == "Moray"


@pytest.mark.browser
def test_the_headers_box_and_its_key_lead_to_the_search_page(browser):
    """ "/" focuses the header's labelled search box; its words open the search page with them as its query."""
    chromium, base = browser
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "areas/moray/")
    assert not [url for url in requests if "pagefind" in url]  # no index for a reader who does not search
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "insp-search-q"
    assert page.inner_text("label[for='insp-search-q']") == "Search"
    page.keyboard.type("moray")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('finder-count')?.textContent !== ''", timeout=10_000)
    assert urlsplit(page.url).path == "/search/"
    assert page.input_value("#finder-q") == "moray"
    assert count(page) > 0


@pytest.mark.browser
def test_a_result_shows_its_area_date_and_status_badge(browser):
    page = open_search(browser, "?q=collective+vision&kind=Area+for+improvement")
    first = page.locator("#finder-results li").first
    assert "Moray" in first.inner_text()
    assert "2017" in first.inner_text()
    assert first.locator(".insp-badge").inner_text() == "Encouraging progress"


@pytest.mark.browser
def test_show_more_moves_focus_to_the_first_new_result(browser):
    page = open_search(browser, "?q=children")
    assert count(page) > 10
    page.focus("#finder-more")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#finder-results li').length > 10")
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('#finder-results li')[10]")


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_the_search_page_with_a_query_and_a_facet_has_no_wcag_violations(browser, width):
    page = open_search(browser, "?q=leadership&kind=Area+for+improvement", width=width)
    assert count(page) > 0
    violations = run_axe(page)
    assert violations == [], describe(violations)


@pytest.mark.browser
def test_without_script_the_search_page_says_so_and_links_to_the_lists(browser):
    chromium, base = browser
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "search/?q=leadership")
    text = page.inner_text("main")
    assert "Search needs JavaScript" in text
    assert not page.is_visible("#finder-q")
    links = page.eval_on_selector_all(".insp-finder__browse a", "links => links.map(link => link.href)")
    assert [link.removeprefix(base) for link in links] == [
        "areas/",
        "reports/",
        "improvements/",
        "themes/",
        "timeline/",
        "notices/",
    ]
    context.close()


def test_only_the_article_of_record_pages_is_indexed(seeds_site):
    """Record pages mark their article for the index; listing pages, the search page and the chrome are not."""
    marked = {
        path.parent.relative_to(seeds_site).as_posix() + "/"
        for path in seeds_site.rglob("index.html")
        if "data-pagefind-body" in path.read_text("utf-8")
    }
    assert AFI in marked
    assert "areas/moray/" in marked
    assert "notices/pl/" in marked
    assert "notices/zh-Hant/" not in marked  # indexed apart, split into words
    assert not marked & {"./", "areas/", "reports/", "improvements/", "themes/", "timeline/", "search/"}
    page = (seeds_site / AFI / "index.html").read_text("utf-8")
    assert page.index("data-pagefind-body") > page.index('class="md-header"')


def test_the_index_is_built_and_lists_its_languages_in_order(seeds_site):
    entry = (seeds_site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert '"en"' in entry
    assert (seeds_site / "pagefind-zh-hant" / "pagefind-entry.json").is_file()
    assert not (seeds_site / "pagefind" / "pagefind-ui.js").exists()


@pytest.fixture(name="subfolder_site", scope="module")
def _subfolder_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site built for https://example.org/inspections/ and served from /inspections/."""
    root = tmp_path_factory.mktemp("subfolder")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", REFERENCE_EPOCH)
        patch.setenv("SITE_URL", "https://example.org/inspections/")
        site = build_site(repo_project(root / "project", SEEDS_CONTENT), root / "site", strict=True)
    served = root / "served"
    served.mkdir()
    shutil.move(site, served / "inspections")
    return served


@pytest.mark.browser
def test_search_works_under_a_base_path(browser, subfolder_site):
    """Deployed in a subfolder, the search page finds pages and links to them within that subfolder."""
    with serve(subfolder_site) as base:
        page = browser[0].new_page()
        page.goto(f"{base}inspections/search/?q={AFI_PHRASE}")
        page.wait_for_function("document.getElementById('finder-count').textContent !== ''", timeout=10_000)
        assert results(page, base)[:1] == [f"inspections/{AFI}"]
        assert page.evaluate(f"fetch({base + results(page, base)[0]!r}).then(r => r.status)") == 200
