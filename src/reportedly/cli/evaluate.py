"""``reportedly evaluate GOLD_DIR [--split dev]``: attribution P/R/F1 against BRAT gold.

GOLD_DIR is laid out as PolNeAR is (``SPLIT/text/NAME.txt``, ``SPLIT/attributions/NAME_*.ann``,
optionally ``metadata.tsv`` with a publisher per article); the scoring rules are in
:mod:`reportedly.evaluate.attributions`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from reportedly.cli.options import positive_int


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate", help="score attributions against BRAT gold (the PolNeAR layout)",
        description="Run the pipeline over a gold split and print precision, recall and F1 of "
                    "attribution contents at character coverage >= 0.3 and >= 0.8 and exact, "
                    "source and cue accuracy on the matched pairs, breakdowns by predicted type "
                    "and publisher, the reporting-verb lexicon's coverage of the gold cues, and "
                    "a sample of misses and false alarms.")
    p.add_argument("gold_dir", metavar="GOLD_DIR", type=Path,
                   help="a directory holding SPLIT/text/ and SPLIT/attributions/")
    p.add_argument("--split", default="dev", help="the split to score (default dev)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: tables for a person (default); json: the same as one object")
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                   help="parse with N processes (default 1)")
    p.add_argument("--samples", type=_non_negative_int, default=10, metavar="N",
                   help="how many misses and false alarms to show (default 10; a seeded sample)")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N",
                   help="score only the first N articles in name order (for quick runs)")
    p.add_argument("--coverage-split", default=None, metavar="SPLIT",
                   help="also measure the lexicon's coverage of this split's gold cues "
                        "(say, train)")
    p.add_argument("--score-nested", action="store_true",
                   help="also score attributions nested inside another's content; by default "
                        "they are set aside when the gold is flat (under 1%% of its contents "
                        "overlap another, as in PolNeAR) and scored otherwise")
    p.add_argument("--agreement", nargs="+", default=None, metavar="SPLIT",
                   help="measure two annotators' agreement on the doubly annotated articles of "
                        "these splits (default: the split scored)")
    p.add_argument("--rules-only", action="store_true",
                   help="attributions by the rules alone, without the tagger")
    p.add_argument("--tagger-model", type=Path, default=None, metavar="MODEL",
                   help="tag with this model directory (from `reportedly train`) instead of "
                        "the shipped one; the same as setting REPORTEDLY_TAGGER_MODEL")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.brat import BratFormatError
    from reportedly.evaluate.attributions import check_layout, evaluate, format_text
    from reportedly.nlp import ModelMissingError
    from reportedly.tagger import MODEL_ENV, TaggerModelMissingError, load_tagger

    if args.tagger_model is not None:
        # The environment carries the choice into the parsing workers.
        os.environ[MODEL_ENV] = str(args.tagger_model.resolve())
        try:
            load_tagger()
        except TaggerModelMissingError as e:
            print(f"reportedly: {e}", file=sys.stderr)
            return 2

    for split in filter(None, (args.split, args.coverage_split, *(args.agreement or ()))):
        if (problem := check_layout(args.gold_dir, split)) is not None:
            print(f"reportedly: {problem}", file=sys.stderr)
            return 2
    try:
        result = evaluate(args.gold_dir, args.split, jobs=args.jobs, samples=args.samples,
                          limit=args.limit, coverage_split=args.coverage_split,
                          nested=args.score_nested, use_tagger=not args.rules_only,
                          agreement_splits=args.agreement)
    except (BratFormatError, ModelMissingError) as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 1
    if not result["articles"]:
        print(f"reportedly: no annotated articles in {args.gold_dir / args.split}",
              file=sys.stderr)
        return 1
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8" and \
            hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # gold text is printed as it is
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_text(result))
    return 0


def _non_negative_int(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}")
    return int(value)
