"""What every reader yields: an Article, or a ReadFailure in the place it would have been."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportedly.limits import (
    LimitExceeded,
    Limits,
    current,
    input_too_large,
    read_capped,
    record_too_large,
)
from reportedly.model import Article


@dataclass(frozen=True)
class ReadFailure:
    """An input (a file, or one line/record of it) that could not be turned into an Article."""

    #: The file as it was named (``-`` for stdin).
    name: str
    reason: str
    #: Where in the file, for inputs that hold many articles (``line 3``, ``record 5``).
    where: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.where}): {self.reason}" if self.where else \
            f"{self.name}: {self.reason}"


#: One item of a reader's output stream.
Item = Article | ReadFailure


def read_document(path: Path, limits: Limits | None = None) -> bytes | ReadFailure:
    """The bytes of a one-article file, read in chunks up to the per-document cap."""
    limits = limits or current()
    try:
        with path.open("rb") as f:
            data = read_capped(f, limits.max_record_bytes)
    except OSError as e:
        return ReadFailure(str(path), e.strerror or str(e))
    if data is None:
        return ReadFailure(str(path), record_too_large(limits))
    return data


def capped_lines(f: BinaryIO, limits: Limits) -> Iterator[tuple[int, bytes | None]]:
    """The lines of ``f`` with their numbers, each read up to the per-document cap: a longer
    line comes out as None (and is skipped through in pieces, never held whole). Raises
    :class:`LimitExceeded` once the file has given more than the per-input cap."""
    cap = limits.max_record_bytes
    total = 0
    number = 0
    while True:
        line = f.readline(cap + 1 if cap else -1)
        if not line:
            return
        number += 1
        total += len(line)
        too_long = bool(cap) and len(line) > cap and not line.endswith(b"\n")
        while too_long and line and not line.endswith(b"\n"):  # the rest of the long line
            line = f.readline(1024 * 1024)
            total += len(line)
            if limits.max_input_bytes and total > limits.max_input_bytes:
                break
        if limits.max_input_bytes and total > limits.max_input_bytes:
            raise LimitExceeded(input_too_large(limits))
        yield number, None if too_long else line
