"""``reportedly ingest PATH... [--db URL] [--jobs N]``: analyse articles into the corpus store."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportedly.model import Analysis

if TYPE_CHECKING:
    from reportedly.store import IngestReport, Store

#: A corpus directory's own metadata table, used when ``--meta`` is not given.
META_FILE_NAME = "metadata.tsv"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="analyse articles and store them in the corpus database",
        description="Analyse articles into the store. Articles already stored (same text) are "
                    "skipped, so an interrupted run continues where it stopped when run again. "
                    "JSONL files of Analyses (as `reportedly export --format jsonl` writes "
                    "them) and output directories of `reportedly spark` are stored as they are, "
                    "without analysing them again.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--db", default=None,
                   help="SQLite file or postgresql:// URL (default ./reportedly.db)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="parsing processes (default: up to 2)")
    p.add_argument("--batch-size", type=int, default=32,
                   help="articles per transaction (default 32)")
    p.add_argument("--meta", metavar="TSV", default=None,
                   help="a metadata table (doc_id or filename column; outlet/publisher, "
                        "published/publication_date, title, url) for inputs without metadata; "
                        f"default: a {META_FILE_NAME} at the top of a directory given as PATH")
    p.add_argument("--no-count", action="store_true",
                   help="skip counting the inputs first (the progress bar then has no ETA)")
    from reportedly.limits import add_options as add_limit_options

    add_limit_options(p)
    p.set_defaults(run=run)


def _is_analyses_jsonl(path: str) -> bool:
    if not path.endswith(".jsonl") or not Path(path).is_file():
        return False
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "schema_version" in record and "attributions" in record


def _read_analyses(path: str) -> Iterator[Analysis]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield Analysis.from_json(line)


def meta_tables(paths: list[str], explicit: str | None) -> list[str]:
    """The metadata tables to apply: ``--meta`` when given, else each input directory's
    ``metadata.tsv`` (a corpus commonly ships its outlet and date table beside the texts)."""
    if explicit:
        return [explicit]
    return [str(Path(p) / META_FILE_NAME) for p in paths
            if Path(p).is_dir() and (Path(p) / META_FILE_NAME).is_file()]


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from reportedly.limits import apply_options
    from reportedly.store import Store
    from reportedly.store.db import error_line
    from reportedly.store.spark_output import is_spark_output

    try:
        apply_options(args)  # the readers and the store's pipeline read them from there
    except ValueError as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 2
    analyses_files = [p for p in args.paths if _is_analyses_jsonl(p)]
    # Output directories of `reportedly spark`: analysed already, loaded as they are.
    spark_outputs = [p for p in args.paths if is_spark_output(p)]
    inputs = [p for p in args.paths if p not in analyses_files and p not in spark_outputs]
    try:
        store = Store(args.db)
    except DBAPIError as e:
        print(error_line(args.db, e), file=sys.stderr)
        return 1
    print(f"reportedly: storing into {store.engine.url.render_as_string(hide_password=True)}",
          file=sys.stderr)
    reports: list[IngestReport] = []
    try:
        _ingest_all(store, analyses_files, inputs, args, reports, spark_outputs)
    except KeyboardInterrupt:
        print("reportedly: interrupted; every finished batch is kept: run the same command "
              "again to continue", file=sys.stderr)
        return 130
    except DBAPIError as e:  # one still failing after the retries: every finished batch is kept
        print(error_line(args.db, e), file=sys.stderr)
        return 1
    finally:
        store.close()
    stored = sum(r.stored for r in reports)
    skipped = sum(r.skipped for r in reports)
    failures = [f for r in reports for f in r.failures]
    print(f"reportedly: {stored} stored, {skipped} already stored, {len(failures)} failed",
          file=sys.stderr)
    for name, reason in failures:
        print(f"  failed: {name}: {reason}", file=sys.stderr)
    return 1 if failures else 0


def _ingest_all(store: Store, analyses_files: list[str], inputs: list[str],
                args: argparse.Namespace, reports: list[IngestReport],
                spark_outputs: Sequence[str] = ()) -> None:
    from tqdm import tqdm

    from reportedly.ingest import read_inputs
    from reportedly.store import ingest, store_analyses
    from reportedly.store.meta import load_meta_table, with_meta

    table: dict[str, dict] | None = None
    for path in meta_tables(inputs, args.meta):
        print(f"reportedly: article metadata from {path}", file=sys.stderr)
        table = {**(table or {}), **load_meta_table(path)}

    def items() -> Iterator[object]:
        stream = read_inputs(inputs)
        return with_meta(stream, table) if table is not None else stream

    total = None
    if inputs and not args.no_count and "-" not in inputs:
        total = sum(1 for _ in read_inputs(inputs))  # reading is cheap next to parsing
    with store.connect() as connection:
        for path in analyses_files:
            reports.append(store_analyses(connection, _read_analyses(path)))
        for path in spark_outputs:
            from reportedly.store.spark_output import load_spark_output

            print(f"reportedly: analyses from the Spark output {path}", file=sys.stderr)
            reports.append(load_spark_output(connection, path))
        if not inputs:
            return
        with tqdm(total=total, unit="article", dynamic_ncols=True, file=sys.stderr,
                  smoothing=0.1) as bar:
            def tick(report: IngestReport) -> None:
                bar.update(1)
                bar.set_postfix(stored=report.stored, skipped=report.skipped,
                                failed=len(report.failures), refresh=False)
            reports.append(ingest(connection, items(), jobs=args.jobs,
                                  batch_size=args.batch_size, on_item=tick))
