"""JSON Lines: one article per line, read line by line so a corpus never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.decoding import Undecodable, decode
from reportedly.ingest.records import article_from_record


def read_jsonl(path: Path, doc_id: str) -> Iterator[Item]:
    name = str(path)
    try:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                yield from _line(raw, number, doc_id, name)
    except OSError as e:
        yield ReadFailure(name, e.strerror or str(e))


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
