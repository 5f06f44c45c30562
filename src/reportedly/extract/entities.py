"""Entities: canonical people, organisations and places, their mentions, titles and aliases."""

from __future__ import annotations

from reportedly.extract import Parsed
from reportedly.model import Entity, Span


class EntityIndex:
    """The article's canonical entities, and the lookup that maps a mention to one of them.

    Built once per article by :func:`extract_entities`; the attribution extractor asks it which
    entity a source expression refers to and reports the sources it resolved, so that source
    mentions ("he", "the Secretary General of NATO") end up among the entity's mentions.
    """

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed

    def resolve(self, start: int, end: int) -> str | None:
        """The id of the entity that the mention ``text[start:end]`` refers to, if any.

        Handles names, surnames, titles and descriptions ("the Secretary General of NATO",
        "the bloc's Secretary General Jens Stoltenberg") and pronouns (resolved to the most
        salient preceding compatible entity)."""
        return None

    def add_mention(self, entity_id: str, span: Span, *, speaker: bool = False) -> None:
        """Record ``span`` as a mention of ``entity_id``; ``speaker`` marks it as the source of
        an attribution (a speaker is a person or organisation, never a place)."""

    def entities(self) -> tuple[Entity, ...]:
        """The final entities, ids E1, E2, … in order of first mention."""
        return ()


def extract_entities(parsed: Parsed) -> EntityIndex:
    return EntityIndex(parsed)
