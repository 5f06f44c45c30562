"""Helpers for the store tests: databases on both backends, hand-built Analyses, dumps."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

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
from reportedly.store import Store, iter_analyses
from reportedly.store.schema import attributions, entities, entity_keys, failures

POSTGRES_URL = os.environ.get("REPORTEDLY_TEST_POSTGRES_URL")
BACKENDS = ("sqlite", "postgresql")


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database(backend: str, tmp_path: Path, name: str = "corpus") -> str:
    """A fresh, empty database of ``backend`` (PostgreSQL: the test server, emptied)."""
    if backend == "postgresql":
        assert POSTGRES_URL
        reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return str(tmp_path / f"{name}.db")


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span.of(text, start, start + len(part))


def build(doc_id: str, text: str, *, outlet: str | None = None, published: str | None = None,
          entities_: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
          said: tuple[tuple[str | None, str, str, str], ...] = (),
          figures: tuple[tuple[str, float | int, str | None, str | None, int | None], ...] = (),
          **meta_extra: Any) -> Analysis:
    """An Analysis of ``text`` with spans found by their text.

    ``entities_``: (name, type, mentions); ``said``: (source, cue, content, type) with the
    source linked to the entity whose mentions include it; ``figures``: (text, value, unit,
    measure, index of the attribution it belongs to)."""
    ents = tuple(Entity(f"E{i + 1}", name, type_, (), (),
                        tuple(span(text, m) for m in mentions))
                 for i, (name, type_, mentions) in enumerate(entities_))
    atts = []
    for i, (source, cue, content, kind) in enumerate(said):
        src = None
        if source is not None:
            s = span(text, source)
            entity_id = next((e.id for e in ents if any(m == s for m in e.mentions)), None)
            src = Source(s.start, s.end, s.text, entity_id)
        c = span(text, cue)
        body = span(text, content)
        atts.append(Attribution(
            f"A{i + 1}", kind, body, src, Cue(c.start, c.end, c.text, cue.split()[0].lower()),
            "neutral" if cue.startswith(("said", "according")) else "doubt",
            (body,) if kind == "direct" else ()))
    quants = tuple(
        Quantity(f"Q{i + 1}", span(text, t), value, unit, None, "exact", measure,
                 f"A{att + 1}" if att is not None else None)
        for i, (t, value, unit, measure, att) in enumerate(figures))
    return Analysis(doc_id, text, Meta(title=doc_id.title(), outlet=outlet,
                                       published=published, extra=meta_extra),
                    ents, tuple(atts), quants)


def dump(db: str) -> dict[str, Any]:
    """Everything a store holds, by content (row ids and insertion details left out)."""
    store = Store(db)
    with store.connect() as c:
        names = dict(c.execute(select(entities.c.id, entities.c.name)).all())
        result = {
            "analyses": sorted(a.to_json() for a in iter_analyses(c)),
            "entities": sorted(c.execute(select(entities.c.name, entities.c.type)).all()),
            "keys": sorted((k, names[e]) for k, e in
                           c.execute(select(entity_keys.c.key, entity_keys.c.entity_id))),
            "speakers": sorted((t or "", names.get(e, "")) for t, e in c.execute(
                select(attributions.c.source_text, attributions.c.source_entity_id))),
            "failures": sorted(c.execute(select(failures.c.source, failures.c.reason)).all()),
        }
    store.close()
    return result


def diagnostic(text: str, part: str) -> Diagnostic:
    return Diagnostic("mt_capitalised_after_quote", span(text, part), "capitalised", part.lower())


PEOPLE = (("Anna Kovalenko", "Kovalenko"), ("Peter Brandt", "Brandt"),
          ("Maria Lopez", "Lopez"), ("Tomas Novak", "Novak"))
PLACES = ("Lviv", "Odesa", "Dnipro", "Kharkiv", "Poltava")


def tiny_articles(n: int) -> list[Any]:
    """``n`` short, distinct news items with named speakers, quotes and figures."""
    from reportedly.model import Article

    articles = []
    for i in range(n):
        full, surname = PEOPLE[i % len(PEOPLE)]
        place = PLACES[i % len(PLACES)]
        text = (f"{full} said on Monday that the bridge in {place} would reopen in {i + 2} weeks. "
                f"“We are nearly done with the repairs,” {surname} told reporters. "
                f"About {100 + 7 * i} workers are on the site, according to the city council.")
        articles.append(Article(doc_id=f"item-{i:03d}", text=text,
                                meta=Meta(outlet=("North Post", "South Star")[i % 2],
                                          published=f"2024-04-{1 + i % 28:02d}")))
    return articles
