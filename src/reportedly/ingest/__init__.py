"""Readers: turn input files (or stdin) into Articles, reporting what cannot be read.

Every reader is a generator of :class:`~reportedly.model.Article` and :class:`ReadFailure`
items, in input order, so a corpus streams through without being held in memory and one bad
file (or line, or record) never stops the rest.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.csv import read_csv
from reportedly.ingest.html import article_from_html, read_html
from reportedly.ingest.jsonl import read_jsonl
from reportedly.ingest.txt import article_from_text, read_txt
from reportedly.ingest.warc import read_warc

__all__ = ["FORMATS", "MULTI_ARTICLE_FORMATS", "STDIN", "Item", "ReadFailure", "format_of",
           "read_inputs", "read_path", "read_stdin"]

#: A reader per format: ``reader(path, doc_id)`` yields the file's Articles and failures.
Reader = Callable[[Path, str], Iterator[Item]]

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


def read_inputs(paths: Iterable[str | Path], *, skip: Collection[Path] = ()) -> Iterator[Item]:
    """Every Article in ``paths`` (files, directories recursively, ``-`` for stdin), in a
    stable order; inputs that cannot be read come out as :class:`ReadFailure` in their place.

    Directories are walked in sorted order and only files with a known ending are read (hidden
    files and directories are skipped); a file named explicitly with an unknown ending is read
    as plain text. Files in ``skip`` (say, the file the results go to) are passed over.
    """
    skipped = {p.resolve() for p in skip}
    for p in paths:
        if str(p) == STDIN:
            yield from read_stdin()
            continue
        path = Path(p)
        if path.is_dir():
            unreadable: list[OSError] = []
            for file in _walk(path, unreadable.append):
                if file.resolve() not in skipped:
                    yield from read_path(file)
            for e in unreadable:  # subdirectories that could not be listed
                yield ReadFailure(str(e.filename), e.strerror or str(e))
        elif path.exists() or path.is_symlink():
            if path.resolve() not in skipped:
                yield from read_path(path)
        else:
            yield ReadFailure(str(path), "no such file or directory")


def read_path(path: Path) -> Iterator[Item]:
    """The items of one file, read by the reader its name calls for."""
    ending = format_of(path)
    doc_id = path.name[: -len(ending)] if ending else path.stem
    yield from FORMATS.get(ending or ".txt", read_txt)(path, doc_id)


def read_stdin(doc_id: str = "stdin") -> Iterator[Item]:
    """Standard input as one article: an HTML page when it starts like one, else plain text."""
    data = sys.stdin.buffer.read()
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
