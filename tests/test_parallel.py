"""Parsing in worker processes: the same docs as one process, and stopping never hangs."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest

from reportedly.nlp import load_nlp
from reportedly.parallel import ParseWorkerError, pipe

from .store_support import tiny_articles

TEXTS = [a.text for a in tiny_articles(9)]


def tokens(doc) -> list[tuple]:
    return [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.is_sent_start, t.ent_type_)
            for t in doc]


def no_workers_left() -> bool:
    return multiprocessing.active_children() == []


def test_workers_give_the_docs_of_one_process_in_order_with_their_contexts() -> None:
    nlp = load_nlp()
    alone = [(tokens(doc), i) for doc, i in nlp.pipe(((t, i) for i, t in enumerate(TEXTS)),
                                                      as_tuples=True)]
    shared = [(tokens(doc), i) for doc, i in pipe(nlp, ((t, i) for i, t in enumerate(TEXTS)),
                                                   as_tuples=True, n_process=2, batch_size=2)]
    assert shared == alone
    assert [tokens(d) for d in pipe(nlp, TEXTS, n_process=2, batch_size=4)] == \
        [a for a, _ in alone]
    assert no_workers_left()


def test_a_caller_that_stops_early_ends_the_workers() -> None:
    docs = pipe(load_nlp(), TEXTS, n_process=2, batch_size=1)
    next(docs)
    workers = multiprocessing.active_children()
    assert len(workers) == 2
    docs.close()
    assert no_workers_left()
    assert all(w.exitcode is not None for w in workers)


def test_an_error_in_the_input_ends_the_workers_and_is_raised() -> None:
    def texts() -> Iterator[str]:
        yield from TEXTS[:5]
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="disk went away"):
        list(pipe(load_nlp(), texts(), n_process=2, batch_size=1))
    assert no_workers_left()


def test_a_worker_that_dies_is_an_error_not_a_wait() -> None:
    def texts() -> Iterator[str]:
        for i, text in enumerate(TEXTS):
            if i == 6:
                multiprocessing.active_children()[0].kill()
            yield text

    with pytest.raises(ParseWorkerError, match="ended unexpectedly"):
        list(pipe(load_nlp(), texts(), n_process=2, batch_size=1))
    assert no_workers_left()


def test_work_after_parsing_runs_in_the_workers_and_comes_back_in_order() -> None:
    import os

    nlp = load_nlp()

    def count(doc, ctx):  # type: ignore[no-untyped-def]
        return ctx, len(doc), os.getpid()

    pairs = [(t, i) for i, t in enumerate(TEXTS)]
    alone = [(i, n) for i, n, _ in pipe(nlp, pairs, n_process=1, then=count)]
    shared = list(pipe(nlp, pairs, n_process=2, batch_size=2, then=count))
    assert [(i, n) for i, n, _ in shared] == alone == [(i, len(nlp(t))) for t, i in pairs]
    # Both workers did some of it, none of it was done here.
    assert len({pid for _, _, pid in shared}) == 2 and os.getpid() not in {p for *_, p in shared}
    assert no_workers_left()


def test_analyze_many_in_two_processes_reports_an_extractor_failure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    # The package exports the function ``analyze``; the module is reached by its full name.
    analyze_module = importlib.import_module("reportedly.analyze")
    real = analyze_module.extract_attributions

    def failing(parsed, *args):  # type: ignore[no-untyped-def]
        if "ferry" in parsed.text.lower():
            raise ValueError("extractor bug")
        return real(parsed, *args)

    monkeypatch.setattr(analyze_module, "extract_attributions", failing)
    texts = ["The mayor said the bridge would reopen.", "The ferry captain said it was late.",
             "Officials said the vote was fair."]
    failed: list[tuple[str, str]] = []
    done = list(analyze_module.analyze_many(
        texts, n_process=2, batch_size=1, on_error=lambda a, e: failed.append((a.text, str(e)))))
    assert [a.text for a in done] == [texts[0], texts[2]]
    assert failed == [(texts[1], "extractor bug")]
    with pytest.raises(ValueError, match="extractor bug"):
        list(analyze_module.analyze_many(texts, n_process=2, batch_size=1))
    assert no_workers_left()
