"""What every reader yields: an Article, or a ReadFailure in the place it would have been."""

from __future__ import annotations

from dataclasses import dataclass

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
