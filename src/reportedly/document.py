"""An article and its parse, as every extractor and the tagger read it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reportedly.model import Span
from reportedly.quotes import Quote, StrayMark, find_quotes


@dataclass(frozen=True)
class Parsed:
    """An article and its parse.

    ``doc`` is the parse of the *analysis copy* of ``text`` (see :mod:`reportedly.repair`), which
    has exactly the same length, so token offsets are offsets into ``text``. Spans for output are
    always cut from ``text``, the article as given.
    """

    text: str
    doc: Doc

    @cached_property
    def _quote_pairing(self) -> tuple[tuple[Quote, ...], tuple[StrayMark, ...]]:
        # Paired once per article: the attribution rules, the tagger's features and the
        # diagnostics all read the same quotes. (A cached property writes the instance's
        # ``__dict__`` directly, which a frozen dataclass allows, and pickles with it.)
        quotes, strays = find_quotes(self.text)
        return tuple(quotes), tuple(strays)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """The article's quotes, paired from its quotation marks, in text order."""
        return self._quote_pairing[0]

    @property
    def stray_marks(self) -> tuple[StrayMark, ...]:
        """The quotation marks that could not be paired, in text order."""
        return self._quote_pairing[1]

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
