"""Command line for editors: ``inspections check`` (also ``python -m generator check``).

Runs the same validation as the site build, without building, and prints
every mistake as ``path:line: key: message``. No MkDocs import.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..content.dates import DateFormatError, PartialDate, reference_date
from ..content.errors import ContentError
from ..content.model import Content
from ..content.settings import DEFAULT_RATINGS, DEFAULT_REPORT_TYPES, Settings
from ..content.validate import THEMES_FILE, UNKNOWN_DATE, load_content
from ..site import read_site
from .importer import run as run_import
from .scaffold import ScaffoldError, new_area, new_report

PLUGIN_NAME = "inspections"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspections", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check all content and print every mistake")
    check.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    check.add_argument("--content", help="the content folder (default: the plugin's content_dir)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: %(default)s)"
    )
    check.set_defaults(run=_check)

    new = commands.add_parser("new", help="write a new content file to start from")
    kinds = new.add_subparsers(required=True, metavar="KIND")
    report = kinds.add_parser("report", help="a new publication: inspections new report AREA TYPE")
    report.add_argument("area", help="the area's slug, e.g. moray")
    report.add_argument("type", help="the report type, e.g. progress-review")
    report.add_argument(
        "--published",
        help="its date as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD, or unknown "
        "(default: left empty for you to fill in, so check fails until you do)",
    )
    report.add_argument(
        "--slug",
        help="the file name without .md (default: <published>-<type>, or <this month>-<type> without --published)",
    )
    report.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    report.set_defaults(run=_new_report)
    area = kinds.add_parser("area", help="a new area: inspections new area SLUG --name NAME")
    area.add_argument("slug", help="the area's slug, e.g. south-ayrshire")
    area.add_argument("--name", required=True, help="its display name, e.g. 'South Ayrshire'")
    area.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    area.set_defaults(run=_new_area)
    imported = commands.add_parser("import", help="a publication (PDF, .docx, HTML, text) to a draft report file")
    imported.add_argument("path", type=Path, help="the publication's file")
    imported.add_argument("--area", help="the area's slug (default: the area the text names most)")
    imported.add_argument("--type", help="the report type (default: what the text says it is)")
    imported.add_argument("--slug", help="the file name without .md (default: <published>-<type>)")
    imported.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    imported.set_defaults(run=_import)
    return parser


def _import(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    options = read_plugin_options(config_path)
    settings = settings_from(options)
    content_dir = config_path.resolve().parent / str(options.get("content_dir", "content"))
    shown_root = Path.cwd().resolve()
    try:
        site = read_site(content_dir, settings, reference_date(dict(os.environ)), shown_root=shown_root)
    except ContentError as error:
        for item in error.errors:
            print(item)
        print("fix the content errors above before importing", file=sys.stderr)
        return 1
    options = {"area": args.area, "report_type": args.type, "slug": args.slug}
    return run_import(args.path, site, settings, content_dir, shown_root, **options)


def _check(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    try:
        options = read_plugin_options(config_path)
        settings = settings_from(options)
        reference_date(dict(os.environ))
    except (OSError, ValueError, yaml.YAMLError, DateFormatError) as error:
        print(f"{config_path}: {error}", file=sys.stderr)
        return 2
    root = config_path.resolve().parent
    content_dir = Path(args.content) if args.content else root / str(options.get("content_dir", "content"))
    shown_root = Path.cwd().resolve()
    content, errors = load_content(content_dir.resolve(), settings, shown_root)
    checked = _count_files(content_dir)
    notes = _notes(content, content_dir)
    if args.format == "json":
        print(json.dumps({"errors": [e.as_dict() for e in errors], "files": checked}, indent=2, ensure_ascii=False))
    else:
        for item in errors:
            print(item)
        for note in notes:
            print(f"note: {note}")
        files = f"{checked} file{'' if checked == 1 else 's'} checked"
        if errors:
            print(f"{files}: {len(errors)} content error(s)", file=sys.stderr)
        else:
            print(f"{files}: no problems")
    return 1 if errors else 0


def _notes(content: Content, content_dir: Path) -> list[str]:
    """What is allowed but may be a mistake: themes named from their ids because there is no themes.yml."""
    if not content.themes or (content_dir / THEMES_FILE).is_file():
        return []
    named = ", ".join(f"{theme.slug!r} ({theme.name})" for theme in content.themes.values())
    return [
        f"there is no {content_dir.name}/{THEMES_FILE}, so the themes are named from their ids: {named} — "
        f"create {content_dir.name}/{THEMES_FILE} to give them names and descriptions"
    ]


def _count_files(content_dir: Path) -> int:
    """The files ``check`` looked at (hidden ones are not content)."""
    if not content_dir.is_dir():
        return 0
    return sum(
        1
        for path in content_dir.rglob("*")
        if not any(part.startswith(".") for part in path.relative_to(content_dir).parts) and path.is_file()
    )


def _new_report(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    options = read_plugin_options(config_path)
    settings = settings_from(options)
    content_dir = config_path.resolve().parent / str(options.get("content_dir", "content"))
    today = reference_date(dict(os.environ))
    published = args.published or ""
    slug = args.slug or (None if published else f"{today.year:04d}-{today.month:02d}-{args.type}")
    try:
        if published not in {"", UNKNOWN_DATE}:
            PartialDate.parse(published)
        site = read_site(content_dir, settings, today, shown_root=Path.cwd().resolve())
        path = new_report(site, settings, content_dir, args.area, args.type, published=published, slug=slug)
    except ContentError as error:
        for item in error.errors:
            print(item)
        print("fix the content errors above before adding a report", file=sys.stderr)
        return 1
    except (ScaffoldError, DateFormatError) as error:
        print(f"inspections new report: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path.relative_to(Path.cwd().resolve()) if path.is_relative_to(Path.cwd().resolve()) else path}")
    return 0


def _new_area(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    options = read_plugin_options(config_path)
    content_dir = config_path.resolve().parent / str(options.get("content_dir", "content"))
    try:
        path = new_area(content_dir, args.slug, args.name)
    except ScaffoldError as error:
        print(f"inspections new area: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path.relative_to(Path.cwd().resolve()) if path.is_relative_to(Path.cwd().resolve()) else path}")
    return 0


def read_plugin_options(config_path: Path) -> dict[str, Any]:
    """The ``inspections`` plugin's options from ``mkdocs.yml`` (empty when it has none)."""
    with config_path.open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader that ignores MkDocs' tags
    for plugin in (config or {}).get("plugins", []) or []:
        if plugin == PLUGIN_NAME:
            return {}
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return dict(plugin[PLUGIN_NAME] or {})
    if isinstance(config.get("plugins"), dict) and PLUGIN_NAME in config["plugins"]:
        return dict(config["plugins"][PLUGIN_NAME] or {})
    msg = f"the {PLUGIN_NAME!r} plugin is not enabled in this file"
    raise ValueError(msg)


def settings_from(options: dict[str, Any]) -> Settings:
    """The checking settings that the plugin options describe."""
    notice = options.get("default_notice", "none")
    return Settings(
        report_types=tuple(options.get("report_types", DEFAULT_REPORT_TYPES)),
        ratings=tuple(options.get("ratings", DEFAULT_RATINGS)),
        default_notice=None if notice in (None, "none") else str(notice),
    )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, treating MkDocs' own tags (``!ENV``, ``!!python/name``) as plain values."""


def _ignore_tag(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
