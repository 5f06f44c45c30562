"""Article metadata from a side table (``--meta TSV``), for inputs such as plain-text files
that carry no outlet or date. Fields the article has already are kept."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportedly.model import Article, Meta

#: Column names understood for each Meta field, first match wins; other columns go to ``extra``.
KEY_COLUMNS = ("doc_id", "filename", "id", "name")
FIELD_COLUMNS = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "publisher", "source", "media_name"),
    "published": ("published", "publication_date", "date", "publish_date"),
    "language": ("language", "lang"),
}


def load_meta_table(path: str | Path) -> dict[str, dict[str, Any]]:
    """Rows of a tab-separated file with a header, keyed by its doc_id/filename column."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        columns = reader.fieldnames or []
        key_column = next((c for c in KEY_COLUMNS if c in columns), None)
        if key_column is None:
            raise ValueError(f"{path}: no key column (one of {', '.join(KEY_COLUMNS)})")
        return {row[key_column]: row for row in reader if row.get(key_column)}


def _meta_from_row(row: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    used: set[str] = set(KEY_COLUMNS)
    for name, columns in FIELD_COLUMNS.items():
        column = next((c for c in columns if row.get(c) not in (None, "", "None")), None)
        if column is not None:
            fields[name] = row[column]
        used.update(columns)
    fields["extra"] = {k: v for k, v in row.items() if k not in used and v not in ("", "None")}
    return fields


def with_meta(items: Iterable[object], table: dict[str, dict[str, Any]]) -> Iterator[object]:
    """The items, each Article's empty meta fields filled from its row in ``table`` (matched by
    doc_id, file name or file stem)."""
    for item in items:
        if isinstance(item, Article):
            doc = Path(item.doc_id)
            row = table.get(item.doc_id) or table.get(doc.name) or table.get(doc.stem)
            if row is not None:
                found = _meta_from_row(row)
                current = item.meta
                merged: dict[str, Any] = {name: getattr(current, name) or found.get(name)
                                          for name in FIELD_COLUMNS}
                # "en" is Meta's default, so the table may override it.
                merged["language"] = found.get("language", current.language) \
                    if current.language == "en" else current.language
                extra = {**found["extra"], **current.extra}
                item = replace(item, meta=Meta(**merged, extra=extra))
        yield item
