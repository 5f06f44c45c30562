"""Entities: canonical people, organisations and places, their mentions, titles and aliases."""

from __future__ import annotations

from reportedly.extract import Parsed
from reportedly.model import Entity


def extract_entities(parsed: Parsed) -> list[Entity]:
    return []
