"""Ingest speed: articles per second into a fresh SQLite store, with 1 and 2 parsing jobs.

Reads a subset of PolNeAR (not part of the repository) at run time, from ``--polnear DIR`` or
the directory ``REPORTEDLY_POLNEAR`` names::

    python benchmarks/ingest_bench.py --polnear DIR [--articles 120] [--jobs 1 2]
                                      [--postgres URL]

The model is loaded before the clock starts; the figure covers reading, analysis and storage.
Memory: the main process's resident size at each quarter of a run (flat when ingest streams)
and the peak of the main process and of the largest parsing worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from reportedly.ingest import read_inputs
from reportedly.nlp import load_nlp
from reportedly.store import IngestReport, Store, ingest
from reportedly.store.meta import load_meta_table, with_meta


def resident_mib() -> float:
    """The current resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            line = next(x for x in f if x.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--polnear", type=Path, default=os.environ.get("REPORTEDLY_POLNEAR"),
                        help="PolNeAR's directory (default: $REPORTEDLY_POLNEAR)")
    parser.add_argument("--postgres", default=None, help="also time this (emptied!) database")
    args = parser.parse_args()
    if args.polnear is None:
        parser.error("name PolNeAR's directory with --polnear DIR (or REPORTEDLY_POLNEAR)")
    args.polnear = Path(args.polnear)
    texts = sorted((args.polnear / "train" / "text").glob("*.txt"))[:args.articles]
    if not texts:
        print(f"PolNeAR not found under {args.polnear}", file=sys.stderr)
        return 1
    table = load_meta_table(args.polnear / "metadata.tsv")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
    load_nlp()
    print(f"{len(texts)} PolNeAR articles, {chars / len(texts):.0f} characters on average")
    quarters = {len(texts) * q // 4 for q in (1, 2, 3, 4)}
    targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
    for backend, url in targets:
        for jobs in args.jobs:
            with tempfile.TemporaryDirectory() as tmp:
                if url:
                    from sqlalchemy import create_engine, text
                    engine = create_engine(Store(url).url)
                    with engine.begin() as c:
                        c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                    engine.dispose()
                store = Store(url or str(Path(tmp) / "bench.db"))
                rss: list[float] = []

                def sample(progress: IngestReport, rss: list[float] = rss) -> None:
                    if progress.seen in quarters:
                        rss.append(resident_mib())

                with store.connect() as connection:
                    started = time.perf_counter()
                    report = ingest(connection, with_meta(read_inputs(texts), table), jobs=jobs,
                                    batch_size=args.batch_size, on_item=sample)
                    elapsed = time.perf_counter() - started
                    started = time.perf_counter()
                    again = ingest(connection, with_meta(read_inputs(texts), table), jobs=jobs)
                    rerun = time.perf_counter() - started
                store.close()
            print(f"{backend:10s} jobs={jobs}: {report.stored} stored in {elapsed:.1f} s = "
                  f"{report.stored / elapsed:.2f} articles/s; re-run skipped {again.skipped} "
                  f"in {rerun:.1f} s")
            print(f"{'':10s} RSS at each quarter: {' '.join(f'{m:.0f}' for m in rss)} MiB; "
                  f"peak so far: main {peak_mib(resource.RUSAGE_SELF):.0f} MiB, largest worker "
                  f"{peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
