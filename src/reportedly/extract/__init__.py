"""Extractors over a :class:`Parsed` article: entities, attributions, figures, diagnostics."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

# ``Parsed`` lives below both the extractors and the tagger; re-exported here for callers that
# import it from its former place.
from reportedly.document import Parsed

__all__ = ["Parsed", "entity_at"]


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
