"""Streaming ingest: articles in, analysed in parallel, stored in batched transactions.

Resumable by construction: an article is skipped when its content hash is stored already, and
each batch is one transaction, so a killed run keeps every finished batch and a re-run
continues with the first article not yet stored. Memory holds only the articles in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from reportedly.model import Analysis, Article
from reportedly.store.entities import EntityResolver
from reportedly.store.records import content_hash, has_article, record_failure, save_analysis

#: What readers yield: an Article, or anything with ``name`` and ``reason`` (a read failure).
InputItem = object


@dataclass
class IngestReport:
    stored: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.stored + self.skipped + len(self.failures)


def _failure_of(item: object) -> tuple[str, str]:
    """(input, reason) of a read failure; the place in a many-article file goes with the name."""
    name = getattr(item, "name", None) or getattr(item, "source", None) or repr(item)
    where = getattr(item, "where", None)
    return (f"{name} ({where})" if where else str(name),
            str(getattr(item, "reason", "unreadable input")))


class _Batch:
    """The open transaction: commits every ``size`` stored or failed items."""

    def __init__(self, connection: Connection, size: int) -> None:
        self.connection, self.size, self.pending = connection, size, 0
        #: Hashes of articles taken in but not yet committed (duplicates within the stream).
        self.in_flight: set[str] = set()

    def done(self, digest: str | None = None) -> None:
        if digest is not None:
            self.in_flight.discard(digest)
        self.pending += 1
        if self.pending >= self.size:
            self.commit()

    def commit(self) -> None:
        self.connection.commit()
        self.pending = 0


def ingest(connection: Connection, items: Iterable[InputItem], *, jobs: int = 1,
           batch_size: int = 32, on_item: Callable[[IngestReport], None] | None = None
           ) -> IngestReport:
    """Analyse and store every new Article of ``items``; record every failure.

    ``on_item`` is called after each input item (for a progress bar)."""
    from reportedly.analyze import build_analysis
    from reportedly.limits import LimitExceeded, current, time_budget, too_many_chars
    from reportedly.nlp import load_nlp, pipe
    from reportedly.repair import prepare

    limits = current()
    report = IngestReport()
    batch = _Batch(connection, batch_size)
    resolver = EntityResolver(connection)
    tick = on_item or (lambda _report: None)

    def fail(name: str, reason: str, digest: str | None = None) -> None:
        record_failure(connection, name, reason, digest)
        report.failures.append((name, reason))
        batch.done(digest)
        tick(report)

    def new_articles() -> Iterator[tuple[str, tuple[Article, list, str]]]:
        for item in items:
            if not isinstance(item, Article):
                fail(*_failure_of(item))
                continue
            digest = content_hash(item.text)
            if digest in batch.in_flight or has_article(connection, digest):
                report.skipped += 1
                tick(report)
                continue
            if (too_long := too_many_chars(len(item.text), limits)) is not None:
                fail(item.doc_id, str(too_long), digest)
                continue
            try:
                with time_budget(limits.time_budget):
                    copy, repairs = prepare(item.text)
            except LimitExceeded as e:
                fail(item.doc_id, str(e), digest)
                continue
            except Exception as e:  # one bad article must not stop the corpus
                fail(item.doc_id, f"preparing the text failed: {type(e).__name__}: {e}", digest)
                continue
            batch.in_flight.add(digest)
            yield copy, (item, repairs, digest)

    def analyse(doc: Doc, context: tuple[Article, list, str]
                ) -> tuple[Article, str, Analysis | str]:
        # In the parsing workers: the analysis, or why it failed (an error may not pickle).
        article, repairs, digest = context
        try:
            with time_budget(limits.time_budget):
                analysis = build_analysis(article, doc, repairs)
            analysis.check_spans()
        except LimitExceeded as e:
            return article, digest, str(e)
        except Exception as e:  # recorded with its reason, reported at the end
            return article, digest, f"analysis failed: {type(e).__name__}: {e}"
        return article, digest, analysis

    parsed = pipe(load_nlp(), new_articles(), as_tuples=True, n_process=jobs,
                  batch_size=batch_size, then=analyse)
    try:
        for article, digest, analysis in parsed:
            if isinstance(analysis, str):
                fail(article.doc_id, analysis, digest)
                continue
            try:
                with connection.begin_nested():  # a database error drops this article only
                    stored = save_analysis(connection, analysis, resolver, digest)
            except DBAPIError as e:
                fail(article.doc_id, f"storing failed: {type(e.orig).__name__}: {e.orig}",
                     digest)
                continue
            if stored is None:
                report.skipped += 1
            else:
                report.stored += 1
            batch.done(digest)
            tick(report)
        batch.commit()
    except BaseException:
        parsed.close()  # the parsing workers end now, not when the stream is collected
        connection.rollback()  # the open batch only; every earlier batch is committed
        raise
    return report


def store_analyses(connection: Connection, analyses: Iterable[Analysis], *,
                   batch_size: int = 100,
                   on_item: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Store ready-made Analyses (an exported JSONL read back) as they are, without
    re-analysing them."""
    report = IngestReport()
    batch = _Batch(connection, batch_size)
    resolver = EntityResolver(connection)
    try:
        for analysis in analyses:
            if save_analysis(connection, analysis, resolver) is None:
                report.skipped += 1
            else:
                report.stored += 1
            batch.done()
            if on_item:
                on_item(report)
        batch.commit()
    except BaseException:
        connection.rollback()
        raise
    return report
