"""Helpers for the agency-copy tests."""

from __future__ import annotations

from reportedly.model import Analysis, Attribution


def only_by_source(analysis: Analysis, source: str) -> Attribution:
    """The one attribution whose source reads ``source`` (its spans checked first)."""
    analysis.check_spans()
    found = [a for a in analysis.attributions if a.source and a.source.text == source]
    assert len(found) == 1, [(a.source and a.source.text, a.content.text)
                             for a in analysis.attributions]
    return found[0]
