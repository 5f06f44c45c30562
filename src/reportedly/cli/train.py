"""``reportedly train GOLD_DIR -o MODEL``: fit the attribution tagger on gold BRAT annotations,
and export it to the model directory analysis reads."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.cli.options import positive_int


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train the attribution tagger on gold annotations (BRAT)")
    p.add_argument("gold", type=Path, metavar="GOLD_DIR", nargs="?",
                   help="a corpus in BRAT layout: SPLIT/text/*.txt and SPLIT/attributions/*.ann")
    p.add_argument("--split", default="train",
                   help="the split to train on (default: train); '' for GOLD_DIR itself")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL",
                   help="the model directory to write (trained weights, ONNX encoder, head, "
                        "vocabulary)")
    p.add_argument("--export-only", action="store_true",
                   help="train nothing: export again from MODEL's trained weights "
                        "(attributions.bin)")
    p.add_argument("--quantization", choices=("int8", "int8-tensor", "fp32"), default=None,
                   help="how the ONNX encoder stores its matrices (default int8: 8 bits, one "
                        "scale per output channel)")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="only the first N articles (sorted by name)")
    # Unset options take the defaults the shipped model was trained with (reportedly.tagger.train).
    p.add_argument("--epochs", type=positive_int, help="passes over the training windows")
    p.add_argument("--learning-rate", type=float,
                   help="AdamW's peak learning rate for the encoder (the head learns faster)")
    p.add_argument("--batch-pieces", type=positive_int, help="word pieces per update")
    p.add_argument("--seed", type=int, help="the random seed (same seed, same model)")
    p.add_argument("--averaged-epochs", type=positive_int, metavar="N",
                   help="write the mean of the weights after each of the last N epochs")
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                   help="parse with N processes (default 1; the model is the same)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.tagger.encoder import EncoderMissingError
    from reportedly.tagger.network import WEIGHTS_FILE
    from reportedly.tagger.train import TrainingUnavailableError, train_from_gold

    started = time.monotonic()
    names = ("epochs", "learning_rate", "batch_pieces", "seed", "averaged_epochs",
             "quantization")
    options = {name: value for name in names if (value := getattr(args, name)) is not None}
    try:
        if args.export_only:
            from reportedly.tagger.export import export_model

            weights = args.output / WEIGHTS_FILE
            if not weights.is_file():
                raise FileNotFoundError(f"no trained weights to export: {weights}")
            export_model(weights, args.output, **{k: v for k, v in options.items()
                                                  if k == "quantization"})
            count = 1
        elif args.gold is None:
            print("reportedly: train needs GOLD_DIR (or --export-only)", file=sys.stderr)
            return 2
        else:
            count = train_from_gold(args.gold, args.output, split=args.split or None,
                                    limit=args.limit, n_process=args.jobs, **options)
    except (FileNotFoundError, TrainingUnavailableError, EncoderMissingError, ImportError,
            ValueError) as exc:
        print(f"reportedly: {exc}", file=sys.stderr)
        return 2
    if count == 0:
        print("reportedly: no annotated articles found", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in args.output.iterdir() if f.is_file()) / 1e6
    done = "exported" if args.export_only else f"trained on {count} articles"
    print(f"{done} in {time.monotonic() - started:.0f}s: {args.output} ({size:.1f} MB)",
          file=sys.stderr)
    return 0
