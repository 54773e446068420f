"""Read content files into raw documents, keeping the line of every key.

PyYAML's SafeLoader composes the node tree; we convert it ourselves so that
each key keeps its line (for error messages), duplicate keys are caught
(PyYAML would silently keep the last), and dates stay exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SourceError

KeyPath = tuple[str | int, ...]
_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")


@dataclass(slots=True)
class RawDocument:
    """A parsed content file before validation.

    Attributes:
        path: the path shown in messages (relative to the project root).
        data: the front matter (or the whole YAML file) as plain Python values.
        lines: 1-based line of each key path, e.g. ``("progress", 0, "afi")``.
        body: the Markdown after the front matter ("" for YAML files).
        body_line: the line on which the body starts.
        body_errors: what the checks of the body found, once they ran (the body never changes, and the
            live preview keeps documents of unchanged files from one rebuild to the next).
        checked: likewise, what validating the whole file gave, for validation to reuse.
    """

    path: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    body_errors: list[SourceError] | None = None
    checked: Any = None  # what validation made of the file, and under which conditions (validate.py)

    def line(self, *path: str | int) -> int:
        """The line of ``path``, or of its nearest enclosing key that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_text(path: Path, shown: str, errors: list[SourceError], what: str = "its front matter") -> str | None:
    """The file as text, or None after recording why it cannot be read (``what`` an empty file needs)."""
    try:
        raw = path.read_bytes()
    except OSError as error:  # a broken link, a folder named like a file, no permission
        reason = error.strerror or type(error).__name__
        errors.append(SourceError(shown, 0, "", f"the file cannot be read ({reason}) — replace or delete it"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        errors.append(
            SourceError(shown, line, "", f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}) — save it as UTF-8")
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        errors.append(SourceError(shown, 1, "", f"the file is empty — add {what}, or delete the file"))
        return None
    return text


def load_markdown(path: Path, shown: str, errors: list[SourceError]) -> RawDocument | None:
    """Split a Markdown file into front matter and body; None after recording an error."""
    text = read_text(path, shown, errors)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    if not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        errors.append(
            SourceError(
                shown,
                1,
                "",
                "the file must start with a '---' line opening its front matter — add that line at the top",
            )
        )
        return None
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        errors.append(
            SourceError(shown, 1, "", "the front matter is never closed — add a '---' line after the last key")
        )
        return None
    document = load_yaml("".join(lines[1:end]), shown, errors, first_line=2)
    if document is None:
        return None
    document.body = "".join(lines[end + 1 :])
    document.body_line = end + 2
    return document


def load_yaml_file(path: Path, shown: str, errors: list[SourceError], what: str) -> RawDocument | None:
    """Read a whole YAML file (``notices.yml``, ``themes.yml``); ``what`` says which keys an empty one needs."""
    text = read_text(path, shown, errors, what)
    return None if text is None else load_yaml(text, shown, errors, first_line=1)


# libyaml's parser (when PyYAML has it) reads the same YAML about ten times faster; the pure-Python
# parser words syntax errors better (it names the tab it found), so it reads again any text that has one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Content nests a few levels; a deeper document is refused before it is composed, because composing
# recurses (libyaml's composer overflows the C stack, and crashes the process, near 100,000 levels).
MAX_DEPTH = 50
_ALIAS_REPORTED = -1  # in a _convert ``seen`` set (which holds node ids, never negative)
_AS_WRITTEN = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
_PLAIN_COLLECTIONS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_BLOCK_INDENT = re.compile(r"^[ \t?-]*", re.MULTILINE)


def load_yaml(text: str, shown: str, errors: list[SourceError], first_line: int) -> RawDocument | None:
    """Parse YAML text that starts at ``first_line`` of its file."""
    deep = _too_deep(text)
    if deep is not None:
        errors.append(
            SourceError(
                shown,
                deep + first_line,
                "",
                f"the YAML is nested more than {MAX_DEPTH} levels deep — content needs only a few: "
                "check the brackets and the indentation",
            )
        )
        return None
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return _load_yaml(_FAST_LOADER, text, shown, errors, first_line)
        except yaml.YAMLError:
            pass
    return _load_yaml(yaml.SafeLoader, text, shown, errors, first_line)


def _load_yaml(
    loader_class: type[yaml.SafeLoader], text: str, shown: str, errors: list[SourceError], first_line: int
) -> RawDocument | None:
    """Parse with ``loader_class``; a syntax error is recorded, unless this is the fast loader (which re-raises)."""
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as error:  # a control character (NUL, ESC ...) that YAML never allows
        if loader_class is not yaml.SafeLoader:
            raise
        line = text[: error.position].count("\n") + first_line
        errors.append(
            SourceError(
                shown,
                line,
                "",
                f"the character U+{error.character:04X} is not allowed in YAML (a control character) — delete it",
            )
        )
        return None
    try:
        node = loader.get_single_node()
        document = RawDocument(shown, None)
        if node is None:
            document.data = {}
            document.lines[()] = first_line
            return document
        duplicates: list[SourceError] = []
        document.data = _convert(loader, node, (), document, first_line, errors=duplicates, seen=set())
    except yaml.MarkedYAMLError as error:
        if loader_class is not yaml.SafeLoader:
            raise
        errors.append(_syntax_error(error, shown, first_line))
        return None
    finally:
        loader.dispose()
    errors.extend(duplicates)
    return document


def _too_deep(text: str) -> int | None:
    """The 0-based line where the YAML nests deeper than MAX_DEPTH, or None (also for text that does not parse)."""
    # Each level of nesting needs a bracket, or (a block list may keep its key's indent) every second level
    # a deeper indent or '- ' / '? ' at the start of a line: when these bound the depth below the limit
    # (always, for real content), the events are not read.
    indent = max((len(m) for m in _BLOCK_INDENT.findall(text)), default=0)
    if 2 * indent + 2 + text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the syntax error is reported when the text is loaded
    return None


def _convert(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: KeyPath,
    document: RawDocument,
    first_line: int,
    *,
    errors: list[SourceError],
    seen: set[int],
) -> Any:
    if isinstance(node, yaml.CollectionNode):
        # A list or a set of keys met twice is an alias (*name) of one defined before: refused, since
        # aliases of aliases grow exponentially (a few lines can stand for billions of values) or form a loop.
        if id(node) in seen:
            if _ALIAS_REPORTED not in seen:  # once per file: a file of aliases would otherwise flood the output
                seen.add(_ALIAS_REPORTED)
                errors.append(
                    SourceError(
                        document.path,
                        document.line(*path),
                        format_key(path),
                        "aliases of lists or keys (*name) are not allowed in content — write the value out in full",
                    )
                )
            return None
        seen.add(id(node))
        if node.tag not in _PLAIN_COLLECTIONS:  # e.g. !!python/object/apply: refused like a tag on a value
            problem = f"could not determine a constructor for the tag {node.tag!r}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    document.lines.setdefault(path, node.start_mark.line + first_line)
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node, path, document, first_line, errors=errors, seen=seen)
    if isinstance(node, yaml.SequenceNode):
        # Text items, most lists, are taken here rather than in a call of their own for each.
        items = []
        for index, item in enumerate(node.value):
            if isinstance(item, yaml.ScalarNode):
                document.lines.setdefault((*path, index), item.start_mark.line + first_line)
                items.append(_scalar(loader, item))
            else:
                items.append(_convert(loader, item, (*path, index), document, first_line, errors=errors, seen=seen))
        return items
    return _scalar(loader, node)


def _mapping(
    loader: yaml.SafeLoader,
    node: yaml.MappingNode,
    path: KeyPath,
    document: RawDocument,
    first_line: int,
    *,
    errors: list[SourceError],
    seen: set[int],
) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    lines = document.lines
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + first_line
        if not isinstance(key_node, yaml.ScalarNode):
            errors.append(
                SourceError(
                    document.path,
                    line,
                    format_key(path),
                    "a key must be a plain word, not a list or a set of keys — write it as `name: value`",
                )
            )
            continue
        key = str(_scalar(loader, key_node))
        key_path = (*path, key)
        if key in result:
            errors.append(
                SourceError(
                    document.path,
                    line,
                    format_key(key_path),
                    f"this key is given twice (first on line {lines[key_path]}) — keep one",
                )
            )
            continue
        lines[key_path] = line
        # A text value, most of content, is taken here rather than in a call of its own.
        if isinstance(value_node, yaml.ScalarNode):
            result[key] = _scalar(loader, value_node)
        else:
            result[key] = _convert(loader, value_node, key_path, document, first_line, errors=errors, seen=seen)
    return result


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Text is most of content, and a text scalar's value is its text: what SafeLoader would construct,
    # without its bookkeeping. Dates and times stay as the editor wrote them: "2017-02-16", never a datetime.
    if node.tag in _AS_WRITTEN:
        return node.value
    return loader.construct_object(node, deep=True)


def _syntax_error(error: yaml.MarkedYAMLError, shown: str, first_line: int) -> SourceError:
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    unclosed = error.context_mark is not None and ("quoted scalar" in context or "flow" in context)
    if unclosed:
        # An unclosed quote or bracket is only noticed lines later; the line to fix is where it opens.
        mark = error.context_mark
    line = (mark.line + first_line) if mark else first_line
    problem = error.problem or "the YAML cannot be read"
    if "'\\t'" in problem or "\t" in str(error):
        hint = "replace the tab characters with spaces (YAML does not allow tabs for indentation)"
    elif unclosed and "quoted scalar" in context:
        hint = "the quote opened on this line is never closed: close it"
    elif unclosed:
        hint = (
            "check the [...] or {...} opened on this line: close it, "
            "and put text in it that contains ': ' or ',' in double quotes"
        )
    elif "could not determine a constructor" in problem:
        hint = (
            "content holds only text, numbers, dates, lists and keys: remove the tag (a word starting with '!') "
            "or the merge key (<<)"
        )
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in double quotes"
    else:
        hint = "check the indentation and quoting on this line and the one before it"
    return SourceError(shown, line, "", f"YAML syntax error: {problem} — {hint}")


def format_key(path: KeyPath) -> str:
    """A key path as editors read it: ``progress[2].afi``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
