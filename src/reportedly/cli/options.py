"""Argument types the sub-commands share: one parser, one message each."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """A count of 1 or more (jobs, workers, threads, epochs, a limit)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"a whole number of 1 or more, not {value!r}")
    return number
