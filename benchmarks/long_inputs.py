"""Seconds per megabyte on long and pathological inputs, made on the fly.

    python benchmarks/long_inputs.py [--size CHARS ...] [--case NAME ...] [--stages] [--no-tagger]

Each case is generated at each size (default: a realistic ~3 MB article and 5 MB for the single
pathological lines, 1 MB for the quote marks) and analysed with ``reportedly.analyze``; the table
gives seconds, seconds per megabyte (of UTF-8 text) and, with several sizes, the growth exponent
between consecutive sizes (1 is linear, 2 quadratic). ``--stages`` splits the time into the
repairs, the parse and each extractor. The realistic article is the devset's articles repeated
as paragraphs; nothing is read from outside the repository.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET_TEXT = ROOT / "devset" / "dev" / "text"
MB = 1_000_000


def realistic(size: int) -> str:
    """News paragraphs: the devset's articles (those in the repository) in turn, until ``size``."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(DEVSET_TEXT.glob("*.txt"))
             if p.is_file() and not p.is_symlink()]
    parts: list[str] = []
    length = 0
    while length < size:
        for text in texts:
            parts.append(text)
            length += len(text) + 2
    return "\n\n".join(parts)[:size]


def quote_marks(size: int) -> str:
    """Quotation marks of every kind with words between, a mark every ~10 characters."""
    rng = random.Random(27)
    marks = ["“", "”", '"', "«", "»", "''", "‘", "’"]
    words = ["the", "minister", "said", "Prices", "will", "fall,", "he", "added.", "no", "42"]
    out: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(marks) + rng.choice(words) + " " + rng.choice(words) + " "
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]


def no_spaces(size: int) -> str:
    """One line of letters and punctuation without a space."""
    unit = "Theministersaid,accordingtoofficials,thatpricesfell.Q3/2024-Kyiv"
    return (unit * (size // len(unit) + 1))[:size]


def digits(size: int) -> str:
    """One line of digits and number punctuation."""
    unit = "1,234.56-7/8%9:10.000,5$12-13.14/15,16"
    return (unit * (size // len(unit) + 1))[:size]


def one_char(size: int) -> str:
    """A run of one character."""
    return "a" * size


def one_mark(size: int) -> str:
    """A run of one quotation mark."""
    return '"' * size


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "realistic": (realistic, 3 * MB),
    "quote_marks": (quote_marks, 1 * MB),
    "no_spaces": (no_spaces, 5 * MB),
    "digits": (digits, 5 * MB),
    "one_char": (one_char, 5 * MB),
    "one_mark": (one_mark, 1 * MB),
}


def parse_copy(copy: str) -> object:
    """The parse ``analyze`` makes of an analysis copy (in windows where the project has them)."""
    from reportedly.nlp import load_nlp

    try:
        from reportedly.windows import parse_in_windows
    except ImportError:  # before windows existed: one parse
        return load_nlp()(copy)
    return parse_in_windows(load_nlp(), copy)


def run_stages(text: str, use_tagger: bool) -> dict[str, float]:
    """Time each stage of ``analyze`` separately, as ``build_analysis`` runs them."""
    from reportedly.document import Parsed
    from reportedly.extract.attributions import extract_attributions
    from reportedly.extract.diagnostics import extract_diagnostics
    from reportedly.extract.entities import extract_entities, link_speakers
    from reportedly.extract.quantities import check_quantities, extract_quantities
    from reportedly.repair import prepare
    from reportedly.tagger import tag_article

    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[stage] = now - clock
        clock = now

    copy, _ = prepare(text)
    lap("repairs")
    doc = parse_copy(copy)
    lap("parse")
    parsed = Parsed(text, doc)
    index = extract_entities(parsed)
    lap("entities")
    runs = tag_article(parsed) if use_tagger else None
    lap("tagger")
    unlinked, drafted_direct = extract_attributions(parsed, runs)
    attributions = link_speakers(index, unlinked, drafted_direct)
    lap("attributions")
    quantities = extract_quantities(parsed, attributions)
    check_quantities(parsed, quantities, published=None)
    lap("quantities")
    extract_diagnostics(parsed)
    lap("diagnostics")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=None, metavar="CHARS",
                        help="sizes in characters (default: each case's own)")
    parser.add_argument("--case", nargs="+", choices=sorted(CASES), default=list(CASES))
    parser.add_argument("--stages", action="store_true", help="time each stage apart")
    parser.add_argument("--no-tagger", action="store_true", help="attributions by rules alone")
    args = parser.parse_args(argv)

    from reportedly.analyze import analyze

    analyze("Warm-up: the model and the lexicons load here, she said.")  # not timed
    print(f"{'case':<12} {'chars':>9} {'seconds':>8} {'s/MB':>8} {'growth':>6}"
          + ("  stages (s)" if args.stages else ""), flush=True)
    for name in args.case:
        make, default_size = CASES[name]
        previous: tuple[int, float] | None = None
        for size in args.size or [default_size]:
            text = make(size)
            megabytes = len(text.encode("utf-8")) / MB
            start = time.perf_counter()
            stages = ""
            if args.stages:
                times = run_stages(text, not args.no_tagger)
                stages = "  " + " ".join(f"{k}={v:.2f}" for k, v in times.items())
            else:
                analyze(text, use_tagger=not args.no_tagger)
            seconds = time.perf_counter() - start
            growth = ""
            if previous is not None and previous[1] > 0 and size != previous[0]:
                growth = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
            print(f"{name:<12} {len(text):9d} {seconds:8.2f} {seconds / megabytes:8.2f} "
                  f"{growth:>6}{stages}", flush=True)
            previous = (size, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
