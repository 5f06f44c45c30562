"""Streaming ingest: articles in, analysed in parallel, stored in batched transactions.

Resumable by construction: an article is skipped when its content hash is stored already, and
each batch is one transaction, so a killed run keeps every finished batch and a re-run
continues with the first article not yet stored. Memory holds only the articles in flight.

Safe to run several at once on one store: a batch is written in one short transaction that
holds the store's write lock (``store.db.writing``; the parsing is done by then) and checks
each article's hash again under it, so an article that another process stored meanwhile is
counted as already stored, never stored twice; a batch that meets a passing lock error is
written again (``store.db.retrying``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from reportedly.model import Analysis, Article
from reportedly.store.db import is_transient, retrying, writing
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


@dataclass
class _Pending:
    """An item taken in and not yet written: an Analysis to store, or a failure to record."""
    name: str
    digest: str | None
    analysis: Analysis | None = None
    reason: str = ""


class _Batch:
    """Items taken in and not yet written, written together every ``size`` items.

    The report counts an item when it is taken in (an Analysis as stored); writing corrects
    that for articles another writer stored meanwhile and for articles the database refuses."""

    def __init__(self, connection: Connection, size: int, report: IngestReport) -> None:
        self.connection, self.size, self.report = connection, size, report
        self.pending: list[_Pending] = []
        #: Hashes of articles taken in but not yet committed (duplicates within the stream).
        self.in_flight: set[str] = set()

    def add(self, item: _Pending) -> None:
        if item.analysis is None:
            self.report.failures.append((item.name, item.reason))
        else:
            self.report.stored += 1
        self.pending.append(item)
        if len(self.pending) >= self.size:
            self.commit()

    def known(self, digest: str) -> bool:
        """Whether an article is stored already or on its way (a first look, outside the write
        lock, that saves analysing it; the write checks again)."""
        if digest in self.in_flight:
            return True
        stored = has_article(self.connection, digest)
        self.connection.commit()  # no read snapshot held open between batches
        return stored

    def commit(self) -> None:
        if not self.pending:
            return
        refused = retrying(self._write)
        for i, item in enumerate(self.pending):
            if i in refused:
                self.report.stored -= 1
                reason = refused[i]
                if reason is None:
                    self.report.skipped += 1
                else:
                    self.report.failures.append((item.name, reason))
            if item.digest is not None:
                self.in_flight.discard(item.digest)
        self.pending = []

    def _write(self) -> dict[int, str | None]:
        """Write the pending items in one transaction; the Analyses not stored, by position:
        None when their text was stored already, else why the database refused them."""
        c = self.connection
        refused: dict[int, str | None] = {}
        with writing(c):
            resolver = EntityResolver(c)
            for i, item in enumerate(self.pending):
                if item.analysis is None:
                    record_failure(c, item.name, item.reason, item.digest)
                    continue
                try:
                    with c.begin_nested():  # a database error drops this article only
                        stored = save_analysis(c, item.analysis, resolver, item.digest)
                except DBAPIError as e:
                    if is_transient(e):
                        raise  # the whole batch is written again
                    reason = f"storing failed: {type(e.orig).__name__}: {e.orig}"
                    record_failure(c, item.name, reason, item.digest)
                    refused[i] = reason
                    continue
                if stored is None:
                    refused[i] = None
        return refused


def ingest(connection: Connection, items: Iterable[InputItem], *, jobs: int = 1,
           batch_size: int = 32, on_item: Callable[[IngestReport], None] | None = None
           ) -> IngestReport:
    """Analyse and store every new Article of ``items``; record every failure.

    The analysis is :func:`reportedly.analyze.analyze_many`'s, with its limits (a document over
    one is recorded naming the limit); an article whose hash is stored already is skipped before
    it is analysed. ``on_item`` is called after each input item (for a progress bar)."""
    from reportedly.analyze import analyze_many

    report = IngestReport()
    batch = _Batch(connection, batch_size, report)
    tick = on_item or (lambda _report: None)

    def fail(name: str, reason: str, digest: str | None = None) -> None:
        batch.add(_Pending(name, digest, reason=reason))
        tick(report)

    def analysis_failed(article: Article, error: Exception) -> None:
        fail(article.doc_id, _failure_reason(error), content_hash(article.text))

    def new_articles() -> Iterator[Article]:
        for item in items:
            if not isinstance(item, Article):
                fail(*_failure_of(item))
                continue
            digest = content_hash(item.text)
            if batch.known(digest):
                report.skipped += 1
                tick(report)
                continue
            batch.in_flight.add(digest)
            yield item

    analyses = analyze_many(new_articles(), n_process=jobs, batch_size=batch_size,
                            on_error=analysis_failed)
    try:
        for analysis in analyses:
            digest = content_hash(analysis.text)
            try:
                analysis.check_spans()
            except Exception as e:  # recorded with its reason, reported at the end
                fail(analysis.doc_id, _failure_reason(e), digest)
                continue
            batch.add(_Pending(analysis.doc_id, digest, analysis))
            tick(report)
        batch.commit()
    except BaseException:
        analyses.close()  # the parsing workers end now, not when the stream is collected
        connection.rollback()  # every earlier batch is committed; the open one is dropped
        raise
    return report


def _failure_reason(error: Exception) -> str:
    """Why an article was not analysed, as recorded: a limit names itself."""
    from reportedly.limits import LimitExceeded

    if isinstance(error, LimitExceeded):
        return str(error)
    return f"analysis failed: {type(error).__name__}: {error}"


def store_analyses(connection: Connection, analyses: Iterable[Analysis], *,
                   batch_size: int = 100,
                   on_item: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Store ready-made Analyses (an exported JSONL read back) as they are, without
    re-analysing them."""
    report = IngestReport()
    batch = _Batch(connection, batch_size, report)
    try:
        for analysis in analyses:
            digest = content_hash(analysis.text)
            # Nothing to save by looking first (no parsing): the write checks, under the lock.
            if digest in batch.in_flight:
                report.skipped += 1
            else:
                batch.in_flight.add(digest)
                batch.add(_Pending(analysis.doc_id, digest, analysis))
            if on_item:
                on_item(report)
        batch.commit()
    except BaseException:
        connection.rollback()
        raise
    return report
