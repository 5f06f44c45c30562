"""``reportedly train GOLD_DIR -o MODEL``: fit the attribution tagger on gold BRAT annotations."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train the attribution tagger on gold annotations (BRAT)")
    p.add_argument("gold", type=Path, metavar="GOLD_DIR",
                   help="a corpus in BRAT layout: SPLIT/text/*.txt and SPLIT/attributions/*.ann")
    p.add_argument("--split", default="train",
                   help="the split to train on (default: train); '' for GOLD_DIR itself")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL",
                   help="where to write the model")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="only the first N articles (sorted by name)")
    # Unset options take the defaults the shipped model was trained with (reportedly.tagger.train).
    p.add_argument("--c1", type=float, help="L1 penalty")
    p.add_argument("--c2", type=float, help="L2 penalty")
    p.add_argument("--max-iterations", type=int, help="L-BFGS iterations")
    p.add_argument("--min-freq", type=int, help="drop features seen fewer times than this")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.tagger.train import train_from_gold

    started = time.monotonic()
    options = {name: value for name in ("c1", "c2", "max_iterations", "min_freq")
               if (value := getattr(args, name)) is not None}
    try:
        count = train_from_gold(args.gold, args.output, split=args.split or None,
                                limit=args.limit, **options)
    except FileNotFoundError as exc:
        print(f"reportedly: {exc}", file=sys.stderr)
        return 2
    if count == 0:
        print("reportedly: no annotated articles found", file=sys.stderr)
        return 2
    size = args.output.stat().st_size / 1e6
    print(f"trained on {count} articles in {time.monotonic() - started:.0f}s: "
          f"{args.output} ({size:.1f} MB)", file=sys.stderr)
    return 0
