"""Spark scaling: the same articles analysed on Spark with ``local[1]`` and ``local[2]``, beside
``analyze_many`` with 1 and 2 processes; articles/s, parallel efficiency and Spark's start-up.

Reads PolNeAR dev then train texts (not part of the repository) at run time from ``--polnear DIR``
or the directory ``REPORTEDLY_POLNEAR`` names, else the development set's texts repeated under
distinct ids::

    python benchmarks/spark_scaling.py [--polnear DIR] [--articles 200] [--cores 1 2]

For Spark, start-up is the session's start plus a warm-up job that loads the model in every
Python worker; the timed run then analyses the articles and writes the ``articles`` table
(every Analysis) to Parquet. For ``analyze_many`` the model is loaded before the clock starts.
A last small job checks that the timed run's workers were the warm-up's (the model loaded once
per worker, reused across partitions).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "devset" / "dev" / "text"


def corpus(n: int, polnear: Path | None) -> tuple[list[tuple[str, str]], str]:
    files = [p for split in ("dev", "train")
             for p in sorted((polnear / split / "text").glob("*.txt"))] if polnear else []
    where = f"PolNeAR dev+train ({polnear})"
    if not files:
        files = sorted(p for p in DEVSET.glob("*.txt") if p.exists())
        where = "the development set's texts, repeated"
    docs = []
    for i in range(n):
        path = files[i % len(files)]
        docs.append((f"{path.stem}:{i // len(files)}" if len(files) < n else path.stem,
                     path.read_text(encoding="utf-8")))
    return docs, where


def _workers(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas: which process ran this partition, and whether its model was loaded."""
    import pandas as pd

    from reportedly.nlp import load_nlp

    for _ in batches:
        pass
    info = load_nlp.cache_info()
    yield pd.DataFrame({"pid": [os.getpid()], "loaded": [info.currsize],
                        "hits": [info.hits]})


def spark_run(docs: list[tuple[str, str]], cores: int, per_core: int) -> dict[str, float]:
    from pyspark.sql import SparkSession

    from reportedly.spark import analyze_frame

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    started = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("spark_scaling")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - started
    try:
        probe_schema = "pid long, loaded long, hits long"
        warm = spark.createDataFrame(docs[:cores], "doc_id string, text string")
        started = time.perf_counter()
        analyze_frame(warm, partitions=cores)["articles"].count()
        warm_pids = {r.pid for r in warm.repartition(cores)
                     .mapInPandas(_workers, probe_schema).collect()}
        warmup = time.perf_counter() - started
        df = spark.createDataFrame(docs, "doc_id string, text string")
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            tables = analyze_frame(df, partitions=cores * per_core)
            tables["articles"].write.mode("overwrite").parquet(out + "/articles")
            seconds = time.perf_counter() - started
            n = spark.read.parquet(out + "/articles").count()
            errors = tables["errors"].count()
        probes = df.repartition(cores * 2).mapInPandas(_workers, probe_schema).collect()
    finally:
        spark.stop()
    reused = {r.pid for r in probes} <= warm_pids and all(r.loaded == 1 for r in probes)
    return {"session": session, "warmup": warmup, "seconds": seconds, "articles": n,
            "errors": errors, "workers_reused": float(reused)}


def local_run(docs: list[tuple[str, str]], processes: int) -> dict[str, float]:
    from reportedly import Article, analyze_many
    from reportedly.nlp import load_nlp

    load_nlp()
    articles = [Article(doc_id=d, text=t) for d, t in docs]
    started = time.perf_counter()
    n = sum(1 for _ in analyze_many(articles, n_process=processes))
    return {"seconds": time.perf_counter() - started, "articles": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partitions-per-core", type=int, default=4)
    parser.add_argument("--polnear", type=Path, default=os.environ.get("REPORTEDLY_POLNEAR"),
                        help="PolNeAR's directory (default: $REPORTEDLY_POLNEAR; without it, "
                             "the development set's texts)")
    parser.add_argument("--skip-local", action="store_true", help="Spark runs only")
    parser.add_argument("--skip-spark", action="store_true", help="analyze_many runs only")
    args = parser.parse_args()
    docs, where = corpus(args.articles, Path(args.polnear) if args.polnear else None)
    chars = sum(len(t) for _, t in docs)
    print(f"{len(docs)} articles from {where}, {chars / len(docs):.0f} characters on average; "
          f"{os.cpu_count()} cores", flush=True)
    rates: dict[str, dict[int, float]] = {"spark": {}, "analyze_many": {}}
    for cores in [] if args.skip_spark else args.cores:
        r = spark_run(docs, cores, args.partitions_per_core)
        rate = r["articles"] / r["seconds"]
        rates["spark"][cores] = rate
        print(f"spark local[{cores}]: {rate:.2f} articles/s ({r['seconds']:.1f} s, "
              f"{r['articles']:.0f} articles, {r['errors']:.0f} errors); start-up "
              f"{r['session']:.1f} s session + {r['warmup']:.1f} s warm-up (model load per "
              f"worker); workers reused with their model: {bool(r['workers_reused'])}",
              flush=True)
    if not args.skip_local:
        for processes in args.cores:
            r = local_run(docs, processes)
            rate = r["articles"] / r["seconds"]
            rates["analyze_many"][processes] = rate
            print(f"analyze_many n_process={processes}: {rate:.2f} articles/s "
                  f"({r['seconds']:.1f} s)", flush=True)
    for kind, by_cores in rates.items():
        if 1 in by_cores:
            for cores, rate in sorted(by_cores.items()):
                if cores > 1:
                    print(f"{kind}: parallel efficiency on {cores} cores "
                          f"{rate / (cores * by_cores[1]):.0%} ({rate / by_cores[1]:.2f}x)")
    if 1 in rates["spark"]:
        per_core = rates["spark"][1]
        per_day = per_core * 86_400
        print(f"1 million articles a day at {per_core:.2f} articles/s per core "
              f"({per_day:,.0f} a core a day): {1_000_000 / per_day:.1f} cores fully busy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
