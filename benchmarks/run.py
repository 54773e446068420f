"""Build the site at scale, next to a plain MkDocs Material site of the same report bodies, and report.

One command, from the repository root::

    .venv/bin/python -m benchmarks.run                  # N = 200, 1000 and 2000 (takes several minutes)
    .venv/bin/python -m benchmarks.run --sizes 200      # a quick run

For each N it writes synthetic content (``benchmarks.synthetic``: N reports over
the 32 areas) into a temporary folder and builds, each in its own subprocess:

* **full**: the real site, with a ``mkdocs.yml`` like the repository's (same theme,
  overrides, markdown extensions, plugins and docs; only ``content_dir`` points at
  the synthetic content);
* **plain**: a plain MkDocs Material site of the same report bodies, one ``.md``
  page each, kept out of the navigation (``not_in_nav``), with the same theme
  settings, ``markdown_extensions`` and the ``search`` plugin.

It measures wall time, CPU time and peak memory (``ru_maxrss`` of that subprocess,
from ``os.wait4``) of each build, the size of each built site, the HTML size and
number of links of every report page, content validation alone (``load_content``),
and, at the largest N, how long ``mkdocs serve`` takes to rebuild after a change
to one report. It prints a table and writes ``benchmarks/results.md`` and
``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator.build import CACHE_DIR

from .search import area_query, measure_search, search_targets
from .synthetic import write_synthetic_content

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (200, 1000, 2000)
# A fixed reference date (2026-11-24, as in the tests) so that every run derives the same statuses.
SOURCE_DATE_EPOCH = "1795478400"

# The targets.
MAX_TIME_RATIO = 1.15  # full build time / plain build time, at every N
MAX_SCALING = 10.5  # T(2000) / T(200) of the full build: linear
MAX_PEAK_MB = 1536  # peak memory of the full build at N = 2000
MAX_VALIDATION_S_PER_1000 = 1.0
MAX_REBUILD_S = 5.0  # "a few seconds" for mkdocs serve to rebuild after one report changed
# The largest record page may exceed the smallest run's largest by 10 %: at N = 2000 it is the largest of ten times
# as many random pages (an extreme of more samples), not a page that lists more. Anything that lists the site grows
# far more than this between N = 200 and N = 2000.
PAGE_GROWTH_MARGIN = 1.10
# Build time is compared in wall-clock seconds, what an editor or CI waits for: the full build shares its generated
# pages with worker processes (generator/plugin/parallel.py), one per core, so its CPU time (user + system of the build
# and the processes it forked, also shown) is more than its wall time. The plain build runs on one core, as MkDocs does.
# Wall time needs an otherwise idle machine: the results give the load average.
TIME = "wall-clock seconds of the build (CPU seconds shown too)"

_LINK = re.compile(rb"<a\s")


@dataclass
class Build:
    """One build in its own subprocess."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    site_bytes: int
    site_files: int
    html_pages: int


@dataclass
class PageStats:
    """HTML size (bytes) and number of ``<a>`` links of a kind of page: the largest, and the median."""

    count: int = 0
    max_bytes: int = 0
    median_bytes: int = 0
    max_links: int = 0
    largest: str = ""


@dataclass
class SizeResult:
    n: int
    reports: int
    full: Build  # with nothing kept from an earlier build, as on CI
    plain: Build
    full_next: Build  # the next build of the same site, with what the first kept in .cache/ (as an editor's)
    validation_seconds: float
    derive_seconds: float
    pages: dict[str, PageStats] = field(default_factory=dict)
    plain_report_pages: PageStats = field(default_factory=PageStats)
    index_pages: dict[str, int] = field(default_factory=dict)
    rebuild: dict[str, float] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)  # see benchmarks/search.py
    charts: dict[str, int] = field(default_factory=dict)  # see chart_stats
    # The median over rounds of each round's full / plain ratio (see ``paired``): wall, CPU, the next build's wall.
    ratios: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """Full build time / plain build time, in wall-clock seconds."""
        return self.ratios.get("wall") or self.full.seconds / self.plain.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.ratios.get("cpu") or self.full.cpu_seconds / self.plain.cpu_seconds

    @property
    def next_ratio(self) -> float:
        return self.ratios.get("next") or self.full_next.seconds / self.plain.seconds

    @property
    def validation_per_1000(self) -> float:
        return self.validation_seconds * 1000 / self.reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated N (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic content (default: %(default)s)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of builds per N (more for small N, see repeats()); the median round counts (default: %(default)s)",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="skip the mkdocs serve rebuild measurement")
    parser.add_argument(
        "--without-search",
        action="store_true",
        help="build the full site without its search index (INSPECTIONS_BENCH_OFF=search), to compare with results "
        "from before the site had one",
    )
    parser.add_argument("--keep", type=Path, help="keep the generated projects and sites in this folder")
    parser.add_argument(
        "--output", type=Path, default=HERE, help="where results.md and results.json go (default: benchmarks/)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.without_search:
        os.environ["INSPECTIONS_BENCH_OFF"] = "search"

    with tempfile.TemporaryDirectory(prefix="inspections-bench-warm-up-") as tmp:
        warm_up(Path(tmp))
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"inspections-bench-{n}-") as tmp:
            work = args.keep / str(n) if args.keep else Path(tmp)
            if work.exists():
                shutil.rmtree(work)
            rebuild = not args.no_rebuild and n == max(sizes)
            results.append(run_size(n, work, seed=args.seed, repeat=repeats(n, args.repeat), rebuild=rebuild))
        print(_row_text(results[-1]), flush=True)

    report = make_report(results, sizes, args.repeat)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.output / "results.md").write_text(render_markdown(report), encoding="utf-8")
    print()
    print(render_table(report))
    print()
    for target in report["targets"]:
        print(f"{'PASS' if target['holds'] else 'FAIL'}  {target['target']}: {target['measured']}")
    print(f"\nwrote {args.output / 'results.md'} and {args.output / 'results.json'}")
    return 0


# -- one size -------------------------------------------------------------------------------


def repeats(n: int, repeat: int) -> int:
    """How many times each site is built at ``n``: ``repeat``, and up to three times as often for the small sites
    (a build of 200 reports takes two seconds, in which a busy host moves its time the most)."""
    return repeat * max(1, min(3, 1000 // n))


def run_size(n: int, work: Path, *, seed: int, repeat: int, rebuild: bool) -> SizeResult:
    print(f"N = {n}: writing content, building (full, plain) x {repeat} ...", flush=True)
    content = write_synthetic_content(work / "content", n, seed)
    full_cfg = write_full_project(work / "full", content)
    plain_cfg = write_plain_project(work / "plain", content)
    fulls, nexts, plains = [], [], []
    for round_ in range(repeat):  # one after the other, the plain build first in every other round (see paired)
        if round_ % 2:
            plains.append(build(plain_cfg, work / "plain" / "site"))
        shutil.rmtree(work / "full" / CACHE_DIR, ignore_errors=True)  # nothing kept, as on CI
        fulls.append(build(full_cfg, work / "full" / "site"))
        nexts.append(build(full_cfg, work / "full" / "site"))  # with what that build kept
        if not round_ % 2:
            plains.append(build(plain_cfg, work / "plain" / "site"))
    full, full_next, plain = (median_build(builds) for builds in (fulls, nexts, plains))
    validation, derive = measure_validation(content)
    reports = sorted(content.glob("reports/*/*.md"))
    pages, index_pages = full_page_stats(work / "full" / "site", reports)
    plain_pages = page_stats(
        [work / "plain" / "site" / "reports" / r.parent.name / r.stem / "index.html" for r in reports]
    )
    result = SizeResult(n, len(reports), full, plain, full_next, validation, derive, pages, plain_pages, index_pages)
    result.ratios = paired(fulls, nexts, plains)
    if os.environ.get("INSPECTIONS_BENCH_OFF") != "search":
        result.search = measure_search(work / "full" / "site", area_query(content))
    result.charts = chart_stats(work / "full" / "site")
    if rebuild:
        print(f"N = {n}: measuring mkdocs serve rebuilds after a change to one report ...", flush=True)
        result.rebuild = measure_rebuild(full_cfg, work / "serve-site", reports[len(reports) // 2])
    return result


def median_build(builds: list[Build]) -> Build:
    """The build of median wall time (the faster of the middle two)."""
    return sorted(builds, key=lambda b: b.seconds)[(len(builds) - 1) // 2]


def paired(fulls: list[Build], nexts: list[Build], plains: list[Build]) -> dict[str, float]:
    """The median of each round's ratios. This kind of virtual machine runs faster after idling and slows within
    seconds of steady work, so builds minutes apart, or the fastest of each, compare a fast moment with a slow
    one; the full and plain builds of one round run one after the other, in alternating order."""
    rounds = list(zip(fulls, nexts, plains, strict=True))
    return {
        "wall": statistics.median(f.seconds / p.seconds for f, _, p in rounds),
        "cpu": statistics.median(f.cpu_seconds / p.cpu_seconds for f, _, p in rounds),
        "next": statistics.median(x.seconds / p.seconds for _, x, p in rounds),
    }


def repo_config() -> dict[str, Any]:
    """The repository's mkdocs.yml as plain data (``!ENV [NAME, default]`` becomes its default)."""

    class Loader(yaml.SafeLoader):
        pass

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        values = (
            loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        )
        return values[-1] if len(values) > 1 else None

    Loader.add_constructor("!ENV", env)
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=Loader)  # noqa: S506 - a SafeLoader subclass


def write_full_project(folder: Path, content: Path) -> Path:
    """A mkdocs.yml like the repository's, with absolute paths, whose content is ``content``."""
    config = repo_config()
    config["site_url"] = "https://example.org/"
    config["docs_dir"] = str((REPO / config.get("docs_dir", "docs")).resolve())
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    if config.get("hooks"):
        config["hooks"] = [str((REPO / hook).resolve()) for hook in config["hooks"]]
    config.pop("watch", None)
    plugins = config.get("plugins") or []
    for index, entry in enumerate(plugins):
        if entry == "inspections":
            plugins[index] = {"inspections": {}}
        plugin = plugins[index]
        if isinstance(plugin, dict) and "inspections" in plugin:
            plugin["inspections"] = {**(plugin["inspections"] or {}), "content_dir": str(content.resolve())}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_plain_project(folder: Path, content: Path) -> Path:
    """A plain Material site: the report bodies as pages kept out of the navigation, same theme and extensions."""
    config = repo_config()
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain = {
        "site_name": config.get("site_name", "Plain"),
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "strict": True,
        "use_directory_urls": True,
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "/reports/\n",
    }
    docs = folder / "docs"
    (docs / "reports").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Plain site\n\nThe report bodies, kept out of the navigation.\n", encoding="utf-8")
    for path in sorted(content.glob("reports/*/*.md")):
        text = path.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        title = yaml.safe_load(front.removeprefix("---\n"))["title"]
        target = docs / "reports" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{yaml.safe_dump({'title': title}, allow_unicode=True)}---\n\n{body}", encoding="utf-8")
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# Compiled bytecode is cached (outside the repository), as an installed package's is: without it every
# build would compile every module again, and language_data's 4.6 MB name table alone costs ~1 s and ~300 MB.
PYCACHE = Path(tempfile.gettempdir()) / "inspections-bench-pycache"


def build_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **env,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "PYTHONPYCACHEPREFIX": str(PYCACHE),
    }


def warm_up(work: Path) -> None:
    """Build both sites once at a small size, unmeasured: fills the bytecode cache and the file system cache."""
    print("warming up (N = 64, not measured) ...", flush=True)
    content = write_synthetic_content(work / "content", 64)
    build(write_full_project(work / "full", content), work / "full" / "site")
    build(write_plain_project(work / "plain", content), work / "plain" / "site")


def run_measured(command: list[str], cwd: Path = REPO) -> tuple[float, float, float, str]:
    """Run ``command`` from ``cwd`` (the repository root); its wall seconds, CPU seconds, peak RSS (MB) and
    stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=build_env(), stdout=subprocess.DEVNULL, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        msg = f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-4000:]}"
        raise RuntimeError(msg)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def build(config: Path, site: Path) -> Build:
    """``mkdocs build`` in a subprocess (``python -m``, so the repository's own ``generator`` is used)."""
    if site.exists():
        shutil.rmtree(site)
    seconds, cpu, peak, _ = run_measured(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    )
    files = [p for p in site.rglob("*") if p.is_file()]
    return Build(
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu, 2),
        peak_mb=round(peak, 1),
        site_bytes=sum(p.stat().st_size for p in files),
        site_files=len(files),
        html_pages=sum(p.suffix == ".html" for p in files),
    )


_VALIDATE = """
import json, sys, time, datetime as dt
from pathlib import Path
from generator.site.derive import derive_site
from generator.content.settings import Settings
from generator.content.validate import load_content
from generator.editors.cli import read_plugin_options, settings_from
settings = settings_from(read_plugin_options(Path("mkdocs.yml")))
best = derive = None
for _ in range(3):  # CPU time: validation runs in one process
    start = time.process_time()
    content, errors = load_content(Path(sys.argv[1]), settings)
    seconds = time.process_time() - start
    assert not errors, errors[:5]
    best = seconds if best is None else min(best, seconds)
    start = time.process_time()
    derive_site(content, dt.date(2026, 11, 24))
    took = time.process_time() - start
    derive = took if derive is None else min(derive, took)
print(json.dumps({"validation": best, "derive": derive}))
"""


def measure_validation(content: Path) -> tuple[float, float]:
    """Seconds of ``load_content`` (read and check everything) and of ``derive_site``, best of three.

    Measured in a subprocess.
    """
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _VALIDATE, str(content)],
        cwd=REPO,
        env=build_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return round(data["validation"], 3), round(data["derive"], 3)


_REBUILD = """
import json, logging, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
config_file, site_dir, report, dirty = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4] == "dirty"
serve_url = "http://127.0.0.1:8000/"
# MkDocs warns on every dirty build, which strict mode turns into an error: --dirty needs strict off.
overrides = {"strict": False} if dirty else {}
def get_config():  # what mkdocs serve does on every rebuild
    config = load_config(config_file=config_file, site_dir=site_dir, **overrides)
    config.site_url = serve_url
    return config
def timed_build(config):
    start, wall = time.process_time(), time.perf_counter()
    build(config, serve_url=serve_url, dirty=dirty)
    return time.process_time() - start, time.perf_counter() - wall
config = get_config()
config.plugins.on_startup(command="serve", dirty=dirty)
result = {"first": timed_build(config)}
page = Path(site_dir, "areas", report.parent.name, report.stem, "index.html")
# Two edits an editor makes: to the text of a report, then to its title (which pages across the site show).
text = report.read_text(encoding="utf-8") + "\\nAn editor added this paragraph.\\n"
quote = '"' if 'title: "' in text else ""
edits = {
    "text": (text, "An editor added this paragraph."),
    "title": (text.replace("title: " + quote, "title: " + quote + "Retitled ", 1), "Retitled"),
}
for edit, (new_text, shown) in edits.items():
    time.sleep(1.1)  # a later mtime than the pages just built
    report.write_text(new_text, encoding="utf-8")
    result[edit] = timed_build(get_config())
    assert shown in page.read_text(encoding="utf-8"), f"the changed report was not rebuilt ({edit})"
config.plugins.on_shutdown()
print(json.dumps(result))
"""


def measure_rebuild(config: Path, site: Path, report: Path) -> dict[str, float]:
    """Seconds ``mkdocs serve`` (and ``mkdocs serve --dirty``) takes to rebuild after ``report`` changed: its
    text, then its title. Keys: ``<mode>_<first|text|title>_s`` and ``..._wall_s``, mode ``serve`` or ``dirty``."""
    result: dict[str, float] = {}
    original = report.read_text(encoding="utf-8")
    try:
        for mode in ("serve", "dirty"):
            if site.exists():
                shutil.rmtree(site)
            out = subprocess.run(  # noqa: S603
                [sys.executable, "-c", _REBUILD, str(config), str(site), str(report), mode],
                cwd=REPO,
                env=build_env(),
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                msg = f"rebuild measurement ({mode}) failed:\n{out.stderr[-4000:]}"
                raise RuntimeError(msg)
            data = json.loads(out.stdout.strip().splitlines()[-1])
            for build, (cpu, wall) in data.items():
                result[f"{mode}_{build}_s"] = round(cpu, 2)
                result[f"{mode}_{build}_wall_s"] = round(wall, 2)
            report.write_text(original, encoding="utf-8")
    finally:
        report.write_text(original, encoding="utf-8")
    return result


# -- pages ----------------------------------------------------------------------------------


def page_stats(paths: list[Path], root: Path | None = None) -> PageStats:
    """Size and link count of the HTML files ``paths`` (all must exist)."""
    if not paths:
        return PageStats()
    sizes, links, names = [], [], []
    for path in paths:
        data = path.read_bytes()
        sizes.append(len(data))
        links.append(len(_LINK.findall(data)))
        names.append(path)
    largest = max(range(len(sizes)), key=sizes.__getitem__)
    name = names[largest].relative_to(root).as_posix() if root else names[largest].as_posix()
    return PageStats(len(paths), max(sizes), int(statistics.median(sizes)), max(links), name)


def full_page_stats(site: Path, reports: list[Path]) -> tuple[dict[str, PageStats], dict[str, int]]:
    """Page statistics of the full site by kind, and the size of each page that lists the whole site."""
    report_pages = {site / "areas" / r.parent.name / r.stem / "index.html" for r in reports}
    kinds: dict[str, list[Path]] = {"report": [], "improvement": [], "area": [], "theme": [], "other": []}
    index_pages: dict[str, int] = {}
    for path in sorted(site.rglob("index.html")):
        parts = path.relative_to(site).parts
        if path in report_pages:
            kinds["report"].append(path)
        elif parts[0] == "areas" and len(parts) == 5:
            kinds["improvement"].append(path)
        elif parts[0] == "areas" and len(parts) == 3:
            kinds["area"].append(path)
        elif parts[0] == "themes" and len(parts) == 3:
            kinds["theme"].append(path)
        elif len(parts) <= 2:
            index_pages["/" + "/".join(parts[:-1]) + ("/" if len(parts) > 1 else "")] = path.stat().st_size
        else:
            kinds["other"].append(path)
    search = site / "search" / "search_index.json"
    if search.exists():
        index_pages["search/search_index.json"] = search.stat().st_size
    return {kind: page_stats(paths, site) for kind, paths in kinds.items()}, index_pages


_CHART = re.compile(rb'<svg class="insp-chart__svg[^"]*" role="img".*?</svg>', re.DOTALL)


def chart_stats(site: Path) -> dict[str, int]:
    """How many pages have charts, how many charts, their bytes in all, and the most chart bytes on one page."""
    pages = charts = total = most = 0
    for path in site.rglob("index.html"):
        drawn = [len(m) for m in _CHART.findall(path.read_bytes())]
        if drawn:
            pages, charts, total, most = pages + 1, charts + len(drawn), total + sum(drawn), max(most, sum(drawn))
    return {"pages": pages, "charts": charts, "bytes": total, "largest_page_bytes": most}


def render_charts(report: dict[str, Any]) -> str:
    """The page-size table's rows about charts (inline SVG)."""
    cells = [r.get("charts") or {} for r in report["results"]]
    if not any(cells):
        return ""
    return (
        "\n| pages with charts (charts) | "
        + " | ".join(f"{c.get('pages', 0)} ({c.get('charts', 0)})" for c in cells)
        + " |\n| chart SVG in all, and on the page with most | "
        + " | ".join(f"{_mb(c.get('bytes', 0))}, {c.get('largest_page_bytes', 0) / 1024:.1f} KB" for c in cells)
        + " |"
    )


# -- the report -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = ""
    try:
        kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": cpu or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        # Other work on the machine inflates wall time (and, less, CPU time): say how busy it was.
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def make_report(results: list[SizeResult], sizes: list[int], repeat: int = 1) -> dict[str, Any]:
    by_n = {r.n: r for r in results}
    targets = []
    # The site's own search index is weighed against its own budget (benchmarks/search.py); this one holds for
    # the rest of the build, measured with --without-search.
    for r in results if os.environ.get("INSPECTIONS_BENCH_OFF") == "search" else []:
        targets.append(
            {
                "target": f"full build without its search index at most {MAX_TIME_RATIO}x the plain build's time "
                f"(N = {r.n})",
                "measured": f"{r.full.seconds:.1f} s / {r.plain.seconds:.1f} s = {r.ratio:.2f}x "
                f"(CPU: {r.cpu_ratio:.2f}x; the next build: {r.next_ratio:.2f}x)",
                "holds": r.ratio <= MAX_TIME_RATIO,
            }
        )
    if 200 in by_n and 2000 in by_n:
        scaling = by_n[2000].full.seconds / by_n[200].full.seconds
        cpu = by_n[2000].full.cpu_seconds / by_n[200].full.cpu_seconds
        targets.append(
            {
                "target": f"T(2000) / T(200) of the full build at most {MAX_SCALING} (linear)",
                "measured": f"{by_n[2000].full.seconds:.1f} s / {by_n[200].full.seconds:.1f} s "
                f"= {scaling:.2f} (CPU: {cpu:.2f})",
                "holds": scaling <= MAX_SCALING,
            }
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        for kind in ("report", "improvement"):
            a, b = small.pages[kind], large.pages[kind]
            if a.count and b.count:
                targets.append(
                    {
                        "target": f"the largest {kind} page does not grow with N "
                        f"(N = {small.n} -> {large.n}, within {PAGE_GROWTH_MARGIN:.2f}x)",
                        "measured": f"{a.max_bytes / 1024:.1f} KB, {a.max_links} links "
                        f"-> {b.max_bytes / 1024:.1f} KB, {b.max_links} links",
                        "holds": b.max_bytes <= a.max_bytes * PAGE_GROWTH_MARGIN
                        and b.max_links <= a.max_links * PAGE_GROWTH_MARGIN,
                    }
                )
    if 2000 in by_n:
        peak = by_n[2000].full.peak_mb
        targets.append(
            {
                "target": "peak memory of the full build at N = 2000 under 1.5 GB",
                "measured": f"{peak:.0f} MB",
                "holds": peak < MAX_PEAK_MB,
            }
        )
    # Per thousand reports at the largest N: at small N the fixed costs (imports aside) dominate the quotient.
    big = results[-1]
    targets.append(
        {
            "target": f"content validation alone under {MAX_VALIDATION_S_PER_1000:.0f} s per 1,000 reports "
            f"(N = {big.n})",
            "measured": f"{big.validation_per_1000:.2f} s per 1,000 ({big.validation_seconds:.2f} s)",
            "holds": big.validation_per_1000 < MAX_VALIDATION_S_PER_1000,
        }
    )
    targets += search_targets(results)
    largest = results[-1]
    if largest.rebuild:
        rb = largest.rebuild
        targets.append(
            {
                "target": "`make serve` (mkdocs serve --dirty) rebuilds after a change to one report in a few "
                f"seconds (at most {MAX_REBUILD_S:.0f} s, N = {largest.n}): its text, then its title",
                "measured": f"{rb['dirty_text_s']:.1f} s (text), {rb['dirty_title_s']:.1f} s (title)",
                "holds": max(rb["dirty_text_s"], rb["dirty_title_s"]) <= MAX_REBUILD_S,
            }
        )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks.run"
        + ("" if tuple(sizes) == DEFAULT_SIZES else f" --sizes {','.join(map(str, sizes))}")
        + ("" if repeat == 1 else f" --repeat {repeat}"),
        "machine": machine(),
        "time": TIME,
        "builds_per_n": {str(n): repeats(n, repeat) for n in sizes},
        "results": [
            {
                **asdict(r),
                "ratio": round(r.ratio, 3),
                "cpu_ratio": round(r.cpu_ratio, 3),
                "next_ratio": round(r.next_ratio, 3),
                "validation_per_1000": round(r.validation_per_1000, 3),
            }
            for r in results
        ],
        "targets": targets,
    }


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def render_table(report: dict[str, Any]) -> str:
    head = (
        "| N | pages (full / plain) | time full (wall / CPU) | time plain (wall / CPU) | ratio (wall / CPU) "
        "| the next full build (wall, ratio) | peak RSS full | peak RSS plain | site full | site plain "
        "| largest report page | validation per 1,000 |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for r in report["results"]:
        full, plain, page = r["full"], r["plain"], r["pages"]["report"]
        rows.append(
            f"| {r['n']} | {full['html_pages']} / {plain['html_pages']} "
            f"| {full['seconds']:.1f} s / {full['cpu_seconds']:.1f} s "
            f"| {plain['seconds']:.1f} s / {plain['cpu_seconds']:.1f} s | {r['ratio']:.2f}x / {r['cpu_ratio']:.2f}x "
            f"| {r['full_next']['seconds']:.1f} s, {r['next_ratio']:.2f}x "
            f"| {full['peak_mb']:.0f} MB | {plain['peak_mb']:.0f} MB "
            f"| {_mb(full['site_bytes'])}, {full['site_files']} files "
            f"| {_mb(plain['site_bytes'])}, {plain['site_files']} files "
            f"| {page['max_bytes'] / 1024:.1f} KB, {page['max_links']} links | {r['validation_per_1000']:.2f} s |"
        )
    return head + "\n".join(rows)


def render_pages(report: dict[str, Any]) -> str:
    sizes = [r["n"] for r in report["results"]]
    head = "| page | " + " | ".join(f"N = {n}" for n in sizes) + " |\n|---|" + "---:|" * len(sizes) + "\n"
    rows = []
    for kind in ("report", "improvement", "area", "theme", "other"):
        cells = [r["pages"][kind] for r in report["results"]]
        if any(c["count"] for c in cells):
            rows.append(
                f"| largest {kind} page | "
                + " | ".join(
                    f"{c['max_bytes'] / 1024:.1f} KB, {c['max_links']} links" if c["count"] else "-" for c in cells
                )
                + " |"
            )
    rows.append(
        "| largest plain report page | "
        + " | ".join(
            f"{r['plain_report_pages']['max_bytes'] / 1024:.1f} KB, {r['plain_report_pages']['max_links']} links"
            for r in report["results"]
        )
        + " |"
    )
    names = sorted(
        {name for r in report["results"] for name in r["index_pages"]}, key=lambda s: (s.endswith(".json"), s)
    )
    for name in names:
        rows.append(
            f"| `{name}` | "
            + " | ".join(f"{r['index_pages'].get(name, 0) / 1024:.1f} KB" for r in report["results"])
            + " |"
        )
    return head + "\n".join(rows) + render_charts(report)


def render_markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    builds = ", ".join(f"{count} (N = {n})" for n, count in report.get("builds_per_n", {}).items())
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    targets = "\n".join(
        f"| {t['target']} | {t['measured']} | {'holds' if t['holds'] else '**does not hold**'} |"
        for t in report["targets"]
    )
    timing = "\n".join(
        f"| {r['n']} | {r['validation_seconds']:.2f} s | {r['validation_per_1000']:.2f} s "
        f"| {r['derive_seconds']:.3f} s |"
        for r in report["results"]
    )
    rebuild = ""
    for r in report["results"]:
        if r["rebuild"]:
            rb = r["rebuild"]
            rows = "\n".join(
                f"| {name} | {rb[f'{mode}_text_s']:.1f} s ({rb[f'{mode}_text_wall_s']:.1f} s) "
                f"| {rb[f'{mode}_title_s']:.1f} s ({rb[f'{mode}_title_wall_s']:.1f} s) "
                f"| {rb[f'{mode}_first_s']:.1f} s |"
                for mode, name in (("dirty", "`mkdocs serve --dirty` (`make serve`)"), ("serve", "`mkdocs serve`"))
            )
            rebuild = (
                textwrap.dedent(f"""
                ## Live preview (N = {r["n"]})

                CPU time for `mkdocs serve` to rebuild after an edit to one report's text, then to its title
                (shown on its area's pages, the listings and the pages of related reports), wall time in
                brackets, and of its first build. `--dirty` runs with strict mode off: MkDocs warns on every
                dirty build.

                | mode | rebuild after a text edit | after a title edit | first build |
                |---|---:|---:|---:|
                """)
                + rows
                + "\n"
            )
    return f"""# Benchmark results

Produced by `{report["command"]}` on {report["date"]}; see [README.md](README.md) for what is measured and how.

Machine: {m["cpu"]}, {m["cores"]} cores, {m["memory"]} memory; {m["os"]}; Python {m["python"]}; {versions}.
Load average at the end of the run (1, 5, 15 minutes): {", ".join(map(str, m.get("load_average", [])))}.

*Full* is the real site built from N synthetic reports over the 32 areas (report, area-for-improvement, area,
theme and index pages, open data, search). *Plain* is a plain MkDocs Material site of the same report bodies,
one page each, kept out of the navigation, with the same theme settings, Markdown extensions and search plugin.
Each build runs in its own process. Time is wall-clock time, what an editor or CI waits for: the full build shares
its generated pages with processes it forks, one per core, so its CPU time (user + system of the build and of the
processes it forked, shown next to it) is more than its wall time; the plain build runs on one core, as MkDocs does.
The full build's time and the targets are those of a build with nothing kept from an earlier one (as on CI); *the
next full build* is the one after it, which finds the compiled templates that build kept in
`.cache/` (as an editor's next build does). Each was built {builds} times, in rounds of a full, its next and a plain
build one after the other (the plain one first in every other round); the times shown are each build's median, the
ratios the median of each round's ratio.
Peak RSS is the largest resident memory of the build or of any process it forked (which share most of its memory).

{render_table(report)}

## Targets

| target | measured | |
|---|---|---|
{targets}

## Page sizes

The HTML of the largest page of each kind (bytes of `index.html`, and its number of `<a>` links), and of the pages
that list the whole site.

{render_pages(report)}

## Validation

Content validation alone: `load_content` (read, check and cross-reference every file), then `derive_site`
(statuses, due dates): CPU time, best of three, in a separate process.

| N | validation | per 1,000 reports | derive |
|---:|---:|---:|---:|
{timing}
{rebuild}"""


def _row_text(r: SizeResult) -> str:
    return (
        f"N = {r.n}: full {r.full.seconds:.1f} s wall, {r.full.cpu_seconds:.1f} s CPU "
        f"({r.full.peak_mb:.0f} MB, {r.full.html_pages} pages), "
        f"plain {r.plain.seconds:.1f} s wall, {r.plain.cpu_seconds:.1f} s CPU "
        f"({r.plain.peak_mb:.0f} MB, {r.plain.html_pages} pages), "
        f"ratio {r.ratio:.2f}x (the next build: {r.full_next.seconds:.1f} s, {r.next_ratio:.2f}x); "
        f"largest report page {r.pages['report'].max_bytes / 1024:.1f} KB / {r.pages['report'].max_links} links; "
        f"validation {r.validation_seconds:.2f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
