"""Resource limits: how much of an input is read, how long a document may be and how long its
analysis may take, so that no input (a gzip bomb, a endless line, a pathological text) can
take the machine's memory or stop a batch.

One :class:`Limits` object holds them all. Its defaults come from the environment
(``REPORTEDLY_MAX_INPUT_BYTES``, ``REPORTEDLY_MAX_RECORD_BYTES``, ``REPORTEDLY_MAX_CHARS``,
``REPORTEDLY_TIME_BUDGET``), so worker processes and every command see the same values; the
command-line options of ``analyze`` and ``ingest`` set those variables, and the Python API takes
a ``Limits`` argument. A document over a limit is one failure, named with the limit it crossed;
the others go on.

The time budget is enforced with a timer signal (``SIGALRM``) around each document's
preparation and extraction, in the process that does the work (a parsing worker, or the caller
with one process): a document that runs over is interrupted where it is, between two Python
steps, and reported. Where no timer signal can be used (not the main thread, or no
``SIGALRM`` on the platform), the budget is checked once the work is done: the document is
still reported, but not interrupted. spaCy's parse is not timed (it cannot be interrupted
midway and stays linear): the cap on characters bounds it instead.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from types import FrameType
from typing import Any, BinaryIO

#: Environment variable of each limit.
ENV = {
    "max_input_bytes": "REPORTEDLY_MAX_INPUT_BYTES",
    "max_record_bytes": "REPORTEDLY_MAX_RECORD_BYTES",
    "max_chars": "REPORTEDLY_MAX_CHARS",
    "time_budget": "REPORTEDLY_TIME_BUDGET",
}

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class LimitExceeded(Exception):
    """A document or input over one of the limits; ``str(error)`` names the limit."""


class _Expired(BaseException):
    """Raised by the timer inside the work: not an Exception, so that no ``except Exception``
    in the code it interrupts can swallow it; :func:`time_budget` turns it into
    :class:`LimitExceeded`."""


@dataclass(frozen=True)
class Limits:
    """The resource limits; 0 turns a limit off."""

    #: Decompressed bytes read from one input file (a whole ``.warc.gz``, ``.jsonl``, ``.csv``).
    max_input_bytes: int = 4 * 1024**3
    #: Bytes of one document as read: a ``.txt`` or ``.html`` file, stdin, a JSONL line, a CSV
    #: row, a WARC record's payload (decompressed); also the longest line a WARC may hold.
    max_record_bytes: int = 16 * 1024**2
    #: Characters of one document's text, checked before it is parsed.
    max_chars: int = 5_000_000
    #: Seconds one document's analysis may take (its repairs and extraction).
    time_budget: float = 600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by the ``REPORTEDLY_*`` environment variables that are set.
        Raises ValueError naming the variable for a value that is not a size or a number."""
        environ = os.environ if environ is None else environ
        overrides: dict[str, Any] = {}  # each field's value as parse_limit reads it
        for field in fields(cls):
            raw = environ.get(ENV[field.name], "").strip()
            if raw:
                try:
                    value = parse_limit(field.name, raw)
                except ValueError as e:
                    raise ValueError(f"{ENV[field.name]}={raw!r}: {e}") from None
                overrides[field.name] = value
        return cls(**overrides)

    def to_env(self) -> dict[str, str]:
        """The environment variables that give these limits."""
        return {ENV[f.name]: str(getattr(self, f.name)) for f in fields(self)}


def parse_limit(name: str, raw: str) -> int | float:
    """A limit's value from text: sizes take K, M, G or T (binary multiples: ``64M``), the time
    budget takes seconds; 0 means no limit."""
    if name == "time_budget":
        try:
            seconds = float(raw)
        except ValueError:
            raise ValueError("expected a number of seconds") from None
        if seconds < 0 or seconds != seconds:
            raise ValueError("expected a number of seconds, 0 or more")
        return seconds
    match = _SIZE.fullmatch(raw)
    if not match:
        raise ValueError("expected a whole number, optionally with K, M, G or T")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def current() -> Limits:
    """The limits in force: the defaults and the environment."""
    return Limits.from_env()


def size(n: int) -> str:
    """A byte count for a message: ``64 MiB``, ``1,500 bytes``."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor:,} {unit}"
    return f"{n:,} bytes"


def too_many_chars(length: int, limits: Limits) -> LimitExceeded | None:
    """The failure for a text of ``length`` characters, or None when it is within the cap."""
    if limits.max_chars and length > limits.max_chars:
        return LimitExceeded(f"{length:,} characters, over the limit of {limits.max_chars:,} "
                             f"characters per document ({ENV['max_chars']})")
    return None


def record_too_large(limits: Limits) -> str:
    return (f"over the limit of {size(limits.max_record_bytes)} per document "
            f"({ENV['max_record_bytes']})")


def input_too_large(limits: Limits) -> str:
    return (f"over the limit of {size(limits.max_input_bytes)} per input file, decompressed "
            f"({ENV['max_input_bytes']}); the rest of the file is skipped")


def read_capped(f: BinaryIO, cap: int, chunk: int = 1024 * 1024) -> bytes | None:
    """All of ``f``, read in chunks, or None as soon as it holds more than ``cap`` bytes (0: no
    cap): never more than ``cap`` plus one chunk is held."""
    parts: list[bytes] = []
    total = 0
    while True:
        part = f.read(chunk)
        if not part:
            return b"".join(parts)
        total += len(part)
        if cap and total > cap:
            return None
        parts.append(part)


class CappedStream:
    """A binary stream that stops with :class:`LimitExceeded` once more than ``max_bytes``
    have been read from it, or a line runs longer than ``max_line`` (0: no such limit). What
    reads it (warcio) then never holds more than about ``max_line`` of one line."""

    def __init__(self, raw: io.BufferedIOBase, max_bytes: int, max_line: int,
                 messages: tuple[str, str]) -> None:
        self.raw, self.max_bytes, self.max_line = raw, max_bytes, max_line
        self.too_much, self.too_long = messages
        self.position = 0
        self.line = 0  # bytes since the last line break

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n is not None and n >= 0 else 1024 * 1024)
        self.position += len(data)
        if self.max_bytes and self.position > self.max_bytes:
            raise LimitExceeded(self.too_much)
        if data:
            newline = data.rfind(b"\n")
            self.line = self.line + len(data) if newline < 0 else len(data) - newline - 1
            if self.max_line and self.line > self.max_line:
                raise LimitExceeded(self.too_long)
        return data

    def readline(self, limit: int = -1) -> bytes:
        cap = self.max_line + 1 if self.max_line else -1
        line = self.raw.readline(cap if limit is None or limit < 0 else limit)
        self.position += len(line)
        if self.max_bytes and self.position > self.max_bytes:
            raise LimitExceeded(self.too_much)
        if self.max_line and not line.endswith(b"\n") and len(line) > self.max_line:
            raise LimitExceeded(self.too_long)
        return line

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = self.raw.seek(offset, whence)
        self.line = 0
        return self.position

    def close(self) -> None:
        self.raw.close()


@contextmanager
def time_budget(seconds: float, *, limit: float | None = None) -> Iterator[None]:
    """Run the body within ``seconds`` (0: no limit), else raise :class:`LimitExceeded`: by a
    timer signal that interrupts it where possible, else by a check when it ends. ``limit``
    is the budget the message names, when ``seconds`` is what is left of it."""
    if not seconds:
        yield
        return
    message = (f"took longer than the time budget of {limit or seconds:g} s per document "
               f"({ENV['time_budget']})")
    started = time.monotonic()
    interruptible = hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not interruptible:
        yield
        if time.monotonic() - started > seconds:
            raise LimitExceeded(message)
        return

    armed = True

    def expired(_signum: int, _frame: FrameType | None) -> None:
        if armed:  # a signal that arrives as the body ends is not an overrun
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise LimitExceeded(message) from None
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- command-line options -----------------------------------------------------------------------
_OPTIONS = (
    ("--max-input-bytes", "max_input_bytes", "SIZE",
     "decompressed bytes read from one input file (K, M, G suffixes; 0: no limit)"),
    ("--max-record-bytes", "max_record_bytes", "SIZE",
     "bytes of one document as read: a file, a JSONL line, a CSV row, a WARC record"),
    ("--max-chars", "max_chars", "N", "characters of one document's text"),
    ("--time-budget", "time_budget", "SECONDS", "seconds one document's analysis may take"),
)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The limit options, each the same as its environment variable (which it overrides)."""
    group = parser.add_argument_group(
        "resource limits", "a document over a limit is reported and the rest go on; defaults: "
        f"{size(Limits.max_input_bytes)}, {size(Limits.max_record_bytes)}, "
        f"{Limits.max_chars:,} characters, {Limits.time_budget:g} s, or the REPORTEDLY_* "
        "environment variables")
    for flag, name, metavar, help_text in _OPTIONS:
        group.add_argument(flag, dest=f"limit_{name}", metavar=metavar, default=None,
                           help=f"{help_text} ({ENV[name]})")


def apply_options(args: argparse.Namespace) -> Limits:
    """The limits the options and the environment give; the options are written to the
    environment too, so that every part of the run (worker processes included) sees them.
    Raises ValueError naming the option or variable with a bad value."""
    for flag, name, _, _ in _OPTIONS:
        raw = getattr(args, f"limit_{name}", None)
        if raw is not None:
            try:
                parse_limit(name, raw)
            except ValueError as e:
                raise ValueError(f"{flag} {raw}: {e}") from None
            os.environ[ENV[name]] = raw
    return Limits.from_env()
