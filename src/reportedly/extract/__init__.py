"""Extractors: pure functions of a :class:`Parsed` article that return model objects."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reportedly.model import Span


@dataclass(frozen=True)
class Parsed:
    """An article and its parse.

    ``doc`` is the parse of the *analysis copy* of ``text`` (see :mod:`reportedly.repair`), which
    has exactly the same length, so token offsets are offsets into ``text``. Spans for output are
    always cut from ``text``, the article as given.
    """

    text: str
    doc: Doc

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def span_of(self, item: Token | SpacySpan) -> Span:
        if isinstance(item, Token):
            return Span.of(self.text, item.idx, item.idx + len(item))
        return Span.of(self.text, item.start_char, item.end_char)

    def trimmed(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` without surrounding whitespace."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span.of(self.text, start, end)


def entity_at(doc: Doc, i: int) -> SpacySpan | None:
    """The named entity holding token ``i`` (as ``doc.ents`` has it), read from the tokens'
    IOB tags around it: a scan of ``doc.ents`` per token would be quadratic in a long text."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=doc[start].ent_type)
