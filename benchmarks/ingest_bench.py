"""Ingest speed: articles per second into a fresh SQLite store, with 1 and 2 parsing jobs.

Reads a subset of PolNeAR from ``../shared/data/polnear`` (beside the checkout) at run time::

    python benchmarks/ingest_bench.py [--articles 120] [--jobs 1 2] [--polnear DIR]
                                      [--postgres URL]

The model is loaded before the clock starts; the figure covers reading, analysis and storage.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from reportedly.ingest import read_inputs
from reportedly.nlp import load_nlp
from reportedly.store import Store, ingest
from reportedly.store.meta import load_meta_table, with_meta

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--postgres", default=None, help="also time this (emptied!) database")
    args = parser.parse_args()
    texts = sorted((args.polnear / "train" / "text").glob("*.txt"))[:args.articles]
    if not texts:
        print(f"PolNeAR not found under {args.polnear}", file=sys.stderr)
        return 1
    table = load_meta_table(args.polnear / "metadata.tsv")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
    load_nlp()
    print(f"{len(texts)} PolNeAR articles, {chars / len(texts):.0f} characters on average")
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
                with store.connect() as connection:
                    started = time.perf_counter()
                    report = ingest(connection, with_meta(read_inputs(texts), table), jobs=jobs,
                                    batch_size=args.batch_size)
                    elapsed = time.perf_counter() - started
                    started = time.perf_counter()
                    again = ingest(connection, with_meta(read_inputs(texts), table), jobs=jobs)
                    rerun = time.perf_counter() - started
                store.close()
            print(f"{backend:10s} jobs={jobs}: {report.stored} stored in {elapsed:.1f} s = "
                  f"{report.stored / elapsed:.2f} articles/s; re-run skipped {again.skipped} "
                  f"in {rerun:.1f} s; peak RSS so far "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
