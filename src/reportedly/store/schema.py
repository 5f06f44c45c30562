"""The store's tables (SQLAlchemy Core). Migrations under ``migrations/`` create and evolve them;
``tests/test_store_schema.py`` checks that the migrated database matches these definitions.

Every per-article row carries ``article_id`` and an ``ordinal`` (its position in the Analysis) so
that an Analysis read back from the store is the one that was written, in the same order.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Keys (folded names, sources, measures) are cut to this length so their indexes stay small.
MAX_KEY = 300

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    # sha256 of the UTF-8 text: the same article read twice is stored once.
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("doc_id", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    # ISO 8601 as given; comparisons on the date prefix sort correctly as text.
    Column("published", Text),
    Column("language", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_articles_doc_id", "doc_id"),
    Index("ix_articles_outlet_published", "outlet", "published"),
    Index("ix_articles_published", "published"),
)

#: Corpus-level entities: one row per person, organisation or place across all articles.
entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Index("ix_entities_type", "type"),
)

#: Every folded name (see ``reportedly.names``) known to denote an entity; ``initials`` (first
#: letter of each word) narrows the candidates for the transliteration-variant rule.
entity_keys = Table(
    "entity_keys", metadata,
    Column("key", Text, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("initials", Text, nullable=False),
    Index("ix_entity_keys_entity", "entity_id"),
    Index("ix_entity_keys_initials", "initials"),
)

#: An article's own entities (the Analysis' ``entities``), each linked to a corpus entity.
article_entities = Table(
    "article_entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("local_id", Text, nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("titles", JSON, nullable=False),
    Column("aliases", JSON, nullable=False),
    UniqueConstraint("article_id", "ordinal"),
    Index("ix_article_entities_entity", "entity_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("article_entity_id", Integer, ForeignKey("article_entities.id"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mentions_article_entity", "article_entity_id", "ordinal"),
    Index("ix_mentions_entity", "entity_id"),
    Index("ix_mentions_article", "article_id"),
)

attributions = Table(
    "attributions", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("local_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("has_source", Boolean, nullable=False),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_text", Text),
    Column("source_local_entity", Text),
    # The corpus entity the source is, when it could be told; ``source_key`` is the folded
    # source text, which groups sources that no entity covers ("officials").
    Column("source_entity_id", Integer, ForeignKey("entities.id")),
    Column("source_key", Text),
    # A source that names no one and stands for an earlier description of the same unnamed
    # source ("he" after "a senior official"): that description (the Source's ``refers_to``).
    Column("source_refers_start", Integer),
    Column("source_refers_end", Integer),
    Column("source_refers_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("cue_lemma", Text),
    Column("stance", Text),
    Column("quotes", JSON, nullable=False),
    # The pieces of a content with its own frame inside (``Attribution.content_parts``):
    # empty, or null in rows stored before it was kept, when the content is one piece.
    Column("content_parts", JSON),
    UniqueConstraint("article_id", "ordinal"),
    Index("ix_attributions_source_entity", "source_entity_id"),
    Index("ix_attributions_source_key", "source_key"),
    Index("ix_attributions_type", "type"),
)

quantities = Table(
    "quantities", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("local_id", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # ``value`` for comparisons; ``value_json``/``value_max_json`` keep int vs float exactly.
    Column("value", Float, nullable=False),
    Column("value_json", Text, nullable=False),
    Column("value_max", Float),
    Column("value_max_json", Text),
    Column("unit", Text),
    Column("currency", Text),
    Column("bound", Text, nullable=False),
    Column("measure", Text),
    # The folded measure: quantities of "the same thing" share it.
    Column("measure_key", Text),
    Column("attribution_local_id", Text),
    Column("attribution_id", Integer, ForeignKey("attributions.id")),
    UniqueConstraint("article_id", "ordinal"),
    Index("ix_quantities_measure_key", "measure_key", "unit"),
)

diagnostics = Table(
    "diagnostics", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("repair", Text),
    UniqueConstraint("article_id", "ordinal"),
    Index("ix_diagnostics_kind", "kind"),
)

#: Inputs that could not be read or analysed, with the reason; one row per (input, reason).
failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("content_hash", String(64)),
    Index("ix_failures_source", "source"),
)

#: Tables holding one article's analysis, children first (the order to delete in).
PER_ARTICLE = (quantities, mentions, article_entities, attributions, diagnostics)
