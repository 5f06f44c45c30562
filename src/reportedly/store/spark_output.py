"""The tables ``reportedly spark`` writes (the columns of ``reportedly export``, one row per item,
keyed by ``doc_id``) and loading such an output directory into the store without analysing
again: the ``articles`` table carries each Analysis whole (``analysis_json``).

Corpus-level ids (``source_entity_id``, ``entity_id``, ``attribution_id``) are the store's: they
are null in these tables and assigned when the output is loaded into a store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Float, Integer, Table

from reportedly.model import Analysis
from reportedly.store.pipeline import IngestReport, store_analyses
from reportedly.store.records import (
    _attribution_row,  # the store's own row builders: the same columns, the same keys
    _quantity_row,
    content_hash,
    record_failure,
)
from reportedly.store.schema import (
    article_entities,
    articles,
    attributions,
    diagnostics,
    mentions,
    quantities,
)

#: The store's row ids, which mean nothing outside one store.
_ROW_IDS = ("id", "article_id", "article_entity_id")
#: Every per-article table starts with its article's key, outlet and date, as in an export.
_ARTICLE_KEY = [("doc_id", "string"), ("outlet", "string"), ("published", "string")]


def _spark_type(column: Any) -> str:
    if isinstance(column.type, Boolean):
        return "boolean"
    if isinstance(column.type, Integer):
        return "bigint"
    if isinstance(column.type, Float):
        return "double"
    return "string"  # text, and JSON as its text (as export writes it)


def _columns(table: Table) -> list[tuple[str, str]]:
    return [(c.name, _spark_type(c)) for c in table.c if c.name not in _ROW_IDS]


TABLE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [("doc_id", "string"),
                 *[c for c in _columns(articles) if c[0] != "doc_id"],
                 ("analysis_json", "string")],
    "attributions": [*_ARTICLE_KEY, ("source_entity", "string"), *_columns(attributions)],
    "entities": [*_ARTICLE_KEY, *_columns(article_entities), ("mentions", "string")],
    "mentions": [*_ARTICLE_KEY, ("entity_local_id", "string"), ("entity_name", "string"),
                 *_columns(mentions)],
    "quantities": [*_ARTICLE_KEY, *_columns(quantities)],
    "diagnostics": [*_ARTICLE_KEY, *_columns(diagnostics)],
    "errors": [("doc_id", "string"), ("input", "string"), ("reason", "string")],
}

#: Columns holding JSON (lists, objects), written as their text.
_JSON_COLUMNS = {c.name for t in (articles, attributions, article_entities, mentions,
                                  quantities, diagnostics)
                 for c in t.c if isinstance(c.type, JSON)} | {"mentions"}


class _NoCorpus:
    """Stands in for the store's entity resolver: corpus entities are the store's to assign."""

    def resolve(self, *_: Any) -> None:
        return None


def table_rows(table: str, analysis: Analysis, analysis_json: str | None = None
               ) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` for one Analysis."""
    meta = analysis.meta
    key = {"doc_id": analysis.doc_id, "outlet": meta.outlet, "published": meta.published}
    for row in _rows(table, analysis, analysis_json):
        yield {k: json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS and v is not None
               else v for k, v in {**key, **row}.items()}


def _rows(table: str, analysis: Analysis, analysis_json: str | None
          ) -> Iterator[dict[str, Any]]:
    text, meta = analysis.text, analysis.meta
    if table == "articles":
        yield {"content_hash": content_hash(text), "title": meta.title, "url": meta.url,
               "language": meta.language, "meta": meta.to_dict(),
               "schema_version": analysis.schema_version, "text": text,
               "analysis_json": analysis_json or analysis.to_json()}
    elif table == "attributions":
        for i, a in enumerate(analysis.attributions):
            row = _attribution_row(0, i, a, text, {}, _NoCorpus())  # type: ignore[arg-type]
            entity = analysis.entity(a.source.entity_id) if a.source else None
            yield {"source_entity": entity.name if entity else None, **row}
    elif table == "entities":
        for i, e in enumerate(analysis.entities):
            yield {"ordinal": i, "local_id": e.id, "entity_id": None, "name": e.name,
                   "type": e.type, "titles": list(e.titles), "aliases": list(e.aliases),
                   "mentions": [m.to_dict() for m in e.mentions]}
    elif table == "mentions":
        for e in analysis.entities:
            for i, m in enumerate(e.mentions):
                yield {"entity_local_id": e.id, "entity_name": e.name, "entity_id": None,
                       "ordinal": i, "start": m.start, "end": m.end, "text": m.text}
    elif table == "quantities":
        for i, q in enumerate(analysis.quantities):
            yield _quantity_row(0, i, q, {})
    elif table == "diagnostics":
        for i, d in enumerate(analysis.diagnostics):
            yield {"ordinal": i, "kind": d.kind, "start": d.span.start, "end": d.span.end,
                   "text": d.span.text, "message": d.message, "repair": d.repair}
    else:
        raise ValueError(f"no table {table!r}")


# -- loading into the store ---------------------------------------------------------------------
def is_spark_output(path: str | Path) -> bool:
    """True for a directory ``reportedly spark`` wrote (its ``articles`` table complete)."""
    root = Path(path)
    return (root / "articles" / "_SUCCESS").is_file() and (root / "errors").is_dir()


def _parts(directory: Path) -> list[Path]:
    """A table's data files, in name order (so a load is the same every time)."""
    return sorted(p for p in directory.iterdir()
                  if p.is_file() and p.name.startswith("part-")
                  and not p.name.endswith(".crc"))


def _records(directory: Path, columns: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of one table, Parquet or JSON lines, part file by part file."""
    for part in _parts(directory):
        if part.name.endswith(".parquet"):
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(part).iter_batches(batch_size=64, columns=columns):
                yield from batch.to_pylist()
        else:
            opener = _gzip_open if part.name.endswith(".gz") else open
            with opener(part) as f:
                for line in f:
                    if line.strip():
                        record = json.loads(line)
                        yield {c: record.get(c) for c in columns}


def _gzip_open(path: Path) -> Any:
    import gzip

    return gzip.open(path, "rt", encoding="utf-8")


def read_analyses(path: str | Path) -> Iterator[Analysis]:
    """Every Analysis of an output directory, as it was computed."""
    for record in _records(Path(path) / "articles", ["analysis_json"]):
        yield Analysis.from_json(record["analysis_json"])


def read_errors(path: str | Path) -> Iterator[tuple[str, str]]:
    """(input, reason) of every document the run could not read or analyse."""
    columns = [name for name, _ in TABLE_COLUMNS["errors"]]
    for record in _records(Path(path) / "errors", columns):
        yield str(record["input"] or record["doc_id"]), str(record["reason"])


def load_spark_output(connection: Connection, path: str | Path) -> IngestReport:
    """Store every Analysis of an output directory (articles stored already are skipped) and
    record its errors as the store's failures."""
    report = store_analyses(connection, read_analyses(path))
    for source, reason in read_errors(path):
        record_failure(connection, source, reason)
        report.failures.append((source, reason))
    connection.commit()
    return report
