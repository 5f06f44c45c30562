"""``reportedly analyze PATH...``: Analyses as JSON, JSONL or a readable report."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse articles and print their Analyses")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--format", choices=("json", "jsonl", "text"), default=None)
    p.add_argument("-o", "--output", default=None, help="write here instead of stdout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.analyze import analyze_many
    from reportedly.ingest import ReadFailure, read_inputs

    failed = 0
    articles = []
    for item in read_inputs(args.paths):
        if isinstance(item, ReadFailure):
            print(f"reportedly: {item.name}: {item.reason}", file=sys.stderr)
            failed += 1
        else:
            articles.append(item)
    target = args.output or sys.stdout.fileno()
    with open(target, "w", encoding="utf-8", closefd=bool(args.output)) as out:
        for analysis in analyze_many(articles):
            out.write(analysis.to_json(indent=2 if len(articles) == 1 else None) + "\n")
    return 1 if failed else 0
