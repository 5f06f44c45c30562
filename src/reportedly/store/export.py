"""Exports: Analyses as JSONL (lossless, re-importable) and flat tables as CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Float, Integer, Select, select

from reportedly.store.records import iter_analyses
from reportedly.store.schema import (
    article_entities,
    articles,
    attributions,
    diagnostics,
    entities,
    failures,
    mentions,
    quantities,
)

TABLES = ("articles", "attributions", "quantities", "entities", "mentions", "diagnostics",
          "failures")
CHUNK = 1000


def _with_article(table: Any, *columns: Any) -> Select:
    """A per-article table, its article's doc_id, outlet and date first."""
    own = [c for c in table.c if c.name not in ("id", "article_id")]
    return (select(articles.c.doc_id, articles.c.outlet, articles.c.published, *columns, *own)
            .join(articles, articles.c.id == table.c.article_id)
            .order_by(articles.c.id, table.c.ordinal))


def table_query(name: str) -> Select:
    if name == "articles":
        return select(*[c for c in articles.c if c.name != "content_hash"]) \
            .order_by(articles.c.id)
    if name == "attributions":
        return _with_article(attributions, entities.c.name.label("source_entity")) \
            .outerjoin(entities, entities.c.id == attributions.c.source_entity_id)
    if name == "quantities":
        return _with_article(quantities)
    if name == "mentions":
        return _with_article(mentions, article_entities.c.local_id.label("entity_local_id"),
                             article_entities.c.name.label("entity_name")) \
            .join(article_entities, article_entities.c.id == mentions.c.article_entity_id)
    if name == "diagnostics":
        return _with_article(diagnostics)
    if name == "entities":
        return select(entities).order_by(entities.c.id)
    if name == "failures":
        return select(failures).order_by(failures.c.id)
    raise ValueError(f"no table {name!r} (one of {', '.join(TABLES)})")


def _rows(connection: Connection, query: Select) -> Iterator[dict[str, Any]]:
    result = connection.execute(query.execution_options(yield_per=CHUNK))
    json_columns = {c.name for c in query.selected_columns if isinstance(c.type, JSON)}
    for row in result.mappings():
        yield {k: json.dumps(v, ensure_ascii=False) if k in json_columns else v
               for k, v in row.items()}


def export(connection: Connection, fmt: str, path: str, *, table: str = "attributions") -> int:
    """Write the store out; returns how many records were written."""
    if fmt == "jsonl":
        n = 0
        with open(path, "w", encoding="utf-8") as out:
            for analysis in iter_analyses(connection):
                out.write(analysis.to_json() + "\n")
                n += 1
        return n
    query = table_query(table)
    if fmt == "csv":
        n = 0
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=[c.name for c in query.selected_columns],
                                    lineterminator="\n")
            writer.writeheader()
            for row in _rows(connection, query):
                writer.writerow(row)
                n += 1
        return n
    if fmt == "parquet":
        return _write_parquet(connection, query, path)
    raise ValueError(f"unknown export format {fmt!r}")


def _write_parquet(connection: Connection, query: Select, path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise RuntimeError("Parquet export needs pyarrow: pip install 'reportedly[parquet]'") \
            from e

    def arrow_type(column: Any) -> Any:
        if isinstance(column.type, Boolean):
            return pa.bool_()
        if isinstance(column.type, Integer):
            return pa.int64()
        if isinstance(column.type, Float):
            return pa.float64()
        return pa.string()

    schema = pa.schema([(c.name, arrow_type(c)) for c in query.selected_columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in _rows(connection, query):
            chunk.append(row)
            if len(chunk) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
