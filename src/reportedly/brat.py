"""BRAT standoff annotations (PolNeAR layout), read once for evaluation and for training.

A corpus split holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``. In an ``.ann``
file, ``T`` lines are spans (discontinuous ones as ``start end;start end``; the span's text may
run over several lines), ``E`` lines tie spans together as ``ROLE:ID`` arguments (PolNeAR: an
attribution's ``Content``, ``Source`` and ``Cue``; a repeated role is numbered, ``Content2``),
and ``#``, ``A``, ``R``, ``N``, ``M`` and ``*`` lines are read past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class BratFormatError(ValueError):
    """A file that cannot be read as BRAT standoff; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Fragment:
    """One stretch of a span, as character offsets into the text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A ``T`` line: an annotated span with its label."""

    id: str
    label: str
    fragments: tuple[Fragment, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """An ``E`` line: (role, span id) arguments in the order written."""

    id: str
    line: int  # where it stands in its file, for messages
    arguments: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Annotations:
    """One ``.ann`` file: its spans by id and its events, each in file order."""

    path: Path
    spans: dict[str, TextSpan]
    events: tuple[Event, ...]

    def error(self, line: int, why: str) -> BratFormatError:
        return BratFormatError(f"{self.path}:{line}: {why}")


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_OTHER_LINE = re.compile(r"^(?:#|[ARNM*])\d*\t")


def read_ann(path: Path, text_length: int | None = None) -> Annotations:
    """The spans and events of one ``.ann`` file; with ``text_length``, a span outside the text
    is an error. Anything not BRAT raises :class:`BratFormatError`."""
    spans: dict[str, TextSpan] = {}
    events: list[Event] = []
    # A T line's text may run over several lines (a span across a line break): its expected
    # length tells how many of the following lines belong to it.
    pending = 0

    def fail(lineno: int, why: str) -> BratFormatError:
        return BratFormatError(f"{path}:{lineno}: {why}")

    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = line.rstrip("\r")
        if pending > 0:
            pending -= len(line) + 1
            continue
        if not line.strip():
            continue
        if m := _T_LINE.match(line):
            frags = []
            for part in m.group(3).split(";"):
                start, end = (int(x) for x in part.split())
                if text_length is not None and not 0 <= start <= end <= text_length:
                    raise fail(lineno, f"span {start} {end} lies outside the text "
                                       f"({text_length} characters)")
                frags.append(Fragment(start, end))
            if m.group(1) in spans:
                raise fail(lineno, f"{m.group(1)} is defined twice")
            spans[m.group(1)] = TextSpan(m.group(1), m.group(2), tuple(frags))
            expected = sum(f.end - f.start for f in frags) + len(frags) - 1
            pending = expected - len(m.group(4))
        elif m := _E_LINE.match(line):
            args = []
            for arg in m.group(2).split():
                role, sep, ref = arg.partition(":")
                if not sep or not ref:
                    raise fail(lineno, f"expected ROLE:ID in the event, got {arg!r}")
                args.append((role, ref))
            events.append(Event(m.group(1), lineno, tuple(args)))
        elif not _OTHER_LINE.match(line):
            raise fail(lineno, f"not a BRAT annotation line: {line[:60]!r}")
    return Annotations(path, spans, tuple(events))


def annotation_files(ann_dir: Path) -> dict[str, list[Path]]:
    """Each article's annotation files (``NAME_ANNOTATOR.ann``), in file-name order."""
    annotations: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rpartition("_")[0]
        if name:
            annotations.setdefault(name, []).append(ann)
    return annotations
