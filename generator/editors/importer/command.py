"""``inspections import PATH``: read a publication, write its draft report file, say what is left to do."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, TextIO

from ...content.validate import SLUG, load_content
from .errors import ImportFailed
from .extract import UnknownArea, draft_from
from .readers import read_publication
from .writer import CHECK, render

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ...content.errors import SourceError
    from ...content.settings import Settings
    from ...site.derive import Site
    from .draft import Draft


def run(
    source: Path, site: Site, settings: Settings, content_dir: Path, shown_root: Path, **options: str | None
) -> int:
    """The command: write the draft, print its path and what is left to do; 2 (nothing written) on failure."""
    try:
        path, _draft = import_publication(source, site, settings, content_dir, progress_to=sys.stderr, **options)
    except ImportFailed as error:
        print(f"inspections import: {error}", file=sys.stderr)
        return 2
    print(f"wrote {_shown(path, shown_root)}")
    todo = remaining(path, content_dir, settings, shown_root)
    for item in todo:
        print(item)
    print(f"{len(todo)} thing(s) to check before publishing" if todo else "nothing left to check", file=sys.stderr)
    return 0


def import_publication(
    source: Path,
    site: Site,
    settings: Settings,
    content_dir: Path,
    *,
    area: str | None = None,
    report_type: str | None = None,
    slug: str | None = None,
    progress_to: TextIO | None = None,
) -> tuple[Path, Draft]:
    """Write the draft report file for ``source``; ImportFailed (nothing written) when it cannot."""
    if area is not None and area not in site.areas:
        known = ", ".join(site.areas) or "none yet"
        msg = f"there is no area {area!r} (areas: {known}): add it first with `inspections new area`"
        raise ImportFailed(msg)
    if report_type is not None and report_type not in settings.report_types:
        msg = f"{report_type!r} is not a report type: use one of {', '.join(settings.report_types)}"
        raise ImportFailed(msg)
    blocks, kind = read_publication(source, progress_reporter(progress_to) if progress_to else None)
    try:
        draft = draft_from(blocks, site, settings, area=area, report_type=report_type)
    except UnknownArea as error:
        raise ImportFailed(str(error)) from error
    draft.source_format = {"Text": "", "Word": "Word"}.get(kind, kind)
    slug = slug or (f"{draft.published.value}-{draft.type.value}" if draft.published.value else draft.type.value)
    if not SLUG.match(slug):
        msg = f"{slug!r} is not a valid report slug: give one with --slug (lowercase letters, digits, single hyphens)"
        raise ImportFailed(msg)
    path = content_dir / "reports" / draft.area / f"{slug}.md"
    if path.exists():
        msg = f"{path} already exists and is not overwritten: give another name with --slug"
        raise ImportFailed(msg)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(draft), encoding="utf-8")
    return path, draft


def remaining(path: Path, content_dir: Path, settings: Settings, shown_root: Path) -> list[str]:
    """What is left to do in the new file: its ``# check:`` comments and the content check's errors on it,
    each as ``path:line: key: ...``, in line order."""
    shown = _shown(path, shown_root)
    items: list[tuple[int, str]] = []
    keys: list[str] = []
    in_front = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line == "---":
            if in_front:
                break
            in_front = True
            continue
        key = _key_path(line, keys)
        if CHECK in line:
            items.append((number, f"{shown}:{number}: {key}: {line.split(CHECK, 1)[1]}"))
    _content, errors = load_content(content_dir.resolve(), settings, shown_root)
    flagged = {number for number, _ in items}
    items += [(e.line, str(e)) for e in errors if _same(e, shown) and e.line not in flagged]
    return [text for _, text in sorted(items, key=lambda item: item[0])]


def _same(error: SourceError, shown: str) -> bool:
    return error.path == shown


def _shown(path: Path, root: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(resolved)


def _key_path(line: str, state: list[str]) -> str:
    """The key path (``progress[2].rating``) of a front-matter line; ``state`` keeps the current top-level entry."""
    match = re.match(r"^(\s*)(- )?([A-Za-z_]+):", line)
    if not match:
        return state[0] if state else "front matter"
    indent, dash, name = len(match.group(1)), match.group(2), match.group(3)
    if indent == 0 and not dash:
        state[:] = [name]
        return name
    top = state[0] if state else ""
    if dash:
        top = _bump(top)
        state[:] = [top]
    return f"{top}.{name}"


def _bump(key: str) -> str:
    match = re.match(r"^(\w+)(?:\[(\d+)\])?$", key)
    if not match:
        return key
    number = int(match.group(2)) + 1 if match.group(2) is not None else 0
    return f"{match.group(1)}[{number}]"


def progress_reporter(stream: TextIO) -> Callable[[int, int], None]:
    """A progress bar on a terminal, a plain line every ten pages otherwise; nothing for short files."""
    tty = stream.isatty()

    def report(done: int, total: int) -> None:
        if total < 5:
            return
        if tty:
            filled = int(30 * done / total)
            stream.write(f"\rreading page {done}/{total} [{'#' * filled}{' ' * (30 - filled)}]")
            if done == total:
                stream.write("\n")
        elif done % 10 == 0 or done == total:
            stream.write(f"read page {done} of {total}\n")
        stream.flush()

    return report


__all__ = ["ImportFailed", "import_publication", "progress_reporter", "remaining", "run"]
