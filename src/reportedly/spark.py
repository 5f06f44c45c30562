"""A corpus on Apache Spark: the project's own readers and ``analyze_many``, run in Spark's
Python workers partition by partition, written out as tables keyed by ``doc_id``.

Nothing here extracts anything. Files are read by the readers of :mod:`reportedly.ingest`
(each file's bytes handed to the reader its name calls for), every partition of articles goes
through :func:`reportedly.analyze_many` in one Python worker (Spark reuses its workers, and the
English pipeline and the tagger are loaded once per process), and the tables have the columns
``reportedly export`` gives, built by the store's own row builders. A document that cannot be
read or analysed is a row of ``errors`` (``doc_id``, ``input``, ``reason``), never dropped.

Use::

    from reportedly.spark import analyze_frame
    tables = analyze_frame(df)      # df: doc_id, text, and any meta columns
    tables["attributions"].groupBy("cue_lemma").count().show()
"""

from __future__ import annotations

import gzip
import json
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly.ingest import format_of, read_path
from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.html import article_from_html
from reportedly.ingest.records import article_from_record
from reportedly.ingest.txt import article_from_text
from reportedly.model import Analysis, Article

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

#: The tables a run writes, each a directory of the output.
TABLES = ("articles", "attributions", "entities", "mentions", "quantities", "diagnostics",
          "errors")

#: Articles waiting for analysis: what the readers produced (``reason`` set: a read failure).
#: ``meta`` is the JSON of :meth:`Meta.to_dict`.
ARTICLE_SCHEMA = "doc_id string, text string, meta string, input string, reason string"
#: One row per document analysed (``analysis_json``) or failed (``reason``).
ANALYSED_SCHEMA = ("doc_id string, input string, content_hash string, analysis_json string, "
                   "reason string")
ERROR_COLUMNS = ("doc_id", "input", "reason")

#: Rows per pandas frame handed back to Spark: small, as an analysis can be large.
ROWS_PER_BATCH = 64


# -- reading ------------------------------------------------------------------------------------
def read_file_bytes(uri: str, data: bytes) -> Iterator[Item]:
    """The articles (and read failures) in one file, given its bytes: the reader of
    ``reportedly analyze`` for its ending; ``.gz`` besides ``.warc.gz`` is unpacked first;
    a file with no known ending is no input."""
    name = display_name(uri)
    file_name = name.rsplit("/", 1)[-1]
    if file_name.lower().endswith(".gz") and not file_name.lower().endswith(".warc.gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            yield ReadFailure(name, f"damaged gzip file: {e}")
            return
        file_name = file_name[:-3]
    ending = format_of(file_name)
    if ending is None:
        return
    doc_id = file_name[: -len(ending)]
    if ending == ".txt":
        yield article_from_text(data, doc_id, name)
    elif ending in (".html", ".htm"):
        yield article_from_html(data, doc_id, name)
    else:  # many articles a file: the reader reads a file, so the bytes go to one
        with tempfile.TemporaryDirectory(prefix="reportedly-") as tmp:
            local = Path(tmp) / file_name  # the same name: the same doc_ids
            local.write_bytes(data)
            for item in read_path(local):
                yield _named(item, name, str(local))


def display_name(uri: str) -> str:
    """A file's name as Spark lists it, local files without their ``file:`` scheme."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    return uri[len("file:"):] if uri.startswith("file:") else uri


def _named(item: Item, name: str, local: str) -> Item:
    """``item`` as if read from ``name`` rather than the local copy of its bytes."""
    if isinstance(item, ReadFailure):
        return replace(item, name=name)
    if item.meta.extra.get("source_file") == local:
        return replace(item, meta=replace(item.meta, extra={**item.meta.extra,
                                                            "source_file": name}))
    return item


def _article_row(item: Item) -> tuple[Any, ...]:
    if isinstance(item, ReadFailure):
        where = f"{item.name} ({item.where})" if item.where else item.name
        return None, None, None, where, item.reason
    meta = json.dumps(item.meta.to_dict(), ensure_ascii=False)
    return item.doc_id, item.text, meta, item.meta.extra.get("source_file") or item.doc_id, None


def _read_batches(batches: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas over Spark's ``binaryFile`` rows (path, content): their articles."""
    columns = [c.split()[0] for c in ARTICLE_SCHEMA.split(", ")]
    rows = (_article_row(item) for batch in batches
            for path, content in zip(batch["path"], batch["content"], strict=True)
            for item in read_file_bytes(path, bytes(content)))
    yield from _frames(rows, columns)


def read_files(spark: SparkSession, paths: list[str]) -> DataFrame:
    """The articles in files and directories (recursively) of any file system Spark reads;
    a frame of :data:`ARTICLE_SCHEMA`."""
    files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
             .load(paths).select("path", "content"))
    return files.mapInPandas(_read_batches, ARTICLE_SCHEMA)


def read_parquet_articles(spark: SparkSession, path: str) -> DataFrame:
    """Articles from a Parquet file or directory: a ``text`` column, ``id`` or ``doc_id``
    (else ``NAME:ROW``), every other column meta."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(path)
    stem = Path(path.rstrip("/")).name
    stem = stem[: -len(".parquet")] if stem.lower().endswith(".parquet") else stem
    if "doc_id" not in df.columns:
        if "id" in df.columns:
            df = df.withColumnRenamed("id", "doc_id")
        else:
            df = df.withColumn("doc_id", F.concat(
                F.lit(f"{stem}:"), (F.monotonically_increasing_id() + 1).cast("string")))
    return df.withColumn("source_file", F.lit(display_name(path)))


# -- analysing ----------------------------------------------------------------------------------
def _frames(rows: Iterable[tuple[Any, ...]], columns: list[str]) -> Iterator[pd.DataFrame]:
    import pandas as pd

    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= ROWS_PER_BATCH:
            yield pd.DataFrame(chunk, columns=columns, dtype=object)
            chunk = []
    if chunk:
        yield pd.DataFrame(chunk, columns=columns, dtype=object)


def _none(value: Any) -> Any:
    """pandas' missing values (None, NaN) as None."""
    return None if value is None or value != value else value


def analysed_rows(rows: Iterable[tuple[Any, ...]], *, use_tagger: bool = True
                  ) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`ARTICLE_SCHEMA` in, rows of :data:`ANALYSED_SCHEMA` out (in no fixed
    order): each article analysed by :func:`reportedly.analyze_many`, each failure a row with
    its reason. An error that stops the stream itself (the parser refusing a text) is put down
    to the article it came from by analysing the articles in flight one at a time."""
    from reportedly import analyze_many
    from reportedly.model import SpanMismatchError
    from reportedly.store.records import content_hash

    done: deque[tuple[Any, ...]] = deque()  # failures, handed out between analyses
    in_flight: deque[tuple[Article, str]] = deque()

    def failed(article: Article, source: str, reason: str) -> None:
        done.append((article.doc_id, source, None, None, reason))

    def articles() -> Iterator[tuple[Article, str]]:
        for doc_id, text, meta, source, reason in rows:
            doc_id, text, meta, source, reason = map(_none, (doc_id, text, meta, source, reason))
            if reason is not None:
                done.append((doc_id, source, None, None, reason))
                continue
            try:
                record = {**(json.loads(meta) if meta else {}), "id": doc_id, "text": text}
            except (ValueError, TypeError) as e:  # a frame's own meta column, say
                done.append((doc_id, source, None, None, f"unreadable meta: {e}"))
                continue
            article = article_from_record(record, str(source or ""), {})
            if isinstance(article, str):
                done.append((doc_id, source, None, None, article))
                continue
            yield article, str(source or article.doc_id)

    def feed(stream: Iterator[tuple[Article, str]]) -> Iterator[Article]:
        for article, source in stream:
            in_flight.append((article, source))
            yield article

    def on_error(article: Article, error: Exception) -> None:
        # An article refused before it is parsed (over a limit) fails while those before it
        # are still being parsed: it is found by itself. One that failed in a worker comes
        # back as a copy, in input order: it is the oldest in flight.
        index = next((i for i, (a, _) in enumerate(in_flight) if a is article), 0)
        _, source = in_flight[index]
        del in_flight[index]
        failed(article, source, f"analysis failed: {type(error).__name__}: {error}")

    def result(analysis: Analysis) -> tuple[Any, ...]:
        article, source = in_flight.popleft()
        try:
            analysis.check_spans()
        except SpanMismatchError as e:
            return article.doc_id, source, None, None, f"analysis failed: {e}"
        return (analysis.doc_id, source, content_hash(analysis.text), analysis.to_json(), None)

    stream = articles()
    while True:
        try:
            for analysis in analyze_many(feed(stream), on_error=on_error,
                                         use_tagger=use_tagger):
                yield result(analysis)
                while done:
                    yield done.popleft()
            break
        except Exception:
            if not in_flight:
                raise  # no article to put it down to (the model missing, say): the task fails
            # The batch in flight, one article at a time: the one that raised is recorded.
            batch = list(in_flight)
            in_flight.clear()
            for article, source in batch:
                in_flight.append((article, source))
                try:
                    analyses = list(analyze_many([article], on_error=on_error,
                                                 use_tagger=use_tagger))
                except Exception as error:
                    in_flight.clear()
                    failed(article, source, f"analysis failed: {type(error).__name__}: {error}")
                    continue
                if analyses:
                    yield result(analyses[0])
            while done:
                yield done.popleft()
    while done:
        yield done.popleft()


def _analyse_batches(batches: Iterable[pd.DataFrame], use_tagger: bool = True
                     ) -> Iterator[pd.DataFrame]:
    """mapInPandas over one partition of articles: one ``analyze_many`` stream for all."""
    from threadpoolctl import threadpool_limits

    columns = [c.split()[0] for c in ANALYSED_SCHEMA.split(", ")]
    rows = (row for batch in batches for row in batch.itertuples(index=False, name=None))
    # One worker a core: matrix products on one thread, as the project's own workers do.
    with threadpool_limits(1):
        yield from _frames(analysed_rows(rows, use_tagger=use_tagger), columns)


# -- tables -------------------------------------------------------------------------------------
def _table_batches(batches: Iterable[pd.DataFrame], table: str) -> Iterator[pd.DataFrame]:
    """mapInPandas over analysed rows: the rows of ``table``."""
    from reportedly.store.spark_output import table_rows

    columns = table_columns(table)
    names = [name for name, _ in columns]
    rows = (tuple(row.get(name) for name in names)
            for batch in batches for analysis_json in batch["analysis_json"]
            for row in table_rows(table, Analysis.from_json(analysis_json), analysis_json))
    yield from _frames(rows, names)


def table_columns(table: str) -> list[tuple[str, str]]:
    from reportedly.store.spark_output import TABLE_COLUMNS

    return TABLE_COLUMNS[table]


def table_schema(table: str) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in table_columns(table))


def as_article_frame(df: DataFrame) -> DataFrame:
    """A frame of :data:`ARTICLE_SCHEMA` from one with ``text`` and ``doc_id`` (or ``id``)
    columns; every other column is meta (title, url, outlet, published, language, or extra)."""
    from pyspark.sql import functions as F

    internal = [c.split()[0] for c in ARTICLE_SCHEMA.split(", ")]
    if list(df.columns) == internal:
        return df
    if "text" not in df.columns:
        raise ValueError(f"a frame of articles needs a 'text' column (it has: "
                         f"{', '.join(df.columns)})")
    if "doc_id" not in df.columns:
        if "id" not in df.columns:
            raise ValueError("a frame of articles needs a 'doc_id' (or 'id') column")
        df = df.withColumnRenamed("id", "doc_id")
    others = [c for c in df.columns if c not in ("doc_id", "text")]
    meta = F.to_json(F.struct(*[F.col(f"`{c}`") for c in others])) if others else F.lit(None)
    doc_id = F.col("doc_id").cast("string")
    source = F.col("source_file").cast("string") if "source_file" in others else doc_id
    return df.select(doc_id.alias("doc_id"), F.col("text").cast("string").alias("text"),
                     meta.cast("string").alias("meta"), source.alias("input"),
                     F.lit(None).cast("string").alias("reason"))


def analyze_frame(df: DataFrame, *, partitions: int | None = None, use_tagger: bool = True
                  ) -> dict[str, DataFrame]:
    """Analyse every article of ``df`` (``doc_id``, ``text``, optional meta columns) in Spark's
    Python workers; the tables of :data:`TABLES`, by name.

    The analyses are computed once (kept on the executors' disks until
    ``spark.catalog.clearCache()``) and every table is read off them; ``partitions`` spreads
    the articles first (default: as they are partitioned)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    articles = as_article_frame(df)
    if partitions:
        articles = articles.repartition(partitions)
    analysed = articles.mapInPandas(partial(_analyse_batches, use_tagger=use_tagger),
                                    ANALYSED_SCHEMA).persist(StorageLevel.DISK_ONLY)
    ok = analysed.where(F.col("reason").isNull()).select("analysis_json")
    tables = {name: ok.mapInPandas(partial(_table_batches, table=name), table_schema(name))
              for name in TABLES if name != "errors"}
    tables["errors"] = analysed.where(F.col("reason").isNotNull()).select(*ERROR_COLUMNS)
    return tables


# -- a run --------------------------------------------------------------------------------------
def is_parquet_input(path: str) -> bool:
    return path.rstrip("/").lower().endswith(".parquet")


def run(spark: SparkSession, inputs: list[str], output: str, *, partitions: int | None = None,
        fmt: str = "parquet", use_tagger: bool = True) -> dict[str, int]:
    """Read ``inputs``, analyse them, write every table under ``output`` (each table's
    directory replaced: a re-run overwrites, never duplicates); rows per table."""
    frames = [as_article_frame(read_parquet_articles(spark, p))
              for p in inputs if is_parquet_input(p)]
    files = [p for p in inputs if not is_parquet_input(p)]
    if files:
        frames.insert(0, read_files(spark, files))
    articles = frames[0]
    for frame in frames[1:]:
        articles = articles.unionByName(frame)
    partitions = partitions or spark.sparkContext.defaultParallelism * 4
    tables = analyze_frame(articles, partitions=partitions, use_tagger=use_tagger)
    write: Callable[[DataFrame, str], None] = (
        (lambda df, path: df.write.mode("overwrite").parquet(path)) if fmt == "parquet" else
        (lambda df, path: df.write.mode("overwrite").json(path)))
    counts = {}
    for name in TABLES:
        path = f"{output.rstrip('/')}/{name}"
        write(tables[name], path)
        # Counted from what was written (Parquet: its footers; JSON: its lines).
        counts[name] = (spark.read.parquet(path) if fmt == "parquet"
                        else spark.read.text(path)).count()
    return counts
