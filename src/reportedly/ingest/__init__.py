"""Readers: turn input files (or stdin) into Articles, reporting what cannot be read.

Every reader is a generator of :class:`~reportedly.model.Article` and :class:`ReadFailure`
items, in input order, so a corpus streams through without being held in memory and one bad
file (or line, or record) never stops the rest.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.csv import read_csv
from reportedly.ingest.html import article_from_html, read_html
from reportedly.ingest.jsonl import read_jsonl
from reportedly.ingest.txt import article_from_text, read_txt
from reportedly.ingest.warc import read_warc
from reportedly.limits import Limits, current, read_capped, record_too_large
from reportedly.model import Article

__all__ = ["FORMATS", "MULTI_ARTICLE_FORMATS", "STDIN", "Item", "ReadFailure", "format_of",
           "printable_name", "read_inputs", "read_path", "read_stdin"]

#: A reader per format: ``reader(path, doc_id, limits)`` yields the file's Articles and
#: failures.
Reader = Callable[[Path, str, Limits], Iterator[Item]]

#: File name endings and their readers (longest ending first, so ``.warc.gz`` wins over ``.gz``).
FORMATS: dict[str, Reader] = {
    ".warc.gz": read_warc, ".warc": read_warc,
    ".jsonl": read_jsonl, ".csv": read_csv,
    ".html": read_html, ".htm": read_html,
    ".txt": read_txt,
}

#: Endings of files that hold many articles (the rest hold exactly one).
MULTI_ARTICLE_FORMATS = (".warc.gz", ".warc", ".jsonl", ".csv")

STDIN = "-"


def format_of(path: str | Path) -> str | None:
    """The known ending of ``path`` (``.txt``, ``.warc.gz``, …), or None."""
    name = Path(path).name.lower()
    return next((ending for ending in FORMATS if name.endswith(ending)), None)


def read_inputs(paths: Iterable[str | Path], *, skip: Collection[Path] = (),
                limits: Limits | None = None) -> Iterator[Item]:
    """Every Article in ``paths`` (files, directories recursively, ``-`` for stdin), in a
    stable order; inputs that cannot be read come out as :class:`ReadFailure` in their place.

    Directories are walked in sorted order and only files with a known ending are read (hidden
    files and directories are skipped, and links to directories are not followed, so a link
    loop cannot make the walk endless); a file named explicitly with an unknown ending is read
    as plain text. Files in ``skip`` (say, the file the results go to) are passed over. A path
    that cannot be walked or read (a link loop, a dangling link, no permission) is one failure
    and the rest go on. ``limits`` caps what is read (default: :func:`reportedly.limits.current`).
    """
    limits = limits or current()
    skipped = {r for p in skip if (r := _resolved(p)) is not None}
    for p in paths:
        if str(p) == STDIN:
            yield from read_stdin(limits=limits)
            continue
        path = Path(p)
        if path.is_dir():
            unreadable: list[OSError] = []
            for file in _walk(path, unreadable.append):
                if _resolved(file) not in skipped:
                    yield from read_path(file, limits)
            for e in unreadable:  # subdirectories that could not be listed
                yield ReadFailure(printable_name(str(e.filename)), e.strerror or str(e))
        elif path.exists() or path.is_symlink():
            if _resolved(path) not in skipped:
                yield from read_path(path, limits)
        else:
            yield ReadFailure(printable_name(str(path)), "no such file or directory")


def read_path(path: Path, limits: Limits | None = None) -> Iterator[Item]:
    """The items of one file, read by the reader its name calls for. Names that are not
    UTF-8 are given with those bytes escaped (:func:`printable_name`)."""
    limits = limits or current()
    if (broken := _broken_link(path)) is not None:
        yield ReadFailure(printable_name(str(path)), broken)
        return
    ending = format_of(path)
    doc_id = path.name[: -len(ending)] if ending else path.stem
    reader = FORMATS.get(ending or ".txt", read_txt)
    for item in reader(path, doc_id, limits):
        yield _printable(item)


def printable_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes of the name that are not UTF-8 (which Python
    carries as lone surrogates) are written as backslash escapes, ``\\xff``, and a backslash
    already in the name stays as it is. A name that is UTF-8 is returned unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def read_stdin(doc_id: str = "stdin", limits: Limits | None = None) -> Iterator[Item]:
    """Standard input as one article: an HTML page when it starts like one, else plain text."""
    limits = limits or current()
    data = read_capped(sys.stdin.buffer, limits.max_record_bytes)
    if data is None:
        yield ReadFailure(STDIN, record_too_large(limits))
        return
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        yield article_from_html(data, doc_id, STDIN)
    else:
        yield article_from_text(data, doc_id, STDIN)


def _walk(root: Path, onerror: Callable[[OSError], object]) -> list[Path]:
    """The readable files under ``root``, sorted by their path (as ``find | sort`` would list
    them, component by component), hidden files and directories left out."""
    found = []
    for directory, subdirs, files in os.walk(root, onerror=onerror):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        found += [Path(directory) / name for name in files
                  if not name.startswith(".") and format_of(name)]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _resolved(path: Path) -> Path | None:
    """The path with every link followed, or None where that cannot be done (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop
        return None


def _broken_link(path: Path) -> str | None:
    """Why ``path`` cannot be opened as a file, when it is a link loop or a dangling link."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        if e.errno == errno.ENOENT and path.is_symlink():
            target = printable_name(os.readlink(path))
            return f"a dangling symbolic link (its target {target} does not exist)"
    return None


def _printable(item: Item) -> Item:
    """The item with its file name (and the doc_id made from it) as valid UTF-8, and a text
    that holds no lone surrogate (a JSON ``\\ud800`` escape) refused: neither could be
    written as UTF-8."""
    if isinstance(item, ReadFailure):
        name = printable_name(item.name)
        return item if name == item.name else dataclasses.replace(item, name=name)
    try:
        item.text.encode("utf-8")
    except UnicodeEncodeError as e:
        source = str(item.meta.extra.get("source_file", item.doc_id))
        where = item.meta.extra.get("source_line")
        return ReadFailure(printable_name(source),
                           f"the text holds a lone surrogate (U+{ord(item.text[e.start]):04X} "
                           f"at character {e.start}), not valid Unicode",
                           f"line {where}" if where else None)
    meta = item.meta
    fields = {f: printable_name(v) for f in ("title", "url", "outlet", "published", "language")
              if isinstance(v := getattr(meta, f), str)}
    extra: dict[str, Any] = {k: printable_name(v) if isinstance(v, str) else v
                             for k, v in meta.extra.items()}
    doc_id = printable_name(item.doc_id)
    if doc_id == item.doc_id and extra == dict(meta.extra) and \
            all(getattr(meta, f) == v for f, v in fields.items()):
        return item
    return Article(doc_id=doc_id, text=item.text,
                   meta=dataclasses.replace(meta, extra=extra, **fields))
