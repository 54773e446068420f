"""Another revision of the code beside this one: full / plain ratios of both, measured in the same rounds.

    .venv/bin/python -m benchmarks.compare 4759de8              # N = 200, 8 rounds (about 3 minutes)
    .venv/bin/python -m benchmarks.compare 4759de8 --n 1000 --rounds 4

Whether a change made the build slower cannot be read from results measured on another day: on this kind of
virtual machine the same code's ratio moves by a tenth with the state of the host. So the other revision is
checked out beside this one (a git worktree), each writes its own synthetic site of N reports and its plain
twin, and every round builds, for each revision in turn (in alternating order), the full site with nothing
kept, its next build and the plain site, one after the other (the plain one first in every other round), as
``benchmarks.run`` does. Printed: for each revision, the median over rounds of its rounds' ratios. This
revision's full site is built without its search index (``INSPECTIONS_BENCH_OFF=search``), to compare with
revisions from before it had one; the other revision is built as it is.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.build import CACHE_DIR

from .run import REPO, Build, build_env, run_measured
from .speedups import turned_off

# What each revision runs, in its own tree, to write its projects: (content, full mkdocs.yml, plain mkdocs.yml).
_WRITE = """
import sys
from pathlib import Path
from benchmarks.run import write_full_project, write_plain_project
from benchmarks.synthetic import write_synthetic_content
work, n = Path(sys.argv[1]), int(sys.argv[2])
content = write_synthetic_content(work / "content", n, 0)
print(write_full_project(work / "full", content))
print(write_plain_project(work / "plain", content))
"""


def write_projects(tree: Path, work: Path, n: int) -> tuple[Path, Path]:
    """The full and plain projects of ``n`` reports, written by the code of ``tree``."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _WRITE, str(work), str(n)], cwd=tree, env=build_env(), check=True, capture_output=True
    )
    full, plain = output.stdout.decode().split()
    return Path(full), Path(plain)


def build_in(tree: Path, config: Path, *, keep: bool = False, search: bool = True) -> Build:
    """``mkdocs build`` of ``config`` with the code of ``tree``; ``keep``: with what the last build kept."""
    site = config.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    if not keep:
        shutil.rmtree(config.parent / CACHE_DIR, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with turned_off("" if search else "search"):
        seconds, cpu, peak, _ = run_measured(command, cwd=tree)
    return Build(seconds=seconds, cpu_seconds=cpu, peak_mb=peak, site_bytes=0, site_files=0, html_pages=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the other revision (a commit, tag or branch)")
    parser.add_argument("--n", type=int, default=200, help="number of reports (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=8, help="rounds; the median counts (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="inspections-compare-") as tmp:
        other = Path(tmp) / "other"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), args.revision], cwd=REPO, check=True)  # noqa: S603, S607
        try:
            trees = {args.revision: other, "this": REPO}
            projects = {name: write_projects(tree, Path(tmp) / name, args.n) for name, tree in trees.items()}
            ratios: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
            for round_ in range(args.rounds):
                for name in list(trees)[:: -1 if round_ % 2 else 1]:
                    tree, (full, plain) = trees[name], projects[name]
                    search = name != "this"
                    plain_first = build_in(tree, plain) if round_ % 2 else None
                    first = build_in(tree, full, search=search)
                    after = build_in(tree, full, keep=True, search=search)
                    base = plain_first or build_in(tree, plain)
                    ratios[name].append(
                        (
                            first.seconds / base.seconds,
                            first.cpu_seconds / base.cpu_seconds,
                            after.seconds / base.seconds,
                        )
                    )
                    print(
                        f"round {round_ + 1}/{args.rounds} {name}: full {first.seconds:.2f} s, next "
                        f"{after.seconds:.2f} s, plain {base.seconds:.2f} s",
                        flush=True,
                    )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=REPO, check=False)  # noqa: S603, S607
    for name, rounds in ratios.items():
        wall, cpu, following = (statistics.median(r[i] for r in rounds) for i in range(3))
        print(f"{name}: full / plain {wall:.3f}x wall, {cpu:.3f}x CPU; the next build {following:.3f}x (N = {args.n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
