"""Which reader a file needs, told by its first bytes rather than its name."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from .blocks import Block, clean
from .errors import ImportFailed
from .text import read_text

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

FORMATS = ("PDF", "Word", "Web page", "Text")


def read_publication(path: Path, progress: Callable[[int, int], None] | None = None) -> tuple[list[Block], str]:
    """The publication's blocks and its format (one of FORMATS); ImportFailed with what to do."""
    try:
        head = path.read_bytes()[:4096] if path.is_file() else None
    except OSError as error:
        msg = f"cannot read {path}: {error.strerror}"
        raise ImportFailed(msg) from error
    if head is None:
        msg = f"{path} is not a file: give the path of a PDF, .docx, HTML or text file"
        raise ImportFailed(msg)
    if not head.strip():
        msg = f"{path} is empty: nothing to import"
        raise ImportFailed(msg)
    kind = _sniff(path, head)
    # Each reader loads its library only when a file needs it, so `inspections check` starts as fast as before.
    if kind == "PDF":
        from .pdf import read_pdf  # noqa: PLC0415

        blocks = read_pdf(path, progress)
    elif kind == "Word":
        from .word import read_docx  # noqa: PLC0415

        blocks = read_docx(path)
    elif kind == "Web page":
        from .web import read_html  # noqa: PLC0415

        blocks = read_html(path.read_bytes())
    else:
        blocks = read_text(_decoded(path))
    blocks = clean(blocks)
    if not blocks:
        msg = f"{path} has no text to import"
        raise ImportFailed(msg)
    return blocks, kind


def _sniff(path: Path, head: bytes) -> str:
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "PDF"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "Word"
        except zipfile.BadZipFile:
            pass
        msg = f"{path} is a zip archive but not a Word .docx file: import a PDF, .docx, HTML or text file"
        raise ImportFailed(msg)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        msg = f"{path} is an old Word .doc (or another Office) file: save it as .docx and import that"
        raise ImportFailed(msg)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")) or (b"<body" in text and b"</" in text):
        return "Web page"
    if b"\x00" in head:
        msg = f"{path} is in a format that cannot be imported: import a PDF, .docx, HTML or UTF-8 text file"
        raise ImportFailed(msg)
    return "Text"


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        msg = f"{path} is not UTF-8 text: save it as UTF-8 (or as PDF, .docx or HTML) and import that"
        raise ImportFailed(msg) from error
