"""The one entry point: ``analyze(text | Article) -> Analysis`` and its streaming sibling."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from reportedly.document import Parsed
from reportedly.extract.attributions import extract_attributions
from reportedly.extract.diagnostics import extract_diagnostics
from reportedly.extract.entities import extract_entities, link_speakers
from reportedly.extract.quantities import check_quantities, extract_quantities
from reportedly.limits import Limits, current, time_budget, too_many_chars
from reportedly.model import Analysis, Article, Diagnostic
from reportedly.nlp import load_nlp
from reportedly.parallel import pipe
from reportedly.repair import prepare
from reportedly.tagger import tag_article
from reportedly.threads import DEFAULT_THREADS, use_threads
from reportedly.windows import fits_one_window, parse_in_windows


def as_article(item: str | Article, doc_id: str = "text") -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(doc_id=doc_id, text=item)
    raise TypeError(f"analyze() takes a str or an Article, not {type(item).__name__}")


def build_analysis(article: Article, doc: Doc, repairs: Iterable[Diagnostic] = (), *,
                   use_tagger: bool = True) -> Analysis:
    """Run every extractor over one parsed article and assemble the Analysis
    (``use_tagger=False``: attributions by the rules alone)."""
    parsed = Parsed(article.text, doc)
    entity_index = extract_entities(parsed)
    runs = tag_article(parsed) if use_tagger else None
    unlinked, drafted_direct = extract_attributions(parsed, runs)
    attributions = link_speakers(entity_index, unlinked, drafted_direct)
    quantities = extract_quantities(parsed, attributions)
    checks = check_quantities(parsed, quantities, published=article.meta.published)
    diagnostics = [*repairs, *extract_diagnostics(parsed), *checks, *entity_index.diagnostics()]
    diagnostics.sort(key=lambda d: (d.span.start, d.span.end, d.kind))
    return Analysis(doc_id=article.doc_id, text=article.text, meta=article.meta,
                    entities=entity_index.entities(), attributions=tuple(attributions),
                    quantities=tuple(quantities), diagnostics=tuple(diagnostics))


def analyze(item: str | Article, *, doc_id: str = "text", use_tagger: bool = True,
            threads: int | None = None) -> Analysis:
    """Analyse one article (a text or an :class:`Article`); ``use_tagger=False`` finds
    attributions by the rules alone (faster, fewer found). ``threads``: how many threads the
    numeric work may use (default :data:`reportedly.threads.DEFAULT_THREADS`, 1)."""
    use_threads(DEFAULT_THREADS if threads is None else threads)
    article = as_article(item, doc_id)
    copy, repairs = prepare(article.text)
    return build_analysis(article, parse_in_windows(load_nlp(), copy), repairs,
                          use_tagger=use_tagger)


def analyze_many(items: Iterable[str | Article], *, n_process: int = 1, batch_size: int = 16,
                 on_error: Callable[[Article, Exception], None] | None = None,
                 use_tagger: bool = True, threads: int | None = None,
                 limits: Limits | None = None) -> Generator[Analysis, None, None]:
    """Analyse a stream of articles lazily, in input order; ``n_process`` processes parse and
    extract in parallel, each on one thread; in one process, ``threads`` threads (as
    :func:`analyze`).

    An article whose extraction fails raises, unless ``on_error`` is given: then the failure
    is handed to it with its article and the stream goes on, so a batch records every loss.
    So does an article over ``limits`` (default :func:`reportedly.limits.current`): longer
    than ``max_chars`` (refused before it is parsed), or whose repairs or extraction take
    longer than ``time_budget`` seconds (:class:`reportedly.limits.LimitExceeded`)."""
    limits = limits or current()

    def failed(article: Article, error: Exception) -> None:
        if on_error is None:
            raise error
        on_error(article, error)

    # One budget per document, for its repairs and its extraction together (the parse between
    # them runs in batches and is bounded by the cap on characters instead).
    # A copy too long for one window travels in the context and is parsed in windows by
    # ``extract``: the batch parses nothing for it.
    def prepared() -> Iterator[tuple[str, tuple[Article, list[Diagnostic], float, str | None]]]:
        for i, item in enumerate(items):
            article = as_article(item, doc_id=f"text:{i + 1}")
            if (too_long := too_many_chars(len(article.text), limits)) is not None:
                failed(article, too_long)
                continue
            started = time.monotonic()
            try:
                with time_budget(limits.time_budget):
                    copy, repairs = prepare(article.text)
            except Exception as error:
                failed(article, error)
                continue
            spent = time.monotonic() - started
            if fits_one_window(copy):
                yield copy, (article, repairs, spent, None)
            else:
                yield "", (article, repairs, spent, copy)

    def extract(doc: Doc, context: tuple[Article, list[Diagnostic], float, str | None]
                ) -> Analysis | _Failed:
        article, repairs, spent, long_copy = context
        budget = max(limits.time_budget - spent, 0.001) if limits.time_budget else 0
        try:
            with time_budget(budget, limit=limits.time_budget):
                if long_copy is not None:
                    doc = parse_in_windows(load_nlp(), long_copy)
                return build_analysis(article, doc, repairs, use_tagger=use_tagger)
        except Exception as error:  # any extractor bug (or overrun) is one article's failure
            return _Failed(article, _portable(error))

    if n_process <= 1:
        use_threads(DEFAULT_THREADS if threads is None else threads)
    results = pipe(load_nlp(), prepared(), as_tuples=True, n_process=n_process,
                   batch_size=batch_size, then=extract)
    try:
        for result in results:
            if isinstance(result, _Failed):
                if on_error is None:
                    raise result.error
                on_error(result.article, result.error)
                continue
            yield result
    finally:
        results.close()  # the workers end when the caller stops, not when this is collected


@dataclass(frozen=True)
class _Failed:
    """An article whose extraction raised, carried back from a worker process."""

    article: Article
    error: Exception


def _portable(error: Exception) -> Exception:
    """The error itself when it can cross to another process, else its type and message."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
