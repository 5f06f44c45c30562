"""``reportedly spark INPUT... --output DIR [--master M] [--partitions N] [--format F]``: analyse
a corpus on Apache Spark into tables (``pip install "reportedly[spark]"``; needs Java)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "spark", help="analyse a corpus on Apache Spark into Parquet (or JSON lines) tables",
        description="Read .txt, .html, .jsonl(.gz), .csv, .warc(.gz) files and directories, and "
                    "*.parquet inputs (a text column, an id column, meta columns), from any file "
                    "system Spark reads; analyse them in Spark's Python workers; write the "
                    "tables articles, attributions, entities, mentions, quantities, diagnostics "
                    "and errors under --output, each replaced when run again. "
                    "`reportedly ingest DIR` loads the result into the store.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or directories: local paths, hdfs://, s3a://, …")
    p.add_argument("--output", "-o", required=True, metavar="DIR",
                   help="the output directory (its tables are overwritten)")
    p.add_argument("--master", default=None,
                   help="Spark master: local[2], spark://host:7077, yarn, … (default: what "
                        "spark-submit set, else local[*])")
    p.add_argument("--partitions", type=int, default=None,
                   help="partitions of articles (default: 4 per core Spark reports)")
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet",
                   help="table format (default parquet)")
    p.add_argument("--rules-only", action="store_true",
                   help="attributions by the rules alone (faster, fewer found)")
    p.set_defaults(run=run)


def _usage_error(args: argparse.Namespace) -> str | None:
    if args.partitions is not None and args.partitions < 1:
        return f"--partitions must be at least 1, not {args.partitions}"
    if "://" not in args.output:
        out = Path(args.output).resolve()
        for p in args.inputs:
            if "://" not in p and Path(p).exists() and (
                    Path(p).resolve() == out or Path(p).resolve() in out.parents):
                return f"--output {args.output} lies inside the input {p}"
    return None


def run(args: argparse.Namespace) -> int:
    problem = _usage_error(args)
    if problem:
        print(f"reportedly spark: {problem}", file=sys.stderr)
        return 2
    try:
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession
    except ImportError:
        print("reportedly spark: needs pyspark: pip install 'reportedly[spark]'",
              file=sys.stderr)
        return 2
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        print("reportedly spark: needs a Java runtime (17 or later): e.g. "
              "apt-get install default-jre-headless", file=sys.stderr)
        return 2
    from reportedly.spark import run as run_spark

    if "PYSPARK_GATEWAY_PORT" not in os.environ and (  # not under spark-submit
            args.master is None or args.master.startswith("local")):
        # Local Python workers run this interpreter, where reportedly is installed (on a
        # cluster, the environment shipped with the job says which).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("reportedly")
    if args.master:
        builder = builder.master(args.master)
    # Few rows per batch to and from the Python workers: a row can be a whole web archive.
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # the JVM did not start: the reason is in its message
        print(f"reportedly spark: Spark did not start: {str(e).strip().splitlines()[0]}",
              file=sys.stderr)
        return 2
    spark.sparkContext.setLogLevel("ERROR")
    try:
        counts = run_spark(spark, args.inputs, args.output, partitions=args.partitions,
                           fmt=args.format, use_tagger=not args.rules_only)
    except PySparkException as e:
        print(f"reportedly spark: {_first_line(e)}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    print(f"reportedly: {counts['articles']} articles analysed, {counts['errors']} failed; "
          + ", ".join(f"{n} {name}" for name, n in counts.items()
                      if name not in ("articles", "errors"))
          + f"; tables in {args.output}", file=sys.stderr)
    return 1 if counts["errors"] else 0


def _first_line(error: Exception) -> str:
    message = str(error).strip()
    return message.splitlines()[0] if message else type(error).__name__
