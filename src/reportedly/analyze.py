"""The one entry point: ``analyze(text | Article) -> Analysis`` and its streaming sibling."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from reportedly.extract import Parsed
from reportedly.extract.attributions import extract_attributions
from reportedly.extract.diagnostics import extract_diagnostics
from reportedly.extract.entities import extract_entities
from reportedly.extract.quantities import check_quantities, extract_quantities
from reportedly.model import Analysis, Article, Diagnostic
from reportedly.nlp import load_nlp, pipe
from reportedly.repair import prepare
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
    attributions = entity_index.link_sources(
        extract_attributions(parsed, entity_index, use_tagger=use_tagger))
    quantities = extract_quantities(parsed, attributions)
    checks = check_quantities(parsed, quantities, published=article.meta.published)
    diagnostics = [*repairs, *extract_diagnostics(parsed), *checks]
    diagnostics.sort(key=lambda d: (d.span.start, d.span.end, d.kind))
    return Analysis(doc_id=article.doc_id, text=article.text, meta=article.meta,
                    entities=entity_index.entities(), attributions=tuple(attributions),
                    quantities=tuple(quantities), diagnostics=tuple(diagnostics))


def analyze(item: str | Article, *, doc_id: str = "text", use_tagger: bool = True) -> Analysis:
    """Analyse one article (a text or an :class:`Article`); ``use_tagger=False`` finds
    attributions by the rules alone (faster, fewer found)."""
    article = as_article(item, doc_id)
    copy, repairs = prepare(article.text)
    return build_analysis(article, parse_in_windows(load_nlp(), copy), repairs,
                          use_tagger=use_tagger)


def analyze_many(items: Iterable[str | Article], *, n_process: int = 1, batch_size: int = 16,
                 on_error: Callable[[Article, Exception], None] | None = None,
                 use_tagger: bool = True) -> Iterator[Analysis]:
    """Analyse a stream of articles lazily, in input order; ``n_process`` processes parse and
    extract in parallel.

    An article whose extraction fails raises, unless ``on_error`` is given: then the failure
    is handed to it with its article and the stream goes on, so a batch records every loss."""

    def prepared() -> Iterator[tuple[str, tuple[Article, list[Diagnostic]]]]:
        for i, item in enumerate(items):
            article = as_article(item, doc_id=f"text:{i + 1}")
            copy, repairs = prepare(article.text)
            # A long copy is parsed in windows by ``extract``: the batch parses nothing for it.
            yield (copy if fits_one_window(copy) else ""), (article, repairs)

    def extract(doc: Doc, context: tuple[Article, list[Diagnostic]]) -> Analysis | _Failed:
        article, repairs = context
        try:
            if not doc.text and article.text:
                doc = parse_in_windows(load_nlp(), prepare(article.text)[0])
            return build_analysis(article, doc, repairs, use_tagger=use_tagger)
        except Exception as error:  # any extractor bug is one article's failure
            return _Failed(article, _portable(error))

    for result in pipe(load_nlp(), prepared(), as_tuples=True, n_process=n_process,
                       batch_size=batch_size, then=extract):
        if isinstance(result, _Failed):
            if on_error is None:
                raise result.error
            on_error(result.article, result.error)
            continue
        yield result


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
