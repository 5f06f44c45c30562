"""``reportedly bench PATH... [--limit N] [--jobs 1 2]``: throughput of the pipeline.

A benchmark, not a test: it prints articles and characters per second for spaCy's parse alone
(``load_nlp().pipe``) and for the full pipeline (``analyze_many``) on the same articles, for each
process count, in one run. The model is loaded before timing starts; with several processes
each worker loads its own copy, and that start-up is part of the time, as in a real run. Only the
parse runs in the worker processes: extraction stays in the main one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportedly.cli.analyze import _positive_int
from reportedly.model import Article


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench", help="articles and characters per second, parse alone and full pipeline",
        description="Time spaCy's parse alone and the full pipeline on the same articles, "
                    "with each process count given, and print articles/s and characters/s.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or directories in any format `analyze` reads (say, a gold "
                        "split's text/ directory)")
    p.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                   help="time only the first N articles")
    p.add_argument("-j", "--jobs", type=_positive_int, nargs="+", default=[1, 2], metavar="N",
                   help="process counts to time (default: 1 2)")
    p.set_defaults(run=run)


@dataclass(frozen=True, slots=True)
class Timing:
    stage: str
    jobs: int
    seconds: float


def run(args: argparse.Namespace) -> int:
    from reportedly.ingest import ReadFailure, read_inputs
    from reportedly.nlp import ModelMissingError

    articles: list[Article] = []
    for item in read_inputs(args.paths):
        if isinstance(item, ReadFailure):
            print(f"reportedly: {item}", file=sys.stderr)
            continue
        articles.append(item)
        if args.limit is not None and len(articles) >= args.limit:
            break
    if not articles:
        print("reportedly: no articles to time", file=sys.stderr)
        return 1
    try:
        timings = measure(articles, args.jobs)
    except ModelMissingError as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 1
    print(format_table(timings, len(articles), sum(len(a.text) for a in articles)))
    return 0


def measure(articles: Sequence[Article], jobs: Sequence[int]) -> list[Timing]:
    from reportedly.analyze import analyze, analyze_many
    from reportedly.nlp import load_nlp, pipe

    nlp = load_nlp()
    analyze("Warm-up: the model and the lexicons load here, she said.")  # not timed
    texts = [a.text for a in articles]

    def parse(n: int) -> None:
        for _ in pipe(nlp, texts, n_process=n, batch_size=16):
            pass

    def full(n: int) -> None:
        for _ in analyze_many(articles, n_process=n):
            pass

    stages: tuple[tuple[str, Callable[[int], None]], ...] = (
        ("spaCy parse", parse), ("full pipeline", full))
    timings = []
    for n in dict.fromkeys(jobs):  # in the order given, each once
        for stage, work in stages:
            start = time.perf_counter()
            work(n)
            timings.append(Timing(stage, n, time.perf_counter() - start))
    return timings


def format_table(timings: Sequence[Timing], n_articles: int, n_chars: int) -> str:
    lines = [f"{n_articles} articles, {n_chars} characters",
             f"{'stage':<14} {'processes':>9} {'seconds':>8} {'articles/s':>11} "
             f"{'characters/s':>13}"]
    for t in timings:
        seconds = max(t.seconds, 1e-9)
        lines.append(f"{t.stage:<14} {t.jobs:9d} {t.seconds:8.2f} {n_articles / seconds:11.2f} "
                     f"{n_chars / seconds:13.0f}")
    return "\n".join(lines)
