"""HTML pages: the main text extracted with trafilatura; title, date, site and URL kept in Meta."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportedly.ingest.base import Item, ReadFailure, read_document
from reportedly.ingest.decoding import SNIFF_BYTES, Undecodable, decode
from reportedly.limits import Limits
from reportedly.model import Article, Meta

# The charset a page states for itself (<meta charset> or http-equiv Content-Type).
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                           re.IGNORECASE)


def read_html(path: Path, doc_id: str, limits: Limits | None = None) -> Iterator[Item]:
    data = read_document(path, limits)
    yield data if isinstance(data, ReadFailure) else article_from_html(data, doc_id, str(path))


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def article_from_html(data: bytes, doc_id: str, name: str, *, where: str | None = None,
                      url: str | None = None, charset: str | None = None,
                      extra: dict[str, Any] | None = None) -> Item:
    """The article in one HTML page. ``charset`` is what the transport declared (an HTTP
    header); failing that, the page's own ``<meta charset>`` is honoured."""
    try:
        page, encoding = decode(data, charset or declared_charset(data))
    except Undecodable as e:
        return ReadFailure(name, str(e), where)
    if not page.strip():
        return ReadFailure(name, "empty document", where)
    import trafilatura  # slow to import; only pages need it
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True,
                                          include_comments=False)
    except Exception as e:  # a parser over arbitrary web pages: one bad page must not stop all
        return ReadFailure(name, f"HTML could not be parsed: {type(e).__name__}: {e}", where)
    # None when it finds nothing; a dict only when asked for one, which this does not.
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        return ReadFailure(name, "no article text found in the HTML", where)
    text = doc.text
    meta_extra: dict[str, Any] = {"source_file": name, **(extra or {})}
    if encoding:
        meta_extra["encoding"] = encoding
    if doc.author:
        meta_extra["author"] = doc.author
    meta = Meta(title=doc.title or None, url=url or doc.url or None,
                outlet=doc.sitename or None, published=doc.date or None,
                language=doc.language or "en", extra=meta_extra)
    return Article(doc_id=doc_id, text=text, meta=meta)
