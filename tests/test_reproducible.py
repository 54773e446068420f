"""Reproducible builds: the same commit built with the same SOURCE_DATE_EPOCH gives a byte-identical site.

The session's shipped site (built in this process) is compared with a second build made as CI makes it: the
`mkdocs build --strict` command, in another process with another hash seed (so set and dict orders that
depend on it would show), from a copy of the project at another path (so no absolute path leaks in),
into another folder. Every file is compared, byte for byte: pages, sitemap.xml and sitemap.xml.gz, the
search index, feeds, calendars and the open data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import REFERENCE_EPOCH, REPO

PROJECT_FILES = ("mkdocs.yml", "content", "docs", "overrides")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    """A short unified diff of two text files, or where two binary files first differ."""
    try:
        lines = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0)
        return "\n".join(list(lines)[:8])
    except UnicodeDecodeError:
        index = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"binary, first difference at byte {index}"


@pytest.fixture(name="second_build", scope="module")
def _second_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project copied elsewhere and built by the CLI in a fresh process with another hash seed."""
    copy = tmp_path_factory.mktemp("elsewhere") / "another" / "checkout"
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    site = copy.parent / "out" / "site"
    # pytest's own seed is random unless PYTHONHASHSEED is a number: then take another one.
    ours = os.environ.get("PYTHONHASHSEED", "")
    seed = str((int(ours) + 12345) % 4294967295) if ours.isdigit() else "12345"
    env = {**os.environ, "SOURCE_DATE_EPOCH": REFERENCE_EPOCH, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml", "-d", str(site)]
    result = subprocess.run(mkdocs, cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"the second build failed:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(name="trees", scope="module")
def _trees(seeds_site: Path, second_build: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    return tree(seeds_site), tree(second_build)


def test_both_builds_have_the_same_files(trees):
    first, second = trees

    assert ([], []) == (sorted(first.keys() - second.keys()), sorted(second.keys() - first.keys()))


def test_every_file_is_byte_identical(trees):
    """Pages, sitemap (plain and gzipped), search index, feeds, calendars and JSON: the same bytes."""
    first, second = trees
    different = {
        name: first_difference(first[name], second[name])
        for name in first.keys() & second.keys()
        if first[name] != second[name]
    }

    assert {} == different


def test_the_comparison_covers_every_kind_of_output(trees):
    """The compared trees hold the files most likely to differ between builds (so equality means something)."""
    names = trees[0].keys()

    assert {
        "sitemap.xml",
        "sitemap.xml.gz",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "pagefind-zh-hant/pagefind-entry.json",
        "feed.xml",
        "follow-ups.ics",
        "data/reports.json",
        "data/follow-ups.json",
        "index.html",
        "404.html",
    } <= names


def test_compressed_sitemap_is_stamped_with_source_date_epoch(seeds_site):
    """gzip writes a modification time into its header: it is SOURCE_DATE_EPOCH, not the time of the build."""
    data = (seeds_site / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", data[4:8])

    assert (REFERENCE_EPOCH, (seeds_site / "sitemap.xml").read_bytes()) == (str(mtime), gzip.decompress(data))


def test_dates_in_the_output_come_from_source_date_epoch(seeds_site):
    """The sitemap's dates are the day of SOURCE_DATE_EPOCH, whatever day the build runs."""
    day = dt.datetime.fromtimestamp(int(REFERENCE_EPOCH), tz=dt.UTC).date().isoformat()
    sitemap = (seeds_site / "sitemap.xml").read_text(encoding="utf-8")

    assert (True, sitemap.count("<lastmod>")) == (
        sitemap.count("<lastmod>") > 0,
        sitemap.count(f"<lastmod>{day}</lastmod>"),
    )


def test_no_output_names_a_path_of_the_build_machine(trees, seeds_site, second_build):
    """Neither build writes where it ran (the checkout, the output folder or the home folder) into the site."""
    paths = {str(REPO), str(seeds_site), str(second_build), str(Path.home()), tempfile.gettempdir() + os.sep}
    leaks = {name: sorted(p for p in paths if p.encode() in data) for name, data in trees[1].items()}

    assert {} == {name: found for name, found in leaks.items() if found}


def test_tree_digest_matches_the_one_ci_prints(trees, second_build):
    """The digest the workflow's summary prints (sha256 of the sorted `sha256sum` lines) is the same for both
    builds: anyone can rebuild a deployed commit and compare."""

    def digest(files: dict[str, bytes]) -> str:
        lines = "".join(f"{hashlib.sha256(data).hexdigest()}  ./{name}\n" for name, data in sorted(files.items()))
        return hashlib.sha256(lines.encode()).hexdigest()

    shell = subprocess.run(  # noqa: S602 - the exact pipeline of .github/workflows/site.yml
        "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1",
        shell=True,
        cwd=second_build,
        capture_output=True,
        text=True,
        check=True,
    )

    assert (digest(trees[0]), digest(trees[0])) == (digest(trees[1]), shell.stdout.strip())
