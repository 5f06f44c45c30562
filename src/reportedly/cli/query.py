"""``reportedly query speakers|quotes|sources|figures|search``: questions over the corpus store."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="ask the corpus store who said what",
                       description="Questions over the corpus store. Tables for people; "
                                   "--format json|csv for programs.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=None,
                        help="SQLite file or postgresql:// URL (default ./reportedly.db)")
    common.add_argument("--format", choices=("table", "json", "csv"), default="table")
    common.add_argument("-o", "--output", default=None, help="write here instead of stdout")
    common.add_argument("--limit", type=int, default=None, help="at most this many rows")
    scope = argparse.ArgumentParser(add_help=False)
    scope.add_argument("--outlet", default=None, help="only articles from this outlet")
    scope.add_argument("--since", default=None, metavar="DATE",
                       help="only articles published on or after DATE (YYYY-MM-DD)")
    which = p.add_subparsers(dest="question", required=True, metavar="QUESTION")
    which.add_parser("speakers", parents=[common, scope],
                     help="the most attributed sources, per outlet, with their cues' stances")
    q = which.add_parser("quotes", parents=[common, scope],
                         help="everything one speaker was reported to say")
    q.add_argument("--speaker", required=True, metavar="NAME")
    which.add_parser("sources", parents=[common, scope],
                     help='who is cited with "according to"')
    f = which.add_parser("figures", parents=[common, scope],
                         help="reported figures and their sources; --conflicts for disagreements")
    f.add_argument("--measure", default=None, metavar="TEXT",
                   help="only measures with the words TEXT ('death' finds 'deaths', "
                        "'men' not 'unemployment')")
    f.add_argument("--conflicts", action="store_true",
                   help="pairs of figures for the same measure that disagree")
    f.add_argument("--tolerance", type=float, default=0.05,
                   help="relative difference still counted as agreement (default 0.05)")
    f.add_argument("--within", type=_days, default=7, metavar="DAYS",
                   help="conflicts only between articles published at most DAYS apart "
                        "(default 7; 'any' for no limit); one article's figures always count")
    f.add_argument("--max-ratio", type=float, default=10.0, metavar="R",
                   help="conflicts only between values at most R times apart (default 10): "
                        "further apart, they count different things")
    s = which.add_parser("search", parents=[common], help="full-text search over article text")
    s.add_argument("text", metavar="TEXT")
    p.set_defaults(run=run)


def _days(value: str) -> int | None:
    if value.lower() == "any":
        return None
    days = int(value)
    if days < 0:
        raise argparse.ArgumentTypeError("a number of days (0 or more) or 'any'")
    return days


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from reportedly.store.db import error_line
    from reportedly.store.output import write_rows

    try:
        rows = _answer(args)
    except DBAPIError as e:
        print(error_line(args.db, e), file=sys.stderr)
        return 1
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_rows(rows, out, args.format)
    else:
        write_rows(rows, sys.stdout, args.format)
    return 0


def _answer(args: argparse.Namespace) -> list:
    from reportedly.store import Store, queries

    store = Store(args.db)
    try:
        with store.connect() as c:
            if args.question == "speakers":
                rows = queries.speakers(c, outlet=args.outlet, since=args.since,
                                        limit=args.limit or 20)
            elif args.question == "sources":
                rows = queries.sources(c, outlet=args.outlet, since=args.since,
                                       limit=args.limit or 20)
            elif args.question == "quotes":
                rows = queries.quotes(c, args.speaker, outlet=args.outlet, since=args.since,
                                      limit=args.limit)
            elif args.question == "figures":
                rows = queries.figures(c, measure=args.measure, conflicts=args.conflicts,
                                       tolerance=args.tolerance, within_days=args.within,
                                       max_ratio=args.max_ratio, outlet=args.outlet,
                                       since=args.since, limit=args.limit)
            else:
                rows = queries.search(c, args.text, limit=args.limit or 20)
    finally:
        store.close()
    return rows
