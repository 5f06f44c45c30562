"""CSV with a header row: one article per row, the same columns as JSONL (``text`` required)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.decoding import SNIFF_BYTES, looks_binary
from reportedly.ingest.records import article_from_record
from reportedly.limits import LimitExceeded, Limits, current, input_too_large

# A whole article can sit in one cell; the csv module's default cap (128 KiB) is too small.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


def read_csv(path: Path, doc_id: str, limits: Limits | None = None) -> Iterator[Item]:
    name = str(path)
    limits = limits or current()
    try:
        with path.open("rb") as f:
            binary = looks_binary(f.read(SNIFF_BYTES))
        if binary:
            yield ReadFailure(name, "binary file (contains NUL bytes), not text")
            return
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from _rows(_capped_lines(f, limits), doc_id, name)
    except OSError as e:
        yield ReadFailure(name, e.strerror or str(e))


def _capped_lines(f: TextIO, limits: Limits) -> Iterator[str]:
    """The lines of ``f``, each read up to the per-document cap (in characters, which bounds
    its bytes too) so that a line without end is never held whole; LimitExceeded past a cap."""
    cap, total = limits.max_record_bytes, 0
    while line := f.readline(cap + 1 if cap else -1):
        total += len(line)
        if cap and len(line) > cap and not line.endswith(("\n", "\r")):
            raise LimitExceeded(f"a line longer than {cap:,} characters, over the limit per "
                                "document (REPORTEDLY_MAX_RECORD_BYTES)")
        if limits.max_input_bytes and total > limits.max_input_bytes:
            raise LimitExceeded(input_too_large(limits))
        yield line


def _rows(f: Iterator[str], stem: str, name: str) -> Iterator[Item]:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    reader = csv.reader(f)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            yield ReadFailure(name, "empty document")
            return
        columns = [c.strip() for c in header]
        if "text" not in columns:
            yield ReadFailure(name, "no 'text' column in the header", "line 1")
            return
        while True:
            line = reader.line_num + 1  # the first line of the next record
            row = next(reader, None)
            if row is None:
                return
            if not row:
                continue  # a blank line
            where = f"line {line}"
            if len(row) != len(columns):
                yield ReadFailure(name, f"{len(row)} fields where the header has "
                                        f"{len(columns)}", where)
                continue
            article = article_from_record(dict(zip(columns, row, strict=True)),
                                          f"{stem}:{line}",
                                          {"source_file": name, "source_line": line})
            yield ReadFailure(name, article, where) if isinstance(article, str) else article
    except UnicodeDecodeError as e:
        yield ReadFailure(name, f"not UTF-8 (byte 0x{e.object[e.start]:02x}); "
                                "convert it to UTF-8 first; the rest of the file is skipped",
                          f"near line {line}")
    except csv.Error as e:
        yield ReadFailure(name, f"malformed CSV: {e}; the rest of the file is skipped",
                          f"line {line}")
    except LimitExceeded as e:
        yield ReadFailure(name, f"{e}; the rest of the file is skipped"
                          if "skipped" not in str(e) else str(e), f"near line {line}")
