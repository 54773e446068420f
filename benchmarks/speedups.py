"""Each speed-up of the full build on and off, at one N: whether it pays for the code it takes.

    .venv/bin/python -m benchmarks.speedups                    # N = 1000, 3 rounds
    .venv/bin/python -m benchmarks.speedups --n 200 --repeat 1 # a quick look

Every build runs in its own process (as in ``benchmarks.run``) with ``INSPECTIONS_BENCH_OFF`` naming the
speed-up turned off (the plugin reads it; nothing else sets it). The builds of one round run one after the
other, alternately, so that all see the same load; the fastest of each counts. The first build of a round has
nothing kept in ``.cache/`` (as on CI), the next finds what the first kept (as an editor's next build).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.build import CACHE_DIR

from .run import Build, build, warm_up, write_full_project
from .synthetic import write_synthetic_content

# The switches the plugin knows (generator/plugin/config.py), and the reference: all on.
SWITCHES = ("", "workers", "freeze", "fragments", "templates", "ahead", "search", "charts")


@contextlib.contextmanager
def turned_off(switch: str) -> Iterator[None]:
    """``INSPECTIONS_BENCH_OFF=switch`` for the builds started in this block."""
    before = os.environ.get("INSPECTIONS_BENCH_OFF")
    os.environ["INSPECTIONS_BENCH_OFF"] = switch
    try:
        yield
    finally:
        if before is None:
            del os.environ["INSPECTIONS_BENCH_OFF"]
        else:
            os.environ["INSPECTIONS_BENCH_OFF"] = before


def measure(n: int, repeat: int, switches: list[str], work: Path) -> dict[str, dict[str, Build]]:
    """The fastest first and next build of the full site at ``n`` with each switch off."""
    config = write_full_project(work / "full", write_synthetic_content(work / "content", n, 0))
    site = work / "full" / "site"
    runs: dict[str, dict[str, list[Build]]] = {s: {"first": [], "next": []} for s in switches}
    for round_ in range(repeat):
        for switch in switches:
            print(f"round {round_ + 1}/{repeat}: {switch or 'all on'} ...", flush=True)
            with turned_off(switch):
                shutil.rmtree(work / "full" / CACHE_DIR, ignore_errors=True)
                runs[switch]["first"].append(build(config, site))
                runs[switch]["next"].append(build(config, site))
    return {s: {k: min(b, key=lambda x: x.seconds) for k, b in r.items()} for s, r in runs.items()}


def table(n: int, best: dict[str, dict[str, Build]]) -> str:
    """The results as a Markdown table: each switch off against all on (positive: the speed-up pays)."""
    on = best[""]
    lines = [
        f"| N = {n}: turned off | first build (wall / CPU) | gain when on | next build (wall) | gain when on |",
        "|---|---:|---:|---:|---:|",
    ]
    for switch, builds in best.items():
        first, after = builds["first"], builds["next"]
        gain = (first.seconds - on["first"].seconds) / first.seconds
        gain_next = (after.seconds - on["next"].seconds) / after.seconds
        lines.append(
            f"| {switch or '(all on)'} | {first.seconds:.2f} s / {first.cpu_seconds:.2f} s | {gain:+.1%} "
            f"| {after.seconds:.2f} s | {gain_next:+.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speedups", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the fastest counts (default: %(default)s)")
    parser.add_argument("--switches", default=",".join(SWITCHES[1:]), help="comma-separated (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    switches = ["", *(s for s in args.switches.split(",") if s)]
    with tempfile.TemporaryDirectory(prefix="inspections-speedups-") as tmp:
        warm_up(Path(tmp) / "warm")
        best = measure(args.n, args.repeat, switches, Path(tmp) / "n")
    print(table(args.n, best))
    if args.json:
        data = {s: {k: vars(b) for k, b in r.items()} for s, r in best.items()}
        args.json.write_text(json.dumps({"n": args.n, "repeat": args.repeat, "builds": data}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
