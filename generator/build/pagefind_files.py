"""Pagefind's index files written in one order: the same site gives the same bytes.

Pagefind (1.5) lists each filter's values, and the filters in its metadata file, in the order of a hash
table, which changes from run to run; the file names are hashes of the contents, so names change too. This
module rewrites those files with their lists sorted, under names made from what they hold. The files are
gzipped CBOR after a signature; the little of CBOR they use (whole numbers, strings, arrays, maps) is read
and written here, in its shortest form, as Pagefind writes it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Text(str):
    """A CBOR text string (``str`` alone stands for nothing else, but bytes must stay bytes)."""


def canonical_bundle(bundle: Path) -> None:
    """Rewrites the bundle's filter files and metadata files in a fixed order, and the entry file to match."""
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = decode(path.read_bytes())
        content = encode([name, sorted(values, key=lambda value: value[0])])
        renamed[path.stem] = _write(path.parent, path.stem, content, 7, "{}.pf_filter")
        path.unlink()
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    for language in data.get("languages", {}).values():
        path = bundle / f"pagefind.{language['hash']}.pf_meta"
        content = encode(_renamed(decode(path.read_bytes()), renamed))
        language["hash"] = _write(bundle, language["hash"], content, 10, "pagefind.{}.pf_meta")
        path.unlink()
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write(folder: Path, old: str, content: bytes, length: int, pattern: str) -> str:
    """Writes ``content`` gzipped under a name from its hash (``pattern`` around it), with the old name's
    language; returns the name."""
    name = f"{old.rsplit('_', 1)[0]}_{hashlib.sha256(content).hexdigest()[:length]}"
    (folder / pattern.format(name)).write_bytes(gzip.compress(content, mtime=0))
    return name


def _renamed(value: Any, renamed: dict[str, str]) -> Any:
    """The metadata with the filter files' new names, its list of (filter, file) pairs sorted by filter."""
    if isinstance(value, list):
        pairs = all(isinstance(v, list) and len(v) == 2 and isinstance(v[1], str) and v[1] in renamed for v in value)
        if value and pairs:
            return sorted(([k, Text(renamed[v])] for k, v in value), key=lambda pair: pair[0])
        return [_renamed(v, renamed) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, renamed) for k, v in value.items()}
    return value


def decode(data: bytes) -> Any:
    """A Pagefind file's content: gunzipped, its signature checked, its CBOR read."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        msg = "not a Pagefind index file"
        raise ValueError(msg)
    value, end = _read(raw, len(SIGNATURE))
    if end != len(raw):
        msg = "trailing bytes in a Pagefind index file"
        raise ValueError(msg)
    return value


def encode(value: Any) -> bytes:
    """The content of a Pagefind file (not yet gzipped): its signature and ``value`` in CBOR."""
    out = bytearray(SIGNATURE)
    _put(value, out)
    return bytes(out)


def _read(data: bytes, pos: int) -> tuple[Any, int]:
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        msg = f"unexpected CBOR item {data[pos - 1]:#x}"
        raise ValueError(msg)
    if major == 0:
        return length, pos
    if major == 2:
        return data[pos : pos + length], pos + length
    if major == 3:
        return Text(data[pos : pos + length].decode("utf-8")), pos + length
    if major == 4:
        items = []
        for _ in range(length):
            item, pos = _read(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, pos = _read(data, pos)
            mapping[key], pos = _read(data, pos)
        return mapping, pos
    msg = f"unexpected CBOR major type {major}"
    raise ValueError(msg)


def _head(major: int, length: int, out: bytearray) -> None:
    if length < 24:
        out.append(major << 5 | length)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            out.append(major << 5 | info)
            out += length.to_bytes(size, "big")
            return
    msg = "number too large for CBOR"
    raise ValueError(msg)


def _put(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        msg = f"unexpected value {value!r}"
        raise TypeError(msg)
    if isinstance(value, int):
        _head(0, value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        encoded = value.encode("utf-8")
        _head(3, len(encoded), out)
        out += encoded
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _put(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key, item in value.items():
            _put(key, out)
            _put(item, out)
    else:
        msg = f"unexpected value {value!r}"
        raise TypeError(msg)
