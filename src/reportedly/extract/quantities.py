"""Quantities: value, unit, currency, bound and measure of every figure, linked to its source."""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.extract import Parsed
from reportedly.model import Attribution, Diagnostic, Quantity


def extract_quantities(parsed: Parsed, attributions: Sequence[Attribution]) -> list[Quantity]:
    """Every figure in the article, linked (``attribution_id``) to the attribution holding it."""
    return []


def check_quantities(parsed: Parsed, quantities: Sequence[Quantity]) -> list[Diagnostic]:
    """Consistency checks over the figures (conversions, parts and wholes, shares)."""
    return []
