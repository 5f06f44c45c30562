"""Plain text: the whole file is one article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reportedly.ingest.base import Item, ReadFailure, read_document
from reportedly.ingest.decoding import Undecodable, decode
from reportedly.limits import Limits
from reportedly.model import Article, Meta


def read_txt(path: Path, doc_id: str, limits: Limits | None = None) -> Iterator[Item]:
    data = read_document(path, limits)
    yield data if isinstance(data, ReadFailure) else article_from_text(data, doc_id, str(path))


def article_from_text(data: bytes, doc_id: str, name: str) -> Item:
    """The article in ``data``, its text exactly as written."""
    try:
        text, encoding = decode(data)
    except Undecodable as e:
        return ReadFailure(name, str(e))
    if not text.strip():
        return ReadFailure(name, "empty document")
    extra = {"source_file": name}
    if encoding:
        extra["encoding"] = encoding
    return Article(doc_id=doc_id, text=text, meta=Meta(extra=extra))
