"""The search at scale: what a reader's first query and a later filtered one transfer, and the index's build time.

``benchmarks.run`` calls ``measure_search`` on each full site it built. The site is served on loopback and the
search page opened in Debian's Chromium; a query for an area's name is typed, then the status facet "Overdue"
chosen ("what is overdue in my area?"; the results' most frequent status if none is overdue). Every response
of the search is counted as sent (Pagefind's chunks come compressed already) and gzipped (as a server
compressing them would send them). The indexer is also run alone on the built site, to time it apart from the
rest of the build.

Alone: ``.venv/bin/python -m benchmarks.search SITE_DIR [AREA NAME]``.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from generator.build.pagefind import IndexOptions, index_site

# The targets.
MAX_FIRST_QUERY_GZIP_KB = 300
MAX_FIRST_QUERY_KB = 500
MAX_FILTERED_QUERY_GZIP_KB = 100
MAX_BUILD_RATIO_WITH_SEARCH = 1.6  # the whole build, search included, against the plain build (N = 1,000, 2,000)
STATUS = "Overdue"


def measure_search(site: Path, query: str) -> dict[str, Any]:
    """Bytes of the first query and of the filtered one, and the indexer's time alone on ``site``."""
    transfers = measure_transfers(site, query)
    return {**transfers, "index_seconds": round(time_index(site), 2)}


def time_index(site: Path) -> float:
    """Wall time of the main index made alone (into a scratch bundle, removed after)."""
    options = IndexOptions("pagefind-benchmark", force_language="en")
    start = time.perf_counter()
    index_site(site, options)
    seconds = time.perf_counter() - start
    shutil.rmtree(site / options.bundle, ignore_errors=True)
    return seconds


def measure_transfers(site: Path, query: str) -> dict[str, Any]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    sizes: list[tuple[str, int, int]] = []
    with _served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()

            def record(response: Any) -> None:
                if "/pagefind" in response.url and response.ok:
                    body = response.body()
                    sizes.append((response.url, len(body), len(gzip.compress(body, 6))))

            page.on("response", record)
            page.goto(base + "areas/", wait_until="networkidle")
            before_search = len(sizes)  # a page other than search's loads no index at all
            page.goto(base + "search/", wait_until="networkidle")
            page.fill("#finder-q", query)
            page.press("#finder-q", "Enter")
            page.wait_for_function("document.getElementById('finder-count').textContent !== ''", timeout=60_000)
            page.wait_for_load_state("networkidle")
            first = list(sizes)
            status = _status(page)
            page.select_option("#finder-status", status)
            page.wait_for_function(f"document.getElementById('finder-count').textContent.includes({status!r})")
            page.wait_for_load_state("networkidle")
            results = page.inner_text("#finder-count")
            later = sizes[len(first) :]
        finally:
            browser.close()
    return {
        "query": query,
        "status": status,
        "results": results,
        "requests_before_search": before_search,
        "first_query_requests": len(first),
        "first_query_kb": round(sum(s[1] for s in first) / 1024, 1),
        "first_query_gzip_kb": round(sum(s[2] for s in first) / 1024, 1),
        "filtered_query_kb": round(sum(s[1] for s in later) / 1024, 1),
        "filtered_query_gzip_kb": round(sum(s[2] for s in later) / 1024, 1),
    }


def _status(page: Any) -> str:
    """ "Overdue" if the results have any, else their most frequent status."""
    options = page.eval_on_selector_all("#finder-status option", "options => options.map(o => [o.value, o.text])")
    values = {value: int(text.rsplit("(", 1)[-1].rstrip(")")) for value, text in options if value}
    return STATUS if STATUS in values else max(values, key=values.__getitem__)


def search_targets(results: list[Any]) -> list[dict[str, Any]]:
    """The search's targets, for each size ``benchmarks.run`` measured (``r.search``, ``r.full``, ``r.plain``)."""
    targets = []
    for r in results:
        s = r.search
        if not s:
            continue
        targets.append(
            {
                "target": f"a first query transfers under {MAX_FIRST_QUERY_GZIP_KB} KB gzipped, "
                f"{MAX_FIRST_QUERY_KB} KB uncompressed, nothing before it (N = {r.n})",
                "measured": f"{s['first_query_gzip_kb']:.0f} KB gzipped, {s['first_query_kb']:.0f} KB "
                f"in {s['first_query_requests']} requests; {s['requests_before_search']} before",
                "holds": s["first_query_gzip_kb"] < MAX_FIRST_QUERY_GZIP_KB
                and s["first_query_kb"] < MAX_FIRST_QUERY_KB
                and s["requests_before_search"] == 0,
            }
        )
        targets.append(
            {
                "target": f"the status facet then adds under {MAX_FILTERED_QUERY_GZIP_KB} KB gzipped (N = {r.n})",
                "measured": f"{s['filtered_query_gzip_kb']:.0f} KB gzipped, {s['filtered_query_kb']:.0f} KB "
                f"({s['results']}, status {s['status']}); the index alone takes {s['index_seconds']:.1f} s",
                "holds": s["filtered_query_gzip_kb"] < MAX_FILTERED_QUERY_GZIP_KB,
            }
        )
        if r.n >= 1000:
            ratio = r.full.seconds / r.plain.seconds
            targets.append(
                {
                    "target": f"the whole build, search index included, at most {MAX_BUILD_RATIO_WITH_SEARCH}x "
                    f"the plain Material build (with its search plugin) (N = {r.n})",
                    "measured": f"{r.full.seconds:.1f} s / {r.plain.seconds:.1f} s = {ratio:.2f}x",
                    "holds": ratio <= MAX_BUILD_RATIO_WITH_SEARCH,
                }
            )
    return targets


def area_query(content: Path) -> str:
    """The name of the first area of the content: the reader's "my area"."""
    first = sorted(content.glob("areas/*.md"))[0]
    for line in first.read_text(encoding="utf-8").splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip().strip('"')
    return first.stem


@contextlib.contextmanager
def _served(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    site_dir = Path(sys.argv[1])
    print(measure_search(site_dir, sys.argv[2] if len(sys.argv) > 2 else "leadership"))
