"""The ``reportedly`` command: one module per sub-command, each with ``register`` and ``run``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from reportedly import __version__

#: Sub-command modules under ``reportedly.cli``, in the order ``--help`` lists them.
COMMANDS = ("analyze", "evaluate", "evaluate_quantities", "train", "ingest", "query", "export",
            "bench", "serve", "spark")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportedly",
        description="Who said what, on whose authority, with which numbers: "
                    "evidence-linked attribution extraction from news.")
    parser.add_argument("--version", action="version", version=f"reportedly {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"reportedly.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
