"""The entity index of one article: built by the stages of :data:`BUILD_STAGES` in order, then
asked what a source expression refers to, and read for the final entities."""

from __future__ import annotations

from collections.abc import Callable

from reportedly.document import Parsed
from reportedly.extract.entities.coreference import is_unnamed, resolve
from reportedly.extract.entities.descriptions import add_descriptions
from reportedly.extract.entities.genders import genders_from_first_names, learn_genders
from reportedly.extract.entities.insertions import bracketed_titles
from reportedly.extract.entities.lexicon import fold
from reportedly.extract.entities.named import (
    add_named_entities,
    find_known_names,
    find_repeats,
    find_titled_names,
    merge_surnames,
)
from reportedly.extract.entities.spellings import (
    join_abbreviations,
    join_name_variants,
    name_variant_diagnostics,
)
from reportedly.extract.entities.state import ENTITY_PREFIX, ClusterTable, number
from reportedly.model import Diagnostic, Entity, Span

BuildStage = Callable[[ClusterTable], None]

# The index is built by these stages, in this order; each reads and writes the cluster table.
BUILD_STAGES: tuple[BuildStage, ...] = (
    add_named_entities,        # the recogniser's names, their titles and honorifics
    find_known_names,          # well-known names the recogniser missed ("troops left Kiev")
    find_titled_names,         # a first name after a title ("Deputy Minister … Ostap Verbytskyi")
    join_abbreviations,        # "Eurasian Economic Union (EAEU)": the abbreviation is the name
    find_repeats,              # name forms and surnames written again
    merge_surnames,            # a lone surname joins the person named in full
    bracketed_titles,          # "Sergey Lavrov [Russian Foreign Minister]": the title inserted
    add_descriptions,          # titles and role nouns without a name ("the NATO chief")
    find_repeats,              # again, for names found beside a description ("X, an analyst")
    join_name_variants,        # "Kuzmitch" after "Pavel Kuzmich": one surname misspelt
    genders_from_first_names,  # a listed first name tells a person's gender
    learn_genders,             # so does a lone "he" or "she" after one person
    number,                    # ids E1, E2, … (and U1, … for unnamed referents) by first mention
)


class EntityIndex:
    """The article's canonical entities, and the lookup that maps a mention to one of them.

    Built once per article by :func:`reportedly.extract.entities.extract_entities`; the speaker
    linking asks it which entity a source expression refers to and reports the sources it
    resolved, so that source mentions ("he", "the Secretary General of NATO") end up among the
    entity's mentions.
    """

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.table = ClusterTable(parsed)
        for stage in BUILD_STAGES:
            stage(self.table)

    def resolve(self, start: int, end: int) -> str | None:
        """The id of what the mention ``text[start:end]`` refers to, if anything: an entity
        (``E…``), or an unnamed referent (``U…``, see :meth:`is_unnamed`) for a phrase that
        names no one ("a senior official", "some of his aides", "he" after either).

        Handles names, surnames, titles and descriptions ("the Secretary General of NATO",
        "the bloc's Secretary General Jens Stoltenberg") and pronouns (resolved to the most
        salient preceding compatible referent): see
        :mod:`reportedly.extract.entities.coreference`."""
        return resolve(self.table, start, end)

    def add_mention(self, entity_id: str, span: Span, *, speaker: bool = False) -> None:
        """Record ``span`` as a mention of ``entity_id``; ``speaker`` marks it as the source of
        an attribution (a speaker is a person or organisation, never a place)."""
        cluster = self.table.by_id(entity_id)
        if cluster is None:
            return
        cluster.add_mention(span.start, span.end)
        if speaker:
            cluster.speaker_at.append(span.start)

    def is_unnamed(self, referent_id: str | None) -> bool:
        """Whether an id from :meth:`resolve` is an unnamed referent rather than an entity."""
        return is_unnamed(referent_id)

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """``name_variant``: a person's surname spelt two ways (:mod:`.spellings`)."""
        return name_variant_diagnostics(self.table)

    def entities(self) -> tuple[Entity, ...]:
        """The final entities, ids E1, E2, … in order of first mention (named ones only)."""
        text = self.parsed.text
        out = []
        for cluster in sorted((c for c in self.table.clusters
                               if c.id.startswith(ENTITY_PREFIX)),
                              key=lambda c: int(c.id[1:])):
            name = cluster.name
            aliases = tuple(n for n in cluster.names if fold(n) != fold(name))
            mentions = tuple(Span.of(text, s, e) for s, e in sorted(cluster.mentions))
            out.append(Entity(cluster.id, name, cluster.type, tuple(cluster.titles), aliases,
                              mentions))
        return tuple(out)
