"""JSON Lines: one article per line, read line by line so a corpus never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from reportedly.ingest.base import Item, ReadFailure, capped_lines
from reportedly.ingest.decoding import Undecodable, decode
from reportedly.ingest.records import article_from_record
from reportedly.limits import LimitExceeded, Limits, current, record_too_large


def read_jsonl(path: Path, doc_id: str, limits: Limits | None = None) -> Iterator[Item]:
    name = str(path)
    limits = limits or current()
    number = 0
    try:
        with path.open("rb") as f:
            for number, raw in capped_lines(f, limits):
                if raw is None:
                    yield ReadFailure(name, record_too_large(limits), f"line {number}")
                else:
                    yield from _line(raw, number, doc_id, name)
    except OSError as e:
        yield ReadFailure(name, e.strerror or str(e))
    except LimitExceeded as e:
        yield ReadFailure(name, str(e), f"after line {number}")


def _line(raw: bytes, number: int, stem: str, name: str) -> Iterator[Item]:
    where = f"line {number}"
    try:
        line, _ = decode(raw)
    except Undecodable as e:
        yield ReadFailure(name, str(e), where)
        return
    if not line.strip():
        return  # blank lines separate nothing and hold nothing
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        yield ReadFailure(name, f"invalid JSON: {e.msg} (column {e.colno})", where)
        return
    if not isinstance(record, dict):
        yield ReadFailure(name, f"expected a JSON object, found {type(record).__name__}", where)
        return
    article = article_from_record(record, f"{stem}:{number}",
                                  {"source_file": name, "source_line": number})
    yield ReadFailure(name, article, where) if isinstance(article, str) else article
