"""``reportedly train GOLD_DIR -o MODEL``: fit the attribution tagger on gold BRAT annotations."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.cli.analyze import _positive_int


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
    p.add_argument("--epochs", type=_positive_int, help="passes over the training windows")
    p.add_argument("--learning-rate", type=float,
                   help="AdamW's peak learning rate for the encoder (the head learns faster)")
    p.add_argument("--batch-pieces", type=_positive_int, help="word pieces per update")
    p.add_argument("--seed", type=int, help="the random seed (same seed, same model)")
    p.add_argument("--averaged-epochs", type=_positive_int, metavar="N",
                   help="write the mean of the weights after each of the last N epochs")
    p.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N",
                   help="parse with N processes (default 1; the model is the same)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.tagger.train import TrainingUnavailableError, train_from_gold

    started = time.monotonic()
    names = ("epochs", "learning_rate", "batch_pieces", "seed", "averaged_epochs")
    options = {name: value for name in names if (value := getattr(args, name)) is not None}
    try:
        count = train_from_gold(args.gold, args.output, split=args.split or None,
                                limit=args.limit, n_process=args.jobs, **options)
    except (FileNotFoundError, TrainingUnavailableError) as exc:
        print(f"reportedly: {exc}", file=sys.stderr)
        return 2
    if count == 0:
        print("reportedly: no annotated articles found", file=sys.stderr)
        return 2
    size = args.output.stat().st_size / 1e6
    print(f"trained on {count} articles in {time.monotonic() - started:.0f}s: "
          f"{args.output} ({size:.1f} MB)", file=sys.stderr)
    return 0
