"""Writing an Analysis into the store's tables and reading it back, field for field."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Insert, Row, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reportedly.model import (
    Analysis,
    Attribution,
    Cue,
    Diagnostic,
    Entity,
    Meta,
    Quantity,
    Source,
    Span,
)
from reportedly.names import fold
from reportedly.store.db import inserted_id
from reportedly.store.entities import EntityResolver, is_pronoun, proper_name, source_name
from reportedly.store.schema import (
    MAX_KEY,
    article_entities,
    articles,
    attributions,
    diagnostics,
    failures,
    mentions,
    quantities,
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def has_article(connection: Connection, digest: str) -> bool:
    return connection.execute(
        select(articles.c.id).where(articles.c.content_hash == digest)).first() is not None


def record_failure(connection: Connection, source: str, reason: str,
                   digest: str | None = None) -> None:
    """Record an input that could not be stored; the same failure twice is recorded once."""
    known = connection.execute(select(failures.c.id).where(
        failures.c.source == source, failures.c.reason == reason)).first()
    if known is None:
        connection.execute(insert(failures).values(source=source, reason=reason,
                                                   content_hash=digest))


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [s.to_dict() for s in spans]


def save_analysis(connection: Connection, analysis: Analysis, resolver: EntityResolver,
                  digest: str | None = None) -> int | None:
    """Store one Analysis; None (and nothing written) when its text is stored already."""
    digest = digest or content_hash(analysis.text)
    if has_article(connection, digest):
        return None
    meta = analysis.meta
    article_id = _insert_article(connection, dict(
        content_hash=digest, doc_id=analysis.doc_id, title=meta.title, url=meta.url,
        outlet=meta.outlet, published=meta.published, language=meta.language,
        meta=meta.to_dict(), schema_version=analysis.schema_version, text=analysis.text))
    if article_id is None:
        return None

    corpus_ids: dict[str, int] = {}
    for ordinal, entity in enumerate(analysis.entities):
        named = proper_name(entity.name)
        aliases = [a for a in map(proper_name, entity.aliases) if a is not None]
        entity_id = resolver.resolve(named, entity.type, aliases) if named else None
        if entity_id is None:  # a description, or nothing left once folded: this article's
            entity_id = resolver.local(entity.name, entity.type)
        corpus_ids[entity.id] = entity_id
        row_id = inserted_id(connection.execute(insert(article_entities).values(
            article_id=article_id, ordinal=ordinal, local_id=entity.id, entity_id=entity_id,
            name=entity.name, type=entity.type, titles=list(entity.titles),
            aliases=list(entity.aliases))))
        if entity.mentions:
            connection.execute(insert(mentions), [
                {"article_id": article_id, "article_entity_id": row_id, "entity_id": entity_id,
                 "ordinal": i, "start": m.start, "end": m.end, "text": m.text}
                for i, m in enumerate(entity.mentions)])

    attribution_ids: dict[str, int] = {}
    if analysis.attributions:
        rows = [_attribution_row(article_id, i, a, analysis.text, corpus_ids, resolver)
                for i, a in enumerate(analysis.attributions)]
        ids = connection.execute(
            insert(attributions).returning(attributions.c.id, sort_by_parameter_order=True),
            rows).scalars().all()
        attribution_ids = {a.id: i for a, i in zip(analysis.attributions, ids, strict=True)}

    if analysis.quantities:
        connection.execute(insert(quantities), [
            _quantity_row(article_id, i, q, attribution_ids)
            for i, q in enumerate(analysis.quantities)])
    if analysis.diagnostics:
        connection.execute(insert(diagnostics), [
            {"article_id": article_id, "ordinal": i, "kind": d.kind, "start": d.span.start,
             "end": d.span.end, "text": d.span.text, "message": d.message, "repair": d.repair}
            for i, d in enumerate(analysis.diagnostics)])
    return int(article_id)


def _insert_article(connection: Connection, values: dict[str, Any]) -> int | None:
    """The new ``articles`` row's id, or None when a writer that did not wait for the store's
    write lock stored the same text first: the content hash stays unique under any race (on
    PostgreSQL the insert waits for that writer's transaction and then does nothing)."""
    dialect = connection.dialect.name
    upsert: Insert
    if dialect == "sqlite":
        upsert = sqlite_insert(articles).values(values).on_conflict_do_nothing(
            index_elements=[articles.c.content_hash])
    elif dialect == "postgresql":
        upsert = postgresql_insert(articles).values(values).on_conflict_do_nothing(
            index_elements=[articles.c.content_hash])
    else:
        return inserted_id(connection.execute(insert(articles).values(values)))
    statement = upsert.returning(articles.c.id)
    article_id = connection.execute(statement).scalar()
    return None if article_id is None else int(article_id)


def _attribution_row(article_id: int, ordinal: int, a: Attribution, text: str,
                     corpus_ids: dict[str, int], resolver: EntityResolver) -> dict[str, Any]:
    source, cue = a.source, a.cue
    source_entity = None
    if source is not None:
        if source.entity_id is not None:
            source_entity = corpus_ids.get(source.entity_id)
        elif (named := source_name(source.text, text)) is not None:
            source_entity = resolver.resolve(*named)
    source_key = fold(source.text)[:MAX_KEY] if source is not None else None
    if source is not None and source_entity is None and source.refers_to is not None:
        # "he" after "a senior official": counted under the description it stands for
        source_key = fold(source.refers_to.text)[:MAX_KEY]
    if source_key is not None and source_entity is None and is_pronoun(source_key):
        source_key = None  # an unresolved pronoun names nobody
    refers_to = source.refers_to if source is not None else None
    return {
        "article_id": article_id, "ordinal": ordinal, "local_id": a.id, "type": a.type,
        "content_start": a.content.start, "content_end": a.content.end,
        "content_text": a.content.text, "has_source": source is not None,
        "source_start": source.start if source else None,
        "source_end": source.end if source else None,
        "source_text": source.text if source else None,
        "source_local_entity": source.entity_id if source else None,
        "source_entity_id": source_entity, "source_key": source_key,
        "source_refers_start": refers_to.start if refers_to else None,
        "source_refers_end": refers_to.end if refers_to else None,
        "source_refers_text": refers_to.text if refers_to else None,
        "cue_start": cue.start if cue else None, "cue_end": cue.end if cue else None,
        "cue_text": cue.text if cue else None, "cue_lemma": cue.lemma if cue else None,
        "stance": a.stance, "quotes": _spans(a.quotes),
        "content_parts": _spans(a.content_parts),
    }


def _quantity_row(article_id: int, ordinal: int, q: Quantity,
                  attribution_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "article_id": article_id, "ordinal": ordinal, "local_id": q.id,
        "start": q.span.start, "end": q.span.end, "text": q.span.text,
        "value": float(q.value), "value_json": json.dumps(q.value),
        "value_max": None if q.value_max is None else float(q.value_max),
        "value_max_json": None if q.value_max is None else json.dumps(q.value_max),
        "unit": q.unit, "currency": q.currency, "bound": q.bound, "measure": q.measure,
        "measure_key": fold(q.measure)[:MAX_KEY] if q.measure else None,
        "attribution_local_id": q.attribution_id,
        "attribution_id": attribution_ids.get(q.attribution_id) if q.attribution_id else None,
    }


# -- reading back -----------------------------------------------------------------------------
def load_analysis(connection: Connection, article: Row) -> Analysis:
    """The Analysis stored for one ``articles`` row."""
    aid = article.id

    def rows(table: Any) -> list[Row]:
        return list(connection.execute(
            select(table).where(table.c.article_id == aid).order_by(table.c.ordinal)))

    mention_rows: dict[int, list[Span]] = {}
    for m in connection.execute(select(mentions).where(mentions.c.article_id == aid)
                                .order_by(mentions.c.article_entity_id, mentions.c.ordinal)):
        mention_rows.setdefault(m.article_entity_id, []).append(Span(m.start, m.end, m.text))
    entity_list = tuple(
        Entity(e.local_id, e.name, e.type, tuple(e.titles), tuple(e.aliases),
               tuple(mention_rows.get(e.id, ())))
        for e in rows(article_entities))
    attribution_list = tuple(
        Attribution(
            a.local_id, a.type, Span(a.content_start, a.content_end, a.content_text),
            Source(a.source_start, a.source_end, a.source_text, a.source_local_entity,
                   Span(a.source_refers_start, a.source_refers_end, a.source_refers_text)
                   if a.source_refers_start is not None else None)
            if a.has_source else None,
            Cue(a.cue_start, a.cue_end, a.cue_text, a.cue_lemma)
            if a.cue_start is not None else None,
            a.stance, tuple(Span.from_dict(q) for q in a.quotes),
            tuple(Span.from_dict(p) for p in a.content_parts or ()))
        for a in rows(attributions))
    quantity_list = tuple(
        Quantity(q.local_id, Span(q.start, q.end, q.text), json.loads(q.value_json), q.unit,
                 q.currency, q.bound, q.measure, q.attribution_local_id,
                 None if q.value_max_json is None else json.loads(q.value_max_json))
        for q in rows(quantities))
    diagnostic_list = tuple(
        Diagnostic(d.kind, Span(d.start, d.end, d.text), d.message, d.repair)
        for d in rows(diagnostics))
    return Analysis(article.doc_id, article.text, Meta.from_dict(article.meta), entity_list,
                    attribution_list, quantity_list, diagnostic_list, article.schema_version)


def iter_analyses(connection: Connection, batch: int = 100) -> Iterator[Analysis]:
    """Every stored Analysis in the order they were stored, a page of articles at a time."""
    last = 0
    while True:
        page = connection.execute(select(articles).where(articles.c.id > last)
                                  .order_by(articles.c.id).limit(batch)).all()
        if not page:
            return
        for article in page:
            yield load_analysis(connection, article)
        last = page[-1].id
