"""What every stage reads and writes: the :class:`Draft` attributions under construction, the
:class:`Context` they are found in, and the helpers over character ranges they share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reportedly.document import Parsed
from reportedly.quotes import Quote
from reportedly.tagger import TaggedRun


class Range(NamedTuple):
    """A stretch of the article, ``text[start:end]`` (equal to the plain tuple)."""

    start: int
    end: int


class CueRange(NamedTuple):
    """Where a cue stands, ``text[start:end]``, and its lemma ("say", "according to")."""

    start: int
    end: int
    lemma: str


@dataclass(frozen=True)
class Context:
    """What the finders and stages read: the parse, its quotes, and the tagger's runs over it
    (None when the tagger did not run; an empty list when it ran and found nothing)."""

    parsed: Parsed
    runs: list[TaggedRun] | None

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.parsed.quotes


@dataclass
class Draft:
    """An attribution under construction, before ids and entity links are final."""

    type: str
    content: Range
    source: Range | None = None
    cue: CueRange | None = None
    quotes: list[Quote] = field(default_factory=list)
    # Where a parenthetical frame ("as X put it") begins: no other content runs through it.
    aside: int | None = None
    # The pieces of a content with its own frame inside it (“A,” she said, “B.”); empty when
    # the content is one piece (or its frame is found at the end, by :mod:`.finish`).
    parts: tuple[Range, ...] = ()
    # Who found it: "rules", or "tagger" (the tagger's drafts until the rules-versus-tagger
    # merge, which tells the two apart by it).
    origin: str = "rules"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two ranges share a character."""
    return a[0] < b[1] and b[0] < a[1]


def holds_strictly(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """Whether ``outer`` holds ``inner`` and is not the same range (``Span.contains`` is the
    non-strict reading)."""
    return outer != inner and outer[0] <= inner[0] and inner[1] <= outer[1]


# A word that only links to what follows, left at the end when a content stops short: a
# conjunction ("would reopen in May and") or a relative pronoun whose clause was cut off
# ("an overhaul of the justice system, which").
_DANGLING_CONJUNCTION = re.compile(r"\s(?:and|but|or|nor|which|whose|whom)$", re.IGNORECASE)


def trim_writers_edges(text: str, start: int, end: int) -> Range:
    """Strip whitespace and the writer's punctuation at the edges, and a conjunction or relative
    pronoun left dangling at the end; quotation marks stay."""
    edge = " \t\n,;:—–-"
    while start < end and text[start] in edge:
        start += 1
    while True:
        while end > start and (text[end - 1] in edge or text[end - 1] in ".!?"):
            end -= 1
        dangling = _DANGLING_CONJUNCTION.search(text, start, end)
        if dangling is None:
            return Range(start, end)
        end = dangling.start()


def inside_quote(offset: int, quotes: Sequence[Quote]) -> bool:
    return any(q.start < offset < q.end for q in quotes)


def widen_to_quotes(start: int, end: int, quotes: Sequence[Quote]
                    ) -> tuple[int, int, list[Quote]]:
    """Extend a content range over every quote it cuts into, so quotes stay whole."""
    changed = True
    while changed:
        changed = False
        for q in quotes:
            if q.start < end and start < q.end and (q.start < start or q.end > end):
                start, end = min(start, q.start), max(end, q.end)
                changed = True
    inside = [q for q in quotes if start <= q.start and q.end <= end]
    return start, end, inside


def pieces_then(first: Draft, piece: Range) -> tuple[Range, ...]:
    """The pieces of ``first``'s content (itself when it is one), then ``piece``: a statement
    joined across the frame between them."""
    return (*(first.parts or (first.content,)), piece)

