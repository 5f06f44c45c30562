"""Attributions: direct, partial, mixed and indirect quotes and "according to" claims."""

from __future__ import annotations

from reportedly.extract import Parsed
from reportedly.extract.entities import EntityIndex
from reportedly.model import Attribution


def extract_attributions(parsed: Parsed, entities: EntityIndex) -> list[Attribution]:
    return []
