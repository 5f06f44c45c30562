"""``reportedly bench PATH... [--limit N] [--jobs 1 2]``: throughput of the pipeline.

A benchmark, not a test: it prints articles and characters per second for spaCy's parse alone
(``load_nlp().pipe``) and for the full pipeline (``analyze_many``) on the same articles, for each
process count, in one run, with the CPU seconds each took (this process and its workers: on a
busy machine a steadier measure than the clock), the share of the full pipeline's time spent in
the tagger's encoder (one process), the tagger model's load time, and each process's resident
memory (the worker processes' peaks; pages shared with the parent are counted in each). The
models are loaded before timing starts; with several processes each worker is forked from the
loaded parent, and that start-up is part of the time, as in a real run. The single process runs
on :data:`reportedly.threads.DEFAULT_THREADS` threads, each worker on one.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportedly.cli.options import positive_int
from reportedly.model import Article


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench", help="articles and characters per second, parse alone and full pipeline",
        description="Time spaCy's parse alone and the full pipeline on the same articles, "
                    "with each process count given, and print articles/s and characters/s.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or directories in any format `analyze` reads (say, a gold "
                        "split's text/ directory)")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N",
                   help="time only the first N articles")
    p.add_argument("-j", "--jobs", type=positive_int, nargs="+", default=[1, 2], metavar="N",
                   help="process counts to time (default: 1 2)")
    p.set_defaults(run=run)


@dataclass(frozen=True, slots=True)
class Timing:
    stage: str
    jobs: int
    seconds: float
    #: CPU seconds of this process and of the worker processes that ended meanwhile.
    cpu_seconds: float = 0.0
    #: Seconds of it in the tagger's encoder (None where it ran in other processes).
    encoder_seconds: float | None = None
    #: Resident memory in MB of each process that did the work.
    resident_mb: list[float] = field(default_factory=list)


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
    from reportedly.tagger import TaggerModelMissingError

    try:
        load_seconds = tagger_load_seconds()
        timings = measure(articles, args.jobs)
    except (ModelMissingError, TaggerModelMissingError) as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 1
    print(format_table(timings, len(articles), sum(len(a.text) for a in articles),
                       load_seconds))
    return 0


def tagger_load_seconds() -> float:
    """Seconds to open the tagger model from its files (ONNX Runtime session, head,
    vocabulary), as a new process does."""
    from reportedly.tagger import _load, load_tagger

    _load.cache_clear()
    start = time.perf_counter()
    load_tagger()
    return time.perf_counter() - start


def _resident_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def _children() -> list[int]:
    pid = os.getpid()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found.extend(int(child) for child in f.read().split())
        except (OSError, ValueError):
            continue
    return found


@contextmanager
def worker_peaks(every: float = 0.2) -> Iterator[dict[int, float]]:
    """The peak resident memory (MB) of each child process while the block runs, sampled
    (Linux; nothing elsewhere)."""
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(every):
            for child in _children():
                mb = _resident_mb(child)
                if mb is not None:
                    peaks[child] = max(peaks.get(child, 0.0), mb)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peaks
    finally:
        done.set()
        sampler.join()


def measure(articles: Sequence[Article], jobs: Sequence[int]) -> list[Timing]:
    from reportedly.analyze import analyze, analyze_many
    from reportedly.nlp import load_nlp
    from reportedly.parallel import pipe
    from reportedly.tagger.network import EncoderClock

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
            encoder_before = EncoderClock.seconds
            with worker_peaks() as peaks:
                cpu_before = _cpu_seconds()
                start = time.perf_counter()
                work(n)
                seconds = time.perf_counter() - start
                cpu = _cpu_seconds() - cpu_before
            if n == 1:
                resident = [_resident_mb(os.getpid()) or 0.0]
                encoder: float | None = EncoderClock.seconds - encoder_before
            else:
                resident = [peaks[pid] for pid in sorted(peaks)]
                encoder = None
            timings.append(Timing(stage, n, seconds, cpu, encoder, resident))
    return timings


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def format_table(timings: Sequence[Timing], n_articles: int, n_chars: int,
                 load_seconds: float | None = None) -> str:
    head = f"{n_articles} articles, {n_chars} characters"
    if load_seconds is not None:
        head += f"; tagger model loaded in {load_seconds:.2f}s"
    lines = [head,
             f"{'stage':<14} {'processes':>9} {'seconds':>8} {'articles/s':>11} "
             f"{'characters/s':>13} {'CPU s':>7} {'CPU s/article':>13} {'encoder':>8}  "
             "resident MB (each process)"]
    for t in timings:
        seconds = max(t.seconds, 1e-9)
        share = "-" if t.encoder_seconds is None or t.stage != "full pipeline" else \
            f"{t.encoder_seconds / seconds:.0%}"
        resident = ",".join(f"{mb:.0f}" for mb in t.resident_mb) or "-"
        lines.append(f"{t.stage:<14} {t.jobs:9d} {t.seconds:8.2f} {n_articles / seconds:11.2f} "
                     f"{n_chars / seconds:13.0f} {t.cpu_seconds:7.1f} "
                     f"{t.cpu_seconds / max(n_articles, 1):13.3f} {share:>8}  {resident}")
    return "\n".join(lines)
