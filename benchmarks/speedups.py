"""Each speed-up of the full build on and off, at one N: whether it pays for the code it takes.

    .venv/bin/python -m benchmarks.speedups                    # N = 1000, 3 rounds (about 20 minutes)
    .venv/bin/python -m benchmarks.speedups --n 200 --repeat 1 # a quick look

Every build runs in its own process (as in ``benchmarks.run``) with ``INSPECTIONS_BENCH_OFF`` naming the
speed-up turned off (the plugin reads it; nothing else sets it). In each round, each switch's builds run right
next to builds with all on, in alternating order, and what the speed-up saves is the median over rounds of what
it saves in its round: this kind of virtual machine runs faster after idling and slows within seconds of steady
work, so only builds close in time compare. The first build has nothing kept in ``.cache/`` (as on CI), the next
finds what the first kept (as an editor's next build).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.build import CACHE_DIR

from .run import Build, build, warm_up, write_full_project
from .synthetic import write_synthetic_content

# The switches the plugin knows (generator/plugin/config.py).
SWITCHES = ("workers", "freeze", "fragments", "templates", "ahead", "search", "charts")

# A round of one switch: "on" (all on) and "off", each a "first" and a "next" build.
Round = dict[str, dict[str, Build]]


@contextlib.contextmanager
def turned_off(switch: str) -> Iterator[None]:
    """``switch`` added to ``INSPECTIONS_BENCH_OFF`` for the builds started in this block (so that
    ``INSPECTIONS_BENCH_OFF=search python -m benchmarks.speedups`` weighs each speed-up of the build without its
    search index)."""
    before = os.environ.get("INSPECTIONS_BENCH_OFF")
    os.environ["INSPECTIONS_BENCH_OFF"] = ",".join(x for x in (before, switch) if x)
    try:
        yield
    finally:
        if before is None:
            del os.environ["INSPECTIONS_BENCH_OFF"]
        else:
            os.environ["INSPECTIONS_BENCH_OFF"] = before


def measure(n: int, repeat: int, switches: list[str], work: Path) -> dict[str, list[Round]]:
    """For each switch, ``repeat`` rounds of a build with it off next to one with all on (the first build with
    nothing kept and the next), one after the other, the one with all on first in every other round."""
    config = write_full_project(work / "full", write_synthetic_content(work / "content", n, 0))
    site = work / "full" / "site"

    def first_and_next(switch: str) -> dict[str, Build]:
        with turned_off(switch):
            shutil.rmtree(work / "full" / CACHE_DIR, ignore_errors=True)
            return {"first": build(config, site), "next": build(config, site)}

    runs: dict[str, list[Round]] = {s: [] for s in switches}
    for round_ in range(repeat):
        for switch in switches:
            print(f"round {round_ + 1}/{repeat}: {switch} off, and all on ...", flush=True)
            order = [switch, ""] if round_ % 2 else ["", switch]
            pair = {name: first_and_next(name) for name in order}
            runs[switch].append({"on": pair[""], "off": pair[switch]})
    return runs


def table(n: int, runs: dict[str, list[Round]]) -> str:
    """The results as a Markdown table: for each switch, the median build with it off and with all on, and the
    median over rounds of what turning it on saves (positive: the speed-up pays)."""
    lines = [
        f"| N = {n}: turned off | first build off / on (wall) | gain | CPU off / on | gain | next build: gain |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for switch, rounds in runs.items():

        def med(state: str, build: str, attr: str, rounds: list[Round] = rounds) -> float:
            return statistics.median(getattr(r[state][build], attr) for r in rounds)

        def gain(build: str, attr: str, rounds: list[Round] = rounds) -> float:
            return statistics.median(
                (getattr(r["off"][build], attr) - getattr(r["on"][build], attr)) / getattr(r["off"][build], attr)
                for r in rounds
            )

        lines.append(
            f"| {switch} | {med('off', 'first', 'seconds'):.2f} s / {med('on', 'first', 'seconds'):.2f} s "
            f"| {gain('first', 'seconds'):+.1%} | {med('off', 'first', 'cpu_seconds'):.2f} s / "
            f"{med('on', 'first', 'cpu_seconds'):.2f} s | {gain('first', 'cpu_seconds'):+.1%} "
            f"| {gain('next', 'seconds'):+.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speedups", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median counts (default: %(default)s)")
    parser.add_argument("--switches", default=",".join(SWITCHES), help="comma-separated (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    switches = [s for s in args.switches.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="inspections-speedups-") as tmp:
        warm_up(Path(tmp) / "warm")
        runs = measure(args.n, args.repeat, switches, Path(tmp) / "n")
    print(table(args.n, runs))
    if args.json:
        data = {
            s: [{state: {k: vars(b) for k, b in r[state].items()} for state in r} for r in rs] for s, rs in runs.items()
        }
        args.json.write_text(json.dumps({"n": args.n, "repeat": args.repeat, "rounds": data}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
