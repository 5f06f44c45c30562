"""Loading the data files under ``reportedly/data/`` (lexicons, unit tables, aliases)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def data_text(name: str) -> str:
    return resources.files("reportedly").joinpath("data", name).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> frozenset[str]:
    """A set of lower-case entries, one per line; ``#`` starts a comment."""
    words = set()
    for line in data_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower())
    return frozenset(words)


@cache
def tsv_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated file with a header line; ``#`` lines are comments."""
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))


@cache
def tsv_column(name: str, column: str) -> frozenset[str]:
    """The lower-cased values of one column of a TSV data file."""
    return frozenset(row[column].lower() for row in tsv_rows(name))
