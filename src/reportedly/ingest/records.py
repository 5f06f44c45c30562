"""Articles from records with named fields (a JSONL object, a CSV row): ``text`` is required;
``id``, ``title``, ``url``, ``outlet``, ``published`` and ``language`` are optional; any other
field is kept in ``Meta.extra``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportedly.model import Article, Meta

META_FIELDS = ("title", "url", "outlet", "published", "language")


def article_from_record(record: Mapping[str, Any], default_id: str,
                        extra: Mapping[str, Any]) -> Article | str:
    """The Article a record describes, or the reason it describes none.

    Empty strings count as absent (a CSV cell cannot be null); ``extra`` is merged into
    ``Meta.extra`` under the record's own additional fields.
    """
    if "text" not in record:
        return "no 'text' field"
    values = {k: (None if v == "" else v) for k, v in record.items()}
    text = values["text"]
    if text is not None and not isinstance(text, str):
        return f"'text' must be a string, not {type(text).__name__}"
    if text is None or not text.strip():
        return "empty text"
    doc_id = values.get("id")
    if doc_id is None:
        doc_id = default_id
    elif isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        return f"'id' must be a string or an integer, not {type(doc_id).__name__}"
    for name in META_FIELDS:
        if values.get(name) is not None and not isinstance(values[name], str):
            return f"{name!r} must be a string, not {type(values[name]).__name__}"
    others = {k: v for k, v in values.items()
              if k not in ("text", "id", *META_FIELDS) and v is not None}
    meta = Meta(title=values.get("title"), url=values.get("url"), outlet=values.get("outlet"),
                published=values.get("published"), language=values.get("language") or "en",
                extra={**extra, **others})
    return Article(doc_id=str(doc_id), text=text, meta=meta)
