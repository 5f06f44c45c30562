"""``reportedly export --format jsonl|csv|parquet -o PATH``: the store's contents as files."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from reportedly.store.export import TABLES

    p = sub.add_parser(
        "export", help="write the corpus store out as JSONL, CSV or Parquet",
        description="JSONL: one Analysis per line, in the order stored (re-importable with "
                    "`reportedly ingest FILE.jsonl`). CSV/Parquet: one flat table (--table). "
                    "For a query's result use `reportedly query … --format csv|json -o PATH`.")
    p.add_argument("--db", default=None,
                   help="SQLite file or postgresql:// URL (default ./reportedly.db)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("--table", choices=TABLES, default="attributions",
                   help="the table for csv/parquet (default attributions)")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.store import Store
    from reportedly.store.export import export

    store = Store(args.db)
    try:
        with store.connect() as connection:
            n = export(connection, args.format, args.output, table=args.table)
    except RuntimeError as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 2
    finally:
        store.close()
    what = "analyses" if args.format == "jsonl" else f"{args.table} rows"
    print(f"reportedly: wrote {n} {what} to {args.output}", file=sys.stderr)
    return 0
