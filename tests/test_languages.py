"""Languages of parts: every passage not in English carries its own ``lang`` (and ``dir`` for RTL)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from generator.content.languages import describe_language

# The first word of a character's Unicode name -> the ISO 15924 scripts a matching lang may be written in.
SCRIPT_OF_NAME = {
    "ARABIC": {"Arab"},
    "BENGALI": {"Beng"},
    "GURMUKHI": {"Guru"},
    "CJK": {"Hant", "Hans"},
    "HEBREW": {"Hebr"},
    "DEVANAGARI": {"Deva"},
}
RTL_SCRIPTS = {"Arab", "Hebr"}


def script_of(char: str) -> set[str] | None:
    """The scripts a letter belongs to, or None for Latin, digits, punctuation and spaces."""
    if not unicodedata.category(char).startswith("L"):
        return None
    return SCRIPT_OF_NAME.get(unicodedata.name(char, "").split(" ")[0])


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_foreign_script_outside_a_matching_lang(seeds_site: Path) -> None:
    """On every page, each letter of a non-Latin script sits inside an element whose lang uses that script."""
    problems = []
    checked = 0
    for path in html_pages(seeds_site):
        tree = lxml.html.parse(str(path))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for text in (element.text, *(child.tail for child in element)):
                for char in text or "":
                    scripts = script_of(char)
                    if scripts is None:
                        continue
                    checked += 1
                    lang = next((e.get("lang") for e in element.iterancestors() if e.get("lang")), None)
                    lang = element.get("lang") or lang
                    if lang is None or describe_language(lang).script not in scripts:
                        problems.append(
                            f"{path.relative_to(seeds_site)}: {char!r} in <{element.tag}> under lang={lang}"
                        )
                        break
    assert checked > 100, "the seeds site has notices in several scripts; the check must see them"
    assert problems == []


def test_rtl_passages_carry_dir(seeds_site: Path) -> None:
    """Every element with an Arabic-script lang (ar, ur) has dir="rtl", on every page."""
    missing = []
    for path in html_pages(seeds_site):
        for element in lxml.html.parse(str(path)).iter():
            if isinstance(element.tag, str) and element.get("lang") in {"ar", "ur"} and element.get("dir") != "rtl":
                missing.append(f"{path.relative_to(seeds_site)}: <{element.tag} lang={element.get('lang')}>")
    assert missing == []


@pytest.mark.parametrize(
    ("tag", "direction", "autonym", "english"),
    [
        ("gd", "ltr", "Gàidhlig", "Scottish Gaelic"),
        ("bn", "ltr", "বাংলা", "Bengali"),
        ("ur", "rtl", "اردو", "Urdu"),
        ("pa", "ltr", "ਪੰਜਾਬੀ", "Punjabi"),
        ("ar", "rtl", "العربية", "Arabic"),
        ("zh-Hant", "ltr", "中文（繁體）", "Traditional Chinese"),
        ("pl", "ltr", "Polski", "Polish"),
    ],
)
def test_notice_page_is_in_its_language(seeds_site: Path, tag: str, direction: str, autonym: str, english: str) -> None:
    """Each notice language page has <html lang dir> of its language and names it by its autonym and in English."""
    root = lxml.html.parse(str(seeds_site / "notices" / tag / "index.html")).getroot()
    assert (tag, direction) == (root.get("lang"), root.get("dir"))
    heading = root.xpath("//article//h1")[0]
    assert autonym in heading.text_content()
    assert english in heading.text_content()
    english_parts = heading.xpath(".//*[@lang='en']")
    assert [english] == [english_parts[0].text_content().removeprefix("(").removesuffix(")")]


def test_report_notice_labels_each_language_in_itself(seeds_site: Path) -> None:
    """The December 2017 review's notice names each language by its autonym, marked with its lang."""
    root = lxml.html.parse(str(seeds_site / "areas/moray/2017-12-progress-review/index.html")).getroot()
    names = {span.get("lang"): span.text_content() for span in root.xpath("//aside//span[@lang]")}
    assert names == {
        "en": "English",
        "gd": "Gàidhlig",
        "bn": "বাংলা",
        "ur": "اردو",
        "pa": "ਪੰਜਾਬੀ",
        "ar": "العربية",
        "zh-Hant": "中文（繁體）",
        "pl": "Polski",
    }


def test_english_chrome_on_a_notice_page_says_it_is_english(seeds_site: Path) -> None:
    """On a page in another language, the site's header, navigation and footer are marked lang="en"."""
    root = lxml.html.parse(str(seeds_site / "notices/ur/index.html")).getroot()
    marked = {
        element.get("class").split()[0]
        for element in root.xpath(
            "//header | //footer | //nav[contains(@class, 'md-tabs')] | //div[contains(@class, 'md-sidebar ')]"
        )
        if element.get("lang") == "en"
    }
    assert {"md-header", "md-tabs", "md-sidebar", "md-footer"} == marked


def test_nastaliq_is_served_by_the_site_itself(seeds_site: Path) -> None:
    """Urdu's Nastaliq font is a file of the site (not another host), with its licence beside it."""
    css = (seeds_site / "assets/stylesheets/inspections.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    urls = [url for face in faces if "Noto Nastaliq Urdu" in face for url in re.findall(r'url\("([^"]+)"\)', face)]
    stylesheets = seeds_site / "assets/stylesheets"
    assert [True, True] == [(stylesheets / url).resolve().is_file() and url.endswith(".woff2") for url in urls]
    assert (seeds_site / "assets/fonts/noto-nastaliq-urdu/OFL.txt").is_file()
