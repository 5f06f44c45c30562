"""``reportedly evaluate-quantities [GOLD | --heldout]``: figure P/R/F1 for reportedly and the
baseline."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate-quantities",
                       help="score figures (value, unit, bound) against a gold set")
    p.add_argument("gold", nargs="?", default=None, metavar="GOLD",
                   help="gold JSON lines (default: the packaged quantities gold set)")
    p.add_argument("--heldout", action="store_true",
                   help="score the packaged held-out set instead of the development gold set")
    p.add_argument("--system", action="append", choices=("reportedly", "quantulum3"),
                   help="systems to score (default: both)")
    p.add_argument("--errors", action="store_true", help="list missed and spurious figures")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.evaluate.quantities import (
        evaluate,
        format_errors,
        format_table,
        heldout_gold_path,
        load_gold,
    )

    if args.heldout and args.gold:
        print("reportedly: give a GOLD file or --heldout, not both", file=sys.stderr)
        return 2
    gold = load_gold(heldout_gold_path() if args.heldout else args.gold)
    systems = args.system or ["reportedly", "quantulum3"]
    try:
        results = evaluate(gold, systems)
    except ImportError as exc:
        print(f"reportedly: {exc}; install quantulum3 or pass --system reportedly",
              file=sys.stderr)
        return 1
    n_figures = sum(len(s.figures) for s in gold)
    if args.json:
        print(json.dumps({"sentences": len(gold), "figures": n_figures,
                          "systems": {r.name: {lvl: s.to_dict() for lvl, s in r.scores.items()}
                                      for r in results}}, indent=2))
    else:
        print(format_table(results, len(gold), n_figures))
    if args.errors:
        for r in results:
            print(format_errors(r))
    return 0
