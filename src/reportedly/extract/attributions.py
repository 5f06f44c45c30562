"""Attributions: direct, partial, mixed and indirect quotes and "according to" claims."""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.extract import Parsed
from reportedly.model import Attribution, Entity


def extract_attributions(parsed: Parsed, entities: Sequence[Entity]) -> list[Attribution]:
    return []
